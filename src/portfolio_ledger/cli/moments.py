"""Moments on the command line: a recorded time (``--as-of``) or an effective day."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from typing import Any

import click

FORMS = (
    "YYYY-MM-DD (or another ISO 8601 day: YYYYMMDD, YYYY-Www-D), or "
    "YYYY-MM-DDTHH:MM[:SS[.ffffff]] with an optional Z or +HH:MM (UTC if none)"
)
_WEEK = re.compile(r"\d{4}-?W\d{2}", re.ASCII)
"""A week date without its weekday: a week, not a day (Python would read its Monday)."""


def named_day(text: str) -> date | None:
    """The day a text names, in any ISO 8601 spelling of a day Python reads; None if none.

    ``2026-12-01``, ``20261201`` and ``2026-W49-2`` name the same day; a
    time (``2026-12-01T10:00``) names no day. A week without its weekday
    (``2026-W49``) is refused: it names seven days.
    """
    text = text.strip()
    if _WEEK.fullmatch(text):
        raise ValueError(f"{text!r} names a week, not a day; add the weekday ({text}-1 is Monday)")
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


class MomentType(click.ParamType[datetime, Any]):
    """A moment on the recorded clock. A day (any ISO spelling) means the end of that day, UTC."""

    name = "TIME"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> datetime:
        """Parse a date or a timestamp."""
        if isinstance(value, datetime):
            return value
        text = str(value).strip()
        try:
            day = named_day(text)
            if day is not None:
                return datetime.combine(day, time.max, tzinfo=UTC)
            moment = datetime.fromisoformat(text)
        except ValueError as error:
            week = str(error) if _WEEK.fullmatch(text) else f"{text!r} is not a time"
            self.fail(f"{week}; write {FORMS}", param, ctx)
        try:
            return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
        except OverflowError:
            self.fail(
                f"{text!r} falls outside the calendar once turned into UTC (the ledger's clock "
                "runs from 0001-01-01 to 9999-12-31 UTC); give a moment within it",
                param,
                ctx,
            )


class DayType(click.ParamType[date, Any]):
    """A calendar day on the effective clock."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        """Parse a date."""
        if isinstance(value, date):
            return value
        try:
            day = named_day(str(value))
        except ValueError as error:
            self.fail(f"{error}; write YYYY-MM-DD", param, ctx)
        if day is None:
            self.fail(f"{value!r} is not a date; write YYYY-MM-DD", param, ctx)
        return day


MOMENT = MomentType()
DAY = DayType()

as_of_option = click.option(
    "--as-of", type=MOMENT, help="What the ledger said at this moment (recorded clock)."
)
effective_on_option = click.option(
    "--effective-on",
    type=DAY,
    help="What had been decided with effect by this day (effective clock).",
)
