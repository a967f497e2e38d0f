"""A workbook's cells read as values: as the sheet shows them, where their formats say how.

A number is read in the thousands or millions, the currency or the percentage its format
shows it in; a month and year shown alone is a month; an id's leading zeros its format
keeps are kept. A cell holding an error, or a formula never calculated, is kept as such, to
be refused with its reference; an empty cell's fill, a rating shown by colour alone, is
kept aside; and a value its format (or its sheet) shows as a blank is named, as hidden rows
are.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from portfolio_ledger.application.returns import plain_spaces
from portfolio_ledger.returns.fills import fill_of
from portfolio_ledger.returns.shown import (
    as_shown,
    currency_shown,
    month_shown,
    percent_shown,
    shows_nothing,
    zero_padded,
)
from portfolio_ledger.returns.text import FIX_ERROR, is_saved_error, text_cell, unescaped

if TYPE_CHECKING:
    from portfolio_ledger.returns.sheets import Cell, CellValue

NO_ZEROS = "the sheet shows no zeros"
"""Why a zero read shows blank where its sheet is set to show zeros as blanks."""


def workbook_cells(
    values: Iterator[Sequence[Any]],
    formulas: Iterator[Sequence[Any]],
    fills: dict[str, str],
    unseen: dict[str, str],
    no_zeros: bool = False,
) -> Iterator[list[tuple[CellValue, str | None]]]:
    """Each row's cells as (value, error): errors and formulas never calculated as errors.

    An empty cell's fill colour is put in ``fills``, by its reference, as it is read; a
    value its number format shows as nothing (``;;;``), that format in ``unseen``; so too a
    zero, where the sheet shows no zeros (``no_zeros``).
    """
    for row, written in zip(values, formulas, strict=False):
        cells: list[tuple[CellValue, str | None]] = []
        for i, cell in enumerate(row):
            if cell.data_type == "e":
                cells.append((None, f"holds the error {cell.value}; {FIX_ERROR}"))
            elif isinstance(cell.value, str) and is_saved_error(cell.value):
                cells.append(text_cell(cell.value))  # an error saved as text, then to .xlsx
            elif cell.value is None and i < len(written) and written[i].data_type == "f":
                problem = (
                    f"holds a formula ({written[i].value}) with no value saved (the workbook "
                    "was never calculated); open it in a spreadsheet program and save it, or "
                    "type the value"
                )
                cells.append((None, problem))
            elif cell.value is None or _value(cell.value) is None:  # a space typed: empty too
                colour = fill_of(cell)
                if colour is not None:
                    fills[cell.coordinate] = colour
                cells.append((None, None))
            else:
                read = _value(cell.value)
                shown = getattr(cell, "number_format", None)
                if shows_nothing(cell.value, shown):  # ';;;': a blank, to whoever reads it
                    unseen[cell.coordinate] = str(shown)
                elif no_zeros and read == 0:
                    unseen[cell.coordinate] = NO_ZEROS
                value = month_shown(cell, read)  # 'Jun-26': a month alone
                if isinstance(value, Decimal):
                    value = as_shown(cell, value)  # '#,##0.0,,' shows it in millions
                    value = currency_shown(cell, value)  # '[$€-2] #,##0': in euros
                    value = percent_shown(cell, value)  # '0%': 0.12 shown as 12%
                cells.append((zero_padded(cell) or value, None))
        yield cells


def _value(value: Any) -> CellValue:
    if isinstance(value, bool):
        value = "TRUE" if value else "FALSE"
    elif isinstance(value, int):
        return Decimal(value)
    elif isinstance(value, float):
        # As Excel shows it: 15 significant digits, its precision. A formula's result keeps the
        # binary noise of its arithmetic (=1443.7*1.1 is 1588.0700000000002), never shown.
        return Decimal(f"{value:.15g}")
    elif isinstance(value, datetime):
        # A date cell with a time of day (a PPM tool's 17:00 deadline) is still a date: kept
        # whole, read as its day where a date is wanted and as its text elsewhere.
        return value.date() if value.time() == datetime.min.time() else value
    if value is None or isinstance(value, Decimal | date):
        return value
    return plain_spaces(unescaped(str(value))) or None


def shown_blank(cells: list[Cell], read: Iterable[int]) -> list[tuple[str, str]]:
    """The cells read of a row that their number format shows as blank (``;;;``), in order."""
    return [
        (cells[i].ref, cells[i].unseen or "")
        for i in sorted(set(read))
        if i < len(cells) and cells[i].unseen
    ]
