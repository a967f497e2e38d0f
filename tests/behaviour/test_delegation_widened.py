"""A delegation is widened by putting its grant right only by a member of the board that granted it.

A grant is a resolution of its board, within the board's limit. ``decision
correct`` of a grant (its limit raised, a category added, its window
lengthened) and a revocation annulled or moved later gave the delegate more
authority on the word of anyone at all: the portfolio office's clerk raised
DEL-001 from GBP 1m to GBP 2m, exit 0. Now whoever widens it is a member of
its board on the day, as the chair puts the minutes right: anyone else is
refused, exit 1, nothing written, naming the delegation, how it would widen,
the rule and who may. Narrowing it, and its words, stay anyone's to put right
(but its delegate's, tests/behaviour/test_own_delegation.py).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.behaviour.test_governance import day, delegate, gov, refused
from tests.conftest import Cli

__all__ = ["gov"]  # the fixture, used by name

RULE = "widening a delegation is its board's to decide, as granting it is"
WAY = "A member of IC records it (--actor KEY), or IC delegates the wider authority at a meeting"


def correct(run: Cli, position: int, *changes: str, actor: str = "Sam Patel") -> Any:
    sets = [part for change in changes for part in ("--set", change)]
    return run("decision", "correct", str(position), *sets, "--authority",
               "PMO record-keeping procedure", "-m", "Minuted wrongly", actor=actor)  # fmt: skip


def revoke(run: Cli) -> int:
    result = run("authority", "revoke", "DEL-001", "--present", "hcarter,cdubois", "--vote",
                 "hcarter=for,cdubois=for", "--actor", "hcarter", "-m", "Post vacant",
                 "--effective-date", day(10))  # fmt: skip
    assert result.exit_code == 0, result.output
    return run.events()


@pytest.mark.parametrize(
    ("changes", "how"),
    [
        (["limit=GBP 2,000,000"], "limit GBP 1,000,000 -> GBP 2,000,000"),
        (["categories=Infrastructure", "categories=Corporate systems"],
         "categories Corporate systems added"),
        (["categories="], "categories Infrastructure -> any category"),
        ([f"valid_to={day(400)}"], f"valid to {day(200)} -> {day(400)}"),
        (["valid_to="], f"valid to {day(200)} -> none"),
    ],
)  # fmt: skip
def test_a_grant_widened_by_someone_not_on_its_board_is_refused(
    gov: Cli, changes: list[str], how: str
) -> None:
    delegate(gov, "--category", "Infrastructure", "--until", day(200))
    position = before = gov.events()

    result = correct(gov, position, *changes)

    refused(
        gov, result, before,
        f"'Sam Patel' may not correct position {position} (authority delegated) on delegation "
        f"DEL-001: it would widen the authority Investment Committee (IC) delegated ({how})",
        RULE, "was no member of IC on", "(members then, the delegate aside: cdubois, hcarter)",
        WAY, "Nothing was written.",
    )  # fmt: skip


@pytest.mark.parametrize("actor", ["hcarter", "Claire Dubois"])
def test_a_member_of_its_board_widens_it_and_anyone_narrows_it(gov: Cli, actor: str) -> None:
    delegate(gov, "--until", day(200))
    position = gov.events()

    widened = correct(gov, position, "limit=GBP 2,000,000", f"valid_to={day(300)}", actor=actor)
    narrowed = correct(gov, position, "limit=GBP 500,000", f"valid_to={day(100)}")

    assert widened.exit_code == 0, widened.output
    assert narrowed.exit_code == 0, narrowed.output


def test_a_member_of_another_board_does_not_widen_it(gov: Cli) -> None:
    """pking sits on EXB, above IC, but IC granted it: EXB grants authority of its own."""
    delegate(gov)
    position = before = gov.events()

    result = correct(gov, position, "limit=GBP 2,000,000", actor="pking")

    refused(gov, result, before, "'pking' may not correct position", RULE)


def test_a_revocation_undone_or_moved_later_by_someone_not_on_its_board_is_refused(
    gov: Cli,
) -> None:
    delegate(gov)
    position = before = revoke(gov)

    annulled = gov("decision", "annul", str(position), "--authority", "PMO procedure",
                   "-m", "Never decided")  # fmt: skip
    refused(gov, annulled, before, f"may not annul position {position} (delegation revoked)",
            f"(revoked from {day(10)} -> none)", RULE)  # fmt: skip
    later = correct(gov, position, f"effective_date={day(20)}")
    refused(gov, later, before, f"(revoked from {day(10)} -> {day(20)})", RULE)

    assert correct(gov, position, f"effective_date={day(5)}").exit_code == 0  # earlier: narrower
    assert correct(gov, position, f"effective_date={day(20)}", actor="cdubois").exit_code == 0


def test_an_import_line_widening_it_names_its_actor(gov: Cli, tmp_path: Path) -> None:
    delegate(gov)
    position = before = gov.events()
    line = {
        "command": "decision correct", "position": position,
        "changes": {"limit": "GBP 3,000,000"}, "authority": "PMO", "actor": "Sam Patel",
        "role": "PMO", "rationale": "Minuted wrongly", "effective_date": day(1),
    }  # fmt: skip
    path = tmp_path / "widen.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")

    result = gov("import", str(path))

    refused(gov, result, before, "line 1", "actor", RULE)
