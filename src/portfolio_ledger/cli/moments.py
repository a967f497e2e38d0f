"""Moments on the command line: a recorded time (``--as-of``) or an effective day."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

import click

FORMS = "YYYY-MM-DD, or YYYY-MM-DDTHH:MM[:SS[.ffffff]] with an optional Z or +HH:MM (UTC if none)"


class MomentType(click.ParamType[datetime, Any]):
    """A moment on the recorded clock. A bare date means the end of that day, UTC."""

    name = "TIME"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> datetime:
        """Parse a date or a timestamp."""
        if isinstance(value, datetime):
            return value
        text = str(value).strip()
        try:
            if len(text) == 10:
                return datetime.combine(date.fromisoformat(text), time.max, tzinfo=UTC)
            moment = datetime.fromisoformat(text)
        except ValueError:
            self.fail(f"{text!r} is not a time; write {FORMS}", param, ctx)
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
            return date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"{value!r} is not a date; write YYYY-MM-DD", param, ctx)


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
