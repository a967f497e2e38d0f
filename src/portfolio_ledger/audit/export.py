"""Exports of the audit trail: CSV for spreadsheets, JSON Lines for tools, each row checksummed.

Every value has one *text form* (what a CSV cell holds before neutralising):
nothing is the empty string, whole numbers are decimal digits, times are ISO
8601 UTC with microseconds and ``Z``, dates ``YYYY-MM-DD``, lists canonical
JSON (sorted keys, no spaces), text itself. A row's ``row_sha256`` is the
SHA-256 of the JSON array of its other cells' text forms, in column order
(UTF-8, no spaces), so an edited line is named even without the ledger.

CSV: UTF-8 with a byte-order mark (so spreadsheets read it as UTF-8), CRLF
line ends, each line written by :func:`csv_line`: a text cell that a
spreadsheet might run as a formula gets one ``'`` in front (:func:`neutralise`,
the OWASP rule), and a cell holding ``,``, ``;``, ``"``, CR or LF is quoted
as RFC 4180 quotes (reading back, :func:`restore` removes the one ``'``).
JSON Lines: one compact object per line, LF line ends, keys
in column order, U+0085, U+2028 and U+2029 escaped.

Rows are written as they are read, a page at a time: memory stays flat. The
same rows always give the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from portfolio_ledger.application.files import synced
from portfolio_ledger.application.graphemes import start_of
from portfolio_ledger.domain.errors import quoted

ROW_HASH = "row_sha256"
FORMATS = ("csv", "jsonl")
# OWASP's CSV injection rule: a cell a spreadsheet could take for a formula, or
# whose start a spreadsheet might swallow, is given a leading ' (which
# spreadsheets hide). The full-width forms are on the list because some
# spreadsheets fold them to their ASCII twins; leading whitespace, because some
# skip it before looking for a formula.
_QUOTE_FIRST = frozenset("'\t\r\n")
_FORMULA_STARTS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
# The separator (and ';', the separator where ',' is the decimal comma), the
# quote itself and line breaks: a cell holding any of them is quoted.
_NEEDS_QUOTES = re.compile('[,;"\r\n]')
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_json_string: Callable[[str], str] = json.encoder.py_encode_basestring
if json.encoder.c_encode_basestring is not None:  # type: ignore[attr-defined]
    _json_string = json.encoder.c_encode_basestring  # type: ignore[attr-defined]
_FLUSH_EVERY = 1000
# json.dumps escapes control characters below U+0020; these also end a line
# for some readers (Python's str.splitlines among them).
_LINE_BREAKS = {ord(c): f"\\u{ord(c):04x}" for c in "\x85\u2028\u2029"}

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class Column:
    """An exported column: its name and what kind of value it holds."""

    name: str
    kind: str


@dataclass(frozen=True, slots=True)
class Written:
    """What an export wrote: the file's checksum and size, and the rows' extent."""

    sha256: str
    size: int
    rows: int
    first_position: int | None
    last_position: int | None


def _utc(value: datetime | str) -> str:
    if isinstance(value, str):  # as SQLite keeps it: "YYYY-MM-DD HH:MM:SS.ffffff", in UTC
        return value.replace(" ", "T", 1) + "Z"
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _day(value: date | str) -> str:
    return value if isinstance(value, str) else value.isoformat()


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _json_text(value: Any) -> str:
    # The read model keeps lists as canonical JSON text already (see AuditTrail.row).
    return value if isinstance(value, str) else text_of(value)


# Per kind: the value as JSON Lines carries it, and its text form.
_VALUE: dict[str, Callable[[Any], Any]] = {
    "int": int,
    "datetime": _utc,
    "date": _day,
    "decimal": str,
    "json": _json,
    "text": str,
}
_TEXT: dict[str, Callable[[Any], str]] = {**_VALUE, "int": str, "json": _json_text}


def export_value(value: Any, kind: str) -> Any:
    """A read-model value as the export carries it (JSON Lines writes exactly this)."""
    return None if value is None else _VALUE[kind](value)


def cell_text(value: Any, kind: str) -> str:
    """A read-model value's text form: ``text_of(export_value(value, kind))``, but faster."""
    return "" if value is None else _TEXT[kind](value)


