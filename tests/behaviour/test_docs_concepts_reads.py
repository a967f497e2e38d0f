"""docs/concepts.md's claims on what a read shows, through the command line, from the docs:
keys as stored, forecasts and their report's date, RAG, one order, filters and titles at a
moment, objectives counted under each, corrections' field names and files named wrongly.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.behaviour.concepts_ledger import (
    TODAY,
    TOMORROW,
    approved_ledger,
    day,
    ok,
    propose,
    refused,
    said,
    shown,
)
from tests.conftest import Cli

approved = pytest.fixture(name="approved")(approved_ledger)


@pytest.fixture(scope="module")
def shared_approved(module_db_url: str) -> Cli:
    """:func:`approved_ledger`, made once for the module's tests that only read it (or are
    refused, which writes nothing: ``refused`` checks)."""
    return approved_ledger(Cli(module_db_url))


def test_keys_are_kept_upper_case_for_items_and_boards_lower_for_people(run: Cli) -> None:
    """ "boards (IC) and delegations (DEL-001) upper case like items, people lower case"."""
    propose(run, "prj-9")
    assert shown(run, "PRJ-9")["key"] == "PRJ-9"
    ok(run, "person", "add", "HCarter", "--name", "Helen Carter", "--holds", "COO", "-m", "Reg")
    ok(run, "board", "create", "ic", "--name", "Investment Committee", "--terms", "Capital",
       "--unlimited", "--quorum", "1", "--authority", "Articles", "-m", "Made")  # fmt: skip
    people = json.loads(ok(run, "person", "list", "--json").output)
    boards = json.loads(ok(run, "board", "list", "--json").output)
    assert "hcarter" in json.dumps(people)
    assert '"IC"' in json.dumps(boards)


def test_a_forecast_before_1900_is_refused_a_far_one_taken(approved: Cli) -> None:
    """ "a day from 1900-01-01 on. An earlier day is refused (exit 2; nothing written)"; "a
    far one (9999-12-31) may be how a service with no planned end is written"."""
    report = ("item", "report-status", "PRJ-1", "--overall", "green", "-m", "Fine")
    message = refused(approved, 2, *report, "--forecast-date", "0001-01-01")
    assert "before 1900" in message
    ok(approved, *report, "--forecast-date", "9999-12-31")
    assert shown(approved, "PRJ-1")["forecast_date"] == "9999-12-31"


def test_a_forecast_a_later_report_leaves_out_is_kept_and_dated(approved: Cli) -> None:
    """ "the item keeps the one it had ... Each forecast carries the date of the status report
    ... that gave it"; given as ``withheld`` it replaces the figure."""
    ok(approved, "item", "report-status", "PRJ-1", "--overall", "green", "--forecast-cost",
       "1300000", "-m", "First", "--effective-date", day(10))  # fmt: skip
    ok(approved, "item", "report-status", "PRJ-1", "--overall", "amber", "-m", "Second",
       "--effective-date", day(20))  # fmt: skip
    item = shown(approved, "PRJ-1")
    assert item["forecast_cost"]["amount"] == "1300000.00"
    assert (item["forecast_cost_reported_on"], item["last_status_date"]) == (day(10), day(20))
    assert f"(as reported {day(10)})" in ok(approved, "item", "show", "PRJ-1").output
    ok(approved, "item", "report-status", "PRJ-1", "--overall", "withheld", "--forecast-cost",
       "withheld", "-m", "Third", "--effective-date", day(30))  # fmt: skip
    item = shown(approved, "PRJ-1")
    assert (item["rag"], item["forecast_cost_reported_on"]) == ("withheld", day(30))
    assert "1,300,000" not in ok(approved, "item", "show", "PRJ-1").output


def test_rag_words_and_the_items_not_reported(approved: Cli) -> None:
    """``rag`` is red, amber, green, withheld or not assessed; no report yet is *not reported*."""
    propose(approved, "PRJ-2")
    ok(approved, "item", "report-status", "PRJ-1", "--overall", "not-assessed", "-m", "Early")
    assert shown(approved, "PRJ-1")["rag"] == "not assessed"
    listed = json.loads(ok(approved, "portfolio", "--rag", "not-reported", "--json").output)
    assert [row["key"] for row in listed] == ["PRJ-2"]


def test_items_are_in_one_order_by_code_point(run: Cli) -> None:
    """ "PRJ-10, PRJ.1, PRJ1, PRJA1, PRJ_1" on SQLite and PostgreSQL alike; ranked first."""
    for key in ("PRJ_1", "PRJA1", "PRJ1", "PRJ.1", "PRJ-10", "ZZZ"):
        propose(run, key)
    assert said(run, "ZZZ", "reprioritise", 2, "--rank", "1").exit_code == 0
    listed = json.loads(ok(run, "portfolio", "--json").output)
    assert [row["key"] for row in listed] == ["ZZZ", "PRJ-10", "PRJ.1", "PRJ1", "PRJA1", "PRJ_1"]


def test_a_filter_at_a_moment_names_the_values_then(shared_approved: Cli) -> None:
    """*No items match in effect on DAY: no item had stage paused; stages then: ...*"""
    result = ok(shared_approved, "portfolio", "--stage", "paused", "--effective-on", day(2))
    assert f"No items match in effect on {day(2)}" in result.output
    assert "stages then: appraised" in result.output


