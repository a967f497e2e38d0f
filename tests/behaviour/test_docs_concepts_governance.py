"""docs/concepts.md's *Governance the ledger enforces* and *Decisions are events* (a
mistaken record put right by a later decision), through the command line, from the docs.

"the ledger checks it against governance as it stood on the decision's effective date:
the limit on the item's cumulative budget, quorum, majority, membership, the
delegation's window, categories and revocation, and segregation of duties ... A refusal
names the limit or rule and the body to escalate to, and writes nothing."
"""

from __future__ import annotations

import json

import pytest
from click.testing import Result

from tests.behaviour.concepts_ledger import (
    IC_MEETING,
    appraise,
    approve,
    day,
    governance,
    ok,
    pl,
    propose,
    refused,
    shown,
)
from tests.conftest import Cli
from tests.ledger_copies import copy_of


def governance_ledger(url: str) -> None:
    """:func:`gov`'s ledger, for ledger_copies.copy_of."""
    run = Cli(url)
    governance(run)
    ok(run, "person", "add", "pking", "--name", "Pat King", "--holds", "Analyst", "-m", "Reg",
       "--effective-date", day(0))  # fmt: skip
    propose(run, "PRJ-1")
    appraise(run, "PRJ-1")


@pytest.fixture
def gov(run: Cli, request: pytest.FixtureRequest) -> Cli:
    """The tour's governance, PRJ-1 appraised (proposed by the PMO, not a member).

    Built once per module and kind, copied for each test (tests/ledger_copies.py).
    """
    copy_of(governance_ledger, run.url, request)
    return run


def meeting(present: str, votes: str, actor: str = "hcarter") -> tuple[str, ...]:
    return ("--board", "IC", "--present", present, "--vote", votes, "--actor", actor)


def refused_approval(run: Cli, *how: str, budget: str = "1000000") -> str:
    """``item approve PRJ-1`` under ``how``: exit 1, nothing written; its message."""
    before = run.events()
    result = pl(run, "item", "approve", "PRJ-1", "--budget", budget, *how, "-m", "Case",
                "--effective-date", day(3))  # fmt: skip
    assert result.exit_code == 1, result.output
    assert run.events() == before
    return result.output


def test_over_the_boards_limit_names_it_and_the_body_to_escalate_to(gov: Cli) -> None:
    message = refused_approval(gov, *IC_MEETING, budget="6000000")
    assert "5,000,000" in message
    assert "EXB" in message


def test_the_limit_is_on_the_items_cumulative_budget(gov: Cli) -> None:
    """Approved within the limit, a funding change taking the budget past it is refused."""
    assert approve(gov, "PRJ-1", budget="4000000").exit_code == 0
    before = gov.events()
    result = pl(gov, "item", "fund", "PRJ-1", "--budget", "5500000", *IC_MEETING, "-m", "More",
                "--effective-date", day(4))  # fmt: skip
    assert result.exit_code == 1, result.output
    assert "5,000,000" in result.output
    assert "EXB" in result.output
    assert gov.events() == before
    assert shown(gov, "PRJ-1")["authorised_budget"]["amount"] == "4000000.00"


def test_no_quorum(gov: Cli) -> None:
    assert "quorum" in refused_approval(gov, *meeting("hcarter", "hcarter=for")).lower()


def test_no_majority(gov: Cli) -> None:
    votes = "hcarter=for,mlee=against,cdubois=against"
    message = refused_approval(gov, *meeting("hcarter,mlee,cdubois", votes))
    assert "not carried" in message
    assert "more votes for than against" in message


def test_a_non_member_acting_for_a_board(gov: Cli) -> None:
    message = refused_approval(gov, *meeting("hcarter,pking", "hcarter=for,pking=for"))
    assert "pking" in message
    assert "member" in message


def test_membership_as_it_stood_on_the_effective_date(gov: Cli) -> None:
    """cdubois stood down on day 2: their vote on day 3 is not a member's."""
    ok(gov, "board", "stand-down", "IC", "cdubois", "--authority", "Executive Board",
       "-m", "Left", "--effective-date", day(2))  # fmt: skip
    message = refused_approval(gov, *meeting("hcarter,cdubois", "hcarter=for,cdubois=for"))
    assert "cdubois" in message


