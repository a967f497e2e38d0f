"""The days commands are given: written as days, and within the bounds each kind of day has.

A day is only ``YYYY-MM-DD`` (``Day``); a decision's effective date is from 1900 on and
not after today (``EffectiveDate``); a planned or forecast finish from 1900 on
(``ForecastDay``); an action's due day, a deferral's end and a delegation's window
from 1900 on (``RecordedDay``); a board pack recorded as tabled as at a day that has come
(``PackDay``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator

from portfolio_ledger.application.field_wording import not_a_day
from portfolio_ledger.domain.clock import day_fixed, utc_today

_DAY_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _a_day_as_written(value: Any) -> Any:
    """A day only as ``YYYY-MM-DD`` (or a date): never a count of seconds since 1970, nor a time.

    pydantic alone would read ``0`` or ``"86400"`` as a Unix time (1970-01-01, 1970-01-02)
    and ``2026-01-01T00:00`` as its day; a record of when a decision took effect takes
    neither. Worded as pydantic's own date errors are (``field_wording``).
    """
    if type(value) is date or (isinstance(value, str) and _DAY_TEXT.fullmatch(value)):
        return value
    raise ValueError(not_a_day(value))


def read_day(value: Any) -> date:
    """A day as ``Day`` reads one (for values read outside a command: a correction's)."""
    written = _a_day_as_written(value)
    try:
        return written if isinstance(written, date) else date.fromisoformat(written)
    except ValueError as error:
        no_month = str(error).startswith("month")
        why = "there is no such month" if no_month else "that month has no such day"
        raise ValueError(not_a_day(value, why)) from None


def _not_after_today(rule: str) -> Callable[[date], date]:
    """A check refusing a day after today (UTC), saying ``rule``."""

    def check(value: date) -> date:
        today = day_fixed() or utc_today()  # a batch's fixed day, without utc_today's call
        if value > today:
            raise ValueError(
                f"{value.isoformat()} is in the future; {rule} (today is "
                f"{today.isoformat()} in UTC, the ledger's calendar)"
            )
        return value

    return check


_not_future = _not_after_today("a decision takes effect on or before the day it is recorded")

EARLIEST_DAY = date(1900, 1, 1)
"""No portfolio decision took effect, nor is an item planned or forecast to finish, an action
due, a decision put off or authority delegated, before this: a day before it is a placeholder."""
_NO_DATE = (
    "(a day before 1900 is how some systems write no date, 0001-01-01 or Excel's "
    "1899-12-30, or a year typed short, 0026 for 2026)"
)
"""Why a day before 1900 is refused where a decision is dated (its own, or one it records)."""


def before_any_decision(value: date) -> str | None:
    """Why ``value`` cannot be a decision's effective date for being too early; else None.

    A day before 1900 is how some systems write no date (0001-01-01, Excel's
    1899-12-30), or a year that lost its digits (0026 for 2026): taken as given, the
    decision would sit before every other in the item's history and in every view as
    of a day. Decisions recorded before the rule stand as recorded.
    """
    if value >= EARLIEST_DAY:
        return None
    return (
        f"{value.isoformat()} is before 1900: no portfolio decision took effect then "
        f"{_NO_DATE}; give the day the decision took effect"
    )


def _an_effective_day(value: date) -> date:
    """A decision's effective date: from 1900 on, and not after today."""
    if value < EARLIEST_DAY:  # (the comparison alone on every line of an import)
        raise ValueError(before_any_decision(value))
    return _not_future(value)


def _a_forecast_day(value: date) -> date:
    """Refuse a planned or forecast finish before 1900: a system's 'no date', never a day.

    Only what is certainly an error: a forecast before the item started, or before
    the report, may be a late item's real date (a return's end date passed), and a
    late one (9999-12-31) may mean a service with no end.
    """
    if value < EARLIEST_DAY:
        raise ValueError(
            f"{value.isoformat()} is before 1900: no portfolio item is planned or forecast to "
            "finish then (a day before 1900 is how some systems write no date: 0001-01-01, "
            "Excel's 1899-12-30); give the day it is to finish, or leave the date out if "
            "none is known"
        )
    return value


def _a_recorded_day(value: date) -> date:
    """Refuse a due day, a deferral's end or a delegation's window before 1900.

    Each has its rule against the decision's own day too (due on or after it, and so on),
    which an effective date from 1900 on keeps after 1899; but those words send the user
    to the decision's day, where a day before 1900 is a system's 'no date' or a year typed
    short (0026-03-01), and a correction of one was refused by the ledger (exit 1), not as
    the malformed value it is (exit 2).
    """
    if value < EARLIEST_DAY:
        raise ValueError(
            f"{value.isoformat()} is before 1900: no portfolio action falls due, decision is "
            f"put off or authority is delegated then {_NO_DATE}; give the day meant, written "
            "in full"
        )
    return value


_pack_day = _not_after_today(
    "a board pack recorded as tabled is as at a day that has come; make the pack as at "
    "today or an earlier day"
)


Day = Annotated[date, BeforeValidator(_a_day_as_written)]
"""A calendar day, written ``YYYY-MM-DD`` (a real one: 2026-02-30 is refused)."""
EffectiveDate = Annotated[Day, AfterValidator(_an_effective_day)]
"""The day a decision takes effect: from 1900 on, and not after today (UTC)."""
PackDay = Annotated[Day, AfterValidator(_pack_day)]
ForecastDay = Annotated[Day, AfterValidator(_a_forecast_day)]
"""A day an item is planned or forecast to finish: 1900 or later."""
RecordedDay = Annotated[Day, AfterValidator(_a_recorded_day)]
"""A day a decision records, other than its own or a forecast (a due day, a deferral's end, a
delegation's start and end): 1900 or later."""
