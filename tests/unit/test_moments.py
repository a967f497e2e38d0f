"""Moments on the recorded clock as read options take them: the offset after a space."""

from __future__ import annotations

from datetime import UTC, datetime

import click
import pytest

from portfolio_ledger.cli.moments import AS_OF, MOMENT, UNTIL, MomentType


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("2026-01-05T10:00:00.5 +01:00", datetime(2026, 1, 5, 9, 0, 0, 500000, tzinfo=UTC)),
        ("2026-01-05T10:00:00.500000 +01:00", datetime(2026, 1, 5, 9, 0, 0, 500000, tzinfo=UTC)),
        ("2026-01-05 10:00:00.25 Z", datetime(2026, 1, 5, 10, 0, 0, 250000, tzinfo=UTC)),
        ("2026-01-05T10:00:00.5+01:00", datetime(2026, 1, 5, 9, 0, 0, 500000, tzinfo=UTC)),
    ],
)
def test_a_fraction_of_a_second_may_have_its_offset_after_a_space(
    text: str, meant: datetime
) -> None:
    """As a whole second may ('10:00:00 +01:00'): Python read six digits so, not one."""
    assert MOMENT.convert(text, None, None) == meant
    assert UNTIL.convert(text, None, None) == meant  # a fraction names that very instant


def test_a_time_to_the_minute_with_a_spaced_offset_still_means_the_whole_minute() -> None:
    end = datetime(2026, 1, 5, 9, 0, 59, 999999, tzinfo=UTC)
    assert UNTIL.convert("2026-01-05 10:00 +01:00", None, None) == end


@pytest.mark.parametrize(
    "text", ["2026-01-05t10:00:00z", "2026-01-05T10:00:00z", "2026-01-05t10:00:00 z"]
)
def test_t_and_z_may_be_lower_case_as_rfc_3339_allows(text: str) -> None:
    """RFC 3339 (5.6, NOTE): "T" and "Z" may be written "t" and "z"; Python took only "t"."""
    assert MOMENT.convert(text, None, None) == datetime(2026, 1, 5, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "text", ["2026-01-05t10:00:00z", "2026-01-05t10:00:00Z", "2026-01-05t11:00:00+01:00"]
)
def test_a_second_written_with_a_lower_case_t_means_that_second_not_a_minute_later(
    text: str,
) -> None:
    """The time of day was looked for after a capital T only: '2026' read as an hour and minute.

    ``--as-of 2026-12-03t04:24:03Z`` then answered for 04:25:02.999999, showing decisions
    recorded in the minute after the moment asked about.
    """
    end = datetime(2026, 1, 5, 10, 0, 0, 999999, tzinfo=UTC)
    assert AS_OF.convert(text, None, None) == end
    assert UNTIL.convert(text, None, None) == end


@pytest.mark.parametrize("text", ["2026-01-05x10:00:00Z", "2026-01-05_10:00", "2026-01-0510:00"])
def test_a_day_and_time_joined_by_anything_but_t_or_a_space_is_not_a_time(text: str) -> None:
    """Python reads any character there; the ledger's forms name T (t) or a space alone."""
    with pytest.raises(click.BadParameter, match="is not a time; write YYYY-MM-DD"):
        AS_OF.convert(text, None, None)


@pytest.mark.parametrize("text", ["9999-12-31T23:59:59Z", "9999-12-31T23:59Z", "9999-12-31T23Z"])
def test_the_last_second_minute_or_hour_of_the_calendar_ends_at_its_last_microsecond(
    text: str,
) -> None:
    """'audit trail --to 9999-12-31T23:59Z' was an internal error: a minute added, then less 1us."""
    assert UNTIL.convert(text, None, None) == datetime.max.replace(tzinfo=UTC)


@pytest.mark.parametrize(
    "text", ["2026-01-05T10:00.5Z", "2026-01-05T10.5", "2026-01-05T1000,5Z", "2026-01-05 10:00.5"]
)
@pytest.mark.parametrize("option", [AS_OF, UNTIL, MOMENT])
def test_a_fraction_of_an_hour_or_a_minute_is_refused_not_read_as_of_a_second(
    text: str, option: MomentType
) -> None:
    """ISO 8601's 10:00.5 is 10:00:30; Python read it as 10:00:00.5, 29.5 seconds early."""
    with pytest.raises(
        click.BadParameter, match=r"fraction of an hour or a minute.*give the seconds"
    ):
        option.convert(text, None, None)
