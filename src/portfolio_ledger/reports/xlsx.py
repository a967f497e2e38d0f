"""A declared table as an Excel workbook (.xlsx), through openpyxl.

One sheet: a bold header row with the panes frozen below it, a width for
each column, money as numbers formatted ``#,##0.00``, dates and times as
real date cells (``yyyy-mm-dd``, ``yyyy-mm-dd hh:mm:ss`` in UTC), whole
numbers as numbers. Text is neutralised by the audit export's rule (one
``'`` in front of anything a spreadsheet might run as a formula), so no cell
is ever a formula; characters a workbook cannot hold (control characters)
become U+FFFD. A text longer than a cell holds is cut with a marker saying so
(``application/workbook_limits.py``), and each such cell is listed for the
caller to name; a sheet of more rows than a workbook holds is refused.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from portfolio_ledger.application.workbook_limits import Cut, check_rows, fitted
from portfolio_ledger.audit.export import neutralise
from portfolio_ledger.reports.tabular import (
    Column,
    Table,
    Value,
    data_text,
    data_value,
    display_width,
)

FORMATS = {
    "money": "#,##0.00",
    "date": "yyyy-mm-dd",
    "time": "yyyy-mm-dd hh:mm:ss",
    "int": "0",
}
MAX_WIDTH = 60
SAMPLE = 1000
"""Rows looked at to size the columns (a column as wide as its widest cell in them)."""


TABLE_WHOLE = "the same command with --format csv or --json"
"""Where a view's whole text is, when a cell of its workbook holds only the start of it."""


def write_xlsx(table: Table, out: Path) -> list[Cut]:
    """Write ``table``'s data columns to ``out`` as one sheet of a workbook: the cells cut."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    book.properties.title = _clean(table.title)  # a filter's value is in it: any text
    cuts: list[Cut] = []
    add_sheet(book, table, cuts, TABLE_WHOLE)
    book.save(out)
    return cuts


def workbook_bytes(
    title: str, tables: Sequence[Table], at: datetime, whole: str, cuts: list[Cut]
) -> bytes:
    """A workbook of ``tables``, a sheet each, that is the same bytes for the same tables.

    Its properties' times and each part's time in the zip are ``at`` (openpyxl
    would stamp the time it saves), so a document made again is byte for byte
    the one made before. A cell cut to fit is added to ``cuts``, its marker
    saying the whole text is in ``whole``.
    """
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    book.properties.title = _clean(title)
    for table in tables:
        add_sheet(book, table, cuts, whole)
    written = io.BytesIO()
    book.save(written)
    return _steady(written.getvalue(), at.astimezone(UTC).replace(tzinfo=None, microsecond=0))


def _steady(data: bytes, at: datetime) -> bytes:
    """The zip ``data`` again, every part's time ``at``, the properties' times ``at`` too."""
    stamp = at.isoformat() + "Z"
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as given,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as steady,
    ):
        for info in given.infolist():
            content = given.read(info)
            if info.filename == "docProps/core.xml":
                content = _PROPERTY_TIME.sub(rb"\g<1>" + stamp.encode() + rb"\g<2>", content)
            part = zipfile.ZipInfo(info.filename, date_time=max(at.timetuple()[:6], ZIP_EPOCH))
            part.compress_type = zipfile.ZIP_DEFLATED
            steady.writestr(part, content)
    return out.getvalue()


ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
"""A zip's first time: a part's time before it (a pack as at 0001-01-01) is written as it."""
_PROPERTY_TIME = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def add_sheet(book: Any, table: Table, cuts: list[Cut], whole: str) -> None:
    """``table``'s data columns as a sheet of ``book`` (a write-only openpyxl workbook).

    A text cut to fit its cell is added to ``cuts``; a table of more rows than a
    sheet holds is refused before it is begun (every row is in ``whole``).
    """
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    check_rows(len(table.rows) + 1, table.sheet[:31], whole)
    sheet = book.create_sheet(table.sheet[:31])
    shown = table.where("data")
    columns = [table.columns[i] for i in shown]
    for letter, width in zip(_letters(len(columns)), _widths(table, shown), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=neutralise(_clean(column.header)))
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    _append_rows(sheet, table, shown, cuts, whole)


def _append_rows(sheet: Any, table: Table, shown: list[int], cuts: list[Cut], whole: str) -> None:
    """The rows' ``shown`` columns: text neutralised and fitted to its cell, each cut noted."""
    from openpyxl.cell import WriteOnlyCell

    columns = [table.columns[i] for i in shown]
    letters = _letters(len(columns))
    for number, row in enumerate(table.rows, start=2):
        cells = []
        for column, letter, i in zip(columns, letters, shown, strict=True):
            value = data_value(row[i])
            if not isinstance(value, str):
                cells.append(_cell(sheet, WriteOnlyCell, column, value))
                continue
            text, left = fitted(neutralise(_clean(value)), whole)
            if left:
                cuts.append(Cut(sheet.title, f"{letter}{number}", column.header, len(value)))
            cells.append(WriteOnlyCell(sheet, value=text))
        sheet.append(cells)


def _cell(sheet: Any, make: Any, column: Column, value: Value) -> Any:
    """One cell: a number, date or time with its format."""
    cell = make(sheet, value=_excel(value))
    kind = _kind_of(value, column)
    if kind is not None:
        cell.number_format = FORMATS[kind]
    return cell


def _kind_of(value: Value, column: Column) -> str | None:
    """The number format a value takes, from what it is (a mixed column holds several)."""
    if isinstance(value, datetime):
        return "time"
    if isinstance(value, date):
        return "date"
    if isinstance(value, Decimal):
        return "money" if column.kind in {"money", "text"} else None
    if isinstance(value, int) and not isinstance(value, bool):
        return "int"
    return None


def _excel(value: Value) -> Any:
    """Times as naive UTC (a workbook has no time zones); everything else as it is."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


def _clean(text: str) -> str:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return str(ILLEGAL_CHARACTERS_RE.sub("\ufffd", text))


def _widths(table: Table, shown: list[int]) -> list[float]:
    """Each column as wide as its header or its widest cell in the first rows, within reason.

    A cell's width is the columns its text takes (``display_width``): a CJK
    character two, a combining mark none, as on screen.
    """
    widths = []
    for i in shown:
        column = table.columns[i]
        longest = max(
            [
                display_width(column.header),
                *(display_width(data_text(row[i])) for row in table.rows[:SAMPLE]),
            ]
        )
        if column.kind == "money":
            longest += longest // 3  # the thousands separators
        widths.append(float(min(MAX_WIDTH, max(10, longest + 2))))
    return widths


def _letters(count: int) -> list[str]:
    from openpyxl.utils import get_column_letter

    return [get_column_letter(n) for n in range(1, count + 1)]
