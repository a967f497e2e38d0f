"""The readings of an export's ``--to`` that versions of portfolio-ledger have made.

``audit verify-export`` checks an export by its manifest's filters as read now; an
export made by an earlier version that read ``--to`` otherwise is checked by that
reading if today's finds it short or long, and says so (``--from`` too). Every reading selects real
rows of the ledger alike: the check of each row is the same, nothing is let through.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from portfolio_ledger.application.selection import TrailFilter
    from portfolio_ledger.audit.manifest import Filters

_LOWER_CASE_T = re.compile(r"[^Tt ]+t[^Tt ]*", re.ASCII)
"""A timestamp whose day and time a lower-case ``t`` joins (``2026-12-03t04:24:03Z``)."""
_MINUTE = timedelta(minutes=1)


def either_reading_of_to(
    filters: Filters, in_the_ledger: Callable[[TrailFilter], list[str]]
) -> list[str]:
    """The check by the filters as read now; else by a reading an earlier version made.

    Before 2026-12-02 ``--to`` a time to the second meant that instant; it means the
    end of that second now (``cli/moments.py``). From then until 2026-12-03 a time
    joined to its day by a lower-case ``t`` was read a minute late (its year taken for
    an hour and minute): such an export holds the rows up to a minute after.
    """
    from portfolio_ledger.audit.verify_export import ExportInvalid
    from portfolio_ledger.cli.audit import trail_filter

    where = trail_filter(**filters.options())
    try:
        return in_the_ledger(where)
    except ExportInvalid as problem:
        for earlier, said in _earlier_readings(filters, where):
            try:
                return [*in_the_ledger(earlier), said]
            except ExportInvalid:
                continue
        raise problem from None


def _earlier_readings(filters: Filters, now: TrailFilter) -> list[tuple[TrailFilter, str]]:
    """Each other filter an earlier version read the manifest's as, with what to say of it."""
    from portfolio_ledger.cli.audit import trail_filter

    instant = trail_filter(**filters.options(), through=False)
    readings = []
    if instant != now:
        said = (
            f"--to {filters.end} was read as that very instant, as portfolio-ledger read a "
            "time to the second before 2026-12-02 (it means the end of that second now)"
        )
        readings.append((instant, said))
    end = instant.end
    lower_t = filters.end is not None and _LOWER_CASE_T.fullmatch(filters.end.strip())
    if lower_t and isinstance(end, datetime) and end < end.max.replace(tzinfo=end.tzinfo) - _MINUTE:
        late = replace(instant, end=end + _MINUTE - timedelta(microseconds=1))
        said = (
            f"--to {filters.end} was read a minute late, as portfolio-ledger read a time "
            "joined to its day by a lower-case t from 2026-12-02 to 2026-12-03 (it means "
            "that second now)"
        )
        readings.append((late, said))
    return _from_as_truncated(filters, now, _from_past_its_instant(filters, now, readings))


def _from_past_its_instant(
    filters: Filters, now: TrailFilter, readings: list[tuple[TrailFilter, str]]
) -> list[tuple[TrailFilter, str]]:
    """``readings``, and each without a row recorded at a whole second ``--from`` names.

    Before 2026-12-05 an SQLite ledger's read models kept a time recorded at a whole
    second without its microseconds (``... 00:00:00``), which sorts before the
    ``... 00:00:00.000000`` a ``--from`` of that instant binds: the export left that
    row out (``test_whole_second_times``). Read so, ``--from`` is the next microsecond.
    """
    start = now.start
    if filters.start is None or not isinstance(start, datetime) or start.microsecond:
        return readings
    past = start + timedelta(microseconds=1)
    said = (
        f"--from {filters.start} left out a row recorded at that very instant, a whole "
        "second, as an SQLite ledger's exports did before 2026-12-05 (it takes it in now)"
    )
    return [
        *readings,
        (replace(now, start=past), said),
        *((replace(where, start=past), f"{was}; {said}") for where, was in readings),
    ]


def _from_as_truncated(
    filters: Filters, now: TrailFilter, readings: list[tuple[TrailFilter, str]]
) -> list[tuple[TrailFilter, str]]:
    """``readings``, and each with ``--from`` read as every version before 2026-12-06 read it.

    A ``--from`` finer than a microsecond (``...19.092937001Z``) was read as the
    microsecond before that instant (``...19.092937``), so the export held the row
    recorded then; it means the next microsecond now (``cli/moments.py``).
    """
    from portfolio_ledger.cli.moments import finer_than_a_microsecond

    start = now.start
    if filters.start is None or not finer_than_a_microsecond(filters.start):
        return readings
    if not isinstance(start, datetime) or start == start.min.replace(tzinfo=start.tzinfo):
        return readings
    early = start - timedelta(microseconds=1)
    said = (
        f"--from {filters.start} was read as the microsecond before it, as portfolio-ledger "
        "read a time finer than a microsecond before 2026-12-06 (it means the next one now)"
    )
    truncated = [(replace(now, start=early), said)]
    truncated += [(replace(where, start=early), f"{was}; {said}") for where, was in readings]
    return truncated
