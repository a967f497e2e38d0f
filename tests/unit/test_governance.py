"""The governance rules, pure: boards, delegations, segregation of duties, as at a date."""

from __future__ import annotations

import pytest

from portfolio_ledger.domain.authority import BoardResolution
from portfolio_ledger.domain.boards import Board
from portfolio_ledger.domain.errors import (
    AuthorityExceeded,
    DelegationNotValid,
    GovernanceRecordNotFound,
    GovernanceRefused,
    InvalidDecision,
    NoMajority,
    NotABoardMember,
    QuorumNotMet,
    SegregationOfDuties,
    UnknownPerson,
)
from portfolio_ledger.domain.governance import Governance, as_at, authorise
from portfolio_ledger.domain.keys import board_id
from tests.unit.governance import (
    D0,
    Record,
    delegate,
    delegated,
    gbp,
    on,
    resolution,
    said,
    standard,
    subject,
)

IC_FULL = ["hcarter", "mlee", "cdubois"]


@pytest.fixture
def record() -> Record:
    governance = Record()
    standard(governance)
    return governance


def test_a_quorate_majority_within_the_limit_is_authorised_in_words(record: Record) -> None:
    authorised = authorise(resolution("IC", IC_FULL), record.at(on(10)), subject(), gbp(4_000_000))

    assert authorised.authority == "Investment Committee (IC)"
    assert authorised.actor.name == "Helen Carter"
    assert authorised.limit == gbp(5_000_000)


def test_over_the_limit_names_the_limit_and_the_board_to_escalate_to(record: Record) -> None:
    with pytest.raises(AuthorityExceeded) as refused:
        authorise(resolution("IC", IC_FULL), record.at(on(10)), subject(), gbp(6_200_000))

    assert str(refused.value) == (
        "Investment Committee (IC) may authorise up to GBP 5,000,000 cumulative for PRJ-042; "
        "this would make GBP 6,200,000. Escalate to Executive Board (EXB), which has no limit."
    )


def test_the_limit_is_on_the_cumulative_budget_not_the_increment(record: Record) -> None:
    # A funding change from 4.9m to 5.1m adds 0.2m but makes 5.1m: over IC's limit.
    with pytest.raises(AuthorityExceeded, match="this would make GBP 5,100,000"):
        authorise(resolution("IC", IC_FULL), record.at(on(10)), subject(), gbp(5_100_000))


def test_too_few_members_present_is_no_quorum(record: Record) -> None:
    with pytest.raises(QuorumNotMet) as refused:
        authorise(resolution("IC", ["hcarter", "mlee"]), record.at(on(10)), subject(), gbp(1))

    message = str(refused.value)
    assert "needs 3 members present" in message
    assert "2 counted: hcarter, mlee" in message
    assert "Escalate to Executive Board (EXB)" in message


def test_a_tie_is_no_majority(record: Record) -> None:
    votes = {"hcarter": "for", "mlee": "against", "cdubois": "abstain"}

    with pytest.raises(NoMajority, match="1 for, 1 against, 1 abstained"):
        authorise(resolution("IC", IC_FULL, votes), record.at(on(10)), subject(), gbp(1))


def test_someone_present_who_is_not_a_member_is_refused_by_name(record: Record) -> None:
    with pytest.raises(NotABoardMember) as refused:
        authorise(resolution("IC", [*IC_FULL, "pking"]), record.at(on(10)), subject(), gbp(1))

    assert "Paul King (pking) was counted present at Investment Committee (IC)" in str(
        refused.value
    )
    assert "members then: cdubois, hcarter, mlee" in str(refused.value)


def test_an_actor_who_is_not_a_member_cannot_act_for_the_board(record: Record) -> None:
    with pytest.raises(NotABoardMember, match=r"Paul King \(pking\) acts for Investment"):
        authorise(
            resolution("IC", [*IC_FULL, "pking"], actor="pking"),
            record.at(on(10)),
            subject(),
            gbp(1),
        )


