"""Moments on the command line: a recorded time (``--as-of``) or an effective day."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import click

from portfolio_ledger.domain.calendar_words import no_such_clock, no_such_day
from portfolio_ledger.domain.errors import quoted

FORMS = (
    "YYYY-MM-DD (or another ISO 8601 day: YYYYMMDD, YYYY-Www-D), or "
    "YYYY-MM-DDTHH:MM[:SS[.ffffff]] with an optional Z or +HH:MM (UTC if none)"
)
_WEEK = re.compile(r"\d{4}-?W\d{2}", re.ASCII)
"""A week date without its weekday: a week, not a day (Python would read its Monday)."""
_CLOCK = re.compile(r"(\d{2}(?::?\d{2}){0,2})([.,]\d+)?\s*(?:[Zz]|[+-].*)?", re.ASCII)
"""The time of day in a timestamp: hours, minutes, seconds (digits), any fraction, any offset
(after a space or not: ``10:00 +01:00`` names the minute as ``10:00+01:00`` does)."""
_SPAN = {2: timedelta(hours=1), 4: timedelta(minutes=1), 6: timedelta(seconds=1)}
_OFFSET_SPACE = re.compile(r"(\d)\s+([Zz]|[+-]\d{2}(?::?\d{2})?)$", re.ASCII)
"""Spaces between a time and its offset: left out before Python reads it, which takes one
after whole seconds or six digits of a fraction, but not after ``10:00:00.5``."""
_DAY_AND_CLOCK = re.compile(r"([^Tt ]+)[Tt ](.*)", re.ASCII | re.DOTALL)
"""A timestamp's day and its time of day, split where RFC 3339 and ISO 8601 do: at ``T``,
``t`` or a space (Python takes any character there: ``2026-12-03x10:00`` is no time)."""
_EMPTY_FRACTION = re.compile(r"\d[.,](?!\d)", re.ASCII)
"""A decimal sign with no digit after it: Python reads ``10:00:01.Z`` as 10:00:01.000000."""


def _clock(text: str) -> str | None:
    """The time of day a timestamp gives, after its ``T``, ``t`` or space; None if none."""
    found = _DAY_AND_CLOCK.fullmatch(text.strip())
    return None if found is None else found.group(2)


def _iso(text: str) -> str:
    """A timestamp as Python reads it: no space before its offset, ``z`` as ``Z`` (RFC 3339).

    Raises ValueError for a text with no ``T``, ``t`` or space between its day and time.
    """
    found = _DAY_AND_CLOCK.fullmatch(text)
    if found is None:
        raise ValueError(f"{quoted(text)} has no T between its day and its time")
    if _EMPTY_FRACTION.search(found.group(2)):
        raise NoSuchTimeError(
            f"{quoted(text)} has a decimal sign with no digits after it, which would be read as "
            "the start of that second or minute (10:00:01.Z as 10:00:01.000000); give the "
            "fraction's digits (10:00:01.5) or none (10:00:01, the whole second)"
        )
    clock = _CLOCK.fullmatch(found.group(2))
    if clock is not None and clock.group(2) and sum(c.isdigit() for c in clock.group(1)) < 6:
        raise NoSuchTimeError(
            f"{quoted(text)} has a fraction of an hour or a minute, which would be read as of a "
            "second (04:00.5 as 04:00:00.5, not 04:00:30); give the seconds"
        )
    joined = _OFFSET_SPACE.sub(r"\1\2", f"{found.group(1)}T{found.group(2)}")
    return joined[:-1] + "Z" if joined.endswith("z") else joined


class NoSuchDayError(ValueError):
    """A text shaped like a day that names none (a week; 29 February of a common year)."""


class NoSuchTimeError(ValueError):
    """A time of day Python would read as another (a fraction of a minute as of a second)."""


def end_of_named(text: str, moment: datetime) -> datetime:
    """The last microsecond of the hour, minute or second a timestamp names; as given if finer.

    A time shown to the second (``recorded 2026-12-02 04:17:15Z`` in ``item
    history``) names that whole second, as a bare date names its whole day: so
    ``--as-of`` it includes the decision recorded at 04:17:15.330293.
    """
    clock = _clock(text)
    found = None if clock is None else _CLOCK.fullmatch(clock)
    if found is None or found.group(2) is not None:
        return moment
    span = _SPAN.get(sum(c.isdigit() for c in found.group(1)))
    # (span less a microsecond) first: the last second of 9999 plus a whole one is no date
    return moment if span is None else moment + (span - timedelta(microseconds=1))


def finer_than_a_microsecond(text: str) -> bool:
    """Whether a time gives a fraction of a second past its sixth digit (``.092937001``)."""
    clock = _clock(text)
    found = None if clock is None else _CLOCK.fullmatch(clock)
    beyond = "" if found is None or found.group(2) is None else found.group(2)[7:]
    return bool(beyond.strip("0"))


def start_of_named(text: str, moment: datetime) -> datetime:
    """The first microsecond at or after the instant a time names finer than a microsecond.

    The ledger records times to the microsecond, and Python reads ``07:16:19.092937001``
    as 07:16:19.092937, the microsecond before that instant: a range from it took in the
    decision recorded then, before the range began. A moment a range or a view runs up to
    (``--to``, ``--as-of``) loses nothing by it: no decision is recorded in between.
    """
    if not finer_than_a_microsecond(text):
        return moment
    try:
        return moment + timedelta(microseconds=1)
    except OverflowError:  # within the calendar's last microsecond: nothing is recorded after it
        return moment


def named_day(text: str) -> date | None:
    """The day a text names, in any ISO 8601 spelling of a day Python reads; None if none.

    ``2026-12-01``, ``20261201`` and ``2026-W49-2`` name the same day; a
    time (``2026-12-01T10:00``) names no day. A week without its weekday
    (``2026-W49``) is refused: it names seven days; so is a text shaped as a
    day that the calendar lacks (``2025-02-29``), saying which part is wrong.
    """
    text = text.strip()
    if _WEEK.fullmatch(text):
        monday = f"{text}-1" if "-" in text else f"{text}1"  # spelt as the week is
        raise NoSuchDayError(
            f"{quoted(text)} names a week, not a day; add the weekday ({monday} is Monday)"
        )
    try:
        return date.fromisoformat(text)
    except ValueError:
        _refuse_an_impossible_day(text)
        return None


def _refuse_an_impossible_day(text: str) -> None:
    """Say which part is wrong of a day shaped right that the calendar lacks (2025-02-29)."""
    reason = no_such_day(re.split(r"[T ]", text.strip(), maxsplit=1)[0])
    if reason is not None:
        raise NoSuchDayError(f"{quoted(text)} is not a date: {reason}")


class MomentType(click.ParamType[datetime, Any]):
    """A moment on the recorded clock. A day (any ISO spelling) means the end of that day, UTC."""

    name = "TIME"

    def __init__(self, *, future: bool = True, through: bool = False, start: bool = False) -> None:
        self.future = future
        """Whether a moment after now is taken (a range's bound) or refused (a moment asked of)."""
        self.through = through
        """Whether a time to the second (or minute) means the end of it, as a day means its end."""
        self.start = start
        """Whether it begins a range: an instant finer than a microsecond is the next one's."""

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
                end = datetime.combine(day, time.max, tzinfo=UTC)
                return self._not_future(end, text, param, ctx, day=day)
            self._a_time_of_day(text, param, ctx)
            moment = datetime.fromisoformat(_iso(text))
        except (NoSuchDayError, NoSuchTimeError) as error:
            self.fail(f"{error}; write {FORMS}", param, ctx)
        except ValueError:
            try:
                _refuse_an_impossible_day(text)
            except NoSuchDayError as error:
                self.fail(f"{error}; write {FORMS}", param, ctx)
            self.fail(f"{quoted(text)} is not a time; write {FORMS}", param, ctx)
        try:
            aware = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
        except OverflowError:
            self.fail(
                f"{quoted(text)} falls outside the calendar once turned into UTC (the ledger's "
                "clock runs from 0001-01-01 to 9999-12-31 UTC); give a moment within it",
                param,
                ctx,
            )
        moment = self._not_future(aware, text, param, ctx)
        if self.start:
            return start_of_named(text, moment)
        return end_of_named(text, moment) if self.through else moment

    def _a_time_of_day(
        self, text: str, param: click.Parameter | None, ctx: click.Context | None
    ) -> None:
        """Refuse a time of day the ledger does not read (24:00, second 60), saying the fix."""
        reason = no_such_clock(text)
        if reason is not None:
            rule, fix = reason
            self.fail(
                f"{quoted(text)} is not a time: {rule}; {fix or 'write ' + FORMS}", param, ctx
            )

    def _not_future(
        self,
        moment: datetime,
        text: str,
        param: click.Parameter | None,
        ctx: click.Context | None,
        *,
        day: date | None = None,
    ) -> datetime:
        """The moment, unless it is refused for being after now (a ``day``: after today)."""
        from portfolio_ledger.domain.clock import utc_today

        today, now = utc_today(), datetime.now(UTC)
        later = day > today if day is not None else moment > now
        if later and not self.future:
            # A time is said in UTC beside now: one given in another zone (10:00-05:00) may
            # be after now though its day is today.
            when = (
                f"today is {today.isoformat()} in UTC; a date of today means the end of today"
                if day is not None
                else f"it is {_in_utc(moment)} in UTC, and now is {now:%Y-%m-%dT%H:%M:%SZ}"
            )
            self.fail(
                f"{quoted(text)} is in the future: the ledger cannot say what it will "
                f"have recorded by then. Give a moment up to now ({when})",
                param,
                ctx,
            )
        return moment


def _in_utc(moment: datetime) -> str:
    """A moment in UTC, to the second, with its fraction where it has one."""
    utc = moment.astimezone(UTC)
    fraction = f".{utc.microsecond:06d}".rstrip("0") if utc.microsecond else ""
    return f"{utc:%Y-%m-%dT%H:%M:%S}{fraction}Z"


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
            said = f"{quoted(value)} is not a date{_a_moment(value)}"
            self.fail(f"{said}; write YYYY-MM-DD", param, ctx)
        return day


class DayAsWrittenType(click.ParamType[str, Any]):
    """A day to record, as written less its surrounding whitespace: the command reads it.

    The command's model checks the day (``YYYY-MM-DD``, real, not after today) and says
    why one is refused; a space pasted around it is dropped here, as ``--as-of``,
    ``--effective-on`` and ``decision correct --set effective_date=`` drop one.
    """

    name = "YYYY-MM-DD"

    def convert(
        self,
        value: Any,
        param: click.Parameter | None,  # noqa: ARG002 - click's signature
        ctx: click.Context | None,  # noqa: ARG002
    ) -> str:
        """The text, stripped."""
        return str(value).strip()


def _a_moment(value: Any) -> str:
    """``: a day is asked, not a moment ...`` for a time given where a day is; else empty.

    As recording says it of an effective date (``field_wording.not_a_day``): the
    effective clock, a pack's and a return's ``--as-at``, count whole days.
    """
    try:
        moment = datetime.fromisoformat(_iso(str(value).strip()))
    except ValueError:
        return ""
    return f": a day is asked, not a moment; give the day alone, {moment.date().isoformat()}"


MOMENT = MomentType()
"""A bound of a range: a moment after now is taken (the range reaches up to now)."""
FROM = MomentType(start=True)
"""A range's first bound: as :data:`MOMENT`; an instant finer than a microsecond rounds up."""
UNTIL = MomentType(through=True)
"""A range's last bound: as :data:`MOMENT`; a time to the second means the end of that second."""
AS_OF = MomentType(future=False, through=True)
"""A moment asked about on the recorded clock: one after now is refused; a second means its end."""
DAY = DayType()
DAY_AS_WRITTEN = DayAsWrittenType()
"""A day recorded by a command (``--effective-date``, ``--due``), its surrounding spaces dropped."""

as_of_option = click.option(
    "--as-of",
    type=AS_OF,
    help=(
        "What the ledger said at this moment (recorded clock; not after now; a day or a "
        "time to the second means the end of it; UTC unless written with an offset, "
        "Z or -05:00)."
    ),
)
effective_on_option = click.option(
    "--effective-on",
    type=DAY,
    help="What had been decided with effect by this day (effective clock).",
)
