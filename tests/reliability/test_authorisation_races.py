"""A board's meeting or a delegation changed by another process as an item decision is stored.

An approval, a funding change, a tolerance and each other authorisation that
names a board's meeting or a delegation is checked against governance: the
board's members and quorum on the day, the delegation's window and whether it
was revoked. Those are aggregates the decision does not save, so no version
number guards them. Here one ledger application is paused after its checks,
just before it takes the append lock, while a second (another process's
connections) stands a member down, raises the quorum or revokes the
delegation from before the decision's day; then the first goes on. It must be
refused, in the words it would have been a moment later, and the ledger must
hold the other's decision alone. Before, it was recorded (exit 0, no
warning), and only ``audit authority`` called it invalid afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from portfolio_ledger.application import commands as c
from portfolio_ledger.application.ledger import PortfolioLedger
from tests.builders import (
    DAY0,
    GOVERNANCE_DAY,
    appraise,
    approve,
    decision,
    governance,
    ic_meeting,
    propose,
)
from tests.reliability.test_governance_races import SAID, _pause_before_append

BEFORE_THE_MEETING = DAY0 - timedelta(days=1)
TWO = ("hcarter", "mlee")
"""Present at the meeting: IC's quorum (2) exactly, mlee among them."""


def _in_words(model: type[c.Command], **fields: Any) -> Any:
    return decision(model, "PRJ-001", effective_date=DAY0 - timedelta(days=5), **fields)


APPRAISED = [propose(effective_date=GOVERNANCE_DAY), appraise(effective_date=GOVERNANCE_DAY)]
APPROVED = [*APPRAISED, approve(effective_date=DAY0 - timedelta(days=10))]
DELIVERING = [*APPROVED, _in_words(c.StartDelivery)]
PAUSED = [*DELIVERING, _in_words(c.PauseItem)]
LIVE = [*DELIVERING, _in_words(c.GoLive)]

AUTHORISATIONS: dict[str, tuple[list[Any], type[c.Command], dict[str, Any]]] = {
    "approve": (APPRAISED, c.ApproveItem, {"budget": "1200000"}),
    "fund": (APPROVED, c.ChangeFunding, {"budget": "1300000"}),
    "set-tolerance": (APPROVED, c.SetTolerances, {"cost": "10%"}),
    "reject": (APPRAISED, c.RejectItem, {}),
    "defer": (APPRAISED, c.DeferItem, {}),
    "reprioritise": (APPRAISED, c.ReprioritiseItem, {"rank": 2}),
    "review-gate": (APPROVED, c.ReviewGate, {"gate": "Gate 2", "outcome": "go"}),
    "start-delivery": (APPROVED, c.StartDelivery, {}),
    "pause": (DELIVERING, c.PauseItem, {}),
    "resume": (PAUSED, c.ResumeItem, {}),
    "go-live": (DELIVERING, c.GoLive, {}),
    "retire": (LIVE, c.RetireItem, {}),
    "cancel": (DELIVERING, c.CancelItem, {}),
    "leave": (APPRAISED, c.LeaveItem, {"reason": "stopped"}),
}
"""Each authorisation that may name a meeting: the item's decisions before it, its fields."""


def _at_the_meeting(model: type[c.Command], fields: dict[str, Any]) -> Any:
    meeting = ic_meeting(present=TWO, votes=dict.fromkeys(TWO, "for"))
    return model.model_validate({"key": "PRJ-001", **meeting, **fields})


def _governance(key: str) -> dict[str, Any]:
    return {"key": key, "authority": "Articles", **SAID, "effective_date": BEFORE_THE_MEETING}


STOOD_DOWN = c.StandDownMember.model_validate({**_governance("IC"), "person": "mlee"})
QUORUM_RAISED = c.SetQuorum.model_validate({**_governance("IC"), "quorum": 3})
NOT_A_MEMBER = r"^Marcus Lee \(mlee\) was counted present at Investment Committee \(IC\) but"
NO_QUORUM = r"^Investment Committee \(IC\) needs 3 members present to decide"
REVOKED = r"^delegation DEL-001 gave no authority on .*: it was revoked with effect from"


def _race(
    first: PortfolioLedger,
    second: PortfolioLedger,
    mine: Any,
    theirs: Any,
    said: str,
) -> None:
    """``mine`` checked, ``theirs`` recorded by the other, then ``mine`` stored: refused."""
    before = first.event_count()
    _pause_before_append(first, lambda: second.handle(theirs))

    with pytest.raises(Exception, match=said):
        first.handle(mine)

    assert first.event_count() == before + 1  # the other's decision alone


def _set_up(ledger: PortfolioLedger, decisions: list[Any]) -> None:
    governance(ledger)
    for command in decisions:
        ledger.handle(command)


@pytest.mark.parametrize("name", AUTHORISATIONS)
def test_an_authorisation_by_a_meeting_whose_member_stands_down_meanwhile_is_refused(
    twins: tuple[PortfolioLedger, PortfolioLedger], name: str
) -> None:
    first, second = twins
    before, model, fields = AUTHORISATIONS[name]
    _set_up(first, before)

    _race(first, second, _at_the_meeting(model, fields), STOOD_DOWN, NOT_A_MEMBER)


