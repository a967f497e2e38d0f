"""Governance rules across aggregates, raced: another process records just before this one saves.

A person's name is checked against every other person's, a board's limit
against its parent's and those of the boards under it, a person's or board's
first day against the decisions naming it, and a correction's actor against
the people (the item's sponsor? the delegation's delegate?). Those are
aggregates the decision does not save, so no version number guards them.
Here one ledger application is paused after its checks, just before it takes
the append lock, while a second (another process's connections) records the
decision that breaks the rule with it; then the first goes on. It must be
refused, as it would have been a moment later, and the ledger must hold the
other's decision alone. Before, both were recorded: one person under two
keys (counted twice towards a quorum), a board authorising more than the
board it escalates to, a member appointed before they were registered, or
the sponsor putting right their own item's approval (a delegate their own
delegation). So is an item's merger, checked against the item merged into.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from portfolio_ledger.application import commands as c
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.domain.errors import (
    AuthorityExceeded,
    DecisionRefused,
    InvalidDecision,
    SegregationOfDuties,
)
from tests.builders import appraise, approve, decision, governance, ic_meeting, propose

SAID = {"actor": "Board Secretary", "role": "Secretary", "rationale": "Minuted."}


def _pause_before_append(ledger: PortfolioLedger, meanwhile: Callable[[], Any]) -> None:
    """Make ``ledger`` run ``meanwhile`` once, after the command's checks, before its append."""
    recorder: Any = ledger.recorder
    appending = recorder.appending

    def pause_then_append(**kwargs: Any) -> Any:
        recorder.appending = appending
        meanwhile()
        return appending(**kwargs)

    recorder.appending = pause_then_append


def _person(key: str, name: str, **more: Any) -> c.RegisterPerson:
    return c.RegisterPerson.model_validate(
        {"key": key, "name": name, "roles": ["Member"], "authority": None, **SAID, **more}
    )


def _board(key: str, limit: str, parent: str | None = None, **more: Any) -> c.ConstituteBoard:
    return c.ConstituteBoard.model_validate(
        {
            "key": key,
            "name": f"Board {key}",
            "terms_of_reference": "Decides.",
            "limit": limit,
            "escalates_to": parent,
            "quorum": 1,
            "authority": "Articles",
            **SAID,
            **more,
        }
    )


def _lower(key: str, limit: str) -> c.SetBoardLimit:
    return c.SetBoardLimit.model_validate(
        {"key": key, "limit": limit, "authority": "Articles", **SAID}
    )


def test_one_name_registered_at_once_under_two_keys_is_recorded_once(
    twins: tuple[PortfolioLedger, PortfolioLedger],
) -> None:
    first, second = twins
    _pause_before_append(first, lambda: second.handle(_person("ddupont", "Dana Dupont")))

    with pytest.raises(InvalidDecision, match=r"is the name of Dana Dupont \(ddupont\)"):
        first.handle(_person("dana", "dana  DUPONT"))

    assert first.event_count() == 1  # the other's registration alone


@pytest.mark.parametrize("paused", ["child made", "parent lowered"])
def test_a_parent_lowered_as_a_child_is_made_does_not_leave_the_child_above_it(
    twins: tuple[PortfolioLedger, PortfolioLedger], paused: str
) -> None:
    first, second = twins
    first.handle(_board("TOP", "10000000"))
    child, lower = _board("SUB", "5000000", parent="TOP"), _lower("TOP", "1000000")
    mine, theirs = (child, lower) if paused == "child made" else (lower, child)
    _pause_before_append(first, lambda: second.handle(theirs))

    with pytest.raises(AuthorityExceeded, match="a board may not authorise more"):
        first.handle(mine)

    assert first.event_count() == 2  # the top board, and the other's decision alone


def test_a_childs_limit_corrected_above_its_parent_lowered_meanwhile_is_refused_so_worded(
    twins: tuple[PortfolioLedger, PortfolioLedger],
) -> None:
    first, second = twins
    first.handle(_board("TOP", "10000000"))
    first.handle(_board("SUB", "2000000", parent="TOP"))
    raise_it = c.CorrectDecision.model_validate(
        {"position": 2, "changes": {"limit": "5000000"}, "authority": "Articles", **SAID}
    )
    _pause_before_append(first, lambda: second.handle(_lower("TOP", "3000000")))

    with pytest.raises(AuthorityExceeded, match=r"^corrected so, position 2 .*on SUB: "):
        first.handle(raise_it)

    assert first.event_count() == 3


def _appoint(board: str, person: str, on: str) -> c.AppointMember:
    return c.AppointMember.model_validate(
        {"key": board, "person": person, "effective_date": on, "authority": "Articles", **SAID}
    )


def _moved_later(position: int, on: str) -> c.CorrectDecision:
    return c.CorrectDecision.model_validate(
        {"position": position, "changes": {"effective_date": on}, "authority": "Articles", **SAID}
    )