def test_whoever_proposed_an_item_neither_approves_nor_votes_on_it(gov: Cli) -> None:
    """Segregation of duties: PRJ-2 proposed by mlee; mlee's vote on it is refused."""
    propose(gov, "PRJ-2", 1, "--actor", "mlee")
    appraise(gov, "PRJ-2")
    said = refused(gov, 1, "item", "approve", "PRJ-2", "--budget", "1", *IC_MEETING, "-m", "Case",
                   "--effective-date", day(3))  # fmt: skip
    assert "mlee" in said
    votes = "hcarter=for,cdubois=for"
    ok(gov, "item", "approve", "PRJ-2", "--budget", "1", *meeting("hcarter,mlee,cdubois", votes),
       "-m", "Case", "--effective-date", day(3))  # fmt: skip


def delegate(run: Cli, votes: str) -> Result:
    return pl(run, "authority", "delegate", "DEL-001", "--board", "IC", "--to", "mlee",
              "--limit", "GBP 1,000,000", "--category", "Infrastructure",
              "--present", "hcarter,mlee,cdubois", "--vote", votes, "--actor", "hcarter",
              "-m", "Small infrastructure items", "--effective-date", day(1))  # fmt: skip


def test_a_delegate_does_not_vote_on_their_own_delegation(gov: Cli) -> None:
    before = gov.events()
    result = delegate(gov, "hcarter=for,mlee=for,cdubois=for")
    assert result.exit_code == 1, result.output
    assert "mlee" in result.output
    assert gov.events() == before
    assert delegate(gov, "hcarter=for,cdubois=for").exit_code == 0


def test_a_delegation_holds_for_its_categories_and_until_revoked(gov: Cli) -> None:
    assert delegate(gov, "hcarter=for,cdubois=for").exit_code == 0
    under = ("--delegation", "DEL-001", "--actor", "mlee")
    assert "Infrastructure" in refused_approval(gov, *under, budget="500000")
    propose(gov, "INF-1", 1, "--category", "Infrastructure")
    appraise(gov, "INF-1")
    ok(gov, "item", "approve", "INF-1", "--budget", "500000", *under, "-m", "Case",
       "--effective-date", day(3))  # fmt: skip
    trail = json.loads(ok(gov, "audit", "trail", "--item", "INF-1", "--json").output)
    mandate = trail[-1]["authority_detail"]
    assert mandate
    assert "DEL-001" in json.dumps(mandate)
    ok(gov, "audit", "authority", "INF-1")
    ok(gov, "authority", "revoke", "DEL-001", "--present", "hcarter,cdubois",
       "--vote", "hcarter=for,cdubois=for", "--actor", "hcarter", "-m", "Post vacant",
       "--effective-date", day(5))  # fmt: skip
    propose(gov, "INF-2", 1, "--category", "Infrastructure")
    appraise(gov, "INF-2")
    late = refused(gov, 1, "item", "approve", "INF-2", "--budget", "1", *under, "-m", "Case",
                   "--effective-date", day(6))  # fmt: skip
    assert "revoked" in late


def test_a_tolerance_breach_is_saved_with_its_report_and_escalated(gov: Cli) -> None:
    """ "a status report that forecasts beyond them [is] an automatic exception: the breach
    and its escalation are saved with the report"."""
    assert approve(gov, "PRJ-1", budget="1000000").exit_code == 0
    ok(gov, "item", "set-tolerance", "PRJ-1", "--cost", "10%", *IC_MEETING, "-m", "Stage 2",
       "--effective-date", day(4))  # fmt: skip
    before = gov.events()
    ok(gov, "item", "report-status", "PRJ-1", "--overall", "amber", "--forecast-cost",
       "1150000", "-m", "Overrun", "--effective-date", day(5))  # fmt: skip
    assert gov.events() == before + 3
    escalations = shown(gov, "PRJ-1")["open_escalations"]
    assert len(escalations) == 1
    assert "IC" in json.dumps(escalations)
    ok(gov, "item", "report-status", "PRJ-1", "--overall", "green", "--forecast-cost",
       "1050000", "-m", "Within", "--effective-date", day(6))  # fmt: skip
    assert gov.events() == before + 4


