"""What the pack's page lists of thousands of exceptions and decisions (reports.listing)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import cast

import pytest

from portfolio_ledger.reports.listing import (
    fair_shares,
    listed_changes,
    listed_decisions,
    listing,
    most_pressing,
)
from portfolio_ledger.reports.model import BoardPack, Change, DecisionEntry, PackException


@pytest.mark.parametrize(
    ("counts", "limit", "shares"),
    [
        ([4, 11], None, [4, 11]),  # all
        ([4, 11], 15, [4, 11]),  # room for every one
        ([4, 11], 5, [3, 2]),  # evenly, the odd one to the first rule
        ([12, 522, 7267], 100, [12, 44, 44]),  # a small rule whole, its room to the others
        ([3, 3, 3], 1, [1, 0, 0]),
        ([1, 1, 5000], 10, [1, 1, 8]),
    ],
)
def test_the_room_is_shared_evenly_between_the_rules(
    counts: list[int], limit: int | None, shares: list[int]
) -> None:
    assert fair_shares(counts, limit) == shares
    assert sum(shares) == min(sum(counts), limit or sum(counts))


def exception(key: str, age: int | None) -> PackException:
    return PackException(rule="R4 stale-status", key=key, title=key, detail="-", owner="O",
                         body="O", age_days=age)  # fmt: skip


def test_the_most_pressing_are_those_never_reported_then_the_oldest_then_by_key() -> None:
    found = [exception("A", 100), exception("B", None), exception("C", 300), exception("D", 300)]
    assert [e.key for e in most_pressing(found)] == ["B", "C", "D", "A"]


def decision(position: int, flag: str | None = None) -> DecisionEntry:
    return DecisionEntry(position=position, effective_date=date(2026, 1, 1),
                         recorded_at=datetime(2026, 1, 1, tzinfo=UTC), subject="PRJ-1",
                         event="approved", summary="approved", actor="A", role="R",
                         authority=None, rationale="-", flag=flag)  # fmt: skip


def test_decisions_flagged_come_first_then_the_latest_in_ledger_order() -> None:
    found = [decision(p, "corrected by #9" if p == 2 else None) for p in range(1, 9)]
    assert [d.position for d in listed_decisions(found, 3)] == [2, 7, 8]
    assert [d.position for d in listed_decisions(found, None)] == list(range(1, 9))
    assert [d.position for d in listed_decisions(found, 8)] == list(range(1, 9))
    many = [decision(p, "annuls #1") for p in range(1, 6)]
    assert [d.position for d in listed_decisions(many, 2)] == [1, 2]


def test_changes_are_listed_kind_by_kind_the_room_shared_between_the_kinds() -> None:
    found = [Change(key=f"K{n:05d}", title="t", organisation=None, change="joined",
                    before=None, after="x") for n in range(10_000)]  # fmt: skip
    found += [Change(key="K00007", title="t", organisation=None, change="rag", before="green",
                     after="red")]  # fmt: skip
    listed = listed_changes(found, 100)
    assert [c.change for c in listed] == ["joined"] * 99 + ["rag"]  # not hidden by joins
    assert [c.key for c in listed[:99]] == [f"K{n:05d}" for n in range(99)]
    assert listed_changes(found, None) == found


@pytest.mark.parametrize("limits", [(0, None, None), (None, -1, None), (None, None, 0)])
def test_a_number_below_one_is_refused_from_python_as_the_command_refuses_it(
    limits: tuple[int | None, int | None, int | None],
) -> None:
    # listed_decisions sliced with -1: every decision but the last, said as a cut list
    with pytest.raises(ValueError, match="is not how many to list"):
        listing(cast(BoardPack, None), *limits)