NAMED_BEFORE_MADE = {
    "registration moved": r"^person ddupont would take effect from 2026-06-01, after 'member ap",
    "appointment": r"^person ddupont takes effect from 2026-06-01; on 2026-03-01 there was no",
    "constitution moved": r"^board TOP would take effect from 2026-06-01, after 'board consti",
    "board made under it": r"^board TOP takes effect from 2026-06-01; on 2026-03-01 there was",
}
"""Each side's refusal, as a moment later: the correction's (naming the decision), the other's."""


@pytest.mark.parametrize("paused", NAMED_BEFORE_MADE)
def test_a_start_moved_later_as_an_earlier_decision_names_it_is_not_recorded_with_it(
    twins: tuple[PortfolioLedger, PortfolioLedger], paused: str
) -> None:
    """A person's registration, or a board's constitution, moved after the day of a decision
    naming it (an appointment; a board made under it) recorded at the same moment."""
    first, second = twins
    first.handle(_board("TOP", "10000000", effective_date="2026-01-05"))
    first.handle(_person("ddupont", "Dana Dupont", effective_date="2026-01-05"))
    naming: c.AppointMember | c.ConstituteBoard
    if paused in {"registration moved", "appointment"}:
        moved, naming = _moved_later(2, "2026-06-01"), _appoint("TOP", "ddupont", "2026-03-01")
    else:
        moved = _moved_later(1, "2026-06-01")
        naming = _board("SUB", "1000000", parent="TOP", effective_date="2026-03-01")
    mine, theirs = (moved, naming) if paused.endswith("moved") else (naming, moved)
    _pause_before_append(first, lambda: second.handle(theirs))

    with pytest.raises(DecisionRefused, match=NAMED_BEFORE_MADE[paused]):
        first.handle(mine)

    assert first.event_count() == 3  # the board, the person, and the other's decision alone


@pytest.mark.parametrize("paused", ["appointment moved", "registration moved"])
def test_an_appointment_moved_earlier_as_the_registration_is_moved_later_is_not_recorded_with_it(
    twins: tuple[PortfolioLedger, PortfolioLedger], paused: str
) -> None:
    """Both corrections: the appointment's is checked as if made so, against the registration."""
    first, second = twins
    first.handle(_board("TOP", "10000000", effective_date="2026-01-05"))
    first.handle(_person("ddupont", "Dana Dupont", effective_date="2026-01-05"))
    first.handle(_appoint("TOP", "ddupont", "2026-08-01"))  # position 3
    earlier, later = _moved_later(3, "2026-03-01"), _moved_later(2, "2026-06-01")
    mine, theirs = (earlier, later) if paused == "appointment moved" else (later, earlier)
    _pause_before_append(first, lambda: second.handle(theirs))

    said = {
        "appointment moved": r"^corrected so, position 3 \(member appointed\) on TOP would "
        r"itself be refused: person ddupont takes effect from 2026-06-01; on 2026-03-01",
        "registration moved": r"^person ddupont would take effect from 2026-06-01, after",
    }
    with pytest.raises(DecisionRefused, match=said[paused]):
        first.handle(mine)

    assert first.event_count() == 4  # the board, the person, the appointment; the other's


def test_a_correction_by_a_sponsor_registered_meanwhile_is_refused(
    twins: tuple[PortfolioLedger, PortfolioLedger],
) -> None:
    """Its actor, free text, is the key of a person registered meanwhile who holds the sponsor's
    post: a moment later, they would have been found as the sponsor (segregation of duties)."""
    first, second = twins
    before = governance(first)
    for command in (propose(), appraise(), approve()):  # sponsor: 'Chief Finance Officer'
        first.handle(command)
    raised = c.CorrectDecision.model_validate(
        {"position": before + 3, "changes": {"authorised_budget": "1300000"}, **SAID}
        | {"actor": "fode", "authority": "PMO record-keeping procedure"}
    )
    cfo = _person("fode", "Frances Ode", roles=["Chief Finance Officer"])
    _pause_before_append(first, lambda: second.handle(cfo))

    with pytest.raises(SegregationOfDuties, match=r"^Frances Ode \(fode\) sponsors PRJ-001 and"):
        first.handle(raised)

    assert first.event_count() == before + 4  # the approval, and the other's registration alone


