"""Check an export: against its manifest on its own, and row by row against the ledger.

On its own: the file's SHA-256 and size are the manifest's, every row's
``row_sha256`` matches its cells (so an edited line is named by number),
positions rise, and the row count and first and last positions are the
manifest's. Against the ledger (``compare``): the rows the filters select
from the ledger, up to the digest the export was taken at, are exactly the
exported rows, value for value.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from portfolio_ledger.application.strict_json import JSONInputError, loads
from portfolio_ledger.audit.digest import MAX_POSITION
from portfolio_ledger.audit.export import (
    ROW_HASH,
    fields_unlike,
    neutralise,
    restore,
    row_hash,
    text_of,
    wrong_json_type,
)
from portfolio_ledger.audit.manifest import Manifest
from portfolio_ledger.domain.errors import LedgerError, quoted

_READ_SIZE = 1 << 20
MAX_FIELD = 1 << 26  # well above the longest value a decision may hold (1,000,000 characters)
Progress = Callable[[int, int], None]


class ExportInvalid(LedgerError):  # noqa: N818 - a finding, named for what the user learns
    """The export does not match its manifest, or the ledger."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.line = line
        super().__init__(message if line is None else f"line {line:,}: {message}")


@dataclass(frozen=True, slots=True)
class ExportRow:
    """One exported row: the line it starts on, its position, its cells' text forms."""

    line: int
    position: int
    texts: list[str]


@dataclass(frozen=True, slots=True)
class FileCheck:
    """What the file holds, once it has been found to match its manifest."""

    rows: int
    first_position: int | None
    last_position: int | None


def check_file(path: Path, manifest: Manifest, progress: Progress | None = None) -> FileCheck:
    """Check the export against its manifest; raise :class:`ExportInvalid` naming the problem."""
    checksum, size = _checksum(path)
    try:
        rows, first, last = 0, None, None
        for row in read_rows(path, manifest, progress):
            rows += 1
            first = row.position if first is None else first
            last = row.position
    except ExportInvalid as error:
        if checksum != manifest.sha256:
            raise ExportInvalid(
                f"{error.args[0]} (and the file's SHA-256 is not the manifest's: it was "
                "changed after it was exported)"
            ) from None
        raise
    held = _held_otherwise(FileCheck(rows, first, last), manifest)
    if checksum != manifest.sha256 or size != manifest.size:
        changed = (
            f"the file's SHA-256 is {checksum[:16]}... ({size:,} bytes) but the manifest "
            f"says {manifest.sha256[:16]}... ({manifest.size:,} bytes)"
        )
        if held is not None:  # whole rows cut off (or added), or another's manifest: first
            from portfolio_ledger.audit.export_format import why_held

            raise ExportInvalid(f"{held}: {why_held(first, last, manifest)}; and {changed}")
        raise ExportInvalid(
            f"{changed}: the file was changed after it was exported, though every row is "
            "still self-consistent (rows re-encoded, added with their checksums, or the "
            "manifest edited)"
        )
    if held is not None:
        raise ExportInvalid(held)
    return FileCheck(rows, first, last)


def _held_otherwise(found: FileCheck, manifest: Manifest) -> str | None:
    """How the rows the file holds differ from the manifest's count and positions; else None."""
    if found == FileCheck(manifest.rows, manifest.first_position, manifest.last_position):
        return None
    held = f"{found.rows:,} row{'s' if found.rows != 1 else ''}"
    if found.rows != manifest.rows:
        held = f"the file holds {held}, the manifest says {manifest.rows:,}"
    else:
        held = f"the file holds the {held} the manifest says"
    for name in ("first_position", "last_position"):
        value, claimed = getattr(found, name), getattr(manifest, name)
        if value != claimed:
            said = name.replace("_", " ")
            held += f"; its {said} is {_or_none(value)}, the manifest's {_or_none(claimed)}"
    return held


def _or_none(value: int | None) -> str:
    return "none" if value is None else f"{value:,}"


def read_rows(
    path: Path, manifest: Manifest, progress: Progress | None = None
) -> Iterator[ExportRow]:
    """The export's rows, each checked against its own checksum, positions rising."""
    columns = manifest.columns
    if columns[-1] != ROW_HASH or "position" not in columns:
        raise ExportInvalid(f"the manifest's columns must include position and end with {ROW_HASH}")
    records = (
        _csv_records(path, columns) if manifest.format == "csv" else _jsonl_records(path, columns)
    )
    index = columns.index("position")
    limit = manifest.ledger_digest.position
    previous = 0
    on_item = _on_item(manifest)
    for line, cells in records:
        texts, claimed = cells[:-1], cells[-1]
        if row_hash(texts) != claimed:
            raise ExportInvalid(
                "the row's values do not match its row_sha256: the line was edited after "
                "it was exported",
                line,
            )
        if on_item is not None:
            on_item(texts, line)
        position = _position(texts[index], line)
        if position <= previous:
            raise ExportInvalid(
                f"position {position:,} comes after position {previous:,}: rows were "
                "reordered or repeated",
                line,
            )
        if position > limit:
            raise ExportInvalid(
                f"position {position:,} is after the ledger digest the export was taken at "
                f"({limit:,})",
                line,
            )
        previous = position
        if progress is not None:
            progress(position, max(limit, position))
        yield ExportRow(line, position, texts)


