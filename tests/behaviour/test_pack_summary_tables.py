"""The board pack's summary tables say what `portfolio diff` and `economics` say, in their words.

The figures expected here are worked out by hand from the decisions each
test records, not read from the ledger.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from portfolio_ledger.domain.clock import utc_today
from tests.behaviour.board_pack.tools import Page
from tests.conftest import Cli


def days_ago(days: int) -> str:
    return (utc_today() - timedelta(days=days)).isoformat()


def record(run: Cli, *commands: tuple[str, ...]) -> None:
    for args in commands:
        result = run(*args)
        assert result.exit_code == 0, result.output


def pack_page(run: Cli, tmp_path: Path) -> tuple[Page, dict[str, Any]]:
    """The pack's page and its --json, made by one run."""
    out = tmp_path / "pack.html"
    made = run("report", "board-pack", "--as-at", utc_today().isoformat(), "--out", str(out),
               "--json")  # fmt: skip
    assert made.exit_code == 0, made.output
    return Page(out.read_text(encoding="utf-8")), json.loads(made.stdout)


def test_changes_show_money_with_its_currency_and_each_change_by_its_name(
    run: Cli, tmp_path: Path
) -> None:
    # The pack's 'Changes since' table showed 'forecast_cost 1300000.01 1400000.00' and
    # 'priority_rank', where portfolio diff shows 'forecast GBP 1,300,000.01 GBP 1,400,000'.
    long_ago = days_ago(200)
    record(
        run,
        ("item", "onboard", "PRJ-1", "--title", "Payroll", "--category", "Corporate",
         "--budget", "GBP 1,000,000", "--forecast-cost", "GBP 1,200,000.50", "--rag", "green",
         "--authority", "Baseline", "--effective-date", long_ago, "-m", "Onboarded"),
        ("item", "onboard", "EUR-1", "--title", "Dublin office", "--category", "Corporate",
         "--currency", "EUR", "--budget", "EUR 400,000", "--forecast-cost", "EUR 400,000",
         "--authority", "Baseline", "--effective-date", long_ago, "-m", "Onboarded"),
        ("item", "report-status", "PRJ-1", "--overall", "amber",
         "--forecast-cost", "1,250,000.25", "--effective-date", days_ago(10), "-m", "Q3"),
        ("item", "report-status", "EUR-1", "--overall", "green",
         "--forecast-cost", "withheld", "--effective-date", days_ago(10), "-m", "Q3"),
        ("item", "reprioritise", "PRJ-1", "--rank", "3", "--authority", "Portfolio board",
         "--effective-date", days_ago(5), "-m", "Payroll first"),
    )  # fmt: skip

    page, _ = pack_page(run, tmp_path)
    rows = {(r[0], r[3]): (r[4], r[5]) for r in page.tables["changes"]}

    assert rows == {
        ("EUR-1", "forecast"): ("EUR 400,000", "withheld"),
        ("EUR-1", "RAG"): ("-", "green"),
        ("PRJ-1", "forecast"): ("GBP 1,200,000.50", "GBP 1,250,000.25"),
        ("PRJ-1", "RAG"): ("green", "amber"),
        ("PRJ-1", "rank"): ("-", "3"),
    }


def test_items_with_no_organisation_are_a_row_named_so_as_economics_names_it(
    run: Cli, tmp_path: Path
) -> None:
    # The pack's 'Items and money by organisation' row for items with no organisation had
    # an empty first cell (and --json an empty label), where economics and the pack's own
    # RAG chart say 'no organisation'.
    record(
        run,
        ("organisation", "add", "CORP", "--name", "Corporate Services", "-m", "Listed"),
        ("item", "onboard", "PRJ-1", "--title", "Payroll", "--category", "Corporate",
         "--organisation", "CORP", "--budget", "GBP 1,000,000.10",
         "--authority", "Baseline", "-m", "Onboarded"),
        ("item", "onboard", "PRJ-2", "--title", "Estates", "--category", "Corporate",
         "--budget", "GBP 250,000", "--authority", "Baseline", "-m", "Onboarded"),
        ("item", "onboard", "PRJ-3", "--title", "Fleet", "--category", "Corporate",
         "--budget", "GBP 0.05", "--authority", "Baseline", "-m", "Onboarded"),
    )  # fmt: skip

    page, content = pack_page(run, tmp_path)
    labels = [row["label"] for row in content["summary"]["by_organisation"]]

    assert "no organisation" in run("economics", "--by", "organisation").output
    assert page.rows("by-organisation") == {
        "CORP": ["1", "-", "GBP 1,000,000.10", "-", "-"],
        "no organisation": ["2", "-", "GBP 250,000.05", "-", "-"],
    }
    assert sorted(labels) == ["CORP", "no organisation"]


