"""Putting right an authorisation that named a board's meeting or a delegation.

A pause, cancellation or departure that named a meeting or a delegation was held
to segregation of duties (the item's sponsor neither records it nor votes on it):
so is its correction or annulment, as an approval's is. The audit says it was
judged against no limit, and a board or delegation named empty is refused as a
key, not taken for no board at all.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.behaviour.test_authorisations_checked import WHY
from tests.behaviour.test_governance import BOARD, approve, day, gov, propose
from tests.conftest import Cli

__all__ = ["gov"]  # the fixture, used by name

MEETING = [*BOARD, "--vote", "hcarter=for,mlee=for"]
"""IC with its three members present; the sponsor, cdubois, does not vote."""


def cancelled_by_ic(run: Cli) -> int:
    """PRJ-042, sponsored by Claire Dubois, approved and cancelled by IC: its position."""
    propose(run, sponsor="Claire Dubois")
    assert approve(run, "GBP 900,000", *MEETING, on=1).exit_code == 0
    result = run("item", "cancel", "PRJ-042", *MEETING, *WHY, "--effective-date", day(3), "--json")
    assert result.exit_code == 0, result.output
    position: int = json.loads(result.stdout)["position"]
    return position


def test_the_sponsor_may_not_annul_a_cancellation_their_board_decided(gov: Cli) -> None:
    position = cancelled_by_ic(gov)
    before = gov.events()

    result = gov("decision", "annul", str(position), "--authority", "PMO procedure",
                 "-m", "Recorded in error", actor="Claire Dubois")  # fmt: skip

    assert result.exit_code == 1, result.output
    assert "sponsors PRJ-042 and so may not annul" in result.output
    assert "does not cancel it" in result.output
    assert gov.events() == before


def test_the_sponsor_may_not_move_a_cancellation_their_board_decided(gov: Cli) -> None:
    position = cancelled_by_ic(gov)
    before = gov.events()

    result = gov("decision", "correct", str(position), "--set", f"effective_date={day(4)}",
                 "--authority", "PMO procedure", "-m", "Minutes say later",
                 actor="cdubois")  # fmt: skip

    assert result.exit_code == 1, result.output
    assert "sponsors PRJ-042 and so may not correct" in result.output
    assert gov.events() == before


def test_the_sponsor_may_still_put_right_a_cancellation_recorded_in_words(gov: Cli) -> None:
    propose(gov, sponsor="Claire Dubois")
    assert approve(gov, "GBP 900,000", *MEETING, on=1).exit_code == 0
    said = gov("item", "cancel", "PRJ-042", "--authority", "Investment Committee", *WHY,
               "--effective-date", day(3), "--json")  # fmt: skip
    position = json.loads(said.stdout)["position"]

    result = gov("decision", "correct", str(position), "--set", f"effective_date={day(4)}",
                 "--authority", "PMO procedure", "-m", "Minutes say later",
                 actor="cdubois")  # fmt: skip

    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("command", "options", "said"),
    [
        (["item", "reject", "PRJ-042"], ["--board", "", "--authority", "IC"], "board key"),
        (["item", "reject", "PRJ-042"], ["--delegation", ""], "delegation key"),
        (["item", "approve", "PRJ-042", "--budget", "GBP 1,000"], ["--board", ""], "board key"),
    ],
    ids=["reject-empty-board-with-words", "reject-empty-delegation", "approve-empty-board"],
)
def test_a_board_or_delegation_named_empty_is_refused_as_a_key_not_taken_for_none(
    gov: Cli, command: list[str], options: list[str], said: str
) -> None:
    propose(gov)
    before = gov.events()

    result = gov(*command, *options, "--actor", "hcarter", *WHY, "--effective-date", day(1))

    assert result.exit_code == 2, result.output
    assert f"'' is not a valid {said}" in result.output
    assert gov.events() == before


def test_the_audit_says_no_limit_of_a_pause_its_board_decided(gov: Cli) -> None:
    propose(gov)
    assert approve(gov, "GBP 900,000", *MEETING, on=1).exit_code == 0
    paused = gov("item", "pause", "PRJ-042", *MEETING, *WHY, "--effective-date", day(3))
    assert paused.exit_code == 0, paused.output

    result = gov("audit", "authority", "PRJ-042", "--json")

    assert result.exit_code == 0, result.output
    rows = {row["event"]: row for row in json.loads(result.stdout)}
    assert rows["paused"]["verdict"] == "valid"
    assert rows["paused"]["limit"] is None  # it moves no money: no limit was checked
    assert rows["approved"]["limit"] == {"amount": "50000000.00", "currency": "GBP"}
    table = gov("audit", "authority", "PRJ-042").output
    [paused_row] = [line for line in table.splitlines() if " paused " in line]
    assert "within the limit" not in paused_row


def test_an_authorisation_naming_no_authority_is_told_every_way_to_name_one(
    gov: Cli, tmp_path: Path
) -> None:
    propose(gov)
    line = {"command": "item reject", "key": "PRJ-042", "actor": "Sam Patel", "role": "PMO"}
    file = tmp_path / "reject.jsonl"
    file.write_text(json.dumps({**line, "rationale": "No case"}) + "\n", encoding="utf-8")
    before = gov.events()

    said = gov("item", "reject", "PRJ-042", *WHY)
    imported = gov("import", str(file))

    assert said.exit_code == 2, said.output
    assert "with --authority (in words), or name a board's meeting (--board, --present, " in (
        " ".join(said.output.split())
    )
    assert imported.exit_code == 2, imported.output
    assert 'or a board\'s meeting ("board", "present", "votes") or a delegation' in (
        " ".join(imported.output.split())
    )
    assert gov.events() == before


def test_a_board_left_short_of_its_quorum_is_said_to_refuse_its_pauses_too(gov: Cli) -> None:
    result = gov("board", "stand-down", "IC", "mlee", "--authority", "Executive Board",
                 "-m", "Term ended", "--effective-date", day(3))  # fmt: skip
    assert result.exit_code == 0, result.output
    result = gov("board", "stand-down", "IC", "cdubois", "--authority", "Executive Board",
                 "-m", "Term ended", "--effective-date", day(3))  # fmt: skip

    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "delegations and other decisions naming its meeting (a pause, say) are refused" in said


def test_the_help_says_the_actor_of_a_meeting_or_delegation_is_a_person_key(run: Cli) -> None:
    result = run("item", "pause", "--help")

    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "With --board or --delegation: your person key (e.g. hcarter)." in said


def test_a_pause_by_a_meeting_sent_twice_with_its_request_id_is_recorded_once(gov: Cli) -> None:
    propose(gov)
    assert approve(gov, "GBP 900,000", *MEETING, on=1).exit_code == 0
    pause = ["item", "pause", "PRJ-042", *MEETING, *WHY, "--effective-date", day(3)]
    first = gov(*pause, "--request-id", "pause-1")
    assert first.exit_code == 0, first.output
    after = gov.events()

    again = gov(*pause, "--request-id", "pause-1")
    other_meeting = gov("item", "pause", "PRJ-042", "--board", "IC", "--present",
                        "hcarter,cdubois", "--vote", "hcarter=for", "--actor", "hcarter",
                        *WHY, "--effective-date", day(3), "--request-id", "pause-1")  # fmt: skip

    assert again.exit_code == 0, again.output
    assert "Already recorded (request pause-1)" in again.output
    assert other_meeting.exit_code == 1, other_meeting.output
    assert "already used for a different decision" in other_meeting.output
    assert gov.events() == after


def test_a_pause_sent_again_with_its_members_in_another_order_is_the_same_request(
    gov: Cli,
) -> None:
    propose(gov)
    assert approve(gov, "GBP 900,000", *MEETING, on=1).exit_code == 0
    pause = ["item", "pause", "PRJ-042", *WHY, "--effective-date", day(3), "--actor", "hcarter"]
    first = gov(*pause, "--board", "IC", "--present", "hcarter,mlee,cdubois",
                "--vote", "hcarter=for,mlee=for", "--request-id", "pause-2")  # fmt: skip
    assert first.exit_code == 0, first.output
    after = gov.events()

    # A client building the meeting from a set sends its members in another order.
    again = gov(*pause, "--board", "IC", "--present", "cdubois,mlee,hcarter",
                "--vote", "mlee=for,hcarter=for", "--request-id", "pause-2")  # fmt: skip

    assert again.exit_code == 0, again.output
    assert "Already recorded (request pause-2)" in again.output
    assert gov.events() == after