def text_of(value: Any) -> str:
    """The text form of an exported value (see the module's docstring)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise TypeError("true and false are not values of an export")
    if isinstance(value, int | str):
        return str(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    raise TypeError(f"{type(value).__name__} is not a value of an export")


_JSON_TYPES: dict[str, tuple[type, str]] = {
    "position": (int, "a JSON number"),
    "version": (int, "a JSON number"),
    "corrects": (int, "a JSON number"),
    "annuls": (int, "a JSON number"),
    "refs": (list, "a JSON array"),
    "authority_detail": (dict, "a JSON object"),
}


def wrong_json_type(name: str, value: Any) -> str | None:
    """What is wrong with a JSON Lines value not of its column's JSON type (null: none).

    The text forms of ``"69"`` and ``69``, or of ``"[]"`` and ``[]``, are one, so a
    row's checksum cannot tell them apart; a tool reading the file can.
    """
    wanted, said = _JSON_TYPES.get(name, (str, "a JSON string"))
    if value is None or (isinstance(value, wanted) and not isinstance(value, bool)):
        return None
    shown = json.dumps(value, ensure_ascii=False)
    shown = shown if len(shown) <= 40 else start_of(shown, 37) + "..."
    return f"{name} is {shown}, not {said} as an export writes it"


def fields_unlike(record: Any, columns: list[str]) -> str | None:
    """How a JSON Lines record's fields differ from the manifest's columns (null: they do not)."""
    if not isinstance(record, dict):
        return "the record is not a JSON object as exported"
    if list(record) == columns:
        return None
    missing = [name for name in columns if name not in record]
    if missing:
        return f"the record's fields are not the manifest's columns: it has no {missing[0]}"
    extra = [name for name in record if name not in columns]
    if extra:
        return f"the record's fields are not the manifest's columns: it has {quoted(extra[0])}"
    first = next(i for i, (a, b) in enumerate(zip(record, columns, strict=True)) if a != b)
    return (
        "the record's fields are the manifest's columns in another order ("
        f"{list(record)[first]} where {columns[first]} comes): an export writes them in order"
    )


def row_hash(texts: list[str]) -> str:
    """The checksum of a row: SHA-256 of the JSON array of its cells' text forms.

    Exactly ``json.dumps(texts, ensure_ascii=False, separators=(",", ":"))``,
    built from json's own string encoder without its per-call set-up.
    """
    encoded = "[" + ",".join(map(_json_string, texts)) + "]"
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def neutralise(text: str) -> str:
    """Text no spreadsheet will run as a formula: with one ``'`` in front where needed.

    The ``'`` goes in front when the first character is ``'``, a tab, CR or
    LF, or when the first character that is not whitespace (``str.isspace``)
    is one of ``= + - @`` or their full-width forms (U+FF1D, U+FF0B, U+FF0D,
    U+FF20). Every neutralised text starts with ``'`` and every other does
    not, so :func:`restore` undoes it exactly. For any spreadsheet format,
    not only CSV.
    """
    if text[:1] in _QUOTE_FIRST or text.lstrip()[:1] in _FORMULA_STARTS:
        return "'" + text
    return text


def csv_line(texts: Sequence[str], text_cells: Iterable[int] = ()) -> str:
    """One CSV line: the cells at ``text_cells`` neutralised, then each quoted if it must be.

    A cell holding ``,``, ``;``, ``"``, CR or LF is wrapped in ``"`` with each
    ``"`` doubled (RFC 4180); any other is written as it is. Cells are joined
    by ``,`` and the line ends in CRLF.
    """
    cells = list(texts)
    for i in text_cells:
        cells[i] = neutralise(cells[i])
    # Inline rather than a call per cell: this runs for every cell of every row.
    needs_quotes = _NEEDS_QUOTES.search
    quoted = ['"' + cell.replace('"', '""') + '"' if needs_quotes(cell) else cell for cell in cells]
    if quoted == [""]:
        return '""\r\n'  # else read back as a line of no cells at all
    return ",".join(quoted) + "\r\n"


def restore(cell: str) -> str:
    """The text a CSV cell was written from: exactly one leading ``'`` removed, if any."""
    return cell.removeprefix("'")


def jsonl_line(record: Mapping[str, Any]) -> str:
    """One JSON Lines record, compact, with every character that might split a line escaped."""
    return _COMPACT.encode(record).translate(_LINE_BREAKS) + "\n"


def header(columns: list[Column]) -> list[str]:
    """The file's column names: the read model's, then the row checksum."""
    return [column.name for column in columns] + [ROW_HASH]


def write_export(
    rows: Iterable[Sequence[Any]],
    columns: list[Column],
    file_format: str,
    out: Path,
    *,
    last: int = 0,
    progress: Progress | None = None,
) -> Written:
    """Write ``rows`` (values in ``columns`` order) to ``out``, flushed to the disk.

    ``out`` is the hidden file (``hidden_beside``) that ``put_in_place`` renames
    over the export once its manifest is whole too.
    """
    with out.open("wb") as handle:
        written = _write(handle, rows, columns, file_format, last=last, progress=progress)
    synced(out)
    return written


class _Sink:
    """Text in, UTF-8 bytes out to the file, SHA-256 and size kept as they go."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.checksum = hashlib.sha256()
        self.size = 0
        self.buffer = io.StringIO()

    def flush(self) -> None:
        data = self.buffer.getvalue().encode("utf-8")
        self.checksum.update(data)
        self.handle.write(data)
        self.size += len(data)
        self.buffer.seek(0)
        self.buffer.truncate()


def _write(
    handle: BinaryIO,
    rows: Iterable[Sequence[Any]],
    columns: list[Column],
    file_format: str,
    *,
    last: int,
    progress: Progress | None,
) -> Written:
    sink = _Sink(handle)
    texts_of = [_TEXT[column.kind] for column in columns]
    values_of = [_VALUE[column.kind] for column in columns]
    names = header(columns)
    text_cells = [i for i, column in enumerate(columns) if column.kind == "text"]
    at = [column.name for column in columns].index("position")
    if file_format == "csv":
        sink.buffer.write("\ufeff" + csv_line(names))
    count, first, position = 0, None, None
    for row in rows:
        texts = ["" if v is None else f(v) for f, v in zip(texts_of, row, strict=True)]
        digest = row_hash(texts)
        if file_format == "csv":
            texts.append(digest)  # the checksum is over the texts before neutralising
            sink.buffer.write(csv_line(texts, text_cells))
        else:
            values = [None if v is None else f(v) for f, v in zip(values_of, row, strict=True)]
            values.append(digest)
            sink.buffer.write(jsonl_line(dict(zip(names, values, strict=True))))
        count += 1
        position = int(row[at])
        first = position if first is None else first
        if count % _FLUSH_EVERY == 0:
            sink.flush()
            if progress is not None:
                progress(position, max(last, position))
    sink.flush()
    return Written(sink.checksum.hexdigest(), sink.size, count, first, position)
