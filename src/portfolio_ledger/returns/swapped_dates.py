"""A workbook's date cells beside dates left as text: a CSV opened the other way round.

A register of dates written day first (``30/06/2026``, ``01/07/2026``), saved as CSV and
opened in a spreadsheet program that reads dates month first (US Excel), comes back with
each date it could read so turned into a date cell of the wrong day (``01/07/2026`` as
7 January, not 1 July) and each it could not (``30/06/2026``: no month 30) left as text.
Saved as a workbook and imported, the text was read as the mapping's ``dates`` says and
every date cell as the day it holds: day and month swapped, with nothing said. The same
happens to dates written month first opened by a program reading them day first. Where a
forecast date column holds text dates only the mapping's order can read (the first number,
or the second, over 12) beside date cells, each date cell whose day and month could be
swapped is refused, naming a text date beside it.
"""

from __future__ import annotations

import re
from datetime import date

from portfolio_ledger.returns.date_orders import DAY_FIRST, MONTH_FIRST
from portfolio_ledger.returns.mapping import ReturnMapping
from portfolio_ledger.returns.sheets import Cell, Sheet
from portfolio_ledger.returns.shown import MonthShown, YearShown

_WRITTEN = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-]\d{4}(\s.*)?")
"""A date written day and month first, or month and day: ``30/06/2026``, ``12/31/2026 17:00``."""


def swapped_dates(
    sheet: Sheet, mapping: ReturnMapping, columns: dict[str, int], kept: set[int]
) -> list[tuple[int, str, str]]:
    """Each kept row's date cell that may hold its day and month swapped: row, column, why."""
    header = mapping.columns.get("forecast_date")
    if sheet.name is None or header is None or header not in columns:
        return []
    if mapping.dates not in (DAY_FIRST, MONTH_FIRST):
        return []  # text dates day or month first are refused, naming the setting
    at, texts, cells = columns[header], [], []
    for number, row in sheet.rows:
        cell = row[at] if at < len(row) and number in kept else None
        if cell is None:
            continue
        if isinstance(cell.value, str) and _only_as_mapped(cell.value, mapping.dates):
            texts.append(cell)
        elif _swappable(cell.value):
            cells.append((number, cell))
    if not texts:
        return []
    return [(number, header, _why(cell, texts, mapping.dates)) for number, cell in cells]


def _only_as_mapped(text: str, order: str) -> bool:
    """Whether ``text`` is a date the mapping's order reads and the other order cannot."""
    found = _WRITTEN.fullmatch(text.strip())
    if found is None:
        return False
    first, second = int(found[1]), int(found[2])
    return (
        (first if order == DAY_FIRST else second) > 12 >= (second if order == DAY_FIRST else first)
    )


def _swappable(value: object) -> bool:
    """Whether a date cell's day and month could be each other's: both 12 or less, unlike."""
    if not isinstance(value, date) or isinstance(value, MonthShown | YearShown):
        return False
    return value.day <= 12 and value.day != value.month


def _why(cell: Cell, texts: list[Cell], order: str) -> str:
    """Why a date cell is refused, naming the column's text dates: each is retyped, or none."""
    day, text = cell.value, texts[0]
    assert isinstance(day, date)
    named = ", ".join(each.ref for each in texts[:5])
    named += f" and {len(texts) - 5} more" if len(texts) > 5 else ""
    swapped = date(day.year, day.day, day.month)
    other = MONTH_FIRST if order == DAY_FIRST else DAY_FIRST
    return (
        f"cell {cell.ref} is a date cell, {day:%Y-%m-%d}, in a column whose dates are also "
        f"text written {order} ({text.ref}: {text.value!r}), as a CSV of such dates opened in "
        f"a spreadsheet program reading them {other} comes back: it turns each date it can "
        "read so into a date cell with its day and month swapped, and leaves the others as "
        f"text, so this one may be {swapped:%Y-%m-%d}. Import the CSV itself (the mapping "
        "reads its dates as it says), or type the column's dates again as dates and save "
        f"the workbook (those left as text: {named})"
    )
