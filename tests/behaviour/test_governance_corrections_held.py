"""A correction of a governance record is held to the rules the record was made under.

A correction is checked as if the decision had been made with the corrected
values: the quorum a board is constituted with is from 1 to 100, as when it
is constituted; a person's registration or a board's constitution is not
moved after a decision on another board or delegation that names it; an
item's sponsor does not correct or annul its approval, funding or
tolerances, as they do not decide them. On the command line and in an
import, on SQLite and PostgreSQL; a refusal writes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.behaviour.test_governance import BOARD, approve, day, gov, propose, refused
from tests.behaviour.test_governance_record_keeping import (
    PUT_RIGHT,
    _correct,
    _position,
    _trail_position,
)
from tests.conftest import Cli

__all__ = ["gov"]  # the fixture, used by name


@pytest.mark.parametrize("quorum", ["0", "-3", "101"])
def test_a_boards_founding_quorum_is_not_corrected_out_of_range(gov: Cli, quorum: str) -> None:
    """Before, ``--set quorum=0`` was recorded, and one member alone then decided for IC.

    Out of its range it is bad usage (exit 2), as ``board set-quorum IC 0`` is.
    """
    propose(gov)
    constituted = _trail_position(gov, "IC", "board constituted")
    before = gov.events()

    result = gov("decision", "correct", str(constituted), "--set", f"quorum={quorum}", *PUT_RIGHT)

    assert result.exit_code == 2, result.output
    assert f"the corrected quorum {quorum!r} is not valid: must be at" in result.output
    assert f"not the number {quorum}" in result.output
    assert gov.events() == before
    alone = approve(
        gov, "GBP 1,000", "--board", "IC", "--present", "hcarter", "--vote", "hcarter=for",
        "--actor", "hcarter",
    )  # fmt: skip
    refused(gov, alone, before, "needs 2 members present to decide")


def test_an_imported_correction_of_a_founding_quorum_is_refused_alike(
    gov: Cli, tmp_path: Path
) -> None:
    constituted = _trail_position(gov, "IC", "board constituted")
    line = {
        "command": "decision correct",
        "position": constituted,
        "changes": {"quorum": "0"},
        "authority": "PMO record-keeping procedure",
        "actor": "Sam Patel",
        "role": "Portfolio Manager",
        "rationale": "Put right",
    }
    path = tmp_path / "correct.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    before = gov.events()

    result = gov("import", str(path))

    assert result.exit_code == 2, result.output  # a malformed line: bad usage
    assert "line 1: the corrected quorum '0' is not valid: must be at least 1" in result.output
    assert gov.events() == before
    within = gov("decision", "correct", str(constituted), "--set", "quorum=3", *PUT_RIGHT)
    assert within.exit_code == 0, within.output


# -- a person or board is named only from the day it was made ---------------------------


def test_a_registration_is_not_moved_after_an_appointment_of_the_person(gov: Cli) -> None:
    """Before, it was recorded: IC then had a member registered after their appointment."""
    registered = _position(
        gov, "person", "add", "rdas", "--name", "Ravi Das", "-m", "Joins",
        "--effective-date", day(3),
    )  # fmt: skip
    _position(
        gov, "board", "appoint", "IC", "rdas", "--authority", "Executive Board",
        "-m", "Member", "--effective-date", day(5),
    )  # fmt: skip
    before = gov.events()

    result = _correct(gov, registered, f"effective_date={day(6)}")

    refused(
        gov, result, before, f"person rdas would take effect from {day(6)}",
        "'member appointed' on IC", f"effective {day(5)}",
        f"Correct person rdas's effective_date to {day(5)} or earlier",
    )  # fmt: skip
    assert _correct(gov, registered, f"effective_date={day(5)}").exit_code == 0  # the same day


def test_a_registration_is_not_moved_after_a_delegation_to_the_person(gov: Cli) -> None:
    registered = _position(
        gov, "person", "add", "rdas", "--name", "Ravi Das", "-m", "Joins",
        "--effective-date", day(3),
    )  # fmt: skip
    _position(
        gov, "authority", "delegate", "DEL-009", "--board", "IC", "--to", "rdas",
        "--limit", "GBP 1,000", "--present", "hcarter,mlee", "--vote", "hcarter=for,mlee=for",
        "--actor", "hcarter", "-m", "Small items", "--effective-date", day(5),
    )  # fmt: skip
    before = gov.events()

    result = _correct(gov, registered, f"effective_date={day(6)}")

    refused(
        gov, result, before, "person rdas would take effect", "'authority delegated' on DEL-009"
    )


def _board(run: Cli, key: str, on: int, *parent: str) -> int:
    return _position(
        run, "board", "create", key, "--name", f"Board {key}", "--terms", "Oversight",
        "--unlimited", *parent, "--quorum", "1", "--authority", "Articles", "-m", "Constituted",
        "--effective-date", day(on),
    )  # fmt: skip


def test_a_boards_constitution_is_not_moved_after_a_board_under_it(gov: Cli) -> None:
    """Before, it was recorded: SUB then escalated to a board that did not exist yet."""
    top = _board(gov, "TOP", 3)
    _board(gov, "SUB", 5, "--escalates-to", "TOP")
    before = gov.events()

    result = _correct(gov, top, f"effective_date={day(6)}")

    refused(gov, result, before, "board TOP would take effect", "'board constituted' on SUB")
    assert _correct(gov, top, f"effective_date={day(4)}").exit_code == 0  # still before SUB


def test_an_import_line_moving_a_registration_is_told_its_fields(gov: Cli, tmp_path: Path) -> None:
    """Before, a line was told '(the date it is moved to, not the correction's own
    --effective-date)': the command line's option, where a line gives "effective_date"."""
    registered = _position(
        gov, "person", "add", "rdas", "--name", "Ravi Das", "-m", "Joins",
        "--effective-date", day(3),
    )  # fmt: skip
    _position(
        gov, "board", "appoint", "IC", "rdas", "--authority", "Executive Board",
        "-m", "Member", "--effective-date", day(5),
    )  # fmt: skip
    before = gov.events()
    line = {
        "command": "decision correct",
        "position": registered,
        "changes": {"effective_date": day(6)},
        "authority": "PMO record-keeping procedure",
        "rationale": "Put right",
    }
    path = tmp_path / "move.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")

    imported = gov("import", str(path))
    typed = _correct(gov, registered, f"effective_date={day(6)}")

    refused(
        gov, imported, before, "line 1: person rdas would take effect",
        f'earlier ("changes": {{"effective_date": "{day(5)}"}}: the date it is moved to, '
        "not the correction's own \"effective_date\")",
    )  # fmt: skip
    on_the_line = imported.output.partition("line 1:")[2]
    assert "--effective-date" not in on_the_line
    assert "--set" not in on_the_line
    refused(
        gov, typed, before, f"(--set effective_date={day(5)}: the date it is moved to, not "
        "the correction's own --effective-date)",
    )  # fmt: skip


# -- the sponsor does not put right what was decided of their item -----------------------


def _approved_sponsored_by_pking(run: Cli) -> int:
    """PRJ-042, sponsored by the Chief Executive (pking), approved by IC for GBP 1,000,000."""
    propose(run, sponsor="Chief Executive")
    approved = approve(run, "GBP 1,000,000", *BOARD, "--vote", "hcarter=for,mlee=for", "--json")
    assert approved.exit_code == 0, approved.output
    return int(json.loads(approved.output)["position"])


@pytest.mark.parametrize("actor", ["pking", "Paul King", "chief  executive"])
def test_the_sponsor_does_not_correct_the_budget_approved(gov: Cli, actor: str) -> None:
    """Before, pking raised his item's approved budget five-fold himself, exit 0."""
    approved = _approved_sponsored_by_pking(gov)
    before = gov.events()

    result = gov(
        "decision", "correct", str(approved), "--set", "authorised_budget=GBP 4,900,000",
        *PUT_RIGHT, actor=actor,
    )  # fmt: skip

    refused(
        gov, result, before, "sponsors PRJ-042 and so may not correct position",
        "(approved)", "segregation of duties", "someone else records it (--actor)",
    )  # fmt: skip
    words = gov("decision", "correct", str(approved), "--set", "rationale=As minuted", *PUT_RIGHT)
    assert words.exit_code == 0, words.output  # words alone decide nothing: anyone's to put
    by_office = _correct(gov, approved, "authorised_budget=GBP 1,100,000")
    assert by_office.exit_code == 0, by_office.output  # Sam Patel, the office, not the sponsor


