"""Counts as messages say them: singular for one, thousands separated, no "first 1 event"."""

from __future__ import annotations

import pytest

from portfolio_ledger.domain.counts import among_events, events, first_events


@pytest.mark.parametrize(
    ("count", "said"), [(0, "0 events"), (1, "1 event"), (2, "2 events"), (10_000, "10,000 events")]
)
def test_events(count: int, said: str) -> None:
    assert events(count) == said


@pytest.mark.parametrize(
    ("count", "said"), [(1, "first event"), (2, "first 2 events"), (12_345, "first 12,345 events")]
)
def test_first_events(count: int, said: str) -> None:
    assert first_events(count) == said


@pytest.mark.parametrize(
    ("count", "said"),
    [(1, "the one event"), (3, "among the 3 events"), (1_000, "among the 1,000 events")],
)
def test_among_events(count: int, said: str) -> None:
    assert among_events(count) == said
