"""A governance refusal names the fix the user can make, in the words of where it was made.

An import line is told its fields, not the command line's options: a correction
refused because its actor sponsors the item, or is the delegate, says
``"actor"``; a meeting whose recorder is not among those present says
``"present"`` (before, ``--actor`` and ``--present``, options a line does not
have). And a correction of who was present at the meeting that approved an item,
how they voted, or the board or delegation it named is told to annul and record
the decision again (before: *'approved' says nothing of present: check the field's
name*, though the approval records who was present).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.behaviour.test_governance import IC_MEETING, approve, day, delegate, gov, propose
from tests.conftest import Cli

__all__ = ["gov"]  # the fixture, used by name

ANNUL = (
    "Who decided, in what role and under what authority are put right by annulling the "
    "decision and recording it again."
)


def write(path: Path, lines: list[dict[str, Any]]) -> str:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return str(path)


def said(**fields: Any) -> dict[str, Any]:
    return {"role": "Chair", "rationale": "Imported.", "effective_date": day(2), **fields}


def imported(run: Cli, path: Path, line: dict[str, Any]) -> str:
    before = run.events()
    result = run("import", write(path, [line]))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert run.events() == before
    return str(result.output)


@pytest.mark.parametrize("field", ["board=EXB", "present=hcarter", "votes=hcarter=for"])
def test_correcting_the_meeting_of_an_approval_says_to_annul_it(gov: Cli, field: str) -> None:
    propose(gov)
    assert approve(gov, "GBP 1,000,000", *IC_MEETING).exit_code == 0
    before = gov.events()

    result = gov("decision", "correct", str(before), "--set", field, "--authority", "Records",
                 "-m", "Wrong meeting")  # fmt: skip

    assert result.exit_code == 1, result.output
    assert ANNUL in result.output
    assert "says nothing of" not in result.output
    assert gov.events() == before


def test_an_import_line_of_the_sponsor_correcting_the_approval_names_the_actor_field(
    gov: Cli, tmp_path: Path
) -> None:
    propose(gov, sponsor="Chief Information Officer")
    approved = approve(gov, "GBP 1,000,000", "--board", "IC", "--present", "hcarter,mlee,cdubois",
                       "--actor", "hcarter", "--vote", "hcarter=for,cdubois=for")  # fmt: skip
    assert approved.exit_code == 0, approved.output
    line = {
        "command": "decision correct", "position": gov.events(),
        "changes": {"authorised_budget": "GBP 2,000,000"}, "authority": "Records",
        **said(actor="Marcus Lee"),
    }  # fmt: skip

    output = imported(gov, tmp_path / "c.jsonl", line)

    assert 'someone else records it ("actor")' in output
    assert "--actor" not in output


def test_an_import_line_of_the_delegate_correcting_it_names_the_actor_field(
    gov: Cli, tmp_path: Path
) -> None:
    delegate(gov)
    line = {
        "command": "decision correct", "position": gov.events(),
        "changes": {"limit": "GBP 2,000,000"}, "authority": "IC", **said(actor="mlee"),
    }  # fmt: skip

    output = imported(gov, tmp_path / "c.jsonl", line)

    assert 'someone else records it ("actor"), on the authority of board IC' in output
    assert "--actor" not in output


def test_an_import_line_recorded_by_someone_not_present_names_the_present_field(
    gov: Cli, tmp_path: Path
) -> None:
    propose(gov)
    line = {
        "command": "item approve", "key": "PRJ-042", "budget": "GBP 1,000,000", "board": "IC",
        "present": ["mlee", "cdubois"], "votes": {"mlee": "for", "cdubois": "for"},
        **said(actor="hcarter"),
    }  # fmt: skip

    output = imported(gov, tmp_path / "a.jsonl", line)

    assert 'is not among the members present; list everyone present with "present"' in output
    assert "--present" not in output
