"""A decision's effective date before 1900 is refused: a system's 'no date', or a year typed short.

``item propose ... --effective-date 0026-03-01`` (2026 with its first digits lost) was
recorded, and the item then stood before every other decision in the ledger, in every
view as of any day since year 26; a spreadsheet's empty date (Excel's 1899-12-30, or
0001-01-01) did the same from an import or a return. No portfolio decision took effect
before 1900, as no item is forecast to finish before it (``test_forecast_date_rule.py``),
so such a day is refused wherever an effective date is given: an option, an import
line, a correction, a return's ``--as-at``. Exit 2, the day, the rule and the fix named,
nothing written. 1900-01-01 itself is taken; reads as of earlier days still answer.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.behaviour.test_forecast_date_rule import refused_as_usage as refused_for
from tests.conftest import Cli

RULE = "is before 1900: no portfolio decision took effect then"
FIX = "give the day the decision took effect"
PROPOSE = ("item", "propose", "PRJ-1", "--kind", "project", "--title", "Payroll",
           "--owner", "Dana Okafor", "--sponsor", "CFO", "--category", "Corporate",
           "-m", "Contract ends")  # fmt: skip


def refused_as_usage(run: Cli, result: object, before: int, day: str) -> str:
    """Exit 2, the day, this rule and its fix named, no traceback, nothing written."""
    return refused_for(run, result, before, day, rule=RULE, fix=FIX)


@pytest.mark.parametrize("day", ["0001-01-01", "0026-03-01", "1899-12-30", "1899-12-31"])
def test_a_decision_given_an_effective_date_before_1900_is_refused(run: Cli, day: str) -> None:
    before = run.events()

    proposed = run(*PROPOSE, "--effective-date", day)
    added = run("person", "add", "hcarter", "--name", "Helen Carter", "-m", "Joined",
                "--effective-date", day)  # fmt: skip

    assert "--effective-date" in refused_as_usage(run, proposed, before, day)
    refused_as_usage(run, added, before, day)


def test_the_first_day_of_1900_is_taken_and_reads_before_it_still_answer(run: Cli) -> None:
    proposed = run(*PROPOSE, "--effective-date", "1900-01-01")
    assert proposed.exit_code == 0, proposed.output

    at_start = run("portfolio", "--effective-on", "1900-01-01", "--json")
    before_it = run("portfolio", "--effective-on", "0001-01-01", "--json")

    assert [i["key"] for i in json.loads(at_start.stdout)] == ["PRJ-1"]
    assert before_it.exit_code == 0, before_it.output
    assert json.loads(before_it.stdout) == []


def test_an_import_line_taking_effect_before_1900_is_refused_by_its_number(
    run: Cli, tmp_path: Path
) -> None:
    before = run.events()
    line = {"command": "item propose", "key": "PRJ-1", "kind": "project", "title": "Payroll",
            "category": "Corporate", "rationale": "Contract ends",
            "effective_date": "1899-12-30"}  # fmt: skip
    lines = tmp_path / "lines.jsonl"
    lines.write_text(json.dumps(line) + "\n", encoding="utf-8")

    imported = run("import", str(lines))

    output = refused_as_usage(run, imported, before, "1899-12-30")
    assert "line 1: effective_date: 1899-12-30" in output


def test_a_correction_to_an_effective_date_before_1900_is_refused(run: Cli) -> None:
    proposed = run(*PROPOSE, "--effective-date", "2026-03-02")
    assert proposed.exit_code == 0, proposed.output
    before = run.events()

    corrected = run("decision", "correct", "1", "--set", "effective_date=0026-03-02",
                    "--authority", "PMO", "-m", "Typed the year short")  # fmt: skip

    output = refused_as_usage(run, corrected, before, "0026-03-02")
    assert "the corrected effective_date is not valid" in output


def test_a_return_as_at_a_day_before_1900_is_refused_before_it_is_read(
    run: Cli, tmp_path: Path
) -> None:
    before = run.events()
    ret = tmp_path / "q1.csv"
    ret.write_text("key,title,stage\nPRJ-1,Payroll,in delivery\n", encoding="utf-8")

    returned = run("returns", "import", str(ret), "--as-at", "1899-12-31",
                   "--authority", "PMO")  # fmt: skip

    output = refused_as_usage(run, returned, before, "1899-12-31")
    assert output.startswith("Error: --as-at 1899-12-31 is before 1900")
