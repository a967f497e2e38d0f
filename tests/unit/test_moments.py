"""Moments on the recorded clock as read options take them: the offset after a space."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from portfolio_ledger.cli.moments import MOMENT, UNTIL


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
