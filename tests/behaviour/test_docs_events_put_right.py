"""docs/events.md on the audit trail, its exports, ``item history`` and putting the record right.

The ledger of every event (``docs_events_ledger``), on an SQLite file and on
PostgreSQL, read as an auditor reads it: each event's row in ``audit trail``,
in a CSV and a JSON Lines export and in ``item history --json``, with the words
the doc's *In the audit trail and its exports* table gives each class; the
corrections and annulments naming the decisions they put right; and the
refusals the doc promises, each leaving the ledger as it was.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.behaviour.docs_events_ledger import Ledger, make_ledger, stored_events

DOC = Path(__file__).resolve().parents[2] / "docs" / "events.md"


@pytest.fixture(scope="module")
def made(module_db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Ledger:
    """The ledger of every event, made once for the module on each database."""
    return make_ledger(module_db_url, tmp_path_factory.mktemp("pack"))


def documented_words() -> dict[str, str]:
    """Each class's summary as the doc's trail table gives it (its first example)."""
    section = DOC.read_text(encoding="utf-8").split("## In the audit trail and its exports")[1]
    words: dict[str, str] = {}
    for line in section.split("\n## ")[0].splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 3 and (name := re.fullmatch(r"`(\w+)`", cells[0])):
            words[name.group(1)] = re.findall(r"`([^`]+)`", cells[1])[0]
    return words


def test_each_class_is_summarised_in_the_trail_as_the_doc_says(made: Ledger) -> None:
    words = documented_words()
    assert words.keys() == {row["event_type"] for row in made.trail}
    for name, said in words.items():
        shown = [row["summary"] for row in made.trail if row["event_type"] == name]
        pattern = re.escape(said).replace(re.escape("SHA256"), "[0-9a-f]{64}")
        pattern = pattern.replace(re.escape("DAY"), r"\d{4}-\d\d-\d\d")
        assert any(re.fullmatch(pattern, summary) for summary in shown), (name, said, shown)


def test_a_corrected_list_is_said_as_an_amendment_says_it(made: Ledger) -> None:
    # Fields of a correction are separated by '; ', so a list's values are not:
    # 'objectives Net zero -> A; B' read as a field 'B'. An amendment says 'A, B'.
    row = next(r for r in made.trail if r["corrects"] == made.position("PRJ-1", 1))
    assert row["summary"] == (
        "corrects position 14 (proposed): title Payroll -> Payroll 1; objectives Net zero -> A, B"
    )
    amended = made.run("item", "amend", "PRJ-2", "--objective", "A", "--objective", "B",
                       "-m", "Served")  # fmt: skip
    assert amended.exit_code == 1, "PRJ-2 was rejected: nothing written"


def test_exports_and_the_trail_give_each_event_the_same_row(made: Ledger, tmp_path: Path) -> None:
    for form in ("csv", "jsonl"):
        out = tmp_path / f"trail.{form}"
        result = made.run("audit", "export", "--format", form, "--out", str(out))
        assert result.exit_code == 0, result.output
    lines = (tmp_path / "trail.jsonl").read_text(encoding="utf-8").splitlines()
    exported = [json.loads(line) for line in lines]
    assert [{k: v for k, v in r.items() if k != "row_sha256"} for r in exported] == made.trail
    text = (tmp_path / "trail.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == len(made.trail)
    for cells, row in zip(rows, made.trail, strict=True):
        assert cells["row_sha256"] == exported[row["position"] - 1]["row_sha256"]
        for column in ("event_type", "event", "summary", "actor", "authority", "corrects"):
            value = row[column]
            assert cells[column].removeprefix("'") == ("" if value is None else str(value))
    governed = next(r for r in exported if r["event_type"] == "FundingChanged")
    assert governed["authority_detail"] == {
        "actor": "hcarter", "board": "IC", "kind": "board",
        "present": ["hcarter", "mlee", "cdubois"],
        "votes": {"cdubois": "against", "hcarter": "for", "mlee": "for"}}  # fmt: skip


def test_corrections_and_annulments_name_what_they_put_right(made: Ledger) -> None:
    events = {e.position: e for e in stored_events(made.run.url)}
    put_right = [r for r in made.trail if r["event_type"] in ("DecisionCorrected",
                                                              "DecisionAnnulled")]  # fmt: skip
    assert [(r["corrects"], r["annuls"]) for r in put_right] == [
        (22, None), (None, 30), (14, None), (7, None)]  # fmt: skip
    for row in put_right:
        fields = events[row["position"]].state
        target = row["corrects"] or row["annuls"]
        assert fields["target_position"] == target
        assert fields["target"] == made.trail[target - 1]["version"]
        assert fields["target_label"] == made.trail[target - 1]["event"]
        assert fields["about"] == row["subject_kind"] == made.trail[target - 1]["subject_kind"]
        assert row["subject"] == made.trail[target - 1]["subject"]
    history = json.loads(made.run("item", "history", "PRJ-1", "--json").output)
    by_position = {entry["position"]: entry for entry in history}
    assert by_position[22]["corrected_by"] == [made.position("PRJ-1", 26)]
    assert by_position[30]["annulled_by"] == made.position("PRJ-1", 27)
    assert by_position[14]["summary"].startswith("project proposed: Payroll ("), "as recorded"
    assert by_position[made.position("PRJ-1", 26)]["corrects"] == 22
    # Said only "for the decision put right": every object has both, in ledger order.
    keys = {"key", "position", "version", "event", "event_type", "summary", "actor", "role",
            "authority", "authority_detail", "rationale", "effective_date", "recorded_at",
            "references", "corrects", "annuls", "corrected_by", "annulled_by"}  # fmt: skip
    assert all(set(entry) == keys for entry in history)
    assert [entry["position"] for entry in history] == sorted(by_position)
    assert by_position[made.position("PRJ-1", 26)]["corrected_by"] == []
    words = " ".join(DOC.read_text(encoding="utf-8").split())
    assert "in ledger order; every object has all of them" in words


def test_a_moved_decision_is_found_on_its_recorded_day_and_its_correction_says_the_move(
    made: Ledger,
) -> None:
    def on(day: str) -> list[dict[str, Any]]:
        said = made.run("audit", "trail", "--item", "IC", "--clock", "effective",
                        "--from", day, "--to", day, "--json")  # fmt: skip
        return list(json.loads(said.output))

    assert 7 in {row["position"] for row in on("2026-01-05")}
    moved = [row for row in on("2026-01-06") if row["corrects"] == 7]
    assert [row["summary"] for row in moved] == [
        "corrects position 7 (member appointed): effective date 2026-01-05 -> 2026-01-06"
    ]


def refused(made: Ledger, *argv: str, code: int = 1) -> str:
    """Run a command the doc says is refused; nothing may be written."""
    before = made.run.events()
    result = made.run(*argv)
    assert result.exit_code == code, (argv, result.output)
    assert made.run.events() == before, argv
    return result.output


PMO = ("--authority", "PMO procedure", "-m", "Put right")


def test_a_correction_or_annulment_is_never_itself_put_right(made: Ledger) -> None:
    correction = str(made.position("PRJ-1", 26))
    refused(made, "decision", "correct", correction, "--set", "rationale=Again", *PMO)
    refused(made, "decision", "annul", correction, *PMO)


def test_who_decided_is_not_corrected_and_the_making_decision_never_annulled(
    made: Ledger,
) -> None:
    said = refused(made, "decision", "correct", "18", "--set", "actor=Someone", *PMO)
    assert "annulling the decision and recording it again" in said
    refused(made, "decision", "annul", "14", *PMO)
    refused(made, "decision", "annul", "1", *PMO)


def test_a_correction_takes_effect_on_or_after_the_decision_it_corrects(made: Ledger) -> None:
    said = refused(made, "decision", "correct", "22", "--set", "rationale=Monthly report",
                   "--effective-date", "2026-03-08", *PMO)  # fmt: skip
    assert "2026-03-09" in said


def test_the_escalation_a_breach_raised_keeps_what_the_ledger_set(made: Ledger) -> None:
    for field, value in (("escalated_to", "Other"), ("severity", "low"), ("issue", "Other")):
        said = refused(made, "decision", "correct", "24", "--set", f"{field}={value}", *PMO)
        assert "automatic exception #1 raised with the tolerance breach" in said
        assert f"its {field} is not corrected" in said


def test_a_decision_before_its_subject_was_made_says_both_fixes(made: Ledger) -> None:
    said = refused(made, "portfolio", "envelope", "GBP 200", "--effective-date", "2026-01-01",
                   "--authority", "Investment Committee", "-m", "Earlier")  # fmt: skip
    assert "give an effective date of 2026-01-05 or later" in said
    assert "'decision correct 12 --set effective_date=2026-01-01" in said


def test_decisions_refused_as_the_doc_says(made: Ledger) -> None:
    words = ("-m", "Because")
    refused(made, "item", "propose", "PRJ-9", "--kind", "project", "--title", "T", "--owner",
            "O", "--sponsor", "S", "--category", "C", "-m", "-", code=2)  # fmt: skip
    refused(made, "portfolio", "envelope", "GBP 70,000,000", *words, code=2)  # no authority
    refused(made, "item", "reprioritise", "PRJ-1", "--rank", "1", "--authority", "IC",
            "--effective-date", "2999-01-01", *words, code=2)  # fmt: skip
    refused(made, "item", "defer", "PRJ-3", "--until", "2026-03-01", "--authority", "IC",
            "--effective-date", "2026-03-01", *words, code=2)  # fmt: skip
    refused(made, "item", "declare-dependency", "PRJ-3", "--on", "PRJ-3", "--what", "Itself",
            *words)  # fmt: skip
    refused(made, "item", "measure-benefit", "PRJ-2", "--benefit", "B", "--measured", "5",
            *words)  # fmt: skip
    refused(made, "item", "fund", "PRJ-1", "--budget", "USD 5", "--delegation", "DEL-001",
            "--actor", "mlee", *words)  # fmt: skip
    refused(made, "item", "set-tolerance", "PRJ-3", "--board", "IC", "--present",
            "hcarter,mlee", "--vote", "hcarter=for,mlee=for", "--actor", "hcarter",
            *words, code=2)  # fmt: skip
