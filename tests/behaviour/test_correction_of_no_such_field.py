"""``decision correct POSITION --set NAME=...`` naming no field of the decision is bad usage.

A mistyped field (``--set quorom=3``) is a malformed option value, as a
malformed ``--set`` (``--set quorum``) is: exit 2, nothing written. Before,
it exited 1, as if the ledger had refused the correction on a rule. A field
the decision has but no correction changes (who decided: ``--set actor=...``)
stays the ledger's refusal, exit 1, saying to annul and record it again.
Both given (``--set nosuch=1 --set actor=x``) is bad usage, exit 2, and the
refusal names both; before, exit 1, explaining ``nosuch`` alone.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Cli

PUT_RIGHT = ("--authority", "PMO record-keeping", "-m", "Typed wrongly")


def _constituted(run: Cli) -> int:
    rows = json.loads(run("audit", "trail", "--item", "IC", "--json").stdout)
    return int(rows[0]["position"])


def test_a_field_the_decision_has_not_is_bad_usage(shared_demo: Cli) -> None:
    before = shared_demo("audit", "digest").stdout

    result = shared_demo(
        "decision", "correct", str(_constituted(shared_demo)), "--set", "quorom=3", *PUT_RIGHT
    )

    said = " ".join(result.output.split())
    assert result.exit_code == 2, result.output
    assert "may change effective_date, limit, name, quorum," in said
    assert "'board constituted' says nothing of quorom: check the field's name" in said
    assert shared_demo("audit", "digest").stdout == before


def test_who_decided_is_still_the_ledgers_refusal(shared_demo: Cli) -> None:
    before = shared_demo("audit", "digest").stdout

    result = shared_demo(
        "decision", "correct", str(_constituted(shared_demo)), "--set", "actor=bob", *PUT_RIGHT
    )

    assert result.exit_code == 1, result.output
    assert "; not actor." in " ".join(result.output.split())
    assert shared_demo("audit", "digest").stdout == before


def test_who_made_a_board_or_a_person_is_not_put_right_by_its_leaving(
    shared_demo: Cli,
) -> None:
    """Who constituted a board, or registered a person, stays (that decision is never
    annulled): the refusal said to 'record that the subject left (an item leaves, is
    rejected or cancelled; a delegation is revoked)', which no board or person can."""
    trail = json.loads(shared_demo("audit", "trail", "--item", "hcarter", "--json").stdout)
    for position, ends in (
        (_constituted(shared_demo), "first stand its members down ('board stand-down BOARD"),
        (int(trail[0]["position"]), "first stand them down from each board"),
    ):
        result = shared_demo("decision", "correct", str(position), "--set", "actor=x", *PUT_RIGHT)

        said = " ".join(result.output.split())
        assert result.exit_code == 1, result.output
        assert "record that the subject left" not in said
        assert (
            f"so what it says beyond these stays. To record it again under a new key, {ends}"
            in (said)
        )


def test_a_field_it_has_not_beside_who_decided_is_bad_usage_naming_both(
    shared_demo: Cli,
) -> None:
    before = shared_demo("audit", "digest").stdout
    position = str(_constituted(shared_demo))

    result = shared_demo(
        "decision", "correct", position, "--set", "nosuch=1", "--set", "actor=x", *PUT_RIGHT
    )

    said = " ".join(result.output.split())
    assert result.exit_code == 2, result.output
    assert "; not actor, nosuch." in said
    assert "'board constituted' says nothing of nosuch: check the field's name" in said
    assert "name, or correct the decision that says it. The decision that made IC is never" in said
    assert shared_demo("audit", "digest").stdout == before


def test_an_import_lines_correction_of_no_such_field_is_a_malformed_line(
    shared_demo: Cli, tmp_path: Path
) -> None:
    line = {
        "command": "decision correct", "position": _constituted(shared_demo),
        "changes": {"quorom": "3"}, "authority": "PMO", "actor": "praman", "role": "PMO",
        "rationale": "Typed wrongly",
    }  # fmt: skip
    file = tmp_path / "correct.jsonl"
    file.write_text(json.dumps(line) + "\n", encoding="utf-8")

    result = shared_demo("import", str(file), "--dry-run")

    assert result.exit_code == 2, result.output
    assert "line 1: a correction of 'board constituted' on IC may change" in " ".join(
        result.output.split()
    )
