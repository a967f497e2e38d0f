"""The PortfolioItem aggregate: its lifecycle rules and the events it records (pure, no I/O)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from portfolio_ledger.domain.clock import utc_today
from portfolio_ledger.domain.errors import IllegalTransition, InvalidDecision
from portfolio_ledger.domain.events import (
    FundingChanged,
    ItemApproved,
    ItemProposed,
    ItemReprioritised,
    ItemResumed,
)
from portfolio_ledger.domain.item import PortfolioItem
from portfolio_ledger.domain.keys import item_id
from portfolio_ledger.domain.lifecycle import RULES, Action, GateOutcome, LeaveReason, Stage
from portfolio_ledger.domain.money import Money
from portfolio_ledger.domain.ratings import RAG, RiskRating, Severity
from portfolio_ledger.domain.tolerances import CostTolerance
from tests.unit.stages import DAY, decided, gbp, item_in, proposed


def attempt(item: PortfolioItem, action: Action) -> Callable[[], Any]:
    """The call that performs ``action`` on ``item`` with valid values."""
    d = decided()
    calls: dict[Action, Callable[[], Any]] = {
        Action.APPRAISE: lambda: item.appraise(
            estimated_cost=gbp(1),
            expected_benefits=gbp(2),
            risk_rating=RiskRating.LOW,
            alignment_score=1,
            criteria=None,
            decision=d,
        ),
        Action.APPROVE: lambda: item.approve(budget=gbp(5), conditions=(), decision=d),
        Action.REJECT: lambda: item.reject(decision=d),
        Action.DEFER: lambda: item.defer(until=None, decision=d),
        Action.REPRIORITISE: lambda: item.reprioritise(rank=99, decision=d),
        Action.CHANGE_FUNDING: lambda: item.change_funding(budget=gbp(7), decision=d),
        Action.START_DELIVERY: lambda: item.start_delivery(decision=d),
        Action.REPORT_STATUS: lambda: item.report_status(
            overall=RAG.GREEN,
            cost=None,
            schedule=None,
            scope=None,
            benefits=None,
            forecast_cost=None,
            forecast_date=None,
            decision=d,
        ),
        Action.ESCALATE: lambda: item.escalate(
            issue="x", severity=Severity.LOW, escalated_to="Board", decision=d
        ),
        Action.RESOLVE_ESCALATION: lambda: item.resolve_escalation(escalation=None, decision=d),
        Action.PAUSE: lambda: item.pause(decision=d),
        Action.RESUME: lambda: item.resume(decision=d),
        Action.GO_LIVE: lambda: item.go_live(decision=d),
        Action.RETIRE: lambda: item.retire(decision=d),
        Action.CANCEL: lambda: item.cancel(decision=d),
        Action.SET_TOLERANCES: lambda: item.set_tolerances(
            cost=CostTolerance(percent=Decimal(5)), time=None, decision=d
        ),
        Action.AMEND: lambda: item.amend(changes={"title": "Renamed"}, decision=d),
        Action.LEAVE: lambda: item.leave(reason=LeaveReason.STOPPED, merged_into=None, decision=d),
        Action.RECOMMEND_ACTION: lambda: item.recommend_action(
            action="Re-plan", action_owner="Dana", due=date(2099, 1, 1), decision=d
        ),
        Action.DECLARE_DEPENDENCY: lambda: item.declare_dependency(
            depends_on="PRJ-002", dependency="Platform", decision=d
        ),
        Action.MEASURE_BENEFIT: lambda: item.measure_benefit(
            benefit="Savings", measured=gbp(3), decision=d
        ),
        Action.REVIEW_GATE: lambda: item.review_gate(
            gate="Gate 3", outcome=GateOutcome.GO, decision=d
        ),
    }
    return calls[action]


ILLEGAL = [
    (action, stage)
    for action, rule in RULES.items()
    for stage in Stage
    if stage not in rule.allowed
]


@pytest.mark.parametrize(("action", "stage"), ILLEGAL, ids=lambda v: str(v.value).replace(" ", "-"))
def test_every_illegal_transition_is_refused_naming_item_stage_and_rule(
    action: Action, stage: Stage
) -> None:
    item = item_in(stage)
    version = item.version

    with pytest.raises(IllegalTransition) as refused:
        attempt(item, action)()

    message = str(refused.value)
    assert "PRJ-001" in message
    assert f"it is {stage.value}" in message
    assert RULES[action].text in message
    assert item.version == version
    assert item.pending_events[-1].originator_version == version


def test_proposal_names_the_item_by_its_key_with_a_deterministic_id() -> None:
    item = proposed(" prj-042 ")

    assert item.key == "PRJ-042"
    assert item.id == item_id("PRJ-042")
    assert item.stage is Stage.PROPOSED
    assert isinstance(item.pending_events[0], ItemProposed)


def test_full_lifecycle_reaches_retired_through_every_main_stage() -> None:
    item = item_in(Stage.IN_DELIVERY)
    item.go_live(decision=decided())
    item.retire(decision=decided())

    assert item.stage is Stage.RETIRED
    assert item.stage.view.value == "retired"


def test_resume_returns_to_the_stage_it_was_paused_from() -> None:
    item = item_in(Stage.IN_DELIVERY)
    item.pause(decision=decided())
    item.resume(decision=decided())

    assert item.stage is Stage.IN_DELIVERY
    assert isinstance(item.pending_events[-1], ItemResumed)


def test_approval_needs_a_business_case() -> None:
    item = proposed()
    item.defer(until=None, decision=decided())

    with pytest.raises(InvalidDecision, match="no business case") as refused:
        item.approve(budget=gbp(1), conditions=(), decision=decided())
    # Said as the refusal of a proposed item's approval is: the rule, then the fix, a sentence
    # each (it ran on with ': record one first with ...' and no full stop).
    assert str(refused.value).endswith(
        "only an item with one can be approved. "
        "Record its business case first with 'item appraise'."
    )


def test_reprioritisation_keeps_the_previous_rank() -> None:
    item = item_in(Stage.APPROVED)
    item.reprioritise(rank=7, decision=decided())
    item.reprioritise(rank=3, decision=decided())

    event = item.pending_events[-1]
    assert isinstance(event, ItemReprioritised)
    assert (event.previous_rank, event.rank) == (7, 3)
    assert event.describe() == "rank 7 -> 3"


def test_funding_change_keeps_the_previous_budget_and_describes_both() -> None:
    item = item_in(Stage.APPROVED)
    item.change_funding(budget=gbp(1_450_000), decision=decided())

    event = item.pending_events[-1]
    assert isinstance(event, FundingChanged)
    assert event.describe() == "budget GBP 100 -> GBP 1,450,000"


def test_money_in_another_currency_is_refused() -> None:
    item = item_in(Stage.APPRAISED)

    with pytest.raises(InvalidDecision, match="budgeted in GBP"):
        item.approve(
            budget=Money(amount=gbp(1).amount, currency="EUR"), conditions=(), decision=decided()
        )


def test_authorisations_must_name_their_authority() -> None:
    item = item_in(Stage.APPRAISED)

    with pytest.raises(InvalidDecision, match="name the authority"):
        item.approve(budget=gbp(1), conditions=(), decision=decided(authority=None))


def test_a_decision_cannot_take_effect_in_the_future() -> None:
    item = proposed()
    tomorrow = utc_today() + timedelta(days=1)

    with pytest.raises(InvalidDecision, match="in the future"):
        item.defer(until=None, decision=decided(day=tomorrow))


def test_no_decision_takes_effect_before_its_item_existed() -> None:
    item = proposed()

    with pytest.raises(InvalidDecision, match="before PRJ-001 existed"):
        item.defer(until=None, decision=decided(day=DAY - timedelta(days=1)))

    assert item.version == 1


def test_recorded_time_never_goes_backwards_within_an_item() -> None:
    item = item_in(Stage.LIVE)
    times = [event.timestamp for event in item.pending_events]

    assert times == sorted(times)
    assert all(t.tzinfo is not None for t in times)


def test_escalations_are_numbered_and_resolved_by_number() -> None:
    item = item_in(Stage.IN_DELIVERY)
    first = item.escalate(
        issue="Supplier late", severity=Severity.HIGH, escalated_to="Board", decision=decided()
    )
    second = item.escalate(
        issue="Key person leaving",
        severity=Severity.MEDIUM,
        escalated_to="Board",
        decision=decided(),
    )

    with pytest.raises(InvalidDecision, match="2 open escalations"):
        item.resolve_escalation(escalation=None, decision=decided())
    item.resolve_escalation(escalation=first, decision=decided())

    assert (first, second) == (1, 2)
    assert list(item.open_escalations) == [2]
    with pytest.raises(InvalidDecision, match="no open escalation #1"):
        item.resolve_escalation(escalation=1, decision=decided())


def test_approved_event_carries_budget_conditions_and_governance() -> None:
    item = item_in(Stage.APPRAISED)
    item.approve(budget=gbp(1_200_000), conditions=("Gate review",), decision=decided())

    event = item.pending_events[-1]
    assert isinstance(event, ItemApproved)
    assert event.authorised_budget == gbp(1_200_000)
    assert event.conditions == ("Gate review",)
    assert event.decision.authority == "Investment Committee"
    assert item.authorised_budget == gbp(1_200_000)


def test_an_item_kept_without_its_decisions_is_loaded_whole_to_number_past_an_annulled_one() -> (
    None
):
    """Its count leaves an annulled escalation out: counting on would give its number again."""
    from portfolio_ledger.domain.decided import HistoryNeeded

    item = item_in(Stage.IN_DELIVERY)
    item.escalate(issue="x", severity=Severity.LOW, escalated_to="Board", decision=decided())
    annulled = item.pending_events[-1].originator_version
    item.annul(version=annulled, position=99, decision=decided())
    whole = item.escalate(
        issue="y", severity=Severity.LOW, escalated_to="Board", decision=decided()
    )
    item.forget_history()

    with pytest.raises(HistoryNeeded):
        item.escalate(issue="z", severity=Severity.LOW, escalated_to="Board", decision=decided())
    assert whole == 2
