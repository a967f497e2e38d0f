"""A refusal of an import's line names the line's fields (and commands), not the command line's.

The domain worded some refusals for the command line alone: an import line
resolving one of several open escalations was told to *name one with
--escalation*, and a correction of a delegation's window on a line was told
*(--until; ...)* or *(--from; ...)*: options a line does not have. Each now
names the line's field (``"escalation"``, ``"valid_to"``, ``"valid_from"``),
as ``"actor"`` and ``"present"`` were named before; the command line keeps
its options. A merger's correction on a line, to a day before the item it
was merged into joined, is told to give ``"changes": {"effective_date":
"DAY"}``, not ``--set effective_date=DAY``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from tests.behaviour.test_governance import day, gov
from tests.behaviour.test_put_right_as_recorded import merged
from tests.conftest import Cli

__all__ = ["gov", "merged"]  # the fixtures, used by name

SAID = {"actor": "praman", "role": "PMO", "rationale": "Imported."}


def _lines(tmp_path: Path, *lines: Mapping[str, object]) -> str:
    file = tmp_path / "lines.jsonl"
    file.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return str(file)


def _escalations(key: str) -> list[dict[str, object]]:
    return [
        {"command": "item escalate", "key": key, "issue": issue, "severity": "high",
         "to": "IC", **SAID}
        for issue in ("Supplier late", "Budget short")
    ]  # fmt: skip


def test_resolving_one_of_several_escalations_names_the_field(
    shared_demo: Cli, tmp_path: Path
) -> None:
    resolve = {"command": "item resolve", "key": "PGM-001", "authority": "IC", **SAID}
    file = _lines(tmp_path, *_escalations("PGM-001"), resolve)

    result = shared_demo("import", file, "--dry-run")

    said = " ".join(result.output.split())
    assert result.exit_code == 1, result.output
    assert 'line 3: PGM-001 has 2 open escalations (#1, #2); name one with "escalation"' in said
    assert "--escalation" not in said


def test_a_correction_of_a_delegations_window_names_the_fields(
    shared_demo: Cli, tmp_path: Path
) -> None:
    grant = json.loads(shared_demo("audit", "trail", "--item", "DEL-001", "--json").stdout)[0]
    correct = {"command": "decision correct", "position": grant["position"], "authority": "IC"}
    file = _lines(
        tmp_path,
        {**correct, "changes": {"valid_to": "2025-01-01"}, **SAID},
        {**correct, "changes": {"valid_from": "2025-01-01"}, **SAID},
    )

    result = shared_demo("import", file, "--dry-run")

    said = " ".join(result.output.split())
    assert result.exit_code == 1, result.output
    assert '("valid_to"; in a correction, valid_to)' in said
    assert '("valid_from"; in a correction, valid_from, which moving' in said
    assert "--until" not in said
    assert "--from" not in said


def test_the_command_line_keeps_its_options(run: Cli) -> None:
    assert run("demo").exit_code == 0
    for issue in ("Supplier late", "Budget short"):
        escalated = run(
            "item", "escalate", "PGM-001", "--issue", issue, "--severity", "high", "--to", "IC",
            "-m", "Raised",
        )  # fmt: skip
        assert escalated.exit_code == 0, escalated.output
    before = run("audit", "digest").stdout

    result = run("item", "resolve", "PGM-001", "--authority", "IC", "-m", "Settled")

    assert result.exit_code == 1, result.output
    assert "name one with --escalation" in result.output
    assert run("audit", "digest").stdout == before


def test_a_lines_missing_detail_and_authority_name_the_fields_a_line_takes(
    shared_demo: Cli, tmp_path: Path
) -> None:
    """``--vote`` is the field ``"votes"``; ``--no-objectives`` is ``"objectives": []``.

    Before, a line was told to give ``"no_objectives"``, which it refuses as no field.
    """
    file = _lines(
        tmp_path,
        {"command": "item amend", "key": "PRJ-002", "authority": "PMO", **SAID},
        {"command": "item approve", "key": "PRJ-002", "budget": "5", **SAID},
    )

    result = shared_demo("import", file, "--dry-run")

    said = " ".join(result.output.split())
    assert result.exit_code == 2, result.output
    assert '"sponsor", "objectives" (or "objectives": []), or "description"' in said
    assert (
        'a board ("board", with "present" and "votes") or a delegation ("delegation"), one of '
        "them (neither was given)" in said
    )
    assert "no_objectives" not in said


def test_a_command_that_records_no_decision_is_said_so_not_matched_to_another(
    shared_demo: Cli, tmp_path: Path
) -> None:
    """Before, ``item show`` on a line was asked *did you mean 'item resolve'?*."""
    file = _lines(tmp_path, {"command": "item show", "key": "PRJ-001"}, {"command": "demo"})

    result = shared_demo("import", file, "--dry-run")

    said = " ".join(result.output.split())
    assert result.exit_code == 2, result.output
    for line, name in ((1, "item show"), (2, "demo")):
        assert (
            f"line {line}: '{name}' is a command of the command line that records no decision: "
            "an import records decisions only; run it as a command" in said
        )
    assert "did you mean" not in said


def test_a_mergers_day_corrected_on_a_line_names_the_lines_changes(
    merged: tuple[Cli, dict[str, int]], tmp_path: Path
) -> None:
    run, positions = merged
    events = run.events()
    correct = {
        "command": "decision correct", "position": positions["left"],
        "changes": {"effective_date": day(-2)}, "authority": "PMO record-keeping procedure",
    }  # fmt: skip

    result = run("import", _lines(tmp_path, {**correct, **SAID}))

    said = " ".join(result.output.split())
    assert result.exit_code == 1, result.output
    assert 'give the day it was merged ("changes": {"effective_date": "DAY"}), on or' in said
    assert "--set" not in said
    assert run.events() == events


def test_an_approval_under_an_authority_in_words_is_told_to_name_a_board_or_delegation(
    shared_demo: Cli, tmp_path: Path
) -> None:
    """An approval's authority is a board's meeting or a delegation the ledger checks.

    A line giving ``"authority"`` and neither was told *the authority of this decision
    is the board or delegation it names; ... leave out "authority"*: it named none, and
    leaving ``"authority"`` out only brought the next refusal.
    """
    approve = {"command": "item approve", "key": "PRJ-002", "budget": "5", **SAID}
    file = _lines(tmp_path, {**approve, "authority": "CFO's letter"})

    result = shared_demo("import", file, "--dry-run")

    said = " ".join(result.output.split())
    assert result.exit_code == 2, result.output
    assert (
        "line 1: this decision is not taken under an authority in words: name the board whose "
        'meeting decided it ("board", with "present" and "votes") or the delegation '
        '("delegation"), for the ledger to check, instead of "authority"' in said
    )
    assert "the board or delegation it names" not in said


def test_a_field_name_holding_a_character_that_shows_nothing_is_shown_escaped(
    run: Cli, tmp_path: Path
) -> None:
    """A name with U+200B in it was echoed raw: 'key: is not a field of this command (did you
    mean 'key'?)', as a screen shows it, and a vote's key alike, ``votes["mlee"]``.

    Found by fuzzing the import with zero-width characters in a line's keys.
    """
    person = {"command": "person add", "ke\u200by": "np", "name": "N", "authority": "HR"}
    vote = {"command": "item approve", "key": "P-1", "budget": "5", "board": "IC",
            "present": ["mlee"], "votes": {"mlee\u200b": "for"}}  # fmt: skip
    file = _lines(tmp_path, {**person, **SAID}, {**vote, **SAID})

    result = run("import", file, "--dry-run")

    said = " ".join(result.output.split())
    assert result.exit_code == 2, result.output
    assert (
        'line 1: key: is required; "ke\\u200by": is not a field of this command: its name '
        "holds U+200B ZERO WIDTH SPACE, which a screen does not show (did you mean 'key'?)" in said
    )
    assert 'votes["mlee\\u200b"]: ' in said
    assert "\u200b" not in result.output
    assert run.events() == 0


def test_a_field_name_shown_escaped_keeps_its_letters_as_written(run: Cli, tmp_path: Path) -> None:
    """'"catégorie\\u200b"' was written '"cat\\u00e9gorie\\u200b"': every letter beyond ASCII
    escaped with the one character a screen does not show, the name no longer as the line
    spells it (found reading bec94e6e with accented names)."""
    person = {"command": "person add", "kéy\u200b": "np", "name": "N", "authority": "HR"}
    vote = {"command": "item approve", "key": "P-1", "budget": "5", "board": "IC",
            "present": ["mlee"], "votes": {"mlée\u200b": "for"}}  # fmt: skip
    file = _lines(tmp_path, {**person, **SAID}, {**vote, **SAID})

    result = run("import", file, "--dry-run")

    said = " ".join(result.output.split())
    assert result.exit_code == 2, result.output
    assert '"kéy\\u200b": is not a field of this command' in said
    assert 'votes["mlée\\u200b"]: ' in said
    assert "\\u00e9" not in said
