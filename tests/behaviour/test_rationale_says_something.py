"""A rationale says something: one of punctuation alone ('-', '.', '?') is refused.

DOMAIN.md: "Rationale. No decision without a reason." A rationale of '-' was
recorded, and every view shows a missing value as '-': in the audit trail a
decision with that rationale reads as a decision with none.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import Cli


def _propose(run: Cli, rationale: str, key: str = "PRJ-1") -> Result:
    return run("item", "propose", key, "--kind", "project", "--title", "Payroll", "--owner",
               "Dana", "--sponsor", "CFO", "--category", "C", "-m", rationale)  # fmt: skip


@pytest.mark.parametrize("rationale", ["-", ".", "--", "?", "…", "- / -", "/"])
def test_a_rationale_of_punctuation_alone_is_refused(run: Cli, rationale: str) -> None:
    before = run.events()

    refused = _propose(run, rationale)

    assert refused.exit_code == 2, refused.output
    assert "--rationale: says nothing" in refused.output
    assert "write why the decision was made" in refused.output
    assert run.events() == before


@pytest.mark.parametrize("rationale", ["No", "2", "承認", "OK.", "Per IC-7"])
def test_a_short_rationale_that_says_something_is_recorded(run: Cli, rationale: str) -> None:
    assert _propose(run, rationale).exit_code == 0


def test_an_import_line_and_a_correction_are_held_to_it(run: Cli, tmp_path: Path) -> None:
    assert _propose(run, "Payroll contract ends").exit_code == 0
    line = tmp_path / "one.jsonl"
    line.write_text(json.dumps({
        "command": "item reject", "key": "PRJ-1", "actor": "Sam Patel", "role": "PMO",
        "authority": "IC", "rationale": "-"}) + "\n", encoding="utf-8")  # fmt: skip
    before = run.events()

    imported = run("import", str(line))
    corrected = run("decision", "correct", "1", "--set", "rationale=.", "--authority", "PMO",
                    "-m", "Tidy")  # fmt: skip

    assert imported.exit_code != 0, imported.output
    assert "says nothing" in imported.output
    assert corrected.exit_code == 2, corrected.output
    assert "says nothing" in corrected.output
    assert run.events() == before


def test_a_return_imported_with_such_a_rationale_is_refused_as_its_option(run: Cli) -> None:
    data = Path(__file__).parents[1] / "data"
    before = run.events()

    refused = run("returns", "import", str(data / "spm_q4_2025.csv"), "--mapping",
                  str(data / "spm.toml"), "--as-at", "2025-12-31", "--authority", "PMO",
                  "-m", "-", "--dry-run")  # fmt: skip

    assert refused.exit_code == 2, refused.output
    assert "--rationale says nothing: '-' has no letter or digit" in refused.output
    assert "row 2" not in refused.output  # said once, of the option, not of every row
    assert run.events() == before
