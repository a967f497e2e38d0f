"""An export given the manifest of an export of the other format: said as that.

A CSV export begins with its byte-order mark and its header (``position,...``), a
JSON Lines export with its first record (``{``). Checked line by line against a
manifest of the other format, the first line was said to be re-saved ("does not
end in LF", "does not start with its byte-order mark"): a cause that is not the one.
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
