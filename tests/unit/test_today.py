"""``utc_today()``: the UTC date of the clock, worked out once a day."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta

import pytest

from portfolio_ledger.domain.clock import utc_today

DAY_NS = 86_400 * 10**9


def _date_of(ns: int) -> date:
    """The UTC date of a clock reading, as ``datetime.now(UTC)`` would give it."""
    return (datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=ns // 1000)).date()


def test_today_is_the_date_of_now_in_utc() -> None:
    before = datetime.now(UTC).date()
    today = utc_today()
    after = datetime.now(UTC).date()
    assert today in {before, after}


@pytest.mark.parametrize(
    "ns",
    [
        0,
        DAY_NS - 1,
        DAY_NS,
        20_423 * DAY_NS - 1,  # the last nanosecond of 2025-11-30 (UTC)
        20_423 * DAY_NS,
        20_423 * DAY_NS + 1,
        1_764_547_199_999_999_999,
        1_764_547_200_000_000_000,
        4_102_444_800 * 10**9 - 1,  # the end of 2099
    ],
)
def test_today_follows_the_clock_across_midnight(monkeypatch: pytest.MonkeyPatch, ns: int) -> None:
    monkeypatch.setattr(time, "time_ns", lambda: ns)
    assert utc_today() == _date_of(ns)
    monkeypatch.setattr(time, "time_ns", lambda: ns + DAY_NS)
    assert utc_today() == _date_of(ns + DAY_NS)
    monkeypatch.setattr(time, "time_ns", lambda: ns)
    assert utc_today() == _date_of(ns)
