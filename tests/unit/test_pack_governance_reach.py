"""Which decisions a board pack judges again: those governance recorded after them may reach."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from portfolio_ledger.application.selection import TrailFilter
from portfolio_ledger.reports.authority_judged import LaterGovernance
from portfolio_ledger.reports.model import DecisionEntry


def at(hour: int) -> datetime:
    return datetime(2026, 6, 1, hour, tzinfo=UTC)


def entry(recorded: int, day: date) -> DecisionEntry:
    return DecisionEntry(
        position=1, effective_date=day, recorded_at=at(recorded), subject="PRJ-1", event="x",
        summary="x", actor="a", role="r", authority=None, rationale="r", flag=None,
    )  # fmt: skip


class _Source:
    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows
        self.asked: list[TrailFilter] = []

    def trail(self, where: TrailFilter) -> list[dict[str, Any]]:
        self.asked.append(where)
        return [
            row for row in self.rows if where.start is None or row["recorded_at"] >= where.start
        ]


def change(recorded: int, day: date, *, corrects: int | None = None) -> dict[str, Any]:
    return {
        "recorded_at": at(recorded),
        "effective_date": day,
        "corrects": corrects,
        "annuls": None,
    }


def test_only_governance_recorded_after_and_in_effect_by_the_decisions_day_reaches_it() -> None:
    source = _Source([change(9, date(2026, 5, 20)), change(12, date(2026, 6, 1))])
    made = [entry(8, date(2026, 5, 25)), entry(10, date(2026, 5, 25)), entry(13, date(2026, 1, 1))]

    governance = LaterGovernance(source, made)  # type: ignore[arg-type]

    # recorded at 8, a stand-down of 20 May minuted at 9: it may take its authority away
    assert governance.may_reach(made[0])
    # recorded at 10: only the change of 1 June came after, and took effect after its day
    assert not governance.may_reach(made[1])
    # recorded after every change
    assert not governance.may_reach(made[2])
    assert source.asked[0].subject_kinds == ("board", "delegation", "person")


def test_a_correction_of_governance_reaches_any_day() -> None:
    source = _Source([change(12, date(2026, 6, 1), corrects=4)])
    made = entry(10, date(2020, 1, 1))

    assert LaterGovernance(source, [made]).may_reach(made)  # type: ignore[arg-type]


def test_no_decision_listed_reads_no_trail() -> None:
    source = _Source([change(12, date(2026, 6, 1))])

    LaterGovernance(source, [])  # type: ignore[arg-type]

    assert source.asked == []
