"""Tolerances and automatic exceptions, pure: thresholds, breaches, escalations raised once."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from portfolio_ledger.domain.errors import InvalidDecision
from portfolio_ledger.domain.events import IssueEscalated, StatusReported, ToleranceBreached
from portfolio_ledger.domain.item import PortfolioItem
from portfolio_ledger.domain.lifecycle import Stage
from portfolio_ledger.domain.money import Money
from portfolio_ledger.domain.ratings import RAG, Severity
from portfolio_ledger.domain.tolerances import (
    CostTolerance,
    TimeTolerance,
    ToleranceDimension,
)
from tests.unit.stages import DAY, decided, gbp, item_in


def report(
    item: PortfolioItem, cost: int | None = None, finish: date | None = None
) -> list[object]:
    before = len(item.pending_events)
    item.report_status(
        overall=RAG.AMBER,
        cost=None,
        schedule=None,
        scope=None,
        benefits=None,
        forecast_cost=gbp(cost) if cost is not None else None,
        forecast_date=finish,
        decision=decided(None),
    )
    return list(item.pending_events[before:])


def delivering(
    cost: CostTolerance | None = None, time: TimeTolerance | None = None
) -> PortfolioItem:
    item = item_in(Stage.IN_DELIVERY)  # budget GBP 100
    item.set_tolerances(cost=cost, time=time, decision=decided())
    return item


def test_a_percentage_cost_tolerance_is_over_the_current_budget() -> None:
    tolerance = CostTolerance(percent=Decimal(10))

    assert tolerance.ceiling(gbp(1_200_000)) == Decimal("1320000.00")
    assert CostTolerance(amount=gbp(50_000)).ceiling(gbp(1_200_000)) == Decimal(1_250_000)


def test_a_time_tolerance_is_days_after_the_plan_or_a_share_of_the_time_to_it() -> None:
    plan = DAY + timedelta(days=100)

    assert TimeTolerance(planned_finish=plan, days=30).latest(DAY) == plan + timedelta(days=30)
    assert TimeTolerance(planned_finish=plan, percent=Decimal(10)).latest(DAY) == plan + timedelta(
        days=10
    )


def test_a_share_of_the_time_allows_only_the_whole_days_within_it() -> None:
    # 10% of the 243 days to the plan is 24.3 days: the latest finish within it is 24 days
    # late. It was rounded up to 25, so a report forecasting 25 days late raised no breach
    # (where a cost tolerance's ceiling is rounded down, to the last penny within it).
    plan = DAY + timedelta(days=243)
    tolerance = TimeTolerance(planned_finish=plan, percent=Decimal(10))

    assert tolerance.latest(DAY) == plan + timedelta(days=24)
    assert [
        type(e) for e in report(delivering(time=tolerance), finish=plan + timedelta(days=24))
    ] == [StatusReported]
    assert [
        type(e) for e in report(delivering(time=tolerance), finish=plan + timedelta(days=25))
    ] == [
        StatusReported,
        ToleranceBreached,
        IssueEscalated,
    ]


def test_a_forecast_beyond_the_cost_tolerance_records_breach_and_escalation_with_the_report() -> (
    None
):
    item = delivering(cost=CostTolerance(percent=Decimal(10)))

    recorded = report(item, cost=111)

    assert [type(e) for e in recorded] == [StatusReported, ToleranceBreached, IssueEscalated]
    breach, escalation = recorded[1], recorded[2]
    assert isinstance(breach, ToleranceBreached)
    assert isinstance(escalation, IssueEscalated)
    assert breach.dimension is ToleranceDimension.COST
    assert breach.ceiling == gbp(110)
    assert breach.escalated_to == "Investment Committee"
    assert escalation.escalated_to == "Investment Committee"
    assert escalation.severity is Severity.HIGH
    assert escalation.escalation == breach.escalation == 1
    assert breach.decision.rationale.startswith("Automatic exception: forecast cost GBP 111")
    assert breach.decision.effective_date == escalation.decision.effective_date == DAY
    assert list(item.open_escalations) == [1]


def test_a_forecast_at_the_tolerance_or_none_at_all_is_no_breach() -> None:
    item = delivering(cost=CostTolerance(amount=gbp(10)))

    assert [type(e) for e in report(item, cost=110)] == [StatusReported]
    assert [type(e) for e in report(item)] == [StatusReported]


def test_a_breach_is_raised_once_while_its_escalation_is_open_and_again_after() -> None:
    item = delivering(cost=CostTolerance(percent=Decimal(0)))
    report(item, cost=101)

    again = report(item, cost=102)
    item.resolve_escalation(escalation=1, decision=decided())
    after = report(item, cost=103)

    assert [type(e) for e in again] == [StatusReported]
    assert [type(e) for e in after] == [StatusReported, ToleranceBreached, IssueEscalated]


def test_a_late_forecast_finish_breaches_the_time_tolerance() -> None:
    plan = DAY + timedelta(days=60)
    item = delivering(time=TimeTolerance(planned_finish=plan, days=14))

    on_time = report(item, finish=plan + timedelta(days=14))
    late = report(item, finish=plan + timedelta(days=15))

    assert len(on_time) == 1
    breach = late[1]
    assert isinstance(breach, ToleranceBreached)
    assert breach.dimension is ToleranceDimension.TIME
    assert breach.latest_date == plan + timedelta(days=14)


def test_both_tolerances_breached_raise_two_escalations() -> None:
    plan = DAY + timedelta(days=60)
    item = delivering(
        cost=CostTolerance(percent=Decimal(1)), time=TimeTolerance(planned_finish=plan, days=0)
    )

    recorded = report(item, cost=200, finish=plan + timedelta(days=1))

    assert [type(e).__name__ for e in recorded] == [
        "StatusReported",
        "ToleranceBreached",
        "IssueEscalated",
        "ToleranceBreached",
        "IssueEscalated",
    ]
    assert sorted(item.open_escalations) == [1, 2]


def test_setting_tolerances_needs_something_valid_to_set() -> None:
    item = item_in(Stage.APPROVED)

    with pytest.raises(InvalidDecision, match="a cost tolerance, a time tolerance, or both"):
        item.set_tolerances(cost=None, time=None, decision=decided())
    with pytest.raises(InvalidDecision, match="planned finish"):
        item.set_tolerances(
            cost=None, time=TimeTolerance(planned_finish=DAY, days=1), decision=decided()
        )
    with pytest.raises(InvalidDecision, match="budgeted in GBP"):
        item.set_tolerances(
            cost=CostTolerance(amount=Money(amount=Decimal(1), currency="EUR")),
            time=None,
            decision=decided(),
        )
    with pytest.raises(InvalidDecision, match="name the authority"):
        item.set_tolerances(
            cost=CostTolerance(percent=Decimal(1)), time=None, decision=decided(None)
        )


@pytest.mark.parametrize("percent", ["-1", "100.01", "1.234"])
def test_percentages_are_from_0_to_100_to_the_hundredth(percent: str) -> None:
    with pytest.raises(InvalidDecision):
        CostTolerance(percent=Decimal(percent))