def test_the_sponsor_does_not_annul_a_funding_cut(gov: Cli, tmp_path: Path) -> None:
    _approved_sponsored_by_pking(gov)
    cut = gov(
        "item", "fund", "PRJ-042", "--budget", "GBP 800,000", *BOARD,
        "--vote", "hcarter=for,mlee=for", "-m", "Descoped", "--effective-date", day(2), "--json",
    )  # fmt: skip
    assert cut.exit_code == 0, cut.output
    position = int(json.loads(cut.output)["position"])
    before = gov.events()

    result = gov("decision", "annul", str(position), *PUT_RIGHT, actor="pking")

    refused(gov, result, before, "Paul King (pking) sponsors PRJ-042", "may not annul position")
    line = {
        "command": "decision annul",
        "position": position,
        "authority": "PMO record-keeping procedure",
        "actor": "Paul King",
        "role": "Chief Executive",
        "rationale": "Put right",
    }
    path = tmp_path / "annul.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    refused(gov, gov("import", str(path)), before, "line 1", "Paul King (pking) sponsors PRJ-042")


def test_a_sponsor_named_after_the_approval_does_not_correct_it(gov: Cli) -> None:
    """Before, pking, made sponsor after the approval, raised its budget himself, exit 0.

    The sponsor was taken only as on the approval's day, when it was someone else.
    """
    propose(gov, sponsor="Chief Operating Officer")
    approved = approve(gov, "GBP 1,000,000", *BOARD, "--vote", "hcarter=for,mlee=for", "--json")
    assert approved.exit_code == 0, approved.output
    position = int(json.loads(approved.output)["position"])
    amended = gov("item", "amend", "PRJ-042", "--sponsor", "Chief Executive", "-m", "New sponsor")
    assert amended.exit_code == 0, amended.output
    before = gov.events()

    result = gov(
        "decision", "correct", str(position), "--set", "authorised_budget=GBP 4,900,000",
        *PUT_RIGHT, actor="pking",
    )  # fmt: skip

    refused(gov, result, before, "Paul King (pking) sponsors PRJ-042", "may not correct")
    former = gov(
        "decision", "annul", str(position), *PUT_RIGHT, actor="Chief Operating Officer"
    )  # fmt: skip
    refused(gov, former, before, "sponsored PRJ-042 on", "may not annul")


