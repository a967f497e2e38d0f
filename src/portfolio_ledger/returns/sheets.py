"""Reading a return's file: a CSV, or a sheet of an ``.xlsx`` workbook, as rows of cells.

Cells are read as their values: an Excel formula as the value it was last
calculated to, a number as an exact decimal, a date as a date. A cell
holding an error (``#DIV/0!``), or a formula never calculated (so it has no
value to read), is kept as such, to be refused with its reference. A file
that cannot be read at all is refused with what to do about it.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from portfolio_ledger.application.errors import InvalidInput
from portfolio_ledger.application.no_text import UTF8_BOM, no_text
from portfolio_ledger.domain.change_words import names_in_words
from portfolio_ledger.returns.bounds import check_unzipped, counted
from portfolio_ledger.returns.cell_numbers import unreadable_number
from portfolio_ledger.returns.dates import EXCEL_DAY_0
from portfolio_ledger.returns.file_kinds import (
    RESAVE,
    STRICT,
    is_json,
    is_strict,
    json_problem,
    no_workbook,
    ole_problem,
    other_workbook,
)
from portfolio_ledger.returns.hidden import OutlineError, hidden_parts, zeros_blank
from portfolio_ledger.returns.merged import Spreader, merged_ranges
from portfolio_ledger.returns.text import (
    header_name,
)
from portfolio_ledger.returns.workbook_cells import workbook_cells

CellValue = str | Decimal | date | None
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""The start of an OLE compound file: an old .xls, or an encrypted workbook."""
ZIP = b"PK\x03\x04"


@dataclass(frozen=True, slots=True)
class Cell:
    """A cell's value (text stripped, None if empty), its reference, and any error in it."""

    value: CellValue
    ref: str
    error: str | None = None
    merged: str | None = None
    """The merged range down a column whose value, in a cell above, this cell shows."""
    fill: str | None = None
    """An empty workbook cell's fill colour (``FFC000``): a rating shown by colour alone."""
    unseen: str | None = None
    """The number format that shows this workbook cell's value as nothing (``;;;``)."""


@dataclass
class Sheet:
    """The rows of a return: its header (column names) and each row's cells, by column."""

    name: str | None
    headers: list[str]
    header_row: int
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)
    others: tuple[str, ...] = ()
    """The workbook's other sheets of cells (a cover or instructions sheet may come first)."""
    above: list[tuple[int, list[str]]] = field(default_factory=list)
    """The rows above the mapping's header_row, not read: the header may be one of them."""
    groups: dict[str, str] = field(default_factory=dict)
    """A header of rows (header_rows): the group heading over a column, by its name."""
    separator: str = ","
    """A CSV's cells' separator, as the mapping says (a workbook's: a comma, unused)."""
    hidden: frozenset[int] = frozenset()
    """A workbook's rows hidden (by hand, or by a filter): read as any other, and said to be."""
    hidden_columns: frozenset[int] = frozenset()
    """The numbers of a workbook's hidden columns (A is 1): read as any other, and said to be."""
    outline: dict[int, int] = field(default_factory=dict)
    """A workbook's rows grouped under others (its outline), each row's level by its number."""
    epoch: date = EXCEL_DAY_0
    """Day 0 of its serial numbers: a workbook saved in the 1904 date system (Excel for Mac's
    before 2011) counts from 1904-01-01."""

    def headed_at(self, row: int, file_name: str) -> Sheet:
        """The sheet with its header at ``row``, or the first row below it with anything in it.

        The rows above are an office template's titles and notes, never read.
        """
        if self.header_row >= row:
            return self
        below = [(number, cells) for number, cells in self.rows if number >= row]
        if not below:
            raise InvalidInput(
                f"{file_name} has nothing at or below row {row} (header_row in the mapping); "
                f"its header is on row {self.header_row}, its last row is row "
                f"{self.rows[-1][0] if self.rows else self.header_row}{self.elsewhere()}"
            )
        (number, header), *rows = below
        above = [(n, [_header(c) for c in cells]) for n, cells in self.rows if n < row]
        headers = [_header(cell) for cell in header]
        above.insert(0, (self.header_row, self.headers))
        return Sheet(self.name, headers, number, rows, self.others, above,
                     separator=self.separator, hidden=self.hidden,
                     hidden_columns=self.hidden_columns, outline=self.outline,
                     epoch=self.epoch)  # fmt: skip

    def elsewhere(self) -> str:
        """Which sheet was read and which others there are, to choose the right one; else ''."""
        if self.name is None or not self.others:
            return ""
        return f". That is the sheet {self.name!r}; {other_sheets(self.others)}"


def other_sheets(others: tuple[str, ...]) -> str:
    """The workbook's other sheets, and how to read one of them instead."""
    return (
        f"the workbook's other sheets are: {', '.join(map(repr, others))}; name the one "
        'holding the return with --sheet NAME (or sheet = "NAME" in the mapping)'
    )


