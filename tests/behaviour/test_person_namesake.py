"""One person, one key: a name registered already under another key is refused.

Registered twice, one person would count twice towards a quorum. Names are
compared as segregation of duties compares them (case, spacing), through
``person add``, an import (its own earlier lines included) and a correction of
a name, on SQLite and PostgreSQL; a refusal writes nothing and says how to
register a genuine namesake.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.behaviour.test_governance import day, gov, refused
from tests.behaviour.test_governance_record_keeping import PUT_RIGHT, _position
from tests.conftest import Cli

__all__ = ["gov"]  # the fixture, used by name

SAYS = ("Helen Carter (hcarter)", "Use the key hcarter", "distinguishing name")


def _add(run: Cli, key: str, name: str) -> Any:
    return run(
        "person", "add", key, "--name", name, "-m", "Joins", "--effective-date", day(3),
        role="Secretary",
    )  # fmt: skip


def test_a_person_registered_already_is_not_registered_under_another_key(gov: Cli) -> None:
    before = gov.events()
    refused(gov, _add(gov, "helen", "helen carter"), before, *SAYS, '"helen carter (Finance)"')
    refused(gov, _add(gov, "helen", "  HELEN   Carter "), before, *SAYS)
    assert _add(gov, "hcarter2", "Helen Carter (Finance)").exit_code == 0  # a namesake


def test_a_name_is_not_corrected_to_another_persons(gov: Cli) -> None:
    position = _position(
        gov, "person", "add", "rdas", "--name", "Ravi Das", "-m", "Joins",
        "--effective-date", day(3),
    )  # fmt: skip
    before = gov.events()
    result = gov("decision", "correct", str(position), "--set", "name=helen CARTER", *PUT_RIGHT)
    refused(gov, result, before, *SAYS)
    fixed = gov("decision", "correct", str(position), "--set", "name=Ravi Dass", *PUT_RIGHT)
    assert fixed.exit_code == 0, fixed.output  # a name of its own: put right


def _line(key: str, name: str) -> dict[str, Any]:
    return {
        "command": "person add", "key": key, "name": name, "roles": [],
        "actor": "Board Secretary", "role": "Secretary", "rationale": "Joins",
        "effective_date": day(3),
    }  # fmt: skip


def test_an_import_registers_no_one_twice(gov: Cli, tmp_path: Path) -> None:
    file = tmp_path / "people.jsonl"
    for lines, says in (
        ([_line("helen", "Helen  Carter")], SAYS),
        ([_line("jdoe", "Jane Doe"), _line("janed", "jane doe")], ("Jane Doe (jdoe)",)),
    ):
        file.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
        before = gov.events()
        refused(gov, gov("import", str(file)), before, *says, "distinguishing name")


def test_a_name_that_is_another_persons_key_is_refused(gov: Cli) -> None:
    """Segregation of duties reads ``hcarter`` as Helen Carter: so is a person named so.

    Before, ``person add helen --name HCARTER`` was recorded (exit 0): a second key for the
    person an item sponsored by "hcarter" names, counted twice towards a quorum.
    """
    before = gov.events()
    says = ("'HCARTER' is the key of Helen Carter (hcarter)", "Use the key hcarter")
    refused(gov, _add(gov, "helen", "HCARTER"), before, *says)
    position = _position(
        gov, "person", "add", "rdas", "--name", "Ravi Das", "-m", "Joins",
        "--effective-date", day(3),
    )  # fmt: skip
    before = gov.events()
    result = gov("decision", "correct", str(position), "--set", "name=hcarter", *PUT_RIGHT)
    refused(gov, result, before, "'hcarter' is the key of Helen Carter (hcarter)")
    assert _add(gov, "hc", "Hcarter Smith").exit_code == 0  # a name of their own
