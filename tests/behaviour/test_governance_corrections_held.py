"""A correction of a governance record is held to the rules the record was made under.

A correction is checked as if the decision had been made with the corrected
values: the quorum a board is constituted with is from 1 to 100, as when it
is constituted; a person's registration or a board's constitution is not
moved after a decision on another board or delegation that names it. On the
command line and in an import, on SQLite and PostgreSQL; a refusal writes
nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.behaviour.test_governance import approve, day, gov, propose, refused
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
    """Before, ``--set quorum=0`` was recorded, and one member alone then decided for IC."""
    propose(gov)
    constituted = _trail_position(gov, "IC", "board constituted")
    before = gov.events()

    result = gov("decision", "correct", str(constituted), "--set", f"quorum={quorum}", *PUT_RIGHT)

    refused(gov, result, before, "the quorum of IC must be from 1 to 100", f"not {quorum}")
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

    refused(gov, result, before, "line 1", "the quorum of IC must be from 1 to 100, not 0")
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
        "'member appointed' on IC", f"effective {day(5)}", f"effective date of {day(5)} or earlier",
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
