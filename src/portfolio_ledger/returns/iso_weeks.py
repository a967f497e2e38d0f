"""A date written as ISO 8601 writes it (``2026-03-31``, ``20260331``), a week alone refused.

Python's ``date.fromisoformat`` reads a week too (``2026-W13``, ``2026W13``), as its
Monday: a register's ``2026-W13`` (a planner's or Microsoft Project's week) would have
been recorded as a forecast to finish on 2026-03-23, where the week runs to the 29th.
A week is a period, as a quarter is: refused, saying which days it spans. A week with
its day (``2026-W13-5``, the Friday) is one day, and read as it.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

_WEEK = re.compile(r"(\d{4})-?W(\d{2})(?:-?(\d))?", re.IGNORECASE | re.ASCII)
"""Digits 0 to 9 only, as ``date.fromisoformat`` reads them: others are refused as such."""


def iso_day(text: str) -> date | None:
    """The day ``text`` writes as ISO 8601 does; None if it is not so written.

    Raises ValueError for a week with no day (``2026-W13``), or one that is none
    (``2025-W53``: 2025 has 52).
    """
    week = _WEEK.fullmatch(text)
    if week is not None and int(week[1]) >= 1:  # no year 0: not a date, refused as such
        year, number, weekday = int(week[1]), int(week[2]), int(week[3] or 1)
        weeks = date(year, 12, 28).isocalendar().week  # 52 or 53
        why = None
        if not 1 <= number <= weeks:
            why = f"there is no week {number} in {year}, which has {weeks}"
        elif not 1 <= weekday <= 7:
            why = f"there is no day {weekday} of a week (Monday 1 to Sunday 7)"
        if why is not None:
            raise ValueError(f"{text!r} is not a date (an ISO 8601 week): {why}")
        try:
            monday, sunday = (date.fromisocalendar(year, number, day) for day in (1, 7))
        except ValueError:  # a week running past 9999: refused as no date, as before
            return None
        if week[3]:
            return monday + timedelta(days=weekday - 1)
        raise ValueError(
            f"{text!r} is a week (ISO week {number} of {year}, Monday {monday} to Sunday "
            f"{sunday}), not a day: write the day it means, YYYY-MM-DD; "
            f'or, if {text!r} means a day, say [spellings.forecast_date] "{text}" = '
            '"YYYY-MM-DD" in the mapping'
        )
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
