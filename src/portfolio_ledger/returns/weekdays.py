"""A return's date written with its weekday in front, as US Excel and Microsoft Project show one.

Excel's *Long Date* format shows ``Tuesday, March 31, 2026``, and Microsoft Project
(Project Online's views and exports) ``Tue 3/31/26``: saved as CSV, the cell holds that
text. The weekday adds nothing to the day, and is checked against it: one that is not
the day's weekday says the cell was typed or pasted wrong, so it is refused, not guessed.
So is Excel's day 0 as a CSV saves it (``1/0/1900``): a date cell holding 0, no day.
"""

from __future__ import annotations

import re
from datetime import date

from portfolio_ledger.returns.date_orders import ISO
from portfolio_ledger.returns.dates import EXCEL_DAY_0, text_date

_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAYS = {
    **{name.casefold(): n for n, name in enumerate(_DAYS)},
    **{name[:3].casefold(): n for n, name in enumerate(_DAYS)},
    "tues": 1,
    "weds": 2,
    "thur": 3,
    "thurs": 3,
}
"""A weekday's name in English, in full or abbreviated (Tue, Tues), and its number (Monday 0)."""
_DAY_ZERO = re.compile(r"(?:0?1[/.-]0?0|0?0[/.-]0?1)[/.-]1900(?:[ T].*)?")
"""Excel's day 0 as a date format shows it, month or day first: 1/0/1900, 00/01/1900."""
_WEEKDAY_FIRST = re.compile(r"(?P<weekday>[^\W\d_]+)\.?,?\s+(?P<day>\S.*)")


def text_day(
    text: str,
    order: str = ISO,
    months: str | None = None,
    years: str | None = None,
    epoch: date = EXCEL_DAY_0,
) -> date:
    """The day ``text`` writes (``dates.text_date``), a weekday's name in front of it read past.

    ValueError saying why where it is no day, or where its weekday is not the day's.
    """
    if _DAY_ZERO.fullmatch(text):
        raise ValueError(
            f"{text!r} is Excel's day 0 (1900-01-00), as a date cell holding 0 shows it (a "
            "formula's empty date, a date never filled in), and saved so to CSV: it is no day; "
            "empty the cell if no date is known, or read it as no date given, "
            f'[spellings.forecast_date] "{text}" = "" in the mapping'
        )
    found = _WEEKDAY_FIRST.fullmatch(text)
    weekday = WEEKDAYS.get(found["weekday"].casefold()) if found else None
    if found is None or weekday is None:
        return text_date(text, order, months, years, epoch)
    try:
        day = text_date(found["day"], order, months, years, epoch)
    except ValueError as problem:
        raise ValueError(f"{text!r} is a weekday and a date; {problem}") from None
    if day.weekday() != weekday:
        raise ValueError(
            f"{text!r} is not a date: it names a {_DAYS[weekday]}, but {found['day']!r} is "
            f"{day.isoformat()}, a {_DAYS[day.weekday()]}{_as_read(order)}, so one of "
            "them is wrong; write the day, YYYY-MM-DD, or with its own weekday"
        )
    return day


def _as_read(order: str) -> str:
    return "" if order == ISO else f" (read as the mapping's dates say, {order})"
