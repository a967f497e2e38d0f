"""A refused lifecycle step says what to do instead for the stage the item is in.

A rule's own advice (approve first, appraise first) is for an item on its way
to the stages it allows; given to a retired item, or to an approved item
asked to be approved again, it sends the user to a step that is refused too.
"""

from __future__ import annotations

import pytest

from portfolio_ledger.domain.errors import IllegalTransition
from portfolio_ledger.domain.lifecycle import RULES, Action, Stage, check_allowed

CLOSED = (Stage.RETIRED, Stage.REJECTED, Stage.CANCELLED, Stage.LEFT)


@pytest.mark.parametrize(
    ("action", "stage"),
    # A benefit is measured on a retired item too: each action in the closed stages it refuses.
    [(a, s) for a in Action for s in CLOSED if s not in RULES[a].allowed],
)
def test_a_closed_item_is_said_to_be_closed_not_sent_back_a_step(
    action: Action, stage: Stage
) -> None:
    with pytest.raises(IllegalTransition) as refused:
        check_allowed(action, "PRJ-042", stage)
    message = str(refused.value)
    assert f"it is {stage.value};" in message
    assert "It is closed: this decision is no longer made on it" in message
    assert "Approve the item first" not in message
    assert "Record its business case first" not in message


@pytest.mark.parametrize("stage", [Stage.APPROVED, Stage.IN_DELIVERY, Stage.PAUSED, Stage.LIVE])
def test_an_item_approved_already_is_sent_to_a_funding_change(stage: Stage) -> None:
    with pytest.raises(IllegalTransition) as refused:
        check_allowed(Action.APPROVE, "PRJ-042", stage)
    assert "change its authorised budget with 'item fund'" in str(refused.value)
    assert "Record its business case first" not in str(refused.value)


def test_an_item_on_its_way_keeps_the_rules_own_advice() -> None:
    with pytest.raises(IllegalTransition) as refused:
        check_allowed(Action.CHANGE_FUNDING, "PRJ-042", Stage.APPRAISED)
    assert str(refused.value).endswith(RULES[Action.CHANGE_FUNDING].hint)


ADVICE = {
    "cancel it instead": Action.CANCEL,
    "pause it instead": Action.PAUSE,
    "retire it instead": Action.RETIRE,
    "must be resumed first": Action.RESUME,
    "must be approved first": Action.APPROVE,
    "must be appraised and approved first": Action.APPRAISE,
}
"""Advice a refusal may give, and the step it sends the user to."""

OPEN_STAGES = [s for s in Stage if s not in CLOSED]


@pytest.mark.parametrize(
    ("action", "stage"),
    [(a, s) for a in Action for s in OPEN_STAGES if s not in RULES[a].allowed],
)
def test_advice_sends_an_open_item_only_to_a_step_its_stage_allows(
    action: Action, stage: Stage
) -> None:
    with pytest.raises(IllegalTransition) as refused:
        check_allowed(action, "PRJ-042", stage)
    message = str(refused.value)
    for advice, step in ADVICE.items():
        if advice in message:
            assert stage in RULES[step].allowed, f"{message!r} sends a {stage.value} item to {step}"


@pytest.mark.parametrize(
    ("action", "stage", "advice"),
    [
        (Action.GO_LIVE, Stage.PAUSED, "A paused item must be resumed first."),
        (Action.GO_LIVE, Stage.PROPOSED, "It must be appraised and approved first."),
        (Action.GO_LIVE, Stage.APPRAISED, "It must be approved first."),
        (Action.GO_LIVE, Stage.DEFERRED, "It must be approved first."),
        (Action.REJECT, Stage.IN_DELIVERY, "To stop an approved item, cancel it instead."),
        (Action.REJECT, Stage.LIVE, "To end a live item, retire it instead."),
        (Action.DEFER, Stage.APPROVED, "To hold an approved item, pause it instead."),
    ],
)
def test_advice_that_fits_some_stages_is_given_in_those(
    action: Action, stage: Stage, advice: str
) -> None:
    with pytest.raises(IllegalTransition) as refused:
        check_allowed(action, "PRJ-042", stage)
    assert str(refused.value).endswith(advice)
