"""Corrections of governance decisions are checked as the decisions themselves were.

A delegation and its revocation are resolutions of the board's meeting, a
delegation's limit is within the board's, an appointee is registered by the
day of their appointment: a correction that moves or changes such a decision
is checked again the same way, on SQLite and PostgreSQL, and a refusal
writes nothing.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from portfolio_ledger.application.handlers import records
from tests.behaviour.test_governance import (
    IC_MEETING,
    audit,
    day,
    delegate,
    gov,
    propose,
    refused,
)
from tests.builders import GOVERNANCE_DAY
from tests.conftest import Cli

__all__ = ["gov"]  # the fixture, used by name

PUT_RIGHT = ["--authority", "PMO record-keeping procedure", "-m", "Put right"]


def _position(run: Cli, *args: str) -> int:
    result = run(*args, "--json", role="Secretary")
    assert result.exit_code == 0, result.output
    return int(json.loads(result.stdout)["position"])  # a warning may follow, on stderr


def _trail_position(run: Cli, subject: str, event: str) -> int:
    result = run("audit", "trail", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    return int(next(r["position"] for r in rows if r["subject"] == subject and r["event"] == event))


def _correct(run: Cli, position: int, change: str, actor: str = "Sam Patel") -> Any:
    return run("decision", "correct", str(position), "--set", change, *PUT_RIGHT, actor=actor)


def test_a_delegations_limit_is_not_corrected_above_its_boards(gov: Cli) -> None:
    delegate(gov)
    position = _trail_position(gov, "DEL-001", "authority delegated")
    before = gov.events()
    result = _correct(gov, position, "limit=GBP 60,000,000")
    refused(gov, result, before, "Investment Committee (IC) may authorise up to GBP 50,000,000")
    # within: a typo put right, by a member of IC (widening a grant is the board's)
    assert _correct(gov, position, "limit=GBP 2,000,000", "hcarter").exit_code == 0


def test_a_delegation_is_not_moved_to_a_day_its_board_did_not_exist(gov: Cli) -> None:
    delegate(gov)
    position = _trail_position(gov, "DEL-001", "authority delegated")
    before = gov.events()
    earlier = (GOVERNANCE_DAY - timedelta(days=3)).isoformat()
    result = _correct(gov, position, f"effective_date={earlier}")
    refused(gov, result, before, "board IC takes effect from", "no such board")


def test_a_revocation_is_not_moved_to_a_day_its_members_did_not_sit(gov: Cli) -> None:
    delegate(gov)
    _position(
        gov, "board", "appoint", "IC", "pking", "--authority", "Executive Board",
        "-m", "Member", "--effective-date", day(8),
    )  # fmt: skip
    revocation = _position(
        gov, "authority", "revoke", "DEL-001", "--present", "hcarter,pking",
        "--vote", "hcarter=for,pking=for", "--actor", "hcarter", "-m", "Post vacant",
        "--effective-date", day(10),
    )  # fmt: skip
    before = gov.events()
    result = _correct(gov, revocation, f"effective_date={day(6)}")
    refused(gov, result, before, "Paul King (pking)", f"was not a member of it on {day(6)}")
    assert _correct(gov, revocation, f"effective_date={day(9)}").exit_code == 0


def test_an_appointment_is_not_moved_before_the_person_was_registered(gov: Cli) -> None:
    gov(
        "person", "add", "rdas", "--name", "Ravi Das", "-m", "Joins",
        "--effective-date", day(3), role="Secretary",
    )  # fmt: skip
    appointed = _position(
        gov, "board", "appoint", "IC", "rdas", "--authority", "Executive Board",
        "-m", "Member", "--effective-date", day(5),
    )  # fmt: skip
    before = gov.events()
    result = _correct(gov, appointed, f"effective_date={day(1)}")
    refused(gov, result, before, "person rdas takes effect from", "no such person")


def test_a_boards_limit_is_corrected_in_the_currency_written(gov: Cli) -> None:
    """A board is budgeted in no item's currency: its limit is in the currency written."""
    position = _trail_position(gov, "IC", "board constituted")
    assert _correct(gov, position, "limit=EUR 40,000,000").exit_code == 0
    shown = gov("board", "show", "IC", "--json")
    assert shown.exit_code == 0, shown.output
    assert "EUR" in json.dumps(json.loads(shown.output))
    delegate_position = _position(
        gov, "authority", "delegate", "DEL-002", "--board", "IC", "--to", "mlee",
        "--limit", "EUR 1,000,000", "--present", "hcarter,mlee,cdubois",
        "--vote", "hcarter=for,cdubois=for", "--actor", "hcarter", "-m", "Small items",
        "--effective-date", day(1),
    )  # fmt: skip
    before = gov.events()
    result = _correct(gov, delegate_position, "limit=GBP 10")
    refused(gov, result, before, "cannot delegate GBP 10 as DEL-002", "(in EUR)")
    assert "the item is budgeted" not in result.output