def test_what_a_row_leaves_out_is_said_per_figure_as_economics_says_it(
    run: Cli, tmp_path: Path
) -> None:
    # One item with its budget and its forecast withheld showed 'Withheld 2' beside
    # '2 items', as if both were withheld; economics says 'authorised 1 withheld;
    # forecast 1 withheld'.
    record(
        run,
        ("item", "onboard", "PRJ-1", "--title", "Secret", "--category", "Corporate",
         "--budget", "withheld", "--forecast-cost", "withheld",
         "--authority", "Baseline", "-m", "Onboarded"),
        ("item", "onboard", "PRJ-2", "--title", "Payroll", "--category", "Corporate",
         "--budget", "GBP 1,000,000.10", "--forecast-cost", "GBP 1,100,000",
         "--authority", "Baseline", "-m", "Onboarded"),
        ("item", "onboard", "PRJ-3", "--title", "Estates", "--category", "Corporate",
         "--budget", "not known", "--authority", "Baseline", "-m", "Onboarded"),
    )  # fmt: skip
    said = "authorised 1 withheld, 1 not known; forecast 1 withheld"

    page, content = pack_page(run, tmp_path)
    (row,) = content["summary"]["by_category"]

    assert said in run("economics", "--by", "category").output
    assert page.rows("by-category") == {
        "Corporate": ["3", "-", "GBP 1,000,000.10", "GBP 1,100,000", said]
    }
    assert {name: row[name] for name in row if name.endswith(("withheld", "not_known"))} == {
        "withheld": 2,
        "not_known": 1,
        "whole_life_cost_withheld": 0,
        "whole_life_cost_not_known": 0,
        "authorised_budget_withheld": 1,
        "authorised_budget_not_known": 1,
        "forecast_cost_withheld": 1,
        "forecast_cost_not_known": 0,
    }


def test_the_money_tables_show_whole_life_cost_as_economics_does(run: Cli, tmp_path: Path) -> None:
    # A register whose only money is whole-life cost (the GMPP's) showed a pack whose
    # money tables were all dashes, and 'Withheld / not known' a dash beside items whose
    # cost was withheld, where economics shows the total and 'whole-life 1 withheld'.
    record(
        run,
        ("item", "onboard", "PRJ-1", "--title", "Payroll", "--category", "Corporate",
         "--whole-life-cost", "GBP 1,200,000.50", "--authority", "Baseline", "-m", "Onboarded"),
        ("item", "onboard", "PRJ-2", "--title", "Estates", "--category", "Corporate",
         "--whole-life-cost", "GBP 300,000", "--authority", "Baseline", "-m", "Onboarded"),
        ("item", "onboard", "PRJ-3", "--title", "Secret", "--category", "Corporate",
         "--whole-life-cost", "withheld", "--authority", "Baseline", "-m", "Onboarded"),
    )  # fmt: skip
    said = "whole-life 1 withheld"

    page, content = pack_page(run, tmp_path)
    (row,) = content["summary"]["by_category"]

    assert "GBP 1,500,000.50" in run("economics", "--by", "category").output
    assert page.rows("by-category") == {"Corporate": ["3", "GBP 1,500,000.50", "-", "-", said]}
    assert (row["whole_life_cost"], row["whole_life_cost_withheld"], row["withheld"]) == (
        "1500000.50",
        1,
        1,
    )