def test_people_are_named_by_key_and_must_be_registered(record: Record) -> None:
    with pytest.raises(UnknownPerson, match="'Helen Carter' is not a person key"):
        authorise(
            resolution("IC", IC_FULL, actor="Helen Carter"), record.at(on(10)), subject(), None
        )
    with pytest.raises(GovernanceRecordNotFound, match="no person nobody"):
        authorise(resolution("IC", [*IC_FULL, "nobody"]), record.at(on(10)), subject(), None)


def test_the_proposer_may_not_approve(record: Record) -> None:
    with pytest.raises(SegregationOfDuties) as refused:
        authorise(
            resolution("IC", IC_FULL), record.at(on(10)), subject(proposer="helen carter"), None
        )

    assert "Helen Carter (hcarter) proposed PRJ-042 and so may not approve it" in str(refused.value)


def test_a_sponsor_named_by_post_may_not_vote_and_does_not_count_for_quorum(
    record: Record,
) -> None:
    sponsored = subject(sponsor="Chief Finance Officer")  # cdubois's post

    with pytest.raises(SegregationOfDuties, match=r"Claire Dubois \(cdubois\) sponsors PRJ-042"):
        authorise(resolution("IC", IC_FULL), record.at(on(10)), sponsored, None)
    silent = {"hcarter": "for", "mlee": "for"}
    with pytest.raises(QuorumNotMet, match="cdubois conflicted, not counted"):
        authorise(resolution("IC", IC_FULL, silent), record.at(on(10)), sponsored, None)


def test_a_conflicted_member_abstaining_is_still_voting(record: Record) -> None:
    votes = {"hcarter": "for", "mlee": "for", "cdubois": "abstain"}

    with pytest.raises(SegregationOfDuties, match="may not vote on it"):
        authorise(
            resolution("IC", IC_FULL, votes),
            record.at(on(10)),
            subject(sponsor="cdubois"),
            None,
        )


def test_the_actor_and_every_voter_must_be_listed_present(record: Record) -> None:
    with pytest.raises(InvalidDecision, match="not among the members present"):
        authorise(
            resolution("EXB", ["hcarter", "mlee"], actor="pking"),
            record.at(on(10)),
            None,
            None,
        )


def test_membership_and_quorum_are_as_they_stood_on_the_effective_date(record: Record) -> None:
    ic = as_at(record(board_id("IC")))
    assert isinstance(ic, Board)
    ic.stand_down(person="cdubois", decision=said(on(20)))
    ic.set_quorum(quorum=2, decision=said(on(30)))
    record.keep(ic)

    with pytest.raises(NotABoardMember, match="on " + on(25).isoformat()):
        authorise(resolution("IC", IC_FULL), record.at(on(25)), subject(), None)
    assert authorise(resolution("IC", IC_FULL), record.at(on(19)), subject(), None)
    with pytest.raises(QuorumNotMet):
        authorise(resolution("IC", ["hcarter", "mlee"]), record.at(on(25)), subject(), None)
    assert authorise(resolution("IC", ["hcarter", "mlee"]), record.at(on(30)), subject(), None)


def test_a_board_before_it_was_constituted_could_not_decide(record: Record) -> None:
    with pytest.raises(GovernanceRefused, match=f"board IC takes effect from {D0.isoformat()}"):
        authorise(resolution("IC", IC_FULL), record.at(on(-1)), subject(), None)


def test_as_recorded_by_a_moment_ignores_later_records(record: Record) -> None:
    events = record(board_id("IC"))
    first = events[0].timestamp

    then = Governance(record, on(10), recorded_by=first)

    assert then.board("IC").members == {}
    assert set(record.at(on(10)).board("IC").members) == set(IC_FULL)


# -- delegations ----------------------------------------------------------------------


def test_a_delegate_within_limit_categories_and_window_is_authorised(record: Record) -> None:
    delegate(record, categories=("Data", "Security"), valid_to=on(100))

    authorised = authorise(delegated(), record.at(on(50)), subject(), gbp(900_000))

    assert authorised.authority == "delegation DEL-001 from Investment Committee (IC)"
    assert authorised.limit == gbp(1_000_000)