def test_a_delegation_in_another_currency_than_its_board_s_limit_says_so(gov: Cli) -> None:
    """IC's limit is GBP 50,000,000: EUR 300,000 is refused, as no amount is converted.

    It said *IC may authorise up to GBP 50,000,000 for an item, so it cannot delegate EUR
    300,000*, which reads as if EUR 300,000 were more than GBP 50,000,000.
    """
    before = gov.events()
    result = gov(
        "authority", "delegate", "DEL-EUR", "--board", "IC", "--to", "mlee",
        "--limit", "EUR 300,000", "--present", "hcarter,mlee,cdubois",
        "--vote", "hcarter=for,cdubois=for", "--actor", "hcarter", "-m", "Irish contracts",
        "--effective-date", day(1),
    )  # fmt: skip
    refused(
        gov, result, before,
        "Investment Committee (IC) has its limit in GBP (GBP 50,000,000 for an item), so it "
        "cannot delegate EUR 300,000 as DEL-EUR: the ledger does not convert currencies",
        "Delegate a limit of at most GBP 50,000,000 (in GBP), or have a board whose limit is "
        "in EUR delegate it",
    )  # fmt: skip


def _stand_down_cdubois_late(run: Cli) -> tuple[int, int]:
    """PRJ-042 approved (day 1) and funded (day 5, cdubois present) by IC; then cdubois is
    stood down with effect from day 3, recorded after both: the funding change is now
    invalid as the record stands. Returns the approval's and the funding change's positions."""
    propose(run)
    approval = _position(
        run, "item", "approve", "PRJ-042", "--budget", "GBP 1,000,000", *IC_MEETING,
        "-m", "Approved", "--effective-date", day(1),
    )  # fmt: skip
    funding = _position(
        run, "item", "fund", "PRJ-042", "--budget", "GBP 1,200,000", "--board", "IC",
        "--present", "hcarter,cdubois", "--vote", "hcarter=for,cdubois=for",
        "--actor", "hcarter", "-m", "Scope grew", "--effective-date", day(5),
    )  # fmt: skip
    _position(
        run, "board", "stand-down", "IC", "cdubois", "--authority", "Executive Board",
        "-m", "Term ended", "--effective-date", day(3),
    )  # fmt: skip
    return approval, funding


def test_an_approval_is_not_annulled_under_a_funding_change_invalid_on_other_grounds(
    gov: Cli,
) -> None:
    """A later decision already invalid (its authority) is excused only that failure: the
    annulment would leave a funding change on an item never approved, so it is refused."""
    approval, _ = _stand_down_cdubois_late(gov)
    before = gov.events()

    result = gov("decision", "annul", str(approval), *PUT_RIGHT)

    refused(gov, result, before, "cannot annul", "later decisions depend on it", "funding changed")
    shown = gov("item", "show", "PRJ-042", "--json")
    assert json.loads(shown.output)["stage"] == "approved", shown.output