def test_one_item_at_a_moment_is_said_under_an_as_at_line(shared_approved: Cli) -> None:
    """ "The human item show --as-of ... prints the same fields, under an As at line";
    governance "board show under an As at line, board list and authority list in their
    title"."""
    shown_then = ok(shared_approved, "item", "show", "PRJ-1", "--effective-on", day(2)).output
    assert "As at" in shown_then
    assert "appraised" in shown_then
    assert "As at" in ok(shared_approved, "board", "show", "IC", "--effective-on", day(2)).output
    title = ok(shared_approved, "board", "list", "--effective-on", day(2)).output.splitlines()[0]
    assert day(2) in title


def test_objective_rows_may_add_up_to_more_than_the_portfolio(run: Cli) -> None:
    """ "An item serving several objectives is counted under each of them ... so the
    objective rows can add up to more than the portfolio"; one serving none is *no
    objective*."""
    propose(run, "PRJ-1", 1, "--objective", "Digital", "--objective", "Net zero")
    propose(run, "PRJ-2")
    rows = json.loads(ok(run, "economics", "--by", "objective", "--json").output)
    found = json.dumps(rows)
    assert "Digital" in found
    assert "Net zero" in found
    assert "notes" in rows
    objective = [r for r in rows["totals"] if r["dimension"] == "objective"]
    assert sum(r["items"] for r in objective) == 3
    assert {r["value"] for r in objective} == {"Digital", "Net zero", None}


def test_a_corrections_field_named_wrongly_is_usage_one_not_corrected_the_ledgers(
    shared_approved: Cli,
) -> None:
    """``--set quorom=3``: exit 2, *... says nothing of quorom: check the field's name*;
    ``--set actor=x``, a field no correction changes: exit 1."""
    trail = json.loads(ok(shared_approved, "audit", "trail", "--item", "IC", "--json").output)
    made = str(trail[0]["position"])
    fix = ("--authority", "PMO procedure", "-m", "Fix")
    message = refused(shared_approved, 2, "decision", "correct", made, "--set", "quorom=3", *fix)
    assert "says nothing of quorom" in message
    refused(shared_approved, 1, "decision", "correct", made, "--set", "actor=x", *fix)
    message = refused(shared_approved, 2, "decision", "correct", made, "--set", "quorum=0", *fix)
    assert "must be at least 1" in message


def test_a_file_to_read_that_is_not_there_is_usage(run: Cli) -> None:
    """*Invalid value for 'FILE': File 'nofile' does not exist.*, exit 2, on every command."""
    message = refused(run, 2, "import", "nofile")
    assert "File 'nofile' does not exist" in message


def test_an_out_file_in_a_missing_folder_is_usage_naming_mkdir(run: Cli) -> None:
    """One "in a folder that is not there ... is bad usage of --out, exit 2 ... naming the
    folder and the mkdir -p that makes it"."""
    propose(run, "PRJ-1")
    message = refused(run, 2, "portfolio", "--out", "no/such/folder/p.csv")
    assert "mkdir -p" in message


def test_an_import_is_recorded_once_each_decision_at_its_own_time(run: Cli, tmp_path: Path) -> None:
    """ "each carries the recorded time at which it was checked and stored within that
    transaction"; "importing the same file again (same SHA-256) writes nothing and says
    where it was recorded"."""
    lines = [
        {
            "command": "item propose",
            "key": f"PRJ-{n}",
            "kind": "project",
            "title": "T",
            "owner": "O",
            "sponsor": "S",
            "category": "C",
            "actor": "spatel",
            "role": "PMO",
            "rationale": "Imported",
            "effective_date": day(1),
        }
        for n in (1, 2)
    ]
    path = tmp_path / "decisions.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    ok(run, "import", str(path))
    rows = json.loads(ok(run, "audit", "trail", "--json").output)
    first, second = sorted((row["position"], row["recorded_at"]) for row in rows)
    assert first[1] <= second[1]
    if first[1] < second[1]:  # "--as-of a moment during an import's run sees ... by then"
        then = json.loads(ok(run, "portfolio", "--as-of", first[1], "--json").output)
        assert [row["key"] for row in then] == ["PRJ-1"]
    before = run.events()
    again = ok(run, "import", str(path))
    assert run.events() == before
    assert "position" in again.output.lower() or "recorded" in again.output.lower()


def test_a_filter_of_now_names_the_values_items_have_now(run: Cli) -> None:
    propose(run, "PRJ-1")
    result = ok(run, "portfolio", "--stage", "paused")
    assert "stages in the ledger: proposed" in result.output


def test_portfolio_diff_from_before_the_ledger_lists_what_joined(run: Cli) -> None:
    propose(run, "PRJ-1")
    result = ok(run, "portfolio", "diff", "2000-01-01", TODAY, "--json")
    assert "PRJ-1" in result.output
    assert "joined" in result.output


def test_a_range_may_end_after_now_a_recorded_pack_may_not(run: Cli) -> None:
    """ "The bounds of a range (audit trail --from and --to) may lie after now"; a board pack
    on the recorded clock, or recorded, for a day after today is refused, exit 2."""
    propose(run, "PRJ-1")
    rows = json.loads(ok(run, "audit", "trail", "--to", TOMORROW, "--json").output)
    assert len(rows) == 1
    refused(run, 2, "report", "board-pack", "--clock", "recorded", "--as-at", TOMORROW)
    refused(run, 2, "report", "board-pack", "--record", "--as-at", TOMORROW)