def column_letter(index: int) -> str:
    """The spreadsheet letters of a column (0 is A, 26 is AA)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def read_sheet(
    path: Path, sheet: str | None = None, *, preferred: str | None = None, separator: str = ","
) -> Sheet:
    """The return in ``path``: a CSV, or a sheet of a workbook (``sheet``, ``preferred``, first).

    ``sheet`` is asked for (so a CSV refuses it); ``preferred`` and ``separator`` (a CSV's
    cells') are the mapping's.
    """
    try:
        with path.open("rb") as handle:
            start = handle.read(_LOOK)
        # 0 bytes, or a BOM alone (an empty sheet saved as 'CSV UTF-8'), whatever its name
        empty = no_text(path) if not start.removeprefix(UTF8_BOM).strip() else None
    except OSError as error:
        raise InvalidInput(f"cannot read {path}: {error.strerror or error}") from None
    if empty is not None:
        raise InvalidInput(
            f"{path.name} {empty}: a return has a header row and a row per item. Give the "
            "file the register was saved to (or save the register again, as CSV or .xlsx)"
        )
    suffix = path.suffix.lower()
    if start.startswith(OLE):
        raise InvalidInput(ole_problem(path.name, suffix))
    if (other := other_workbook(suffix, start)) is not None:
        raise InvalidInput(f"{path.name} is {other}, which is not read: {RESAVE}")
    if suffix in {".xlsx", ".xlsm"} or start.startswith(ZIP):
        if is_strict(path):  # openpyxl reads none of it, in words of its own
            raise InvalidInput(f"{path.name} {STRICT}")
        if (archive := no_workbook(path)) is not None:
            raise InvalidInput(archive)
        return _workbook(path, sheet or preferred)
    if is_json(start):
        raise InvalidInput(json_problem(path.name, start))
    from portfolio_ledger.returns.delimited import read_csv  # (it reads its rows as sheet_of)

    return read_csv(path, separator, sheet)


_LOOK = 512
"""How much of a file's start is read to tell its kind."""


def sheet_of(
    name: str | None,
    records: Iterator[list[tuple[CellValue, str | None]]],
    path: Path,
    others: tuple[str, ...] = (),
    *,
    down: Mapping[str, str] | None = None,
    fills: Mapping[str, str] | None = None,
    unseen: Mapping[str, str] | None = None,
) -> Sheet:
    """The header (the first row with anything in it) and the rows after it.

    ``down`` gives the cells that show a value merged down from a cell above (filled in as
    ``records`` are read), and the range of each.
    """
    down = {} if down is None else down
    fills = {} if fills is None else fills
    unseen = {} if unseen is None else unseen
    found: Sheet | None = None
    for number, record in enumerate(counted(records, path, name), start=1):
        if all(value is None and error is None for value, error in record):
            continue
        cells = [
            Cell(value, ref, error, down.get(ref), fills.get(ref), unseen.get(ref))
            for i, (value, error) in enumerate(record)
            for ref in (f"{column_letter(i)}{number}",)
        ]
        if found is None:
            found = Sheet(name, [_header(cell) for cell in cells], number, others=others)
        else:
            found.rows.append((number, cells))
    if found is None:
        if others:
            raise InvalidInput(
                f"{path.name}: the sheet {name!r} is empty (a return has a header row and a "
                f"row per item); {other_sheets(others)}"
            )
        raise InvalidInput(f"{path.name} is empty: a return has a header row and a row per item")
    return found


def _header(cell: Cell) -> str:
    """A header as the mapping names it: a line break (Alt+Enter) or run of spaces one space."""
    return "" if cell.value is None else header_name(str(cell.value))


def _workbook(path: Path, sheet: str | None) -> Sheet:
    """The sheet of a workbook, openpyxl's warnings about it unsaid.

    A register's dropdown lists, conditional formats and slicers are parts openpyxl does
    not keep (*Data Validation extension is not supported and will be removed*): said on
    the terminal, among the reconciliation, as if the file were changed. A return reads
    cells alone, and says what it reads of them.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl\.")
        return _opened(path, sheet)


def _opened(path: Path, sheet: str | None) -> Sheet:
    from openpyxl import load_workbook

    check_unzipped(path)
    # Opened as files, not by name: openpyxl refuses a name not ending in .xlsx (a workbook
    # saved or sent as return.csv, or with no extension) as a format it does not support.
    with path.open("rb") as first, path.open("rb") as second:
        try:
            values = load_workbook(first, read_only=True, data_only=True)
            formulas = load_workbook(second, read_only=True, data_only=False)
        except Exception as error:  # noqa: BLE001 - whatever openpyxl trips on, the file is bad
            raise _unreadable(path, error) from None
        try:
            return _worksheet(path, values, formulas, sheet)
        except InvalidInput:
            raise
        except Exception as error:  # noqa: BLE001 - a part of the workbook openpyxl cannot parse
            raise _unreadable(path, error) from None
        finally:
            values.close()
            formulas.close()


def _worksheet(path: Path, values: Any, formulas: Any, sheet: str | None) -> Sheet:
    """The sheet asked for (else the first visible) of a workbook opened twice: values, formulas.

    A hidden sheet (a lookup list, last quarter's copy) is read only when named.
    """
    names = values.sheetnames
    if sheet is not None and sheet not in names:
        sheet = _named_otherwise(path, names, sheet)
    tabular = [ws.title for ws in values.worksheets]  # not chart sheets: they hold no cells
    if sheet is not None and sheet not in tabular:
        raise InvalidInput(
            f"{path.name}: the sheet {sheet!r} is a chart, which holds no rows; its sheets "
            f"of cells are: {names_in_words(tabular) or 'none'}"
        )
    shown = [ws.title for ws in values.worksheets if ws.sheet_state == "visible"]
    chosen = sheet if sheet is not None else (shown or tabular or names)[0]
    pair = [book[chosen] for book in (values, formulas)]
    for worksheet in pair:
        worksheet.reset_dimensions()  # some writers record a wrong extent: read every cell
    fills: dict[str, str] = {}
    unseen: dict[str, str] = {}
    values_read, formulas_read = (worksheet.iter_rows(min_row=1) for worksheet in pair)
    rows = workbook_cells(values_read, formulas_read, fills, unseen, zeros_blank(pair[0]))
    others = tuple(name for name in tabular if name != chosen)
    spreader = Spreader(merged_ranges(pair[0]), path.name)
    spread = _spread(rows, spreader)
    try:
        found = sheet_of(
            chosen, spread, path, others, down=spreader.down, fills=fills, unseen=unseen
        )
    except ValueError:  # openpyxl's int() or float() of a cell's text, among others
        said = unreadable_number(path, pair[0])
        if said is None:
            raise
        raise InvalidInput(f"{path.name}: {said}") from None
    try:
        found.hidden, found.hidden_columns, found.outline = hidden_parts(pair[0])
    except OutlineError as error:
        raise InvalidInput(f"{path.name}, sheet {chosen!r}: {error}") from None
    found.epoch = values.epoch.date()
    return found


def _named_otherwise(path: Path, names: list[str], sheet: str) -> str:
    """The sheet ``sheet`` names in another case or spacing (``return`` for ``Return``).

    A spreadsheet program tells no two sheets apart by case, as a return's cells are
    matched in any case; one named with its spaces or case otherwise was refused.
    """
    wanted = " ".join(sheet.split()).casefold()
    same = [name for name in names if " ".join(name.split()).casefold() == wanted]
    if len(same) == 1:
        return same[0]
    if same:
        named = ", ".join(repr(name) for name in same)
        raise InvalidInput(
            f"{path.name} has no sheet {sheet!r}, and {len(same)} sheets named so in another "
            f"case or spacing ({named}): give --sheet one of them exactly as it is written"
        )
    raise InvalidInput(
        f"{path.name} has no sheet {sheet!r}; its sheets are: {names_in_words(names)}"
    )


def _spread(
    rows: Iterator[list[tuple[CellValue, str | None]]], spread: Spreader
) -> Iterator[list[tuple[CellValue, str | None]]]:
    """Each row with the values of the merged ranges it lies in (see ``merged``).

    A row with nothing of its own (a blank row a range runs over) is still empty: it
    shows only the range, and gives no item.
    """
    for number, cells in enumerate(rows, start=1):
        if spread.waiting or spread.active:
            own = any(value is not None or error is not None for value, error in cells)
            spread(number, cells)
            yield cells if own else []
        else:
            yield cells


def _unreadable(path: Path, error: Exception) -> InvalidInput:
    """A workbook openpyxl cannot read (not a zip, a part missing or cut short)."""
    reason = str(error) or type(error).__name__
    if _begins_as_a_zip(path) and "zip file" in reason:  # zipfile: "File is not a zip file"
        return InvalidInput(
            f"{path.name} begins as an .xlsx workbook (a zip archive) but its end is missing, "
            "as a file cut short is (an export that failed or was stopped part way, a "
            "download or copy broken off): export or copy the return again, whole, and "
            "import that"
        )
    return InvalidInput(
        f"{path.name} cannot be read as an .xlsx workbook ({reason}); open it in a "
        "spreadsheet program and save it again as .xlsx, or as CSV"
    )


def _begins_as_a_zip(path: Path) -> bool:
    """Whether ``path`` starts as a zip archive does (``PK\\x03\\x04``): an .xlsx's first bytes."""
    try:
        with path.open("rb") as file:
            return file.read(4) == b"PK\x03\x04"
    except OSError:
        return False