def test_the_words_of_a_decision_invalid_as_the_record_stands_are_put_right(gov: Cli) -> None:
    """Its rationale and references, which no rule reads, are corrected; its budget is not."""
    _, funding = _stand_down_cdubois_late(gov)

    for change in ("rationale=Scope grew: two more sites", "references=IC-2026-07"):
        result = _correct(gov, funding, change)
        assert result.exit_code == 0, result.output
    before = gov.events()
    result = _correct(gov, funding, "authorised_budget=GBP 1,100,000")
    refused(gov, result, before, "Claire Dubois (cdubois)", "was not a member of it")
    assert (  # and the fix: the membership rule's own ('Escalate to ...') is none for a correction
        f"'funding changed' (version 4, effective {day(5)}, recorded "
    ) in result.output
    assert (
        "fails so as the record stands already, corrected or not ('audit authority PRJ-042' "
        "shows it invalid): while it does, a correction may change only its rationale and "
        "references. To "
        f"change what it decided, annul it ('decision annul {funding}') and record the decision "
        "again"
    ) in " ".join(result.output.split())
    [row] = [r for r in _audit(gov) if r["event"] == "funding changed"]
    assert row["verdict"] == "invalid", row
    moved = _correct(gov, funding, f"effective_date={day(2)}")  # before she stood down: it holds
    assert moved.exit_code == 0, moved.output
    [row] = [r for r in _audit(gov) if r["event"] == "funding changed"]
    assert row["verdict"] == "valid", row


def _audit(run: Cli) -> list[dict[str, Any]]:
    return audit(run, "PRJ-042")


def test_a_delegation_moved_after_its_start_says_to_move_its_start_too(gov: Cli) -> None:
    # The refusal named the rule (not valid before it was made) but not the fix: the start
    # was the default, the old effective date, which a correction of the date leaves as it was.
    delegate(gov)
    position = _trail_position(gov, "DEL-001", "authority delegated")
    later = (GOVERNANCE_DAY + timedelta(days=2)).isoformat()
    before = gov.events()

    result = _correct(gov, position, f"effective_date={later}")

    refused(gov, result, before, f"give it a start on or after {later}", "valid_from")
    both = gov(
        "decision", "correct", str(position), "--set", f"effective_date={later}",
        "--set", f"valid_from={later}", *PUT_RIGHT,
    )  # fmt: skip
    assert both.exit_code == 0, both.output


def test_a_refused_correction_of_a_delegations_grant_does_not_point_to_annulling_it(
    gov: Cli,
) -> None:
    # It said 'annul it instead (decision annul N)': the grant made DEL-001, and the
    # decision that made a subject is never annulled (that refusal says to revoke it).
    delegate(gov)
    position = _trail_position(gov, "DEL-001", "authority delegated")
    later = (GOVERNANCE_DAY + timedelta(days=2)).isoformat()
    before = gov.events()

    result = _correct(gov, position, f"effective_date={later}")

    refused(gov, result, before, "the decision that made DEL-001 is never annulled")
    said = " ".join(result.output.split())
    assert "revoke it ('authority revoke')" in said, said
    assert "decision annul" not in said, said


