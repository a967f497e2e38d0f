"""An export given the manifest of another export (of the other format, or other rows): said.

A CSV export begins with its byte-order mark and its header (``position,...``), a
JSON Lines export with its first record (``{``). Checked line by line against a
manifest of the other format, the first line was said to be re-saved ("does not
end in LF", "does not start with its byte-order mark"): a cause that is not the one.
Given one of its own format for other rows (another month's), none of whose positions
it holds, it was said that rows were removed from (or added to) the file. A CSV saved
again in another encoding was said not to be UTF-8 at line 1, wherever its first such
byte was: the line it is on is named now, and the byte.
"""

from __future__ import annotations

from pathlib import Path

from portfolio_ledger.audit.manifest import Manifest
from portfolio_ledger.audit.verify_export import ExportInvalid

_BEGINS = {"csv": b"\xef\xbb\xbfposition,", "jsonl": b"{"}
_NAMES = {"csv": "a CSV export", "jsonl": "a JSON Lines export"}


def refuse_other_format(path: Path, manifest: Manifest) -> None:
    """Raise :class:`ExportInvalid` if the file begins as the other format's exports do."""
    try:
        with path.open("rb") as handle:
            start = handle.read(len(_BEGINS["csv"]))
    except OSError:
        return  # the file check that follows says why it cannot be read
    other = "jsonl" if manifest.format == "csv" else "csv"
    if start.startswith(_BEGINS[other]):
        raise ExportInvalid(
            f"the manifest is of {_NAMES[manifest.format]}, but the file begins as "
            f"{_NAMES[other]} does: the manifest is another export's. Give the one written "
            "with this file (--manifest names it)"
        )


def why_held(first: int | None, last: int | None, manifest: Manifest) -> str:
    """Why a file, its checksum not the manifest's, holds other rows than the manifest says.

    ``first`` and ``last``: the positions of the file's first and last rows.
    """
    low, high = manifest.first_position, manifest.last_position
    rows = (first, last) if first is not None and last is not None else None
    ends = (low, high) if low is not None and high is not None else None
    if rows is None or ends is None or not (rows[1] < ends[0] or rows[0] > ends[1]):
        return (
            "rows were removed from (or added to) the file after it was exported, each row "
            "left whole"
        )
    return (
        f"none of its positions is in the manifest's ({low:,} to {high:,}): the manifest is "
        "another export's (another month's, say), or every row was replaced. Give the one "
        "written with this file (--manifest names it)"
    )


def not_utf8(path: Path) -> ExportInvalid:
    """The refusal of a CSV export that does not decode as UTF-8: the line and byte it fails at.

    Read a block at a time, the file fails to decode at the line its reader had reached,
    not the line the byte is on. A line feed is never part of a UTF-8 character, so each
    line is decoded on its own.
    """
    with path.open("rb") as handle:
        for line, raw in enumerate(handle, 1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as error:
                return ExportInvalid(
                    f"not UTF-8 text (byte {raw[error.start]:#04x}, the line's byte "
                    f"{error.start + 1:,}: a character saved in another encoding, such as "
                    "Windows-1252's é or £): the file was saved again after it was exported, "
                    "in another encoding",
                    line,
                )
    return ExportInvalid("the file is not valid UTF-8", 1)  # changed while it was read