@pytest.mark.parametrize("name", ["approve", "pause", "reject"])
def test_an_authorisation_by_a_meeting_whose_quorum_is_raised_meanwhile_is_refused(
    twins: tuple[PortfolioLedger, PortfolioLedger], name: str
) -> None:
    first, second = twins
    before, model, fields = AUTHORISATIONS[name]
    _set_up(first, before)

    _race(first, second, _at_the_meeting(model, fields), QUORUM_RAISED, NO_QUORUM)


def _delegated(ledger: PortfolioLedger) -> Callable[[], Any]:
    """DEL-001 to mlee (GBP 5m) from IC, made before the meeting; its revocation, to come."""
    made = DAY0 - timedelta(days=20)
    ledger.handle(
        c.DelegateAuthority.model_validate(
            ic_meeting(present=["hcarter", "cdubois"], effective_date=made)
            | {"votes": {"hcarter": "for", "cdubois": "for"}}
            | {"key": "DEL-001", "to": "mlee", "limit": "5000000"}
        )
    )
    present = {"present": ["hcarter", "cdubois"], "votes": {"hcarter": "for", "cdubois": "for"}}
    revocation = ic_meeting(effective_date=BEFORE_THE_MEETING) | present | {"key": "DEL-001"}
    del revocation["board"]  # the delegation's own board revokes it
    return lambda: c.RevokeDelegation.model_validate(revocation)


@pytest.mark.parametrize("name", ["approve", "pause", "reprioritise"])
def test_an_authorisation_under_a_delegation_revoked_meanwhile_is_refused(
    twins: tuple[PortfolioLedger, PortfolioLedger], name: str
) -> None:
    first, second = twins
    before, model, fields = AUTHORISATIONS[name]
    _set_up(first, before)
    revoked = _delegated(first)
    mine = model.model_validate(
        {"key": "PRJ-001", **SAID, "actor": "mlee", "role": "Chief Information Officer"}
        | {"authority": None, "delegation": "DEL-001", "effective_date": DAY0, **fields}
    )

    _race(first, second, mine, revoked(), REVOKED)


def test_a_delegation_granted_by_a_meeting_whose_member_stands_down_meanwhile_is_refused(
    twins: tuple[PortfolioLedger, PortfolioLedger],
) -> None:
    """A board's own resolution (a delegation granted) is checked again as it is stored too."""
    first, second = twins
    governance(first)
    granted = c.DelegateAuthority.model_validate(
        ic_meeting(present=TWO, votes=dict.fromkeys(TWO, "for"), actor="hcarter")
        | {"key": "DEL-002", "to": "cdubois", "limit": "1000000"}
    )

    _race(first, second, granted, STOOD_DOWN, NOT_A_MEMBER)


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"authorised_budget": "1300000"}, NOT_A_MEMBER),
        ({"effective_date": str(DAY0 + timedelta(days=3))}, r"^corrected so, position \d+ \(app"),
    ],
    ids=["budget raised", "moved later"],
)
def test_an_approval_corrected_as_a_member_of_its_meeting_stands_down_is_refused(
    twins: tuple[PortfolioLedger, PortfolioLedger], change: dict[str, Any], said: str
) -> None:
    """A correction decides the approval again: as the meeting's board stands as it is stored.

    A moment later it is refused (the approval fails already, or would as corrected).
    """
    first, second = twins
    _set_up(first, [*APPRAISED, approve(present=TWO, votes=dict.fromkeys(TWO, "for"))])
    corrected = c.CorrectDecision.model_validate(
        {"position": first.event_count(), "changes": change, **SAID, "authority": "PMO"}
    )

    _race(first, second, corrected, STOOD_DOWN, said)


def test_a_delegation_above_its_boards_limit_lowered_meanwhile_is_refused(
    twins: tuple[PortfolioLedger, PortfolioLedger],
) -> None:
    """IC's limit (GBP 50m) lowered to GBP 10m from before the meeting that delegates GBP 40m."""
    first, second = twins
    governance(first)
    both = {"present": ["hcarter", "cdubois"], "votes": {"hcarter": "for", "cdubois": "for"}}
    granted = c.DelegateAuthority.model_validate(
        ic_meeting(**both) | {"key": "DEL-002", "to": "mlee", "limit": "40000000"}
    )
    lowered = c.SetBoardLimit.model_validate({**_governance("IC"), "limit": "10000000"})
    said = r"^Investment Committee \(IC\) may authorise up to GBP 10,000,000 for an item, so it"

    _race(first, second, granted, lowered, said)


@pytest.mark.parametrize("name", ["approve", "pause"])
def test_a_stand_down_recorded_as_a_meeting_naming_them_is_stored_flags_its_decision(
    twins: tuple[PortfolioLedger, PortfolioLedger], name: str
) -> None:
    """The other way round: the stand-down paused, the meeting's decision recorded meanwhile.

    Then the decision was recorded first, as a stand-down minuted late follows it:
    nothing is refused, and ``audit authority`` calls the decision invalid, as it
    does when the two are recorded one after the other.
    """
    first, second = twins
    before, model, fields = AUTHORISATIONS[name]
    _set_up(first, before)
    _pause_before_append(first, lambda: second.handle(_at_the_meeting(model, fields)))

    first.handle(STOOD_DOWN)

    checked = first.queries.authority_audit("PRJ-001")[-1]
    assert checked.position == first.event_count() - 1  # the decision, then the stand-down
    assert checked.verdict == "invalid"
    assert re.match(NOT_A_MEMBER, checked.reason or "")