def test_correcting_what_a_grant_invalid_as_the_record_stands_decided_says_to_revoke(
    gov: Cli,
) -> None:
    """A delegation granted with cdubois present on day 5; her stand-down from day 3,
    recorded later, leaves the grant invalid: its limit is not corrected, and the way out
    is a revocation, not an annulment (the grant made DEL-001)."""
    made = gov(
        "authority", "delegate", "DEL-001", "--board", "IC", "--to", "mlee", "--limit",
        "GBP 1,000,000", "--present", "hcarter,cdubois", "--vote", "hcarter=for,cdubois=for",
        "--actor", "hcarter", "-m", "Small items", "--effective-date", day(5),
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    _position(
        gov, "board", "stand-down", "IC", "cdubois", "--authority", "Executive Board",
        "-m", "Term ended", "--effective-date", day(3),
    )  # fmt: skip
    position = _trail_position(gov, "DEL-001", "authority delegated")
    before = gov.events()

    result = _correct(gov, position, "limit=GBP 900,000")

    refused(gov, result, before, "fails so as the record stands already")
    said = " ".join(result.output.split())
    assert "revoke it ('authority revoke')" in said, said
    assert "The decision that made DEL-001 is never annulled" in said, said
    assert "decision annul" not in said, said


def test_a_late_decision_is_refused_making_an_invalid_decision_fail_for_another_reason(
    gov: Cli,
) -> None:
    """The funding change (day 5) fails its membership rule as the record stands; that is
    no reason to record, late, the item leaving on day 4, after which it would be a
    funding change on an item that had left (4f5b7e3's rule, on the late-decision path)."""
    _stand_down_cdubois_late(gov)
    before = gov.events()

    result = gov(
        "item", "leave", "PRJ-042", "--reason", "stopped", "--authority", "Portfolio Board",
        "-m", "Stopped", "--effective-date", day(4), role="Secretary",
    )  # fmt: skip

    refused(gov, result, before, "would make a later decision invalid", "funding changed")
    shown = gov("item", "show", "PRJ-042", "--json")
    assert json.loads(shown.output)["stage"] == "approved", shown.output


def test_a_boards_decision_failing_as_the_record_stands_names_no_audit_it_refuses(
    gov: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """rdas appointed to IC on day 5; their registration moved to day 7 after (as a ledger
    recorded before such a move was refused holds it): the appointment fails so.
    Correcting its role said 'audit authority IC' shows it invalid, and audit authority
    judges only items and delegations (it refuses IC). The refusal also said rdas took
    effect from day 3, the registration as first recorded."""
    added = _position(
        gov, "person", "add", "rdas", "--name", "Ravi Das", "-m", "Joins",
        "--effective-date", day(3),
    )  # fmt: skip
    appointed = _position(
        gov, "board", "appoint", "IC", "rdas", "--authority", "Executive Board",
        "-m", "Member", "--effective-date", day(5),
    )  # fmt: skip
    _position(
        gov, "board", "stand-down", "IC", "hcarter", "--authority", "Executive Board",
        "-m", "Term ended", "--effective-date", day(4),
    )  # fmt: skip
    with monkeypatch.context() as earlier:  # the move, as an earlier version recorded it
        earlier.setattr(records, "founding_dates", lambda _uow: lambda _subject, _event: None)
        assert _correct(gov, added, f"effective_date={day(7)}").exit_code == 0
    before = gov.events()

    result = _correct(gov, appointed, "role=chair")

    refused(gov, result, before, "fails so as the record stands already, corrected or not:")
    said = " ".join(result.output.split())
    assert "audit authority" not in said, said
    assert f"person rdas takes effect from {day(7)}; on {day(5)}" in said, said
    assert f"give an effective date of {day(7)} or later" in said, said


def test_an_approval_moved_earlier_is_not_annulled_under_a_funding_change_after_it(
    gov: Cli,
) -> None:
    """The approval, recorded for day 6, corrected to day 1; a funding change on day 3. The
    annulment looked for dependents from day 6, the date as first recorded, missed the
    funding change and was recorded: a funded item never approved."""
    propose(gov)
    approval = _position(
        gov, "item", "approve", "PRJ-042", "--budget", "GBP 1,000,000", *IC_MEETING,
        "-m", "Approved", "--effective-date", day(6),
    )  # fmt: skip
    assert _correct(gov, approval, f"effective_date={day(1)}").exit_code == 0
    _position(
        gov, "item", "fund", "PRJ-042", "--budget", "GBP 1,200,000", *IC_MEETING,
        "-m", "Scope grew", "--effective-date", day(3),
    )  # fmt: skip
    before = gov.events()

    result = gov("decision", "annul", str(approval), *PUT_RIGHT)

    refused(gov, result, before, "later decisions depend on it", "'funding changed'")
    shown = gov("item", "show", "PRJ-042", "--json")
    assert json.loads(shown.output)["stage"] == "approved", shown.output


def test_a_key_used_again_is_refused_naming_a_command_that_shows_it(gov: Cli) -> None:
    """The refusal's 'see it with' command runs as written, for each kind of key."""
    delegate(gov)
    again = {
        "hcarter": ["person", "add", "hcarter", "--name", "Helen Carter", "-m", "Again"],
        "IC": ["board", "create", "IC", "--name", "IC", "--terms", "T", "--unlimited",
               "--quorum", "2", "--authority", "Executive Board", "-m", "Again"],
        "DEL-001": ["authority", "delegate", "DEL-001", "--board", "IC", "--to", "mlee",
                    "--limit", "GBP 1", *IC_MEETING, "-m", "Again"],
    }  # fmt: skip
    for key, args in again.items():
        before = gov.events()
        result = gov(*args, role="Secretary")
        refused(gov, result, before, f"{key} already exists", "see it with 'portfolio-ledger ")
        shown = result.output.split("see it with 'portfolio-ledger ")[1].split("'")[0]
        seen = gov(*shown.split())
        assert seen.exit_code == 0, (shown, seen.output)
        assert key in seen.output


def test_a_delegation_revoked_again_is_refused_saying_how_to_move_its_revocation(
    gov: Cli,
) -> None:
    delegate(gov)
    revoke = ["authority", "revoke", "DEL-001", "--present", "hcarter,cdubois", "--vote",
              "hcarter=for,cdubois=for", "--actor", "hcarter", "-m", "Post vacant"]  # fmt: skip
    revocation = _position(gov, *revoke, "--effective-date", day(10))
    before = gov.events()
    result = gov(*revoke, "--effective-date", day(12), role="Secretary")
    refused(
        gov, result, before, f"already revoked with effect from {day(10)}",
        "decision correct POSITION --set effective_date=", "audit trail --item DEL-001",
    )  # fmt: skip
    trail = gov("audit", "trail", "--item", "DEL-001")
    assert trail.exit_code == 0
    assert str(revocation) in trail.output
    assert _correct(gov, revocation, f"effective_date={day(12)}", "hcarter").exit_code == 0


def test_a_board_or_persons_founding_decision_annulled_is_refused_naming_what_to_do(
    gov: Cli,
) -> None:
    """No command ends a board or a person: the refusal names the ones that take their power."""
    for subject, event, says in [
        ("IC", "board constituted", "stand its members down ('board stand-down BOARD PERSON')"),
        ("mlee", "person registered", "'board stand-down BOARD PERSON') and revoke any delegation"),
    ]:
        position = _trail_position(gov, subject, event)
        before = gov.events()
        result = gov("decision", "annul", str(position), *PUT_RIGHT)
        refused(gov, result, before, f"the decision that made {subject}", says)
        assert "record what ended it" not in result.output


def test_an_item_in_another_currency_than_every_limit_is_not_told_a_limit_is_too_small(
    gov: Cli,
) -> None:
    """A GBP delegation on an EUR item: escalated, IC's GBP limit was said to be 'not enough
    either', which reads as an amount too small, not a currency the ledger does not convert."""
    delegate(gov)
    for args in (
        ("item", "propose", "EUR-1", "--kind", "project", "--title", "Dublin office",
         "--owner", "Dana Okafor", "--sponsor", "Director of Digital",
         "--category", "Corporate systems", "--currency", "EUR", "-m", "Lease ends",
         "--effective-date", day(0)),
        ("item", "appraise", "EUR-1", "--estimated-cost", "100000", "--expected-benefits",
         "200000", "--risk-rating", "low", "--alignment-score", "60", "-m", "Case",
         "--effective-date", day(0)),
    ):  # fmt: skip
        done = gov(*args, actor="Sam Patel", role="Portfolio Manager")
        assert done.exit_code == 0, done.output
    before = gov.events()
    result = gov("item", "approve", "EUR-1", "--budget", "EUR 100,000", "--delegation", "DEL-001",
                 "--actor", "mlee", "-m", "Small", "--effective-date", day(1))  # fmt: skip
    said = " ".join(result.output.split())
    refused(gov, result, before, "has its limit in GBP but EUR-1 is budgeted in EUR")
    assert "not enough either" not in said
    assert "is in GBP, which the ledger does not convert to EUR" in said
