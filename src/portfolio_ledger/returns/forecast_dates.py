"""A return's forecast date, from its cell: a workbook's date, a month or a year shown, or text.

And refused where the day is the one systems write for no date at all: 1900-01-01,
Excel's day 1 (a date cell holding 1) and the date SQL Server, and the portfolio
tools built on it, export where none was given. Read as given, an item would be
forecast to finish more than a century ago. (A date cell of day 0 is no day at all,
and refused as such: ``dates.day_zero``.)
"""

from __future__ import annotations

from datetime import date, datetime

from portfolio_ledger.returns.dates import day_zero, no_date, text_date
from portfolio_ledger.returns.mapping import ReturnMapping
from portfolio_ledger.returns.sheets import Cell
from portfolio_ledger.returns.shown import MonthShown, YearShown
from portfolio_ledger.returns.text import cell_text
from portfolio_ledger.returns.weekdays import text_day

SQL_SERVER_NO_DATE = date(1900, 1, 1)


def cell_date(cell: Cell, mapping: ReturnMapping, epoch: date) -> date | None:
    """The day a forecast date's cell gives (None: none); ValueError saying why it is none."""
    day = _day(cell, mapping, epoch)
    if day != SQL_SERVER_NO_DATE:
        return day
    if isinstance(cell.value, datetime | date):
        fix = "empty the cell (or have its formula give no date) if no date is known"
    else:
        fix = (
            "empty the cell if no date is known, or read it as no date given, "
            f'[spellings.forecast_date] "{cell_text(cell.value)}" = "" in the mapping'
        )
    raise ValueError(
        f"cell {cell.ref} is 1900-01-01, Excel's day 1 (a date cell holding 1) and the date "
        "SQL Server, and the portfolio tools built on it, export where no date was given: it "
        f"is no forecast, and is not read; {fix}"
    )


def _day(cell: Cell, mapping: ReturnMapping, epoch: date) -> date | None:
    if isinstance(cell.value, datetime):
        return cell.value.date()  # a workbook's date cell with a time of day: its day
    if isinstance(cell.value, MonthShown):  # 'Jun-26': a month, its day never written
        try:
            shown = f"{cell.value.month:02d}/{cell.value.year}"  # not 2011-12, a year too
            return text_date(shown, mapping.dates, mapping.months)
        except ValueError as problem:
            raise ValueError(
                f"cell {cell.ref} is a date shown as its month alone: {problem}"
            ) from None
    if isinstance(cell.value, YearShown):  # '2026': a year, its month and day never written
        try:
            return text_date(str(cell.value.year), mapping.dates, years=mapping.years)
        except ValueError as problem:
            raise ValueError(
                f"cell {cell.ref} is a date shown as its year alone: {problem}"
            ) from None
    if cell.value is None or isinstance(cell.value, date):
        return cell.value
    text = mapping.spelt("forecast_date", cell_text(cell.value))
    if not text:
        return None  # a word the mapping spells as no date ('TBC' = ""): nothing given
    try:
        return text_day(text, mapping.dates, mapping.months, mapping.years, epoch)
    except ValueError as problem:
        spell = day_zero(text, epoch) if any(c.isdigit() for c in text) else no_date(text)
        raise ValueError(f"cell {cell.ref}: {problem}{spell}") from None
