"""A stage-gate review is recorded: which gate, its outcome, under what authority, why.

DOMAIN.md's authorisation vocabulary has "stage-gate reviewed (gate, outcome:
go / hold / recycle / stop)", and the demo's approvals carry the condition
"Stage-gate review before go-live": a board had no way to record that review.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Cli


def _appraised(run: Cli, key: str = "PRJ-1") -> None:
    for argv in (
        ["item", "propose", key, "--kind", "project", "--title", "Payroll", "--owner", "Dana",
         "--sponsor", "CFO", "--category", "Corporate systems", "-m", "Contract ends",
         "--effective-date", "2026-03-01"],
        ["item", "appraise", key, "--estimated-cost", "1200000", "--expected-benefits", "2100000",
         "--risk-rating", "medium", "--alignment-score", "72", "-m", "Five cases",
         "--effective-date", "2026-03-05"],
    ):  # fmt: skip
        result = run(*argv)
        assert result.exit_code == 0, result.output


def test_a_gate_review_is_recorded_with_its_gate_outcome_and_authority(run: Cli) -> None:
    _appraised(run)

    reviewed = run("item", "review-gate", "PRJ-1", "--gate", "Gate 2: business case",
                   "--outcome", "Recycle", "--authority", "Investment Committee",
                   "-m", "Options not costed", "--effective-date", "2026-03-09")  # fmt: skip

    assert reviewed.exit_code == 0, reviewed.output
    assert "stage gate Gate 2: business case: recycle" in reviewed.output
    last = json.loads(run("audit", "trail", "--item", "PRJ-1", "--json").output)[-1]
    assert (last["event"], last["authority"], last["effective_date"]) == (
        "stage gate reviewed", "Investment Committee", "2026-03-09")  # fmt: skip
    assert json.loads(run("item", "show", "PRJ-1", "--json").output)["stage"] == "appraised"
    judged = json.loads(run("audit", "authority", "PRJ-1", "--json").output)[-1]
    assert judged["verdict"] == "unchecked"


def test_a_gate_review_names_its_authority_and_an_outcome_of_the_four(run: Cli) -> None:
    _appraised(run)
    before = run.events()

    unnamed = run("item", "review-gate", "PRJ-1", "--gate", "Gate 2", "--outcome", "go",
                  "-m", "Fine")  # fmt: skip
    unknown = run("item", "review-gate", "PRJ-1", "--gate", "Gate 2", "--outcome", "maybe",
                  "--authority", "IC", "-m", "Fine")  # fmt: skip

    assert unnamed.exit_code == 2, unnamed.output
    assert "name the authority" in unnamed.output
    assert unknown.exit_code == 2, unknown.output
    assert "'maybe' is not one of 'go', 'hold', 'recycle', 'stop'" in unknown.output
    assert run.events() == before


def test_a_closed_item_has_no_gate_to_review(run: Cli) -> None:
    _appraised(run)
    rejected = run("item", "reject", "PRJ-1", "--authority", "IC", "-m", "No", "--effective-date",
                   "2026-03-10")  # fmt: skip
    assert rejected.exit_code == 0, rejected.output
    before = run.events()

    late = run("item", "review-gate", "PRJ-1", "--gate", "Gate 3", "--outcome", "go",
               "--authority", "IC", "-m", "Go")  # fmt: skip

    assert late.exit_code == 1, late.output
    assert "cannot review a stage gate of PRJ-1: it is rejected" in late.output
    assert run.events() == before


def test_a_gate_review_is_imported_and_corrected_as_any_decision(run: Cli, tmp_path: Path) -> None:
    _appraised(run)
    lines = tmp_path / "gate.jsonl"
    lines.write_text(json.dumps({
        "command": "item review-gate", "key": "PRJ-1", "gate": "Gate 2", "outcome": "go",
        "actor": "Sam Patel", "role": "PMO", "authority": "IC", "rationale": "Minuted",
        "effective_date": "2026-03-09"}) + "\n", encoding="utf-8")  # fmt: skip

    imported = run("import", str(lines))
    position = json.loads(run("audit", "trail", "--item", "PRJ-1", "--json").output)[-1]
    corrected = run("decision", "correct", str(position["position"]), "--set", "outcome=hold",
                    "--authority", "PMO", "-m", "The minutes say hold")  # fmt: skip

    assert imported.exit_code == 0, imported.output
    assert corrected.exit_code == 0, corrected.output
    assert "outcome go -> hold" in corrected.output
