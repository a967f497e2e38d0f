"""Governance the ledger enforces, as a user meets it, on SQLite and PostgreSQL.

Every refusal is checked for its message (the limit or rule that applies and
where to go next), its exit code, and for leaving the number of stored
events, counted in SQL, exactly as it was.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from portfolio_ledger.application import commands as c
from portfolio_ledger.application.errors import ItemChanged
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.application.unit_of_work import SingleCommand
from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.domain.boards import Board, MemberRole
from portfolio_ledger.domain.clock import utc_today
from portfolio_ledger.domain.decision import Decision
from portfolio_ledger.domain.errors import ItemNotFound
from portfolio_ledger.domain.keys import board_id
from tests.builders import DAY0, GOVERNANCE_DAY, governance
from tests.conftest import Cli
from tests.ledger_copies import copy_of

BOARD = ["--board", "IC", "--present", "hcarter,mlee,cdubois", "--actor", "hcarter"]
UNANIMOUS = ["--vote", "hcarter=for,mlee=for,cdubois=for"]
IC_MEETING = [*BOARD, *UNANIMOUS]


def day(offset: int) -> str:
    """DAY0 plus ``offset`` days, as the CLI takes it."""
    return (DAY0 + timedelta(days=offset)).isoformat()


def governance_ledger(url: str) -> None:
    """A build for ledger_copies.copy_of: the people and boards of :func:`gov`."""
    ledger, _ = open_ledger(url)
    try:
        governance(ledger)
    finally:
        ledger.close()


@pytest.fixture
def gov(run: Cli, request: pytest.FixtureRequest) -> Cli:
    """The CLI on a ledger with people, the Executive Board and the Investment Committee.

    IC (limit GBP 50m, quorum 2, escalates to EXB): hcarter (chair), mlee,
    cdubois. EXB (no limit, quorum 2): hcarter (chair), pking. Built once per
    module and database kind; each test gets a copy (tests/ledger_copies.py).
    """
    copy_of(governance_ledger, run.url, request)
    return run


def propose(
    run: Cli,
    key: str = "PRJ-042",
    *,
    sponsor: str = "Director of Digital",
    category: str = "Corporate systems",
    proposer: str = "Sam Patel",
    owner: str = "Dana Okafor",
) -> None:
    """Propose and appraise an item, effective DAY0."""
    for args in (
        [
            "item",
            "propose",
            key,
            "--kind",
            "project",
            "--title",
            "Payroll replacement",
            "--owner",
            owner,
            "--sponsor",
            sponsor,
            "--category",
            category,
            "-m",
            "Contract ends",
            "--effective-date",
            day(0),
        ],
        [
            "item",
            "appraise",
            key,
            "--estimated-cost",
            "1000000",
            "--expected-benefits",
            "2000000",
            "--risk-rating",
            "low",
            "--alignment-score",
            "60",
            "-m",
            "Case reviewed",
            "--effective-date",
            day(0),
        ],
    ):
        result = run(*args, actor=proposer, role="Portfolio Manager")
        assert result.exit_code == 0, result.output


def approve(run: Cli, budget: str, *authority: str, key: str = "PRJ-042", on: int = 1) -> Any:
    """Ask the ledger to approve ``key`` for ``budget`` under ``authority``."""
    return run(
        "item",
        "approve",
        key,
        "--budget",
        budget,
        *authority,
        "-m",
        "Approved at the meeting",
        "--effective-date",
        day(on),
        role="Chair, Investment Committee",
    )


def delegate(run: Cli, *options: str, key: str = "DEL-001") -> None:
    """IC delegates to mlee up to GBP 1m (more options: categories, window)."""
    result = run(
        "authority",
        "delegate",
        key,
        "--board",
        "IC",
        "--to",
        "mlee",
        "--limit",
        "GBP 1,000,000",
        *options,
        "--present",
        "hcarter,mlee,cdubois",
        "--vote",
        "hcarter=for,cdubois=for",  # the delegate is present without a vote
        "--actor",
        "hcarter",
        "-m",
        "CIO may approve small items",
        "--effective-date",
        GOVERNANCE_DAY.isoformat(),
        role="Chair",
    )
    assert result.exit_code == 0, result.output


def refused(run: Cli, result: Any, before: int, *words: str) -> None:
    """Exit 1, each of ``words`` in the message, no traceback, nothing written."""
    assert result.exit_code == 1, result.output
    for word in words:
        assert word in result.output
    assert "Traceback" not in result.output
    assert run.events() == before


# -- approvals that governance allows -------------------------------------------------


def test_a_quorate_board_records_who_was_present_and_how_each_voted(gov: Cli) -> None:
    propose(gov)

    result = approve(gov, "GBP 1,200,000", *BOARD, "--vote", "hcarter=for,mlee=for", "--json")

    assert result.exit_code == 0, result.output
    [entry] = [e for e in history(gov) if e["event"] == "approved"]
    assert entry["actor"] == "Helen Carter"
    assert entry["authority"] == "Investment Committee (IC)"
    assert entry["authority_detail"] == {
        "kind": "board",
        "board": "IC",
        "actor": "hcarter",
        "present": ["hcarter", "mlee", "cdubois"],
        "votes": {"hcarter": "for", "mlee": "for"},
    }
    shown = " ".join(gov("item", "history", "PRJ-042").output.split())
    assert "present hcarter, mlee, cdubois; for hcarter, mlee; did not vote cdubois" in shown


def history(run: Cli, key: str = "PRJ-042") -> list[dict[str, Any]]:
    result = run("item", "history", key, "--json")
    assert result.exit_code == 0, result.output
    entries: list[dict[str, Any]] = json.loads(result.output)
    return entries


# -- the refusals of point 3, one scenario each -----------------------------------------


def test_over_the_boards_limit_is_refused_naming_the_limit_and_the_board_above(
    gov: Cli,
) -> None:
    propose(gov)
    before = gov.events()

    result = approve(gov, "GBP 62,000,000", *IC_MEETING)

    refused(
        gov,
        result,
        before,
        "Investment Committee (IC) may authorise up to GBP 50,000,000 cumulative for PRJ-042; "
        "this would make GBP 62,000,000.",
        "Escalate to Executive Board (EXB), which has no limit.",
    )


def test_a_funding_change_counts_the_items_cumulative_budget_against_the_limit(
    gov: Cli,
) -> None:
    propose(gov)
    assert approve(gov, "GBP 49,000,000", *IC_MEETING).exit_code == 0
    before = gov.events()

    result = gov(
        "item",
        "fund",
        "PRJ-042",
        "--budget",
        "GBP 51,000,000",
        *IC_MEETING,
        "-m",
        "Scope grew",
        "--effective-date",
        day(2),
    )

    refused(gov, result, before, "this would make GBP 51,000,000", "Executive Board (EXB)")


def test_a_delegation_over_its_limit_is_refused_and_sent_to_the_board_that_made_it(
    gov: Cli,
) -> None:
    delegate(gov)
    propose(gov)
    before = gov.events()

    result = approve(gov, "GBP 1,500,000", "--delegation", "DEL-001", "--actor", "mlee")

    refused(
        gov,
        result,
        before,
        "delegation DEL-001, delegated to Marcus Lee (mlee), may authorise up to GBP 1,000,000 "
        "cumulative for PRJ-042; this would make GBP 1,500,000.",
        "Escalate to Investment Committee (IC), which delegated it",
    )


def test_a_delegation_used_outside_its_window_is_refused(gov: Cli) -> None:
    delegate(gov, "--until", day(10))
    propose(gov)
    before = gov.events()

    result = approve(gov, "500000", "--delegation", "DEL-001", "--actor", "mlee", on=11)

    refused(
        gov,
        result,
        before,
        f"delegation DEL-001 gave no authority on {day(11)}: it was valid only until {day(10)}.",
        "Escalate to Investment Committee (IC), which delegated it.",
    )


def test_a_delegation_used_outside_its_categories_is_refused(gov: Cli) -> None:
    delegate(gov, "--category", "Infrastructure", "--category", "Security")
    propose(gov, category="Corporate systems")
    before = gov.events()

    result = approve(gov, "500000", "--delegation", "DEL-001", "--actor", "mlee")

    refused(
        gov,
        result,
        before,
        "delegation DEL-001 covers Infrastructure, Security only; PRJ-042 is in Corporate systems.",
        "Escalate to Investment Committee (IC)",
    )


def test_a_delegation_used_after_it_was_revoked_is_refused(gov: Cli) -> None:
    delegate(gov)
    propose(gov)
    revoke(gov, on=0)
    before = gov.events()

    result = approve(gov, "500000", "--delegation", "DEL-001", "--actor", "mlee", on=1)

    refused(
        gov,
        result,
        before,
        f"it was revoked with effect from {day(0)}",
        "Escalate to Investment Committee (IC)",
    )


def test_a_board_without_its_quorum_present_is_refused(gov: Cli) -> None:
    propose(gov)
    before = gov.events()

    result = approve(
        gov,
        "500000",
        "--board",
        "IC",
        "--present",
        "hcarter",
        "--vote",
        "hcarter=for",
        "--actor",
        "hcarter",
    )

    refused(
        gov,
        result,
        before,
        "Investment Committee (IC) needs 2 members present to decide (its quorum on "
        f"{day(1)}); 1 counted: hcarter.",
        "Escalate to Executive Board (EXB).",
    )


def test_a_board_decision_without_a_majority_is_refused(gov: Cli) -> None:
    propose(gov)
    before = gov.events()

    result = approve(gov, "500000", *BOARD, "--vote", "hcarter=for,mlee=against,cdubois=abstain")

    refused(
        gov,
        result,
        before,
        "the decision of Investment Committee (IC) on PRJ-042 was not carried: 1 for, "
        "1 against, 1 abstained",
    )


def test_the_proposer_may_not_approve(gov: Cli) -> None:
    propose(gov, proposer="Marcus Lee")  # mlee's registered name
    before = gov.events()

    result = approve(
        gov,
        "500000",
        "--board",
        "IC",
        "--present",
        "mlee,hcarter,cdubois",
        "--vote",
        "hcarter=for,cdubois=for",
        "--actor",
        "mlee",
    )

    refused(
        gov,
        result,
        before,
        "Marcus Lee (mlee) proposed PRJ-042 and so may not approve it (segregation of duties);"
        " another member of Investment Committee (IC) must record the decision.",
    )
    assert "Escalate" not in result.output  # IC may decide it: another member records it


def test_the_sponsor_named_by_the_post_they_hold_may_not_approve(gov: Cli) -> None:
    propose(gov, sponsor="Chair, Investment Committee")  # the post hcarter holds
    before = gov.events()

    result = approve(gov, "500000", *IC_MEETING)

    refused(
        gov, result, before, "Helen Carter (hcarter) sponsors PRJ-042 and so may not approve it"
    )


def test_a_proposer_written_with_look_alike_letters_may_not_approve(gov: Cli) -> None:
    """ "Marcus Lee" typed with a Cyrillic a and e shows as Marcus Lee: it is him."""
    delegate(gov)
    propose(gov, proposer="M\u0430rcus L\u0435e")
    before = gov.events()

    result = approve(gov, "500000", "--delegation", "DEL-001", "--actor", "mlee")

    refused(gov, result, before, "Marcus Lee (mlee) proposed PRJ-042 and so may not approve it")


def test_a_sponsor_may_not_vote_on_it_as_a_board_member(gov: Cli) -> None:
    propose(gov, sponsor="cdubois")
    before = gov.events()

    voting = approve(gov, "500000", *IC_MEETING)
    refused(
        gov,
        voting,
        before,
        "Claire Dubois (cdubois) sponsors PRJ-042 and so may not vote on it as a member of "
        "Investment Committee (IC) (segregation of duties)",
    )
    # Present without a vote, she does not count towards the quorum: the rest carry it.
    silent = approve(gov, "500000", *BOARD, "--vote", "hcarter=for,mlee=for")
    assert silent.exit_code == 0, silent.output


def test_an_actor_who_is_not_registered_is_refused(gov: Cli) -> None:
    propose(gov)
    before = gov.events()

    by_name = approve(
        gov,
        "500000",
        "--board",
        "IC",
        "--present",
        "hcarter,mlee",
        "--vote",
        "hcarter=for,mlee=for",
        "--actor",
        "Helen Carter",
    )
    unknown = approve(
        gov,
        "500000",
        "--board",
        "IC",
        "--present",
        "jdoe,hcarter,mlee",
        "--vote",
        "hcarter=for,mlee=for",
        "--actor",
        "jdoe",
    )

    refused(gov, by_name, before, "'Helen Carter' is not a person key", "person list")
    refused(gov, unknown, before, "no person jdoe in this ledger", "person add")


def test_an_actor_who_is_not_a_member_of_the_board_is_refused(gov: Cli) -> None:
    propose(gov)
    before = gov.events()

    result = approve(
        gov,
        "500000",
        "--board",
        "IC",
        "--present",
        "pking,hcarter,mlee",
        "--vote",
        "hcarter=for,mlee=for",
        "--actor",
        "pking",
    )

    refused(
        gov,
        result,
        before,
        f"Paul King (pking) acts for Investment Committee (IC) but was not a member of it on "
        f"{day(1)} (members then: cdubois, hcarter, mlee)",
    )


def test_everyone_is_a_person_before_anyone_is_a_member(gov: Cli) -> None:
    """governance.md's order: the actor and everyone present registered, then members.

    pking (registered, not on IC) records a meeting where jdoe (no one) is counted:
    refused for jdoe, as the table's second rule comes before its third
    (tests/behaviour/test_governance_oracle.py found the actor's membership first).
    """
    propose(gov)
    before = gov.events()
    meeting = ["--board", "IC", "--present", "pking,hcarter,jdoe", "--vote", "hcarter=for"]

    result = approve(gov, "500000", *meeting, "--actor", "pking")

    refused(gov, result, before, "no person jdoe in this ledger")


def test_membership_is_checked_as_it_stood_on_the_effective_date(gov: Cli) -> None:
    propose(gov)
    stood_down = gov(
        "board",
        "stand-down",
        "IC",
        "mlee",
        "--authority",
        "Executive Board",
        "-m",
        "Left",
        "--effective-date",
        day(5),
    )
    assert stood_down.exit_code == 0, stood_down.output
    before = gov.events()

    after = approve(gov, "500000", *IC_MEETING, on=6)
    refused(gov, after, before, "Marcus Lee (mlee) was counted present at", f"on {day(6)}")
    on_the_day = approve(gov, "500000", *IC_MEETING, on=5)  # it takes effect on its day
    refused(gov, on_the_day, before, "Marcus Lee (mlee) was counted present at", f"on {day(5)}")
    # Minuted late: the meeting on day 4, while mlee still sat on the committee, stands.
    earlier = approve(gov, "500000", *IC_MEETING, on=4)
    assert earlier.exit_code == 0, earlier.output


# -- revocation with effect from a date --------------------------------------------------


def revoke(run: Cli, on: int) -> None:
    result = run(
        "authority",
        "revoke",
        "DEL-001",
        "--present",
        "hcarter,cdubois,mlee",
        "--vote",
        "hcarter=for,cdubois=for",
        "--actor",
        "hcarter",
        "-m",
        "CIO post vacant",
        "--effective-date",
        day(on),
        role="Chair",
    )
    assert result.exit_code == 0, result.output


def test_a_revocation_takes_effect_from_its_date_and_the_audit_says_which_decisions_held(
    gov: Cli,
) -> None:
    delegate(gov)
    propose(gov, "PRJ-A")
    propose(gov, "PRJ-B")
    # Recorded while the delegation stood, effective after the date it will be revoked from.
    late = approve(gov, "300000", "--delegation", "DEL-001", "--actor", "mlee", key="PRJ-B", on=12)
    assert late.exit_code == 0, late.output
    revoke(gov, on=10)  # minuted afterwards, with effect from day 10
    before = gov.events()

    stands = approve(gov, "400000", "--delegation", "DEL-001", "--actor", "mlee", key="PRJ-A", on=9)
    after = gov(
        "item",
        "fund",
        "PRJ-A",
        "--budget",
        "450000",
        "--delegation",
        "DEL-001",
        "--actor",
        "mlee",
        "-m",
        "More",
        "--effective-date",
        day(11),
    )

    assert stands.exit_code == 0, stands.output
    refused(gov, after, before + 1, f"revoked with effect from {day(10)}")
    a = audit(gov, "PRJ-A")
    b = audit(gov, "PRJ-B")
    [approval_a] = [c for c in a if c["event"] == "approved"]
    [approval_b] = [c for c in b if c["event"] == "approved"]
    assert approval_a["verdict"] == "valid"
    assert approval_a["mandate"] == {"kind": "delegation", "delegation": "DEL-001", "actor": "mlee"}
    assert approval_a["limit"] == {"amount": "1000000.00", "currency": "GBP"}
    # Valid as dated, but recorded after the revocation was: the auditor is told so.
    assert (
        f"before delegation DEL-001 was revoked (with effect from {day(10)})"
        in (approval_a["reason"])
    )
    assert "recorded on" in approval_a["reason"]
    assert "after the revocation was" in approval_a["reason"]
    assert approval_b["reason"].count("after the revocation was") == 0
    assert approval_b["verdict"] == "invalid"
    assert f"revoked with effect from {day(10)}" in approval_b["reason"]
    assert "governance recorded after the decision" in approval_b["reason"]
    assert {c["verdict"] for c in a if c["event"] in {"proposed", "appraised"}} == {"not required"}
    listed = gov("audit", "authority", "PRJ-B")
    table = " ".join(listed.output.split())
    assert listed.exit_code == 1, listed.output
    assert "1 invalid" in table
    assert "delegation DEL-001" in table


def test_a_delegated_decision_corrected_after_its_delegations_revocation_is_flagged(
    gov: Cli,
) -> None:
    """A budget raised by a correction recorded after the revocation: as dated back, told."""
    delegate(gov)
    propose(gov, "PRJ-A", category="Infrastructure")
    assert (
        approve(gov, "400000", "--delegation", "DEL-001", "--actor", "mlee", key="PRJ-A").exit_code
        == 0
    )
    approval = history(gov, "PRJ-A")[-1]["position"]
    assert audit(gov, "PRJ-A")[-1]["reason"] is None  # recorded while the delegation stood
    revoke(gov, on=10)
    reworded = gov(
        "decision", "correct", str(approval), "--set", "rationale=Approved under DEL-001",
        "--authority", "PMO record-keeping procedure", "-m", "Clearer",
    )  # fmt: skip
    assert reworded.exit_code == 0, reworded.output
    assert next(c for c in audit(gov, "PRJ-A") if c["event"] == "approved")["reason"] is None

    raised = gov(
        "decision", "correct", str(approval), "--set", "authorised_budget=900000",
        "--authority", "PMO record-keeping procedure", "-m", "Typed wrong",
    )  # fmt: skip

    assert raised.exit_code == 0, raised.output
    [approved] = [c for c in audit(gov, "PRJ-A") if c["event"] == "approved"]
    assert approved["verdict"] == "valid"
    assert f"before delegation DEL-001 was revoked (with effect from {day(10)})" in (
        approved["reason"] or ""
    )
    assert "but last corrected on" in approved["reason"]


def audit(run: Cli, key: str) -> list[dict[str, Any]]:
    """``audit authority KEY --json``, whose exit status says whether any decision is invalid."""
    result = run("audit", "authority", key, "--json")
    checks: list[dict[str, Any]] = json.loads(result.output)
    invalid = any(c["verdict"] == "invalid" for c in checks)
    assert result.exit_code == (1 if invalid else 0), result.output
    return checks


# -- the record -----------------------------------------------------------------------


def test_governance_events_are_in_the_trail_with_their_subjects_and_votes(gov: Cli) -> None:
    propose(gov)
    approve(gov, "500000", *BOARD, "--vote", "hcarter=for,mlee=for,cdubois=against")

    trail = json.loads(gov("audit", "trail", "--json").output)
    table = gov("audit", "trail", "--item", "PRJ-042").output

    kinds = {(r["subject_kind"], r["subject"]) for r in trail}
    assert {("person", "hcarter"), ("board", "IC"), ("board", "EXB"), ("item", "PRJ-042")} <= kinds
    [approval] = [r for r in trail if r["event"] == "approved"]
    assert approval["authority_detail"]["votes"] == {
        "hcarter": "for",
        "mlee": "for",
        "cdubois": "against",
    }
    assert "present hcarter, mlee, cdubois; for hcarter, mlee; against cdubois" in (
        " ".join(table.split())
    )
    assert len(trail) == gov.events()


def test_boards_people_and_delegations_read_back_as_at_any_day(gov: Cli) -> None:
    delegate(gov)
    gov(
        "board",
        "set-quorum",
        "IC",
        "3",
        "--authority",
        "Executive Board",
        "-m",
        "Bigger meetings",
        "--effective-date",
        day(31),  # after the revocation: IC's three, less its delegate, are two
    )
    revoke(gov, on=30)

    then = json.loads(gov("board", "show", "IC", "--effective-on", day(19), "--json").output)
    now = json.loads(gov("board", "show", "IC", "--json").output)
    before_board = gov("board", "show", "IC", "--effective-on", day(-100))
    boards = json.loads(gov("board", "list", "--json").output)
    people = json.loads(gov("person", "list", "--json").output)
    on_29 = json.loads(gov("authority", "list", "--effective-on", day(29), "--json").output)
    on_30 = json.loads(gov("authority", "list", "--effective-on", day(30), "--json").output)

    assert (then["quorum"], now["quorum"]) == (2, 3)
    assert [m["person"] for m in now["members"]] == ["hcarter", "cdubois", "mlee"]
    assert before_board.exit_code == 1
    assert "board IC did not exist yet" in before_board.output
    assert [b["key"] for b in boards] == ["EXB", "IC"]
    assert {p["key"] for p in people} == {"hcarter", "mlee", "cdubois", "pking"}
    assert [d["status"] for d in on_29] == ["valid"]
    assert on_30[0]["status"] == f"not valid: it was revoked with effect from {day(30)}"
    shown = gov("board", "show", "IC")
    assert "Helen Carter" in shown.output
    assert "GBP 50,000,000" in shown.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            [*BOARD, "--vote", "hcarter:for"], "write each vote as KEY=for", id="malformed-vote"
        ),
        pytest.param(
            [*BOARD, "--vote", "hcarter=for,hcarter=against"], "given two votes", id="twice"
        ),
        pytest.param(
            [*BOARD, "--vote", "hcarter=for", "--vote", "hcarter=for"],
            "hcarter is given two votes",
            id="twice-the-same",
        ),
        pytest.param(
            [*IC_MEETING, "--delegation", "DEL-001"],
            "one of them (both were given)",
            id="board-and-delegation",
        ),
        pytest.param(["--actor", "hcarter"], "name the authority", id="no-authority"),
        pytest.param(
            [*BOARD, "--vote", "pking=for"], "pking voted but is not listed as present", id="absent"
        ),
        pytest.param(
            ["--delegation", "DEL-001", "--present", "mlee", "--actor", "mlee"],
            "leave out --present",
            id="delegation-with-attendance",
        ),
        pytest.param(
            [*IC_MEETING, "--authority", "Investment Committee"],
            "No such option '--authority'",
            id="authority-in-words",
        ),
    ],
)
def test_malformed_authority_is_bad_usage_and_writes_nothing(
    gov: Cli, args: list[str], message: str
) -> None:
    propose(gov)
    before = gov.events()

    result = approve(gov, "500000", *args)

    assert result.exit_code == 2, result.output
    assert message in result.output
    assert gov.events() == before


def test_duplicate_keys_and_unknown_boards_are_refused(gov: Cli) -> None:
    before = gov.events()

    person = gov("person", "add", "HCarter", "--name", "Another", "-m", "Again")
    board = gov(
        "board",
        "create",
        "ic",
        "--name",
        "Again",
        "--terms",
        "t",
        "--unlimited",
        "--quorum",
        "1",
        "--authority",
        "A",
        "-m",
        "Again",
    )
    appoint = gov("board", "appoint", "NOPE", "hcarter", "--authority", "A", "-m", "x")

    refused(gov, person, before, "person hcarter already exists")
    refused(gov, board, before, "board IC already exists")
    refused(gov, appoint, before, "no board NOPE in this ledger")


def test_people_are_registered_before_they_are_appointed(gov: Cli) -> None:
    later = utc_today() - timedelta(days=1)
    added = gov(
        "person",
        "add",
        "newbie",
        "--name",
        "New Person",
        "-m",
        "Joined",
        "--effective-date",
        later.isoformat(),
    )
    assert added.exit_code == 0
    before = gov.events()

    result = gov(
        "board",
        "appoint",
        "IC",
        "newbie",
        "--authority",
        "EXB",
        "-m",
        "Early seat",
        "--effective-date",
        (later - timedelta(days=1)).isoformat(),
    )

    refused(gov, result, before, f"person newbie takes effect from {later.isoformat()}")


def test_two_appointments_at_once_lose_neither_silently(
    ledger: PortfolioLedger, db_url: str
) -> None:
    governance(ledger)
    for key in ("anew", "bnew"):
        ledger.handle(
            c.RegisterPerson(
                key=key,
                name=key.title(),
                actor="Sec",
                role="Sec",
                rationale="New",
                effective_date=DAY0,
            )
        )
    other = PortfolioLedger(db_url)
    try:
        # Both read the committee at the same version; the first appointment wins.
        mine: Board = ledger.repository.get(board_id("IC"))
        theirs: Board = other.repository.get(board_id("IC"))
        gov = SingleCommand(ledger).governance(DAY0)
        appointed = Decision(
            actor="Sec", role="Sec", rationale="Seat", effective_date=DAY0, authority="EXB"
        )
        theirs.appoint(person=gov.person("anew"), role=MemberRole.MEMBER, decision=appointed)
        other.save(theirs)
        mine.appoint(person=gov.person("bnew"), role=MemberRole.MEMBER, decision=appointed)
        with pytest.raises(ItemChanged, match="IC changed since you read it"):
            SingleCommand(ledger).save(mine)
    finally:
        other.close()

    assert [m.person for m in ledger.queries.board("IC").members] == [
        "hcarter",
        "anew",
        "cdubois",
        "mlee",
    ]


def test_a_new_limit_applies_from_its_effective_date(gov: Cli) -> None:
    propose(gov)
    both = gov("board", "set-limit", "IC", "--limit", "1", "--unlimited", "--authority", "EXB")
    raised = gov(
        "board",
        "set-limit",
        "IC",
        "--limit",
        "GBP 70,000,000",
        "--authority",
        "Executive Board",
        "-m",
        "Scheme of delegation revised",
        "--effective-date",
        day(5),
    )
    assert both.exit_code == 2
    assert "--limit AMOUNT, or --unlimited" in both.output
    assert raised.exit_code == 0, raised.output
    before = gov.events()

    too_early = approve(gov, "GBP 62,000,000", *IC_MEETING, on=4)
    refused(gov, too_early, before, "may authorise up to GBP 50,000,000")
    in_time = approve(gov, "GBP 62,000,000", *IC_MEETING, on=5)
    assert in_time.exit_code == 0, in_time.output


def test_a_delegation_listed_under_a_lower_board_limit_says_the_boards_applies(gov: Cli) -> None:
    # The list showed the delegation's own GBP 1,000,000 as if it could be used in full.
    delegate(gov)
    lowered = gov(
        "board", "set-limit", "IC", "--limit", "GBP 800,000", "--authority", "Executive Board",
        "-m", "Scheme revised", "--effective-date", day(10),
    )  # fmt: skip
    assert lowered.exit_code == 0, lowered.output

    def listed(on: int, *form: str) -> str:
        result = gov("authority", "list", "--effective-on", day(on), *form)
        assert result.exit_code == 0, result.output
        return result.output

    assert "applies" not in listed(9)
    assert "GBP 1,000,000 (IC's GBP 800,000 applies)" in listed(10)
    [row] = json.loads(listed(10, "--json"))
    assert row["bounded_by"] == {"amount": "800000.00", "currency": "GBP"}
    assert row["limit"] == {"amount": "1000000.00", "currency": "GBP"}
    [before] = json.loads(listed(9, "--json"))
    assert before["bounded_by"] is None


def test_delegations_are_listed_by_board_and_delegate(gov: Cli) -> None:
    added = gov(
        "person",
        "add",
        "akhan",
        "--name",
        "Aisha Khan",
        "--holds",
        "Programme Director",
        "-m",
        "New",
    )
    assert added.exit_code == 0, added.output
    delegate(gov)
    delegate(gov, "--category", "Data", key="DEL-002")

    to_mlee = json.loads(gov("authority", "list", "--to", "MLee", "--json").output)
    of_exb = json.loads(gov("authority", "list", "--board", "exb", "--json").output)
    people = json.loads(gov("person", "list", "--json").output)

    assert [d["key"] for d in to_mlee] == ["DEL-001", "DEL-002"]
    assert of_exb == []
    assert next(p for p in people if p["key"] == "akhan")["roles"] == ["Programme Director"]


def test_an_empty_list_of_delegations_still_names_the_day_it_is_about(gov: Cli) -> None:
    delegate(gov)
    before = (GOVERNANCE_DAY - timedelta(days=1)).isoformat()

    listed = gov("authority", "list", "--effective-on", before)
    today = gov("authority", "list", "--board", "EXB")

    assert listed.exit_code == 0, listed.output
    assert f"0 delegations (status on {before})" in listed.output
    assert "0 delegations (status on 20" in today.output  # today, not '-'


def test_a_delegation_list_of_a_board_or_person_nobody_recorded_is_refused(gov: Cli) -> None:
    """A mistyped --board or --to is named, not answered with an empty list that looks true."""
    delegate(gov)
    before = gov.events()

    no_board = gov("authority", "list", "--board", "NOPE")
    no_person = gov("authority", "list", "--to", "nobody", "--json")

    assert no_board.exit_code == 1
    assert "no board NOPE in this ledger" in no_board.output
    assert "board list" in no_board.output
    assert no_person.exit_code == 1
    assert "no person nobody in this ledger" in no_person.output
    assert "person list" in no_person.output
    assert gov.events() == before


def test_a_limit_without_a_currency_is_in_the_boards_own(gov: Cli) -> None:
    """On a board whose limit is in EUR, '--limit 10' is EUR 10, not GBP 10 (then refused)."""
    said = ("--authority", "Executive Board", "-m", "Euro scheme")
    assert gov("board", "set-limit", "IC", "--limit", "EUR 5,000,000", *said).exit_code == 0
    meeting = ("--present", "hcarter,mlee,cdubois", "--vote", "hcarter=for,cdubois=for")
    delegated = gov(
        *("authority", "delegate", "DEL-009", "--board", "IC", "--to", "mlee", "--limit", "10"),
        *(*meeting, "--actor", "hcarter", "-m", "Small items"),
        role="Chair",
    )
    lowered = gov("board", "set-limit", "IC", "--limit", "4,000,000", *said)

    assert delegated.exit_code == 0, delegated.output
    assert lowered.exit_code == 0, lowered.output
    (listed,) = json.loads(gov("authority", "list", "--json").output)
    assert (listed["limit"]["amount"], listed["limit"]["currency"]) == ("10.00", "EUR")
    assert "EUR 4,000,000" in gov("board", "show", "IC").output


def test_a_limit_without_a_currency_dated_back_is_in_the_limit_it_changes(gov: Cli) -> None:
    """Minutes typed in late: on their day IC's limit was in EUR, though it is in GBP now."""
    said = ("--authority", "Executive Board", "-m", "Scheme")
    for limit, on in (("EUR 5,000,000", day(10)), ("GBP 4,000,000", day(100))):
        assert gov("board", "set-limit", "IC", "--limit", limit, *said,
                   "--effective-date", on).exit_code == 0  # fmt: skip

    late = gov("board", "set-limit", "IC", "--limit", "6,000,000", *said,
               "--effective-date", day(50))  # fmt: skip

    assert late.exit_code == 0, late.output
    assert "limit EUR 5,000,000 -> EUR 6,000,000" in late.output


def test_audit_authority_judges_a_delegation_against_governance_recorded_later(gov: Cli) -> None:
    # A member stood down with effect before the meeting that made the delegation: the
    # resolution was valid as recorded then, and is not by governance as now recorded.
    made = gov("authority", "delegate", "DEL-001", "--board", "IC", "--to", "mlee", "--limit",
               "GBP 1,000,000", "--present", "hcarter,mlee,cdubois", "--vote",
               "hcarter=for,cdubois=for", "--actor", "hcarter", "-m", "CIO",
               "--effective-date", day(10))  # fmt: skip
    assert made.exit_code == 0, made.output
    before = audit(gov, "DEL-001")
    stood_down = gov("board", "stand-down", "IC", "cdubois", "--authority", "Executive Board",
                     "-m", "Term had ended", "--effective-date", day(5))  # fmt: skip
    assert stood_down.exit_code == 0, stood_down.output

    after = audit(gov, "DEL-001")
    table = " ".join(gov("audit", "authority", "DEL-001").output.split())
    unknown = gov("audit", "authority", "DEL-404")

    assert [(c["event"], c["verdict"]) for c in before] == [("authority delegated", "valid")]
    assert before[0]["mandate"]["board"] == "IC"
    assert after[0]["verdict"] == "invalid"
    assert "cdubois" in after[0]["reason"]
    assert "governance recorded after the decision" in after[0]["reason"]
    assert "1 invalid" in table
    assert unknown.exit_code == 1
    assert "no item or delegation DEL-404" in unknown.output


def test_audit_authority_exits_1_when_a_decision_it_lists_is_invalid_and_0_when_all_held(
    gov: Cli,
) -> None:
    """An auditor's script reads the exit status: it was 0 with an invalid decision listed."""
    made = gov("authority", "delegate", "DEL-001", "--board", "IC", "--to", "mlee", "--limit",
               "GBP 1,000,000", "--present", "hcarter,mlee,cdubois", "--vote",
               "hcarter=for,cdubois=for", "--actor", "hcarter", "-m", "CIO",
               "--effective-date", day(10))  # fmt: skip
    assert made.exit_code == 0, made.output
    held = [gov("audit", "authority", "DEL-001", *json) for json in ((), ("--json",))]
    stood_down = gov("board", "stand-down", "IC", "cdubois", "--authority", "Executive Board",
                     "-m", "Term had ended", "--effective-date", day(5))  # fmt: skip
    assert stood_down.exit_code == 0, stood_down.output

    table, as_json = (gov("audit", "authority", "DEL-001", *json) for json in ((), ("--json",)))

    assert [r.exit_code for r in held] == [0, 0], [r.output for r in held]
    assert "0 invalid" in " ".join(held[0].output.split())
    assert [c["verdict"] for c in json.loads(held[1].output)] == ["valid"]
    assert (table.exit_code, as_json.exit_code) == (1, 1), (table.output, as_json.output)
    # The whole answer is still written, the decision that did not hold with its reason.
    assert "1 invalid" in " ".join(table.output.split())
    assert "cdubois" in table.output
    [check] = json.loads(as_json.output)
    assert check["verdict"] == "invalid"
    assert "cdubois" in check["reason"]


@pytest.mark.parametrize(
    "asked",
    [["item", "show"], ["item", "history"], ["item", "show", "--effective-on", "2026-01-01"]],
)
def test_an_item_view_given_a_persons_or_a_boards_key_says_whose_it_is(
    gov: Cli, asked: list[str]
) -> None:
    # Both said 'no item HCARTER ... or propose it first', as if the key named nothing.
    person = gov(*asked[:2], "hcarter", *asked[2:])
    board = gov(*asked[:2], "ic", *asked[2:])
    item = gov(*asked[:2], "PRJ-404", *asked[2:])

    assert person.exit_code == board.exit_code == item.exit_code == 1
    assert (
        "no item HCARTER in this ledger: hcarter is a person's key; see what was recorded "
        "about it with 'portfolio-ledger audit trail --item hcarter'."
    ) in " ".join(person.output.split())
    assert "IC is a board's key; see what was recorded about it with 'portfolio-ledger audit " in (
        " ".join(board.output.split())
    )
    assert "no item PRJ-404 in this ledger; check the key with" in " ".join(item.output.split())
    assert "Traceback" not in person.output + board.output


def test_an_item_view_tells_a_person_and_a_board_sharing_a_key_apart_by_its_case(
    gov: Cli,
) -> None:
    # 'item show ic' said 'IC is a board's key' or 'ic is a person's key', whichever row the
    # database gave first; the portfolio's key was 'a portfolio's key'.
    added = gov("person", "add", "ic", "--name", "Ian Cole", "-m", "Joins", role="Secretary")
    assert added.exit_code == 0, added.output
    before = gov.events()

    said = {k: gov("item", "show", k) for k in ("ic", "IC", "Ic")}

    assert {r.exit_code for r in said.values()} == {1}
    text = {k: " ".join(r.output.split()) for k, r in said.items()}
    assert "ic is a person's key; see what was recorded about it" in text["ic"], text
    assert "IC is a board's key; see what was recorded about it" in text["IC"], text
    assert "Ic is the key of the board IC and the person ic" in text["Ic"], text
    assert "Traceback" not in "".join(text.values())
    assert gov.events() == before
    # audit authority too: 'IC' was answered 'ic is the key of Ian Cole, a person'.
    audit = {k: " ".join(gov("audit", "authority", k).output.split()) for k in ("IC", "ic")}
    assert "(IC is a board's key: audit authority judges" in audit["IC"], audit
    assert "(ic is the key of Ian Cole, a person: audit authority" in audit["ic"], audit
    one = ItemNotFound("ORGANISATIONS").naming("organisations", "organisations")
    assert "ORGANISATIONS is the organisations list's key;" in str(one)


def test_audit_authority_given_a_persons_or_a_boards_key_says_whose_it_is(gov: Cli) -> None:
    # Both were 'no item or delegation HCARTER' (a person's key shown upper case), as if
    # the key named nothing at all.
    person = gov("audit", "authority", "hcarter")
    board = gov("audit", "authority", "ic")

    assert person.exit_code == 1
    assert (
        "no item or delegation HCARTER in this ledger (hcarter is the key of Helen Carter, a "
        "person: audit authority judges the decisions on an item or a delegation; see theirs "
        "with 'portfolio-ledger audit trail --actor \"Helen Carter\"')"
    ) in " ".join(person.output.split())
    assert board.exit_code == 1
    assert (
        "(IC is a board's key: audit authority judges the decisions on an item or a "
        "delegation; see the board's with 'portfolio-ledger audit trail --item IC')"
    ) in " ".join(board.output.split())


def test_a_trail_by_a_persons_key_also_typed_as_an_actor_warns_of_their_other_decisions(
    gov: Cli, tmp_path: Path
) -> None:
    # Once a decision not governed was recorded with '--actor hcarter' (as typed), the
    # trail by 'hcarter' showed that one alone, without a word of Helen Carter's approvals.
    propose(gov)
    assert approve(gov, "GBP 1,200,000", *IC_MEETING).exit_code == 0
    paused = gov("item", "pause", "PRJ-042", "--authority", "IC", "-m", "Paused", actor="hcarter")
    assert paused.exit_code == 0, paused.output
    out = tmp_path / "hcarter.csv"

    for args in (["trail"], ["export", "--format", "csv", "--out", str(out)]):
        result = gov("audit", *args, "--actor", "hcarter")

        assert result.exit_code == 0, result.output
        assert "Helen Carter (" not in result.stdout  # the approval is not among them
        assert (
            "Warning: hcarter is the key of Helen Carter, and the trail keeps the name each "
            "decision was recorded with: these are only the decisions recorded with the actor "
            "'hcarter' as typed, not those recorded as Helen Carter; give --actor "
            '"Helen Carter" for those.'
        ) in " ".join(result.stderr.split())
    assert "hcarter" in out.read_text()
    for args in (["trail"], ["export", "--format", "csv", "--out", str(tmp_path / "no.csv")]):
        # Refused for another filter, it wrote nothing: 'these are only ...' would be false.
        typo = gov("audit", *args, "--actor", "hcarter", "--type", "paused-typo")
        assert typo.exit_code == 2, typo.output  # no kind of decision: typed wrong
        assert "no kind of decision is called 'paused-typo'" in typo.output
        assert "Warning:" not in typo.stderr, typo.stderr
    named = gov("audit", "trail", "--actor", "Helen Carter")
    assert named.exit_code == 0, named.output
    # Her name's trail names the pause recorded under her key, which it is not among
    # (it said nothing: tests/behaviour/test_audit_actor_spellings.py).
    assert named.stderr.startswith(
        "Warning: the trail also holds decisions recorded with the actor 'hcarter', which the "
        "ledger reads as Helen Carter (hcarter)"
    ), named.stderr


def test_annulling_the_grant_of_a_delegation_says_to_revoke_it(gov: Cli) -> None:
    # The refusal told a delegation's annulment to 'record that the item left the portfolio'.
    delegate(gov)
    [grant] = json.loads(gov("audit", "trail", "--item", "DEL-001", "--json").stdout)
    before = gov.events()

    refused = gov("decision", "annul", str(grant["position"]), "--authority", "PMO",
                  "-m", "Recorded in error")  # fmt: skip

    assert refused.exit_code == 1, refused.output
    said = " ".join(refused.output.split())
    assert "cannot be annulled" in said
    assert "revoke it ('authority revoke')" in said
    assert "the item left" not in said
    assert gov.events() == before


def test_a_decision_before_its_board_existed_names_itself_and_the_day_to_give(gov: Cli) -> None:
    """Not 'it would take effect ...': which decision, and the day it may take effect from."""
    before = gov.events()
    constituted = GOVERNANCE_DAY.isoformat()  # IC's, in tests/builders.py
    early = (GOVERNANCE_DAY - timedelta(days=1)).isoformat()

    result = gov(
        "board", "stand-down", "IC", "cdubois", "--authority", "EXB", "-m", "Term ended",
        "--effective-date", early,
    )  # fmt: skip

    refused(
        gov,
        result,
        before,
        f"the member stood down decision would take effect on {early}, before IC existed "
        f"('board constituted', effective {constituted})",
        f"give an effective date of {constituted} or later",
    )


def test_a_decision_under_a_delegation_not_yet_made_says_from_when_it_may(
    gov: Cli, tmp_path: Path
) -> None:
    propose(gov)
    made = gov(
        "authority", "delegate", "DEL-002", "--board", "IC", "--to", "mlee", "--limit",
        "GBP 1,000,000", "--present", "hcarter,mlee,cdubois", "--vote", "hcarter=for,cdubois=for",
        "--actor", "hcarter", "-m", "From day 5", "--effective-date", day(5),
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    before = gov.events()

    result = approve(gov, "500000", "--delegation", "DEL-002", "--actor", "mlee", on=3)

    refused(
        gov,
        result,
        before,
        f"delegation DEL-002 takes effect from {day(5)}; on {day(3)} there was no such delegation",
        f"give an effective date of {day(5)} or later",
        # its date may be right (minutes typed in late): then it was the board's to take
        "a decision taken before then (minutes recorded late) was not taken under it: "
        "record it as its board's, at the meeting that took it (--board, --present, --vote)",
    )
    line = {
        "command": "item approve",
        "key": "PRJ-042",
        "budget": "500000",
        "actor": "mlee",
        "delegation": "DEL-002",
        "rationale": "Minuted late",
        "effective_date": day(3),
    }
    (lines := tmp_path / "late.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    imported = gov("import", str(lines))
    assert imported.exit_code == 1, imported.output
    assert 'at the meeting that took it ("board", "present", "votes")' in imported.output
    assert gov.events() == before


def test_an_amount_in_another_currency_names_the_item(gov: Cli) -> None:
    propose(gov)
    before = gov.events()

    result = approve(gov, "USD 500,000", *IC_MEETING)

    refused(gov, result, before, "PRJ-042 is budgeted in GBP; give amounts in GBP, not USD")


def test_a_late_decision_that_would_make_a_later_one_invalid_says_what_to_do(gov: Cli) -> None:
    """Not only the later decision's own refusal ('Escalate to ...'), which is no fix for it."""
    delegate(gov)
    propose(gov, category="Infrastructure")
    assert approve(gov, "500000", "--delegation", "DEL-001", "--actor", "mlee", on=5).exit_code == 0
    before = gov.events()

    result = gov(
        "item", "amend", "PRJ-042", "--sponsor", "Chief Information Officer", "--authority",
        "PMO", "-m", "Sponsor changed", "--effective-date", day(3),
    )  # fmt: skip

    refused(
        gov,
        result,
        before,
        f"details amended on PRJ-042 effective {day(3)} would make a later decision invalid: "
        f"'approved' (version 3, effective {day(5)}",
        "Marcus Lee (mlee) sponsors PRJ-042 and so may not approve it",
        f"To record this one, give an effective date of {day(5)} or later, or put that decision "
        "right first ('decision correct' or 'decision annul' at its position: see 'audit trail "
        "--item PRJ-042').",
    )


def test_a_conflicted_funder_or_tolerance_setter_is_refused_naming_what_they_tried(
    gov: Cli,
) -> None:
    """Segregation of duties refuses a funding change or tolerances as it does an approval,
    and says which of them was refused, not 'approve'."""
    delegate(gov, "--category", "Corporate systems")
    propose(gov, proposer="Marcus Lee")
    approved = approve(gov, "500000", *BOARD, "--vote", "hcarter=for,cdubois=for")
    assert approved.exit_code == 0, approved.output
    before = gov.events()

    funding = gov(
        "item", "fund", "PRJ-042", "--budget", "600000", "--delegation", "DEL-001", "--actor",
        "mlee", "-m", "More", "--effective-date", day(2),
    )  # fmt: skip
    tolerances = gov(
        "item", "set-tolerance", "PRJ-042", "--cost", "10%", "--board", "IC", "--present",
        "mlee,hcarter,cdubois", "--vote", "hcarter=for,cdubois=for", "--actor", "mlee", "-m",
        "Tolerances", "--effective-date", day(2),
    )  # fmt: skip

    refused(
        gov,
        funding,
        before,
        "Marcus Lee (mlee) proposed PRJ-042 and so may not change its funding under delegation "
        "DEL-001 (segregation of duties)",
    )
    refused(
        gov,
        tolerances,
        before,
        "Marcus Lee (mlee) proposed PRJ-042 and so may not set its tolerances (segregation of "
        "duties)",
    )


def test_a_decision_before_its_item_existed_says_from_when_it_may(gov: Cli) -> None:
    propose(gov)
    before = gov.events()

    result = approve(gov, "500000", *IC_MEETING, on=-1)

    refused(
        gov,
        result,
        before,
        f"PRJ-042 did not exist on {day(-1)}",
        f"('proposed', effective {day(0)}); give an effective date of {day(0)} or later",
    )


def test_a_board_that_would_escalate_to_itself_is_refused_saying_so(run: Cli) -> None:
    # Was "no board XB in this ledger": the board being made was looked for as its own parent.
    result = run("board", "create", "XB", "--name", "X Board", "--terms", "t", "--limit", "1000",
                 "--escalates-to", "xb", "--quorum", "1", "--authority", "Founders",
                 "-m", "Constituted")  # fmt: skip

    assert result.exit_code == 2, result.output
    assert "--escalates-to: XB would escalate to itself" in result.output
    assert run.events() == 0


def test_a_correction_back_to_the_value_a_decision_changed_from_points_to_annulling(
    gov: Cli,
) -> None:
    # It said only 'the quorum of IC is already 2', as if the correction were mistyped.
    set_quorum = gov(
        "board", "set-quorum", "IC", "3", "--authority", "Executive Board", "-m", "Terms revised",
        "--actor", "hcarter", "--role", "Chair", "--json",
    )  # fmt: skip
    assert set_quorum.exit_code == 0, set_quorum.output
    position = json.loads(set_quorum.output)["position"]
    before = gov.events()

    back = gov(
        "decision", "correct", str(position), "--set", "quorum=2",
        "--authority", "PMO record-keeping procedure", "-m", "The minutes say 2",
    )  # fmt: skip

    refused(
        gov,
        back,
        before,
        f"corrected so, position {position} (quorum set) on IC would itself be refused: the "
        "quorum of IC is already 2; nothing to change. If that decision should not have been "
        "recorded at all, "
        f"annul it instead ('decision annul {position}'); else correct it to a value its "
        "rules allow.",
    )
