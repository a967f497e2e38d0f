"""Every day a user gives the ledger, at its edges: recorded from 1900 on, read from year 1.

An action's due day, a deferral's end and a delegation's window given as 0026-03-01 (a year
typed short) or 1899-12-30 (a spreadsheet's empty date) were refused only by their rule
against the decision's own day (*cannot be due on 0026-03-01, before it was recommended*),
sending the user to that day, and a correction of one was refused by the ledger (exit 1):
now each is refused before 1900, as an effective date and a forecast are, exit 2, naming
the option or field, the rule and the fix, nothing written (events and digest as they were).
``report board-pack --record --effective-date ""`` (or ``-m ""``) was taken as left out and
recorded the pack as tabled today: now refused as on every other decision. A planned finish
on or before the day its tolerance takes effect was the ledger's refusal (exit 1) naming no
fix: now bad usage naming the day to give, as a deferral's end is. Reads ask any
day from year 1 and answer.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Cli

RULE = "is before 1900: no portfolio action falls due, decision is put off or authority is"
FIX = "give the day meant, written in full"
VOTE = ("--present", "hcarter,mlee,cdubois", "--vote", "hcarter=for,cdubois=for",
        "--actor", "hcarter")  # fmt: skip
SETUP = [
    *[("person", "add", key, "--name", name, "-m", "Joined", "--effective-date", "2026-01-05")
      for key, name in [("hcarter", "Helen Carter"), ("mlee", "Marcus Lee"),
                        ("cdubois", "Claire Dubois")]],
    ("board", "create", "IC", "--name", "Investment Committee", "--terms", "Capital",
     "--limit", "GBP 5,000,000", "--quorum", "2", "--authority", "Articles", "-m", "Set up",
     "--effective-date", "2026-01-05"),
    *[("board", "appoint", "IC", key, "--authority", "Articles", "-m", "Member",
       "--effective-date", "2026-01-05") for key in ("hcarter", "mlee", "cdubois")],
    ("item", "propose", "PRJ-1", "--kind", "project", "--title", "Payroll", "--owner", "Dana",
     "--sponsor", "CFO", "--category", "Corporate", "-m", "Contract ends",
     "--effective-date", "2026-03-02"),
    ("item", "recommend-action", "PRJ-1", "--action", "Rebaseline", "--owner", "Dana",
     "--due", "2026-05-01", "-m", "Late", "--effective-date", "2026-03-03"),
    ("item", "defer", "PRJ-1", "--until", "2026-06-01", "--authority", "PMO", "-m", "Wait",
     "--effective-date", "2026-03-03"),
    ("authority", "delegate", "DEL-001", "--board", "IC", "--to", "mlee", "--limit", "GBP 1,000",
     *VOTE, "-m", "Small items", "--effective-date", "2026-02-02", "--until", "2026-12-31"),
]  # fmt: skip
RECORDING = {
    "--due": ("item", "recommend-action", "PRJ-1", "--action", "Fix", "--owner", "Dana",
              "-m", "Late", "--due"),
    "--until": ("item", "defer", "PRJ-1", "--authority", "PMO", "-m", "Wait", "--until"),
    "--from": ("authority", "delegate", "DEL-002", "--board", "IC", "--to", "mlee",
               "--limit", "GBP 1", *VOTE, "-m", "Small", "--from"),
    "--until ": ("authority", "delegate", "DEL-003", "--board", "IC", "--to", "mlee",
                 "--limit", "GBP 1", *VOTE, "-m", "Small", "--until"),
}  # fmt: skip

PRE_DB = "the day is refused as the command reads its values, before it opens the database"


@pytest.fixture
def ledger(run: Cli) -> Cli:
    """People, a board, an item with an action and a deferral, a delegation: positions 1-11."""
    for command in SETUP:
        done = run(*command)
        assert done.exit_code == 0, (command, done.output)
    return run


def refused(run: Cli, result: object, before: tuple[int, str]) -> str:
    """Exit 2, no traceback, nothing written (the events and the digest as they were)."""
    output = " ".join(getattr(result, "output", "").split())
    assert getattr(result, "exit_code", None) == 2, output
    assert "Traceback" not in output
    assert (run.events(), run("audit", "digest").output) == before
    return output


def state(run: Cli) -> tuple[int, str]:
    return run.events(), run("audit", "digest").output


@pytest.mark.sqlite_only(PRE_DB)
@pytest.mark.parametrize("day", ["0026-03-01", "1899-12-30", "0001-01-01"])
@pytest.mark.parametrize("option", list(RECORDING))
def test_a_day_a_decision_records_before_1900_is_refused(
    ledger: Cli, option: str, day: str
) -> None:
    before = state(ledger)

    output = refused(ledger, ledger(*RECORDING[option], day), before)

    assert f"{option.strip()}: {day} {RULE}" in output
    assert FIX in output


@pytest.mark.parametrize(
    ("position", "field"), [(9, "due"), (10, "until"), (11, "valid_from"), (11, "valid_to")]
)
def test_a_correction_to_a_day_before_1900_is_bad_usage(
    ledger: Cli, position: int, field: str
) -> None:
    before = state(ledger)

    corrected = ledger("decision", "correct", str(position), "--set", f"{field}=1899-12-30",
                       "--authority", "PMO", "-m", "Typed wrongly")  # fmt: skip

    output = refused(ledger, corrected, before)
    assert f"the corrected {field} '1899-12-30' is not valid: 1899-12-30 {RULE}" in output


def test_an_import_line_due_before_1900_is_refused_by_its_number(
    ledger: Cli, tmp_path: Path
) -> None:
    before = state(ledger)
    line = {"command": "item recommend-action", "key": "PRJ-1", "action": "Fix",
            "action_owner": "Dana", "due": "0026-03-01", "rationale": "Late"}  # fmt: skip
    lines = tmp_path / "lines.jsonl"
    lines.write_text(json.dumps(line) + "\n", encoding="utf-8")

    output = refused(ledger, ledger("import", str(lines)), before)

    assert f"line 1: due: 0026-03-01 {RULE}" in output


def test_a_late_due_day_and_a_corrected_window_from_1900_on_are_recorded(ledger: Cli) -> None:
    due = ledger(*RECORDING["--due"], "9999-12-31")
    window = ledger("decision", "correct", "11", "--set", "valid_to=2026-12-30",
                    "--authority", "PMO", "-m", "Narrowed")  # fmt: skip

    assert due.exit_code == 0, due.output
    assert window.exit_code == 0, window.output


@pytest.mark.parametrize("given", [("--effective-date", ""), ("--rationale", "")])
def test_a_pack_recorded_with_a_blank_option_is_refused_not_defaulted(
    ledger: Cli, tmp_path: Path, given: tuple[str, str]
) -> None:
    before = state(ledger)
    pack = tmp_path / "pack.html"

    tabled = ledger("report", "board-pack", "--as-at", "2026-06-01", "--board", "IC",
                    "--record", "--out", str(pack), *given)  # fmt: skip

    output = refused(ledger, tabled, before)
    assert f"{given[0]}: " in output
    assert not pack.exists()


@pytest.mark.parametrize("finish", ["1900-01-01", "2026-03-04"])
def test_a_planned_finish_not_after_the_tolerance_is_bad_usage_naming_the_fix(
    ledger: Cli, finish: str
) -> None:
    onboarded = ledger("item", "onboard", "PRJ-2", "--kind", "project", "--title", "Ledger",
                       "--category", "Corporate", "--stage", "in-delivery", "--authority", "PMO",
                       "-m", "Baseline", "--effective-date", "2026-03-04")  # fmt: skip
    assert onboarded.exit_code == 0, onboarded.output
    before = state(ledger)

    tolerance = ledger("item", "set-tolerance", "PRJ-2", "--time", "30d",
                       "--planned-finish", finish, "--board", "IC", *VOTE[:3],
                       "hcarter=for,mlee=for,cdubois=for", "--actor", "hcarter",
                       "-m", "Tolerances", "--effective-date", "2026-03-04")  # fmt: skip

    output = refused(ledger, tolerance, before)
    assert f"--planned-finish: the planned finish of PRJ-2 ({finish}) must be after" in output
    assert "give a planned finish after 2026-03-04" in output


@pytest.mark.parametrize("day", ["0001-01-01", "0026-03-01", "1899-12-31", "1900-01-01"])
def test_a_read_as_of_any_day_from_year_1_answers(ledger: Cli, day: str) -> None:
    reads = [("portfolio", "--effective-on", day), ("portfolio", "--as-of", day),
             ("authority", "list", "--effective-on", day), ("economics", "--effective-on", day),
             ("portfolio", "diff", "--effective", day, "2026-06-01"),
             ("audit", "trail", "--from", day), ("audit", "trail", "--to", day)]  # fmt: skip

    answers = {read: ledger(*read) for read in reads}

    assert {read: done.exit_code for read, done in answers.items()} == dict.fromkeys(reads, 0)