def _on_item(manifest: Manifest) -> Callable[[list[str], int], None] | None:
    """A check that a row is on the manifest's ``--item``, as its own cells say; None for none.

    ``--item`` selects the rows whose subject is the key as given, or spelt in
    upper or lower case (``projections.trail_queries.named_subject``): a row on
    another subject is one the filters never selected, found without the ledger.
    """
    item, columns = manifest.filters.item, manifest.columns
    if item is None or "subject" not in columns:
        return None
    at, spellings = columns.index("subject"), {item, item.upper(), item.lower()}

    def check(texts: list[str], line: int) -> None:
        if texts[at] not in spellings:
            raise ExportInvalid(
                f"the row is on {quoted(texts[at])}, but the manifest's filters (--item "
                f"{item}) select only rows on {item}: rows were added, or the manifest's "
                "filters edited, after it was exported",
                line,
            )

    return check


class Rewording(Protocol):
    """The texts earlier versions gave a row: summaries (``domain.change_words``), times."""

    def accepts(self, column: str, position: int, found: str, truth: str) -> bool:
        """``found`` is an earlier version's ``column`` at ``position``, the ledger's ``truth``."""
        ...


def compare(
    expected: Iterable[tuple[int, list[str]]],
    exported: Iterable[ExportRow],
    columns: list[str],
    *,
    source: str = "the ledger",
    earlier: Rewording | None = None,
) -> int:
    """Check ``exported`` is exactly ``expected`` (position, text forms); return the row count.

    Both must be in position order. Raises :class:`ExportInvalid` naming the
    first row that is missing, extra or different. A cell that ``earlier`` accepts
    (the same event in an earlier version's words, or its time as one wrote it) is not.
    """
    wanted = iter(expected)
    count = 0
    pending = next(wanted, None)
    for row in exported:
        if pending is not None and pending[0] < row.position:
            raise ExportInvalid(
                f"the export is incomplete: {source} has a row at position {pending[0]:,} "
                f"that the filters select, missing before this line",
                row.line,
            )
        if pending is None or pending[0] > row.position:
            raise ExportInvalid(
                f"position {row.position:,} is not a row that the filters select from "
                f"{source} (a row was added or its position changed)",
                row.line,
            )
        for name, found, truth in zip(columns, row.texts, pending[1], strict=True):
            if found != truth and not (
                earlier is not None and earlier.accepts(name, row.position, found, truth)
            ):
                tried = name == "summary" and earlier is not None
                raise ExportInvalid(
                    f"{name} differs from {source} at position {row.position:,}: the "
                    f"export has {quoted(found)}, {source} has {quoted(truth)}"
                    + (", and no earlier version worded that event so" if tried else ""),
                    row.line,
                )
        count += 1
        pending = next(wanted, None)
    if pending is not None:
        raise ExportInvalid(
            f"the export is incomplete: {source} has a row at position {pending[0]:,} that "
            "the filters select, after the export's last row"
        )
    return count


def _checksum(path: Path) -> tuple[str, int]:
    checksum = hashlib.sha256()
    size = 0
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_READ_SIZE):
                checksum.update(chunk)
                size += len(chunk)
    except FileNotFoundError:
        raise ExportInvalid(f"no export file at {path}") from None
    except OSError as error:
        raise ExportInvalid(f"cannot read {path}: {error.strerror}") from None
    return checksum.hexdigest(), size


def _csv_records(path: Path, columns: list[str]) -> Iterator[tuple[int, list[str]]]:
    # A rationale may be a megabyte; the csv module refuses fields over 128 KiB by default.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_FIELD))
    line = 1
    with path.open(encoding="utf-8", newline="") as handle:
        try:
            if handle.read(1) != "\ufeff":
                raise ExportInvalid("the CSV does not start with its byte-order mark", 1)
            lines = _Lines(handle)
            reader = csv.reader(lines, strict=True)
            if (header := next(reader, None)) != columns:
                twice = header is not None and header[:1] == ["\ufeff" + columns[0]]
                why = "the CSV starts with two byte-order marks: it was saved again with one"
                raise ExportInvalid(why if twice else "the header is not the manifest's columns", 1)
            lines.ended("\r\n", 1)
            line = reader.line_num + 1
            for cells in reader:
                lines.ended("\r\n", line)
                if len(cells) != len(columns):  # a blank line: none an export writes
                    said = f"{len(cells)} fields" if cells else "a blank line (added since?)"
                    raise ExportInvalid(f"{said}, but the export has {len(columns)} columns", line)
                _refuse_armed(cells[:-1], columns, line)
                yield line, [restore(cell) for cell in cells]  # row_sha256 too: any cell
                line = reader.line_num + 1
        except csv.Error as error:
            raise ExportInvalid(f"not valid CSV ({error})", line) from None
        except UnicodeDecodeError:
            from portfolio_ledger.audit.export_format import not_utf8

            raise not_utf8(path) from None