def test_a_sponsor_does_not_correct_it_dated_back_to_before_they_were_named(gov: Cli) -> None:
    """pking, made sponsor on day 30, raised the approved budget himself with the
    correction dated day 29, before he was named: the sponsor was taken as on the
    approval's day and the correction's, neither of them his, and it was recorded.
    He sponsors the item today, when it is recorded: refused."""
    propose(gov, sponsor="Chief Operating Officer")
    approved = approve(gov, "GBP 1,000,000", *BOARD, "--vote", "hcarter=for,mlee=for", "--json")
    assert approved.exit_code == 0, approved.output
    position = int(json.loads(approved.output)["position"])
    amended = gov("item", "amend", "PRJ-042", "--sponsor", "Chief Executive", "-m", "New sponsor",
                  "--effective-date", day(30))  # fmt: skip
    assert amended.exit_code == 0, amended.output
    before = gov.events()

    for put_right in (
        ["correct", str(position), "--set", "authorised_budget=GBP 4,900,000"],
        ["annul", str(position)],
    ):
        result = gov("decision", *put_right, *PUT_RIGHT, "--effective-date", day(29),
                     actor="pking")  # fmt: skip
        refused(gov, result, before, "Paul King (pking) sponsors PRJ-042", "may not")
    words = gov("decision", "correct", str(position), "--set", "rationale=Strong case",
                *PUT_RIGHT, "--effective-date", day(29), actor="pking")  # fmt: skip
    assert words.exit_code == 0, words.output  # words alone decide nothing: his to put right
