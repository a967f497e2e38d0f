"""The orders a return's text dates are written in, and what is said of one read in neither.

``01/07/2026`` is 1 July day first, as Australia, the UK and Canada write it, and 7 January
month first, as the US does: a date so written is read only in the order the mapping's
``dates`` gives, never guessed. One that is no day in that order but a day in the other
(``9/18/2026`` read day first) says the mapping's order may be the return's wrong one, as
where an office's own day-first mapping is copied to read a US export: the refusal names
the other order and its setting, since retyping such cells one by one as the mapping reads
them would leave every date either order reads (``3/4/2027``) read as the wrong day.
"""

from __future__ import annotations

from datetime import date

ISO = "YYYY-MM-DD"
DAY_FIRST = "DD/MM/YYYY"
MONTH_FIRST = "MM/DD/YYYY"
DATE_ORDERS = (ISO, DAY_FIRST, MONTH_FIRST)
"""How a mapping's ``dates`` may say its text dates are written (``YYYY-MM-DD`` is always read)."""
DATES_WRITTEN = {
    ISO: ISO,
    **{f"DD{s}MM{s}YYYY": DAY_FIRST for s in "/-."},
    **{f"MM{s}DD{s}YYYY": MONTH_FIRST for s in "/-."},
}
"""A mapping's ``dates`` as it may be written, and the order it says: ``DD-MM-YYYY`` and
``DD.MM.YYYY`` are ``DD/MM/YYYY`` (a date is read with any of the three separators)."""


def no_order(text: str, first: int, second: int) -> str:
    """Why a date day and month first is not read: the mapping does not say which is which."""
    hint = ""
    if first > 12 >= second:
        hint = f" ({first} is no month, so it is written {DAY_FIRST})"
    elif second > 12 >= first:
        hint = f" ({second} is no month, so it is written {MONTH_FIRST})"
    return (
        f"{text!r} is not a date ({ISO}): a date written day and month first is read only "
        f'when the mapping says which comes first, dates = "{DAY_FIRST}" or dates = '
        f'"{MONTH_FIRST}"{hint}; or write it {ISO}'
    )


def other_order(order: str, year: int, day: int, month: int) -> str:
    """Where a date that is none read in ``order`` (``day``, ``month``) is one the other way."""
    other = MONTH_FIRST if order == DAY_FIRST else DAY_FIRST
    try:
        meant = date(year, day, month)  # read the other way round, its day is the month
    except ValueError:
        return ""
    return (
        f"; written {other} it is {meant.isoformat()}: if the return's dates are written so, "
        f'say dates = "{other}" in the mapping, which reads every date of the return so '
        "(3/4/2027 is a different day in each order)"
    )