def test_a_correction_is_a_new_decision_and_the_old_answer_stays(gov: Cli) -> None:
    """ "A mistaken record is put right by a later decision that says so, not by editing the
    old one": the approval's row is as it was, ``--as-of`` before the correction still
    shows the old budget."""
    assert approve(gov, "PRJ-1", budget="4000000").exit_code == 0
    rows = json.loads(ok(gov, "audit", "trail", "--item", "PRJ-1", "--json").output)
    approval = rows[-1]
    before = shown(gov, "PRJ-1")["last_recorded_at"]
    ok(gov, "decision", "correct", str(approval["position"]), "--set", "authorised_budget=400000",
       "--authority", "PMO procedure", "-m", "Typing error")  # fmt: skip
    assert shown(gov, "PRJ-1")["authorised_budget"]["amount"] == "400000.00"
    old = shown(gov, "PRJ-1", "--as-of", before)["authorised_budget"]["amount"]
    assert old == "4000000.00"
    after = json.loads(ok(gov, "audit", "trail", "--item", "PRJ-1", "--json").output)
    assert after[: len(rows)] == rows
    assert after[-1]["corrects"] == approval["position"]


def test_an_annulled_decision_is_left_out_but_kept(gov: Cli) -> None:
    assert approve(gov, "PRJ-1").exit_code == 0
    ok(gov, "item", "report-status", "PRJ-1", "--overall", "red", "-m", "Wrong item",
       "--effective-date", day(5))  # fmt: skip
    report = json.loads(ok(gov, "audit", "trail", "--item", "PRJ-1", "--json").output)[-1]
    before = shown(gov, "PRJ-1")["last_recorded_at"]
    ok(gov, "decision", "annul", str(report["position"]), "--authority", "PMO procedure",
       "-m", "Recorded against the wrong item")  # fmt: skip
    assert shown(gov, "PRJ-1")["rag"] is None
    assert shown(gov, "PRJ-1", "--as-of", before)["rag"] == "red"
    history = ok(gov, "item", "history", "PRJ-1").output
    assert "Wrong item" in history


def test_whoever_sponsors_an_item_does_not_vote_on_it(gov: Cli) -> None:
    """Segregation of duties: the holder of the item's sponsoring post is conflicted too."""
    ok(gov, "person", "add", "fcfo", "--name", "Fay Ruiz", "--holds", "Chief Finance Officer",
       "-m", "Reg", "--effective-date", day(0))  # fmt: skip
    ok(gov, "board", "appoint", "IC", "fcfo", "--authority", "Executive Board", "-m", "Member",
       "--effective-date", day(0))  # fmt: skip
    message = refused_approval(gov, *meeting("hcarter,fcfo", "hcarter=for,fcfo=for"))
    assert "sponsors PRJ-1" in message


def test_a_delegate_does_not_correct_their_own_delegation(gov: Cli) -> None:
    assert delegate(gov, "hcarter=for,cdubois=for").exit_code == 0
    made = json.loads(ok(gov, "audit", "trail", "--item", "DEL-001", "--json").output)[0]
    before = gov.events()
    result = pl(gov, "decision", "correct", str(made["position"]), "--set", "limit=2000000",
                "--actor", "mlee", "--authority", "PMO procedure", "-m", "Raise")  # fmt: skip
    assert result.exit_code == 1, result.output
    assert "own delegation" in result.output
    assert gov.events() == before


def test_a_breach_is_not_raised_again_while_its_escalation_is_open(gov: Cli) -> None:
    assert approve(gov, "PRJ-1", budget="1000000").exit_code == 0
    ok(gov, "item", "set-tolerance", "PRJ-1", "--cost", "10%", *IC_MEETING, "-m", "Stage 2",
       "--effective-date", day(4))  # fmt: skip
    for on in (5, 6):
        ok(gov, "item", "report-status", "PRJ-1", "--overall", "red", "--forecast-cost",
           "1200000", "-m", "Overrun", "--effective-date", day(on))  # fmt: skip
    assert len(shown(gov, "PRJ-1")["open_escalations"]) == 1
