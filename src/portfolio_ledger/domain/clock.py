"""The ledger's clock in words and days: UTC moments as text, and today's UTC date.

Standard library only (no event classes): a read command says the moment it was
asked about, or refuses one after now, before the write stack is imported
(tests/behaviour/test_read_start.py).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime

_END_OF_SECOND = 999_999
"""The microsecond a moment named to the second (``--as-of ...T12:00:00Z``) is read at."""


def utc_text(moment: datetime, *, asked: bool = False) -> str:
    """A moment as the ledger says one in words: ISO 8601 in UTC, to the second, ending in Z.

    ``--as-of 2026-06-30`` is the end of that day, ``2026-06-30T23:59:59Z``, not
    ``2026-06-30T23:59:59.999999+00:00``. The year has its four digits
    (``0001-01-01T23:59:59Z``), which the C library's ``%Y`` drops before 1000.

    ``asked``: a moment a user asked about (``--as-of``), said as asked: with its
    fraction of a second where it has one (``12:00:00.5Z``), as the second alone
    would name another moment (the end of that second); a day, or a time to the
    second, is still said to the second. An instant at the start of a second
    (``--as-of 12:00:00.000000Z``, as ``--json`` writes a time) is ``12:00:00.0Z``:
    ``12:00:00Z`` would name the end of that second. A recorded time is said to the
    second, as the tables show it: given back to ``--as-of``, that second includes it.
    """
    utc = moment.astimezone(UTC)
    fraction = ""
    if asked and utc.microsecond != _END_OF_SECOND:
        fraction = "." + (f"{utc.microsecond:06d}".rstrip("0") or "0")
    return f"{utc.date().isoformat()}T{utc:%H:%M:%S}{fraction}Z"


def json_time(value: datetime) -> str:
    """A time in JSON output: ISO 8601, in UTC, written with ``Z`` (as every --json writes it).

    Always with its microseconds, as an export's ``recorded_at`` has them: a time at a whole
    second is ``...T09:59:12.000000Z``, not ``...T09:59:12Z``, which ``--as-of`` reads as
    the end of that second, another moment.
    """
    text = (value if value.tzinfo is None else value.astimezone(UTC)).isoformat(
        timespec="microseconds"
    )
    return f"{text[:-6]}Z" if text.endswith("+00:00") else text


def utc_today() -> date:
    """Today's date in UTC: the calendar every recorded decision is checked against.

    Recorded times are UTC, so "not in the future" means not after the UTC
    date of the moment the decision is recorded, wherever the machine is
    (a machine in Kiritimati, UTC+14, may not record tomorrow's UTC date).

    Worked out once a day: ``datetime.now(UTC)`` reads the same clock as
    ``time.time_ns()``, and its date is day ``time_ns // 86,400 s`` after
    1970-01-01 (the clock counts no leap seconds), so only the day number is
    read per call (every line of an import asks; ``tests/unit/test_today.py``).
    Within :func:`one_day`, the day the block began.
    """
    fixed = _FIXED.get()
    if fixed is not None:
        return fixed
    day = time.time_ns() // _NS_PER_DAY
    known_day, known = _DAY[0]
    if day == known_day:
        return known
    today = date.fromordinal(_EPOCH + day)
    _DAY[0] = (day, today)  # one pair, replaced whole: no thread reads a mixed pair
    return today


_NS_PER_DAY = 86_400 * 10**9
_EPOCH = date(1970, 1, 1).toordinal()
_DAY: list[tuple[int, date]] = [(-1, date.min)]
"""The day number (since 1970-01-01, UTC) last asked about, and its date."""


_FIXED: ContextVar[date | None] = ContextVar("portfolio_ledger_today", default=None)
"""Today, fixed for a command that is running (:func:`one_day`)."""

day_fixed = _FIXED.get
"""The day :func:`one_day` fixed, if a block of it is open (else None): within one, another
changes nothing, so a caller asked again and again (an import's every line) may skip it."""


@contextmanager
def one_day() -> Iterator[date]:
    """Today fixed for the block, as the day it began: one command's "today", however long it runs.

    A decision given no effective date takes effect today, and none may take effect
    after today: checked as the command is read, and some checked again under the
    append lock. A command that runs across midnight (UTC) would otherwise check one
    day and record another, or take two days in one import. Within a block that has
    fixed it already, the outer block's day.
    """
    fixed = _FIXED.get()
    if fixed is not None:
        yield fixed
        return
    today = utc_today()
    token = _FIXED.set(today)
    try:
        yield today
    finally:
        _FIXED.reset(token)