def test_a_delegation_put_right_by_its_delegate_under_a_post_given_meanwhile_is_refused(
    twins: tuple[PortfolioLedger, PortfolioLedger],
) -> None:
    """Its actor is a post the delegate's registration is corrected to hold, meanwhile.

    The limit is lowered: anyone but the delegate may narrow a delegation, while
    widening it is its board's members' (tests/behaviour/test_delegation_widened.py).
    """
    first, second = twins
    before = governance(first)  # mlee registered at position 2
    first.handle(
        c.DelegateAuthority.model_validate(
            ic_meeting(present=["hcarter", "cdubois"], votes={"hcarter": "for", "cdubois": "for"})
            | {"key": "DEL-001", "to": "mlee", "limit": "1000000"}
        )
    )
    lowered = c.CorrectDecision.model_validate(
        {"position": before + 1, "changes": {"limit": "500000"}, **SAID}
        | {"actor": "Head of Risk", "authority": "Investment Committee"}
    )
    posted = c.CorrectDecision.model_validate(
        {"position": 2, "changes": {"roles": ["Chief Information Officer", "Head of Risk"]}}
        | {**SAID, "authority": "Articles"}
    )
    _pause_before_append(first, lambda: second.handle(posted))

    with pytest.raises(SegregationOfDuties, match=r"^Marcus Lee \(mlee\) is the delegate of"):
        first.handle(lowered)

    assert first.event_count() == before + 2  # the grant, and the other's correction alone


@pytest.mark.parametrize("mine", ["a leaving", "a correction"])
def test_an_item_merged_into_one_leaving_at_once_is_not_recorded_with_it(
    twins: tuple[PortfolioLedger, PortfolioLedger], mine: str
) -> None:
    """The item merged into is checked still in the portfolio: one the merger does not save.

    Two items merged each into the other at once; a leaving, 'completed', corrected to a
    merger into an item that leaves at once.
    """
    first, second = twins
    for key in ("PRJ-001", "PRJ-002"):
        first.handle(propose(key))
    leaves: list[Any] = [
        decision(c.LeaveItem, key, reason="merged", merged_into=into)
        for key, into in (("PRJ-001", "PRJ-002"), ("PRJ-002", "PRJ-001"))
    ]
    said = r"PRJ-001 cannot be merged into PRJ-002: PRJ-002 had left the portfolio"
    if mine == "a correction":
        first.handle(decision(c.LeaveItem, "PRJ-001", reason="completed"))  # position 3
        leaves[0] = c.CorrectDecision.model_validate(
            {"position": 3, "changes": {"reason": "merged", "merged_into": "PRJ-002"}, **SAID}
            | {"authority": "PMO record-keeping procedure"}
        )
        leaves[1] = decision(c.LeaveItem, "PRJ-002", reason="completed")
        said = rf"^corrected so, position 3 \(left the portfolio\) on PRJ-001 .*: {said} by"
    _pause_before_append(first, lambda: second.handle(leaves[1]))

    with pytest.raises(InvalidDecision, match=said):
        first.handle(leaves[0])

    assert first.event_count() == (3 if mine == "a leaving" else 4)  # the other's leaving alone


def test_a_dependency_declared_as_the_item_depended_on_is_moved_later_is_not_recorded_with_it(
    twins: tuple[PortfolioLedger, PortfolioLedger],
) -> None:
    """PRJ-002's proposal corrected to a day after the one PRJ-001 depends on it from.

    The other way round (the correction paused) is checked by the correction
    (``founding_dates``); here the declaration is paused.
    """
    first, second = twins
    for key in ("PRJ-001", "PRJ-002"):
        first.handle(propose(key, effective_date="2026-01-05"))
    declared = decision(
        c.DeclareDependency, on="PRJ-002", dependency="Data platform", authority=None,
        effective_date="2026-03-01",
    )  # fmt: skip
    _pause_before_append(first, lambda: second.handle(_moved_later(2, "2026-06-01")))

    with pytest.raises(InvalidDecision, match=r"^PRJ-001 cannot depend on PRJ-002 with effect"):
        first.handle(declared)

    assert first.event_count() == 3  # the two proposals, and the other's correction alone


def test_an_item_closed_as_another_is_merged_into_it_is_not_recorded_with_it(
    twins: tuple[PortfolioLedger, PortfolioLedger],
) -> None:
    """PRJ-002 rejected while PRJ-001 is merged into it from the same day, at once.

    The other way round (the merger paused) is the test above: the merger is checked
    against the item merged into. Here the rejection is paused, and checked again as
    it is stored against the mergers into its item.
    """
    first, second = twins
    for key in ("PRJ-001", "PRJ-002"):
        first.handle(propose(key, effective_date="2026-01-05"))
    merged = decision(
        c.LeaveItem, "PRJ-001", reason="merged", merged_into="PRJ-002", effective_date="2026-03-01"
    )
    rejected = decision(c.RejectItem, "PRJ-002", effective_date="2026-03-01")
    _pause_before_append(first, lambda: second.handle(merged))

    with pytest.raises(InvalidDecision, match=r"^PRJ-002 cannot be rejected with effect from "):
        first.handle(rejected)

    assert first.event_count() == 3  # the other's merger alone