def test_an_organisations_pack_shows_an_item_that_moved_out_of_it(run: Cli, tmp_path: Path) -> None:
    # CORP's pack showed its committed budget fall by GBP 300,000.01 and one item fewer, but
    # '0 changed' and no change: the item moved to OPS was filtered out by where it went.
    long_ago = days_ago(200)
    record(
        run,
        ("organisation", "add", "CORP", "--name", "Corporate Services", "-m", "Listed"),
        ("organisation", "add", "OPS", "--name", "Operations", "-m", "Listed"),
        ("item", "onboard", "PRJ-1", "--title", "Payroll", "--category", "Corporate",
         "--organisation", "CORP", "--budget", "GBP 300,000.01",
         "--authority", "Baseline", "--effective-date", long_ago, "-m", "Onboarded"),
        ("item", "onboard", "PRJ-2", "--title", "Estates", "--category", "Corporate",
         "--organisation", "CORP", "--budget", "GBP 1,000,000",
         "--authority", "Baseline", "--effective-date", long_ago, "-m", "Onboarded"),
        ("item", "transfer", "PRJ-1", "--to", "OPS", "--authority", "Machinery of government",
         "--effective-date", days_ago(10), "-m", "Moved"),
    )  # fmt: skip
    today = utc_today().isoformat()
    out = tmp_path / "corp.html"

    made = run("report", "board-pack", "--as-at", today, "--organisation", "CORP", "--json",
               "--out", str(out))  # fmt: skip
    summary = json.loads(made.stdout)["summary"]
    rows = [r[:6] for r in Page(out.read_text(encoding="utf-8")).tables["changes"]]

    assert made.exit_code == 0, made.output
    assert summary["envelope"] is None
    assert summary["committed"] == {"GBP": "1000000.00"}
    assert (summary["items"], summary["changed"]) == (1, 1)
    assert rows == [["PRJ-1", "Payroll", "OPS", "organisation", "CORP", "OPS"]]
    decided = json.loads(made.stdout)["decisions"]
    assert [(d["subject"], d["summary"]) for d in decided] == [
        ("PRJ-1", "organisation CORP -> OPS")
    ]
    ops = run("report", "board-pack", "--as-at", today, "--organisation", "OPS", "--json")
    assert json.loads(ops.stdout)["summary"]["changed"] == 1


def test_a_transfer_back_into_the_organisation_is_listed_once(run: Cli) -> None:
    # PRJ-1 left CORP, came back and left again in the period: CORP's pack listed the
    # transfer back (#6) twice, once from the trail of CORP's items and once among the
    # transfers of an item that moved out of it.
    long_ago = days_ago(200)
    record(
        run,
        ("organisation", "add", "CORP", "--name", "Corporate Services", "-m", "Listed"),
        ("organisation", "add", "OPS", "--name", "Operations", "-m", "Listed"),
        ("organisation", "add", "FIN", "--name", "Finance", "-m", "Listed"),
        ("item", "onboard", "PRJ-1", "--title", "Payroll", "--category", "Corporate",
         "--organisation", "CORP", "--budget", "GBP 300,000",
         "--authority", "Baseline", "--effective-date", long_ago, "-m", "Onboarded"),
        ("item", "onboard", "PRJ-2", "--title", "Estates", "--category", "Corporate",
         "--organisation", "CORP", "--budget", "GBP 1,000,000",
         "--authority", "Baseline", "--effective-date", long_ago, "-m", "Onboarded"),
        ("item", "transfer", "PRJ-1", "--to", "OPS", "--authority", "Machinery of government",
         "--effective-date", days_ago(20), "-m", "Moved"),
        ("item", "transfer", "PRJ-1", "--to", "CORP", "--authority", "Machinery of government",
         "--effective-date", days_ago(15), "-m", "Moved back"),
        ("item", "transfer", "PRJ-1", "--to", "FIN", "--authority", "Machinery of government",
         "--effective-date", days_ago(10), "-m", "Moved again"),
    )  # fmt: skip

    made = run("report", "board-pack", "--as-at", utc_today().isoformat(),
               "--organisation", "CORP", "--json")  # fmt: skip

    assert made.exit_code == 0, made.output
    decided = json.loads(made.stdout)["decisions"]
    assert [d["summary"] for d in decided] == [
        "organisation CORP -> OPS",
        "organisation OPS -> CORP",
        "organisation CORP -> FIN",
    ]
