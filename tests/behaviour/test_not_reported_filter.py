"""``--rag not-reported``: the items with no status report, on every command that takes --rag.

Every grouping by RAG shows them as a group of their own (``rag not reported``);
the question a portfolio office asks of it ("which items haven't reported?") was
one no filter could answer: ``--rag`` chose only the RAGs items hold.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from portfolio_ledger.domain.clock import utc_today
from tests.conftest import Cli

BASELINE = ("--authority", "Baseline", "-m", "Onboarded")


@pytest.fixture(scope="module")
def mixed(module_db_url: str) -> Cli:
    """Items of every RAG and none (PRJ-2 onboarded without one, PRJ-3 only proposed)."""
    run = Cli(module_db_url)
    for args in (
        ("item", "onboard", "PRJ-1", "--title", "Payroll", "--category", "Corporate",
         "--organisation", "CORP", "--stage", "live", "--rag", "green", *BASELINE),
        ("item", "onboard", "PRJ-2", "--title", "Estates", "--category", "Corporate",
         "--budget", "GBP 250", *BASELINE),
        ("item", "propose", "PRJ-3", "--kind", "project", "--title", "Intranet",
         "--organisation", "CORP", "--owner", "Ann", "--sponsor", "Bob",
         "--category", "Digital", "-m", "Proposed"),
        ("item", "onboard", "PRJ-4", "--title", "Ledger", "--category", "Digital",
         "--organisation", "CORP", "--stage", "approved", "--rag", "red", *BASELINE),
        ("item", "onboard", "PRJ-5", "--title", "Hiring", "--category", "People",
         "--organisation", "HR", "--rag", "amber", *BASELINE),
        ("item", "onboard", "PRJ-6", "--title", "Pensions", "--category", "People",
         "--organisation", "HR", "--stage", "paused", "--rag", "withheld", *BASELINE),
        ("item", "onboard", "PRJ-7", "--title", "Payslips", "--category", "People",
         "--organisation", "HR", "--stage", "live", "--rag", "not-assessed", *BASELINE),
        ("person", "add", "hcarter", "--name", "Helen Carter", "-m", "Registered"),
    ):  # fmt: skip
        result = run(*args)
        assert result.exit_code == 0, result.output
    return run


def keys(run: Cli, *args: str) -> list[str]:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return [item["key"] for item in json.loads(result.output)]


@pytest.mark.parametrize("given", ["not-reported", "not reported", "Not_Reported", "NOT-REPORTED"])
def test_portfolio_lists_the_items_that_have_not_reported(mixed: Cli, given: str) -> None:
    assert sorted(keys(mixed, "portfolio", "--rag", given)) == ["PRJ-2", "PRJ-3"]


def test_not_reported_is_one_rag_among_those_given(mixed: Cli) -> None:
    chosen = keys(mixed, "portfolio", "--rag", "red,not reported", "--rag", "withheld")
    both = keys(mixed, "portfolio", "--rag", "not-reported", "--organisation", "CORP")

    assert sorted(chosen) == ["PRJ-2", "PRJ-3", "PRJ-4", "PRJ-6"]
    assert both == ["PRJ-3"]


def test_items_list_ranking_and_a_moment_take_it_too(mixed: Cli) -> None:
    listed = keys(mixed, "items", "list", "--rag", "not-reported")
    ranking = keys(mixed, "portfolio", "ranking", "--rag", "not-reported")
    today = utc_today().isoformat()
    then = keys(mixed, "portfolio", "--rag", "not-reported", "--effective-on", today)

    assert sorted(listed) == sorted(ranking) == sorted(then) == ["PRJ-2", "PRJ-3"]


def test_economics_totals_the_items_that_have_not_reported(mixed: Cli) -> None:
    result = mixed("economics", "--rag", "not-reported", "--by", "rag", "--json")

    assert result.exit_code == 0, result.output
    totals = json.loads(result.output)["totals"]
    assert [(row["value"], row["items"]) for row in totals] == [(None, 2)]


def test_the_trail_keeps_to_events_on_items_that_had_not_reported(mixed: Cli) -> None:
    result = mixed("audit", "trail", "--rag", "not-reported", "--json")

    assert result.exit_code == 0, result.output
    subjects = [row["subject"] for row in json.loads(result.output)]
    assert sorted(subjects) == ["PRJ-2", "PRJ-3"]  # not the person's registration


def test_an_export_as_a_return_holds_them(mixed: Cli, tmp_path: Path) -> None:
    out = tmp_path / "unreported.csv"
    result = mixed("portfolio", "export", "--out", str(out), "--rag", "not-reported")

    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert len(rows) == 2
    assert "Wrote 2 items" in result.output


def test_help_and_a_refused_rag_name_it(mixed: Cli) -> None:
    helped = mixed("portfolio", "--help")
    refused = mixed("portfolio", "--rag", "unreported")

    assert "not-reported" in " ".join(helped.output.split())
    assert refused.exit_code == 2
    assert "not-reported" in refused.output
    assert "Traceback" not in refused.output


def test_no_match_with_another_filter_is_not_said_to_be_an_unknown_rag(mixed: Cli) -> None:
    result = mixed("portfolio", "--rag", "not-reported", "--stage", "live")

    assert result.exit_code == 0, result.output
    assert "all together" in result.output
    assert "no item has rag" not in result.output


def test_the_rags_a_refusal_lists_name_the_unreported_too(run: Cli) -> None:
    onboard = ("item", "onboard", "--category", "Corporate", *BASELINE)
    green = run(*onboard[:2], "PRJ-1", "--title", "Payroll", "--rag", "green", *onboard[2:])
    none = run("portfolio", "--rag", "not-reported")
    unreported = run(*onboard[:2], "PRJ-2", "--title", "Estates", *onboard[2:])
    red = run("portfolio", "--rag", "red")

    assert green.exit_code == unreported.exit_code == 0, green.output + unreported.output
    assert "no item has rag not reported; RAGs in the ledger: green." in none.output
    assert "no item has rag red; RAGs in the ledger: green, not reported." in red.output


def test_a_space_where_the_choice_has_a_hyphen_is_read_as_it(mixed: Cli) -> None:
    assessed = keys(mixed, "portfolio", "--rag", "not assessed")
    delivery = keys(mixed, "portfolio", "--stage", "in delivery")

    assert assessed == ["PRJ-7"]
    assert sorted(delivery) == ["PRJ-2", "PRJ-5"]


def test_an_audit_export_of_them_is_checked_against_its_manifest(
    mixed: Cli, tmp_path: Path
) -> None:
    out = tmp_path / "unreported.jsonl"
    exported = mixed("audit", "export", "--rag", "not reported", "--out", str(out))
    checked = mixed("audit", "verify-export", str(out))

    assert exported.exit_code == 0, exported.output
    assert "Filters: --rag not-reported" in exported.output
    assert checked.exit_code == 0, checked.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(line["subject"] for line in lines) == ["PRJ-2", "PRJ-3"]
