"""Why a text shaped as a day or a time names none: which part is wrong, in words.

Standard library only: a read command's ``--as-of`` and a digest's ``recorded=``
are judged with it before anything heavier is imported.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

_DAY_SHAPED = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})", re.ASCII)
"""A calendar date's shape (``YYYY-MM-DD``, ``YYYYMMDD``), whether or not the calendar has it."""
_LONG_YEAR = re.compile(r"0*[1-9]\d{4,}-\d{2}-\d{2}", re.ASCII)
"""A day of a year after 9999 (``10000-01-01``), which no date of Python's or the ledger's holds."""
_DAY_AND_CLOCK = re.compile(
    r"(\d{4}-?\d{2}-?\d{2})[Tt ](\d{2})(?::?(\d{2}))?(?::?(\d{2}))?([.,]\d+)?", re.ASCII
)
"""A timestamp's day, then its hour, minute, second and fraction as written (digits only)."""


def no_such_day(written: str) -> str | None:
    """Why a day shaped right (``2025-02-29``) is not in the calendar; None if it is, or no day.

    ``written`` is the day alone, before any time of day.
    """
    if _LONG_YEAR.fullmatch(written):
        return "the calendar ends with year 9999"
    shaped = _DAY_SHAPED.fullmatch(written)
    if shaped is None:
        return None
    year, month, day = (int(part) for part in shaped.groups())
    try:
        date(year, month, day)
    except ValueError:
        pass
    else:
        return None  # a real day
    if not 1 <= month <= 12:
        return f"there is no month {month:02d}"
    if year == 0:
        return "the calendar begins in year 0001"
    last = calendar.monthrange(year, month)[1]
    return f"{year:04d}-{month:02d} has no day {day:02d} (it has {last})"


def no_such_clock(text: str) -> tuple[str, str] | None:
    """Why a timestamp's time of day is none the ledger reads, and its fix; None if it is one.

    ISO 8601 writes the end of a day as ``24:00`` and a leap second as second 60; the
    ledger's clock (Python's, UTC) has neither, nor an hour past 23 or a minute past 59.
    The rule comes first, then the fix: "" where the fix is any time written in full.
    """
    found = _DAY_AND_CLOCK.match(text.strip())
    if found is None:
        return None
    written, *parts, fraction = found.groups()
    offset = text.strip()[found.end() :].strip()  # Z, +01:00: the fix keeps it
    hour, minute, second = (int(part or 0) for part in parts)
    if hour == 24 and minute == second == 0 and not (fraction or "").strip(".,0"):
        return (
            "24:00 is not a time the ledger reads (a day runs from 00:00 to 23:59:59)",
            _after_the_day(written, offset),
        )
    if second == 60:
        return _LEAP_SECOND, "write second 59, or the next minute's 00"
    for name, value, last, of in (
        ("hour", hour, 23, "a day's hours"),
        ("minute", minute, 59, "an hour's minutes"),
        ("second", second, 59, "a minute's seconds"),
    ):
        if value > last:
            return f"there is no {name} {value:02d} ({of} run from 00 to {last})", ""
    return None


_LEAP_SECOND = (
    "second 60 (a leap second) is not a time the ledger reads: its clock, UTC as Python "
    "keeps it, counts no leap seconds"
)


def _after_the_day(written: str, offset: str) -> str:
    """The fix for ``24:00`` on a day: the next day's 00:00, or 23:59:59 for the day's end."""
    end = "or 23:59:59 for the end of the day"
    try:
        day = date.fromisoformat(written)
    except ValueError:
        return f"write the next day's 00:00, {end}"
    try:
        after = (day + timedelta(days=1)).isoformat()
    except OverflowError:  # 9999-12-31: the calendar's last day has no next one
        return f"write {day.isoformat()}T23:59:59{offset} for the end of the day"
    return (
        f"write the next day's 00:00 ({after}T00:00{offset}), {end} "
        f"({day.isoformat()}T23:59:59{offset})"
    )