class _Lines:
    """A file's lines as a reader takes them, the last one kept: its end is the record's."""

    def __init__(self, handle: Iterator[str]) -> None:
        self.handle = handle
        self.last = ""

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        self.last = next(self.handle)
        return self.last

    def ended(self, line_end: str, line: int) -> None:
        """Refuse a record (or line) that does not end in ``line_end``, as every export's do."""
        if not self.last.endswith(line_end):
            last = not self.last.endswith("\n") and next(self.handle, None) is None
            raise _line_end(line_end, line, last=last)


def _line_end(line_end: str, line: int, *, last: bool = False) -> ExportInvalid:
    named = {"\r\n": "CRLF", "\n": "LF"}[line_end]
    if last:  # the file stops inside its last line: cut short, not saved with other ends
        return ExportInvalid(
            f"the file ends in the middle of this line, which does not end in {named} as "
            "every line of this format's exports does: the file was cut short (or its last "
            "line end removed) after it was exported",
            line,
        )
    return ExportInvalid(
        f"the line does not end in {named}, as every line of this format's exports does "
        "(the manifest's encoding): the file was saved again after it was exported, "
        "with other line ends",
        line,
    )


def _refuse_armed(cells: list[str], columns: list[str], line: int) -> None:
    """Refuse a cell the export would have neutralised, found without its ``'``.

    Both ``'=1+1`` and ``=1+1`` read back as ``=1+1``, so the checksum cannot
    tell them apart; only the second runs in a spreadsheet. No audit-trail
    cell but text is ever neutralised (positions and versions are positive,
    times, dates and lists start with a digit or a bracket), so every cell is
    held to the rule.
    """
    for name, cell in zip(columns, cells, strict=False):
        if not cell.startswith("'") and neutralise(cell) != cell:
            raise ExportInvalid(
                f"the {name} cell begins {quoted(cell[:20])}, as a spreadsheet formula may, "
                "without the ' that the export puts in front of such a cell: it was changed "
                "after it was exported (saved again from a spreadsheet, say), and is not safe "
                "to open",
                line,
            )


def _jsonl_records(path: Path, columns: list[str]) -> Iterator[tuple[int, list[str]]]:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.endswith(b"\n") or raw.endswith(b"\r\n"):
                raise _line_end("\n", number, last=not raw.endswith(b"\n"))
            try:
                # Strictly: no forged first value of a key given twice rides behind the real.
                record: Any = loads(raw)
            except JSONInputError as error:
                raise ExportInvalid(f"not a JSON object as exported: {error}", number) from None
            if unlike := fields_unlike(record, columns):
                raise ExportInvalid(unlike, number)
            try:
                texts = [text_of(record[name]) for name in columns[:-1]]
            except TypeError as error:
                raise ExportInvalid(f"a value has the wrong type ({error})", number) from None
            wrong = next(filter(None, map(wrong_json_type, record, record.values())), None)
            if wrong:
                raise ExportInvalid(f"{wrong}: the line was rewritten after export", number)
            claimed = record[ROW_HASH]
            if not isinstance(claimed, str):
                raise ExportInvalid(f"{ROW_HASH} is not text", number)
            yield number, _whole_characters([*texts, claimed], number)


def _whole_characters(texts: list[str], line: int) -> list[str]:
    """The texts, unless one holds half of a UTF-16 surrogate pair (a lone ``\\ud800`` escape).

    Half a pair is no character: no export writes one (a row's checksum is over its UTF-8).
    """
    try:
        "".join(texts).encode("utf-8")
    except UnicodeEncodeError:
        raise ExportInvalid(
            "a value holds half of a UTF-16 surrogate pair (a \\ud800 to \\udfff escape "
            "without its other half), which is no character and which no export writes: the "
            "line was edited after it was exported",
            line,
        ) from None
    return texts


def _position(text: str, line: int) -> int:
    if not text.isascii() or not text.isdigit():
        raise ExportInvalid(f"position {quoted(text)} is not a whole number", line)
    if len(text.lstrip("0")) > len(str(MAX_POSITION)):  # int() reads 4,300 digits at most
        raise ExportInvalid(f"position {quoted(text[:40])}... is beyond any ledger's", line)
    return int(text.lstrip("0") or "0")