def test_a_delegation_over_its_limit_escalates_to_the_board_that_made_it(record: Record) -> None:
    delegate(record)

    with pytest.raises(AuthorityExceeded) as refused:
        authorise(delegated(), record.at(on(5)), subject(), gbp(1_200_000))

    assert str(refused.value) == (
        "delegation DEL-001, delegated to Marcus Lee (mlee), may authorise up to "
        "GBP 1,000,000 cumulative for PRJ-042; this would make GBP 1,200,000. Escalate to "
        "Investment Committee (IC), which delegated it, which may authorise up to "
        "GBP 5,000,000."
    )


def test_revocation_takes_effect_from_its_effective_date(record: Record) -> None:
    delegation = delegate(record)
    revoked_on = on(40)
    delegation.revoke(decision=said(revoked_on, mandate=resolution("IC", IC_FULL)))
    record.keep(delegation)

    assert authorise(delegated(), record.at(on(39)), subject(), gbp(1))
    with pytest.raises(DelegationNotValid) as refused:
        authorise(delegated(), record.at(on(41)), subject(), gbp(1))
    with pytest.raises(DelegationNotValid):
        authorise(delegated(), record.at(revoked_on), subject(), gbp(1))

    assert f"revoked with effect from {revoked_on.isoformat()}" in str(refused.value)
    assert "Escalate to Investment Committee (IC), which delegated it." in str(refused.value)


def test_a_delegation_outside_its_window_or_categories_is_refused(record: Record) -> None:
    delegate(record, categories=("Security",), valid_to=on(30))

    with pytest.raises(DelegationNotValid, match=f"valid only until {on(30).isoformat()}"):
        authorise(delegated(), record.at(on(31)), subject(category="Security"), gbp(1))
    with pytest.raises(DelegationNotValid, match="covers Security only; PRJ-042 is in Data"):
        authorise(delegated(), record.at(on(10)), subject(category="Data"), gbp(1))


def test_only_the_delegate_decides_under_a_delegation(record: Record) -> None:
    delegate(record)

    with pytest.raises(DelegationNotValid, match="was delegated to mlee; Helen Carter"):
        authorise(delegated(actor="hcarter"), record.at(on(10)), subject(), gbp(1))


def test_a_delegate_who_proposed_the_item_may_not_approve_it(record: Record) -> None:
    delegate(record)

    with pytest.raises(SegregationOfDuties, match="Escalate to Investment Committee"):
        authorise(delegated(), record.at(on(10)), subject(proposer="mlee"), gbp(1))


def test_a_board_cannot_delegate_more_than_its_own_limit(record: Record) -> None:
    with pytest.raises(AuthorityExceeded, match="cannot delegate GBP 6,000,000"):
        delegate(record, limit=6_000_000)


def test_delegating_needs_the_boards_resolution(record: Record) -> None:
    gov = record.at(on(1))
    from portfolio_ledger.domain.delegations import Delegation

    with pytest.raises(InvalidDecision, match="record the resolution of board IC"):
        Delegation.grant(
            key="DEL-9",
            board=gov.board("IC"),
            delegate=gov.person("mlee"),
            limit=gbp(1),
            categories=(),
            valid_from=None,
            valid_to=None,
            decision=said(on(1), mandate=resolution("EXB", ["hcarter", "pking"])),
        )


def test_a_limit_in_another_currency_cannot_be_compared(record: Record) -> None:
    from portfolio_ledger.domain.money import Money

    with pytest.raises(AuthorityExceeded, match="does not convert currencies"):
        authorise(
            resolution("IC", IC_FULL),
            record.at(on(1)),
            subject(),
            Money(amount=gbp(1).amount, currency="EUR"),
        )


def test_board_resolution_describes_presence_and_votes() -> None:
    resolved = BoardResolution(
        board="IC",
        actor="hcarter",
        present=("hcarter", "mlee", "cdubois", "pking"),
        votes=tuple(
            (p, v)
            for p, v in resolution(
                "IC", ["hcarter", "mlee", "cdubois"], {"hcarter": "for", "mlee": "against"}
            ).votes
        ),
    )

    assert resolved.describe() == (
        "present hcarter, mlee, cdubois, pking; for hcarter; against mlee; "
        "did not vote cdubois, pking"
    )
