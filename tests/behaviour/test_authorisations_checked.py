"""An item's other authorisations may name a board's meeting or a delegation, which is checked.

Rejecting, deferring, reprioritising, a stage-gate review, starting delivery,
pausing, resuming, going live, retiring, cancelling and leaving took their
authority in words alone (``--authority "Investment Committee"``), so a
board's pause was recorded whoever was at the meeting. Each may now name the
meeting (``--board``, ``--present``, ``--vote``) or a delegation
(``--delegation``) instead, and the ledger checks it as it checks an
approval's, but for a limit: membership, quorum, majority, segregation of
duties, the delegation's window and categories. Words alone are still
recorded as said, and ``audit authority`` calls them unchecked.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.behaviour.test_governance import BOARD, IC_MEETING, approve, day, delegate, gov, propose
from tests.conftest import Cli

__all__ = ["gov"]  # the fixture, used by name

WHY = ["-m", "Decided at the meeting"]


def verdicts(run: Cli, key: str = "PRJ-042", *, exit_code: int = 0) -> dict[str, str]:
    """``audit authority``'s verdict on each of the item's decisions, by its event's name.

    It exits 1 if any decision's authority did not hold.
    """
    result = run("audit", "authority", key, "--json")
    assert result.exit_code == exit_code, result.output
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return {row["event"]: row["verdict"] for row in rows}


def delivering(run: Cli, key: str = "PRJ-042", **kw: Any) -> None:
    """``key`` proposed, appraised, approved by IC on day 1 and in delivery from day 2."""
    propose(run, key, **kw)
    assert approve(run, "GBP 900,000", *IC_MEETING, key=key, on=1).exit_code == 0
    started = run("item", "start-delivery", key, "--authority", "Delivery Board", *WHY,
                  "--effective-date", day(2))  # fmt: skip
    assert started.exit_code == 0, started.output


def test_a_pause_by_a_quorate_meeting_is_recorded_with_its_meeting_and_judged_valid(
    gov: Cli,
) -> None:
    delivering(gov)

    result = gov("item", "pause", "PRJ-042", *IC_MEETING, *WHY, "--effective-date", day(3),
                 "--json", role="Chair")  # fmt: skip

    assert result.exit_code == 0, result.output
    history = json.loads(gov("item", "history", "PRJ-042", "--json").stdout)
    paused = next(entry for entry in history if entry["event"] == "paused")
    assert paused["authority"] == "Investment Committee (IC)"
    assert paused["authority_detail"]["board"] == "IC"
    assert paused["authority_detail"]["present"] == ["hcarter", "mlee", "cdubois"]
    assert verdicts(gov)["paused"] == "valid"


def test_a_meeting_short_of_its_quorum_is_refused_and_writes_nothing(gov: Cli) -> None:
    delivering(gov)
    before = gov.events()
    alone = ["--board", "IC", "--present", "hcarter", "--vote", "hcarter=for",
             "--actor", "hcarter"]  # fmt: skip

    result = gov("item", "cancel", "PRJ-042", *alone, *WHY, "--effective-date", day(3))

    assert result.exit_code == 1
    assert "needs 2 members present to decide" in result.output
    assert gov.events() == before


def test_the_sponsor_may_not_record_the_rejection_of_their_own_item(gov: Cli) -> None:
    propose(gov, sponsor="Claire Dubois")
    before = gov.events()
    by_sponsor = ["--board", "IC", "--present", "hcarter,mlee,cdubois",
                  "--vote", "hcarter=for,mlee=for", "--actor", "cdubois"]  # fmt: skip

    result = gov("item", "reject", "PRJ-042", *by_sponsor, *WHY, "--effective-date", day(1))

    assert result.exit_code == 1
    assert "sponsors PRJ-042 and so may not reject it" in result.output
    assert gov.events() == before


def test_a_delegation_not_covering_the_items_category_is_refused(gov: Cli) -> None:
    delegate(gov, "--category", "Infrastructure")
    propose(gov)  # Corporate systems
    before = gov.events()

    result = gov("item", "defer", "PRJ-042", "--delegation", "DEL-001", "--actor", "mlee",
                 *WHY, "--effective-date", day(1))  # fmt: skip

    assert result.exit_code == 1
    assert "DEL-001" in result.output
    assert "Corporate systems" in result.output
    assert gov.events() == before


def test_a_delegation_covering_the_item_is_recorded_and_judged_valid(gov: Cli) -> None:
    delegate(gov)
    propose(gov)

    result = gov("item", "reprioritise", "PRJ-042", "--rank", "3", "--delegation", "DEL-001",
                 "--actor", "mlee", *WHY, "--effective-date", day(1))  # fmt: skip

    assert result.exit_code == 0, result.output
    assert verdicts(gov)["reprioritised"] == "valid"


def test_words_alone_are_recorded_as_said_and_unchecked(gov: Cli) -> None:
    propose(gov)

    result = gov("item", "defer", "PRJ-042", "--authority", "Investment Committee", *WHY,
                 "--effective-date", day(1))  # fmt: skip

    assert result.exit_code == 0, result.output
    assert verdicts(gov)["deferred"] == "unchecked"


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (["--authority", "IC", *IC_MEETING], "leave out --authority"),
        (["--present", "hcarter", "--actor", "hcarter"], "name the board with --board"),
        (["--board", "IC", "--delegation", "DEL-001", "--present", "hcarter"], "both were given"),
        (["--board", "IC", "--actor", "hcarter"], "list the members of IC present"),
    ],
    ids=["words-and-board", "present-without-board", "board-and-delegation", "nobody-present"],
)
def test_authority_named_two_ways_or_half_named_is_bad_usage(
    gov: Cli, options: list[str], said: str
) -> None:
    propose(gov)
    before = gov.events()

    result = gov("item", "reject", "PRJ-042", *options, *WHY, "--effective-date", day(1))

    assert result.exit_code == 2, result.output
    assert said in result.output
    assert gov.events() == before


def test_a_lifecycle_refusal_comes_before_the_meeting_is_judged(gov: Cli) -> None:
    propose(gov)  # appraised: nothing to pause
    alone = ["--board", "IC", "--present", "hcarter", "--actor", "hcarter"]

    result = gov("item", "pause", "PRJ-042", *alone, *WHY, "--effective-date", day(1))

    assert result.exit_code == 1
    assert "cannot pause PRJ-042: it is appraised" in result.output


def test_a_stand_down_minuted_late_makes_the_audit_and_the_pack_judge_the_pause_invalid(
    gov: Cli,
) -> None:
    delivering(gov)
    meeting = ["--vote", "hcarter=for,mlee=for,cdubois=for"]
    paused = gov("item", "pause", "PRJ-042", *BOARD, *meeting, *WHY, "--effective-date", day(4))
    assert paused.exit_code == 0, paused.output

    result = gov("board", "stand-down", "IC", "mlee", "--authority", "Executive Board",
                 "-m", "Term ended", "--effective-date", day(3))  # fmt: skip

    assert result.exit_code == 0, result.output
    assert verdicts(gov, exit_code=1)["paused"] == "invalid"
    pack = gov("report", "board-pack", "--as-at", day(5), "--since", day(-1), "--json")
    assert pack.exit_code == 0, pack.output
    flags = {d["event"]: d["flag"] for d in json.loads(pack.stdout)["decisions"]}
    assert flags["paused"] == "authority did not hold (audit authority PRJ-042)"


def test_a_sponsor_named_late_from_before_the_pause_its_recorder_made_is_refused(
    gov: Cli,
) -> None:
    delivering(gov)
    paused = gov("item", "pause", "PRJ-042", *IC_MEETING, *WHY, "--effective-date", day(4))
    assert paused.exit_code == 0, paused.output
    before = gov.events()

    result = gov("item", "amend", "PRJ-042", "--sponsor", "Helen Carter", "-m", "New SRO",
                 "--effective-date", day(3))  # fmt: skip

    assert result.exit_code == 1
    assert "may not pause it" in result.output
    assert gov.events() == before


def test_an_import_line_may_name_the_meeting_and_is_held_to_it(gov: Cli, tmp_path: Path) -> None:
    delivering(gov)
    line = {
        "command": "item pause",
        "key": "PRJ-042",
        "board": "IC",
        "present": ["hcarter"],
        "votes": {"hcarter": "for"},
        "actor": "hcarter",
        "role": "Chair",
        "rationale": "Supplier insolvency",
        "effective_date": day(3),
    }
    short = tmp_path / "short.jsonl"
    short.write_text(json.dumps(line) + "\n", encoding="utf-8")
    before = gov.events()

    refused = gov("import", str(short))

    assert refused.exit_code == 1
    assert "needs 2 members present" in refused.output
    assert gov.events() == before
    quorate = tmp_path / "quorate.jsonl"
    line |= {"present": ["hcarter", "mlee"], "votes": {"hcarter": "for", "mlee": "for"}}
    quorate.write_text(json.dumps(line) + "\n", encoding="utf-8")
    assert gov("import", str(quorate)).exit_code == 0
    assert verdicts(gov)["paused"] == "valid"
