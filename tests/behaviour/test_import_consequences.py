"""A refused line is a consequence of an earlier refused line only if that line could have
moved its item: a step its rule does not allow from the item's stage never would have.

An appraisal refused (a field misspelt) beside an item already approved was taken to be
what the approval on a later line needed, and the approval, refused as the item is
approved already, was reported as *depends on line N*: its own error hidden until the
appraisal was fixed, and then refused for its stage in turn.
"""

from __future__ import annotations

from pathlib import Path

from tests.behaviour.test_import import ITEM, PREAMBLE, said, write
from tests.conftest import Cli


def _said_of(output: str) -> dict[str, str]:
    return {line.split(":")[0].strip(): line for line in output.splitlines()[1:]}


def test_a_step_the_item_could_not_take_is_no_cause_of_a_later_refusal(
    run: Cli, tmp_path: Path
) -> None:
    approved = write(tmp_path / "approved.jsonl", [*PREAMBLE, *ITEM])
    assert run("import", str(approved)).exit_code == 0
    appraise = {**ITEM[1], "benefits": "GBP 1", "expected_benefits": None}  # malformed
    approve = {**ITEM[2], "ref": ["IC minutes 2026-02"]}  # PRJ-1 is approved already
    file = write(tmp_path / "again.jsonl", [appraise, approve])
    before = run.events()

    result = run("import", str(file))

    said_of = _said_of(result.output)
    assert result.exit_code == 1, result.output
    assert "2 of 2 lines cannot be recorded; nothing from" in result.output
    assert "benefits: is not a field of this command" in said_of["line 1"]
    assert "cannot approve PRJ-1: it is approved" in said_of["line 2"]
    assert "depends on" not in result.output
    assert run.events() == before


def test_a_refused_proposal_moves_no_item_that_exists(run: Cli, tmp_path: Path) -> None:
    approved = write(tmp_path / "approved.jsonl", [*PREAMBLE, *ITEM])
    assert run("import", str(approved)).exit_code == 0
    again = {**ITEM[0], "kind": "venture"}  # malformed; and PRJ-1 exists anyway
    appraise = ITEM[1]  # refused: PRJ-1 is approved, whatever the proposal said
    file = write(tmp_path / "again.jsonl", [again, appraise])

    result = run("import", str(file))

    said_of = _said_of(result.output)
    assert result.exit_code == 1, result.output
    assert "cannot appraise PRJ-1: it is approved" in said_of["line 2"]
    assert "depends on" not in result.output


def test_a_step_the_item_could_take_is_still_the_cause(run: Cli, tmp_path: Path) -> None:
    approve = {**ITEM[2], "budget": "9,000,000"}  # over the limit: PRJ-1 stays appraised
    start = {"command": "item start-delivery", "key": "PRJ-1", "authority": "PMO", **said()}
    file = write(tmp_path / "stages.jsonl", [*PREAMBLE, *ITEM[:2], approve, start])

    result = run("import", str(file))

    said_of = _said_of(result.output)
    assert result.exit_code == 1, result.output
    assert said_of["line 9"].endswith("depends on line 8, which was refused; fix that line first")


def test_a_step_that_depends_on_a_refused_line_still_causes_the_next(
    run: Cli, tmp_path: Path
) -> None:
    """A chain: the appraisal refused, the approval refused as it depends on it, and the
    start of delivery refused as the item is still proposed. The approval could not move a
    proposed item, but it was to move the item the appraisal would have left appraised:
    the start of delivery depends on the appraisal too (before, its stage was said as its
    own error)."""
    appraise = {**ITEM[1], "benefits": "GBP 1", "expected_benefits": None}  # malformed
    start = {"command": "item start-delivery", "key": "PRJ-1", "authority": "PMO", **said()}
    file = write(tmp_path / "chain.jsonl", [*PREAMBLE, ITEM[0], appraise, ITEM[2], start])

    result = run("import", str(file))

    said_of = _said_of(result.output)
    assert "benefits: is not a field of this command" in said_of["line 7"]
    assert said_of["line 8"].endswith("depends on line 7, which was refused; fix that line first")
    assert said_of["line 9"].endswith("depends on line 7, which was refused; fix that line first")
    assert result.exit_code == 2, result.output  # only a malformed line refused of its own
    assert run.events() == 0
