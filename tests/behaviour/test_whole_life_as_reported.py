"""A whole-life cost a later status report left out is shown as of the report that gave it.

As with the forecast (``test_forecast_as_reported.py``): a status report that
does not give the whole-life cost keeps the item's, but the item showed it
beside the later report's ``Last status`` with nothing to say it was an
earlier report's. Now it carries the date of the report (or baseline) that
gave it, ``whole_life_cost_reported_on``: ``item show`` says ``(as reported
2026-03-31)``, the portfolio's JSON, CSV and note say so, and economics and
the board pack count the whole-life costs in a total that an earlier report gave.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from portfolio_ledger.projections.economics import Economics
from portfolio_ledger.projections.item_timeline import ItemTimeline
from portfolio_ledger.projections.portfolio_items import PortfolioItems
from portfolio_ledger.storage.urls import normalise_url
from tests.behaviour.test_forecast_as_reported import lines, recorded
from tests.conftest import Cli

SAID = ("--authority", "PMO")


@pytest.fixture
def reported(run: Cli) -> Cli:
    """PRJ-1 onboarded on 01-15 with a whole-life cost, costed anew on 03-31, rated on 06-30."""
    recorded(run, "item", "onboard", "PRJ-1", "--title", "Payroll", "--category", "Corporate",
             "--stage", "in-delivery", "--whole-life-cost", "GBP 5000000", "--rag", "amber",
             "--authority", "Baseline", "-m", "Onboarded",
             "--effective-date", "2026-01-15")  # fmt: skip
    recorded(run, "item", "report-status", "PRJ-1", "--overall", "green", "--whole-life-cost",
             "GBP 5500000", *SAID, "-m", "Q1", "--effective-date", "2026-03-31")  # fmt: skip
    recorded(run, "item", "report-status", "PRJ-1", "--overall", "red", *SAID, "-m", "Q2",
             "--effective-date", "2026-06-30")  # fmt: skip
    return run


def shown(run: Cli, *options: str) -> dict[str, Any]:
    """``item show PRJ-1 --json``."""
    result = run("item", "show", "PRJ-1", "--json", *options)
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.stdout))


def test_item_show_says_a_whole_life_cost_the_last_report_left_out_is_an_earlier_one_s(
    reported: Cli,
) -> None:
    table = reported("item", "show", "PRJ-1").output
    record = shown(reported)

    assert lines(table, "Whole-life cost", "Last status") == [
        "Whole-life cost GBP 5,500,000 (as reported 2026-03-31)",
        "Last status 2026-06-30",
    ]
    assert record["whole_life_cost"]["amount"] == "5500000.00"
    assert record["whole_life_cost_reported_on"] == "2026-03-31"


def test_as_it_stood_then_the_whole_life_cost_is_the_last_report_s_or_the_baseline_s(
    reported: Cli,
) -> None:
    before = reported("item", "show", "PRJ-1", "--effective-on", "2026-04-30")
    joined = shown(reported, "--effective-on", "2026-02-01")

    assert lines(before.output, "Whole-life cost") == ["Whole-life cost GBP 5,500,000"]
    assert joined["whole_life_cost_reported_on"] == joined["last_status_date"] == "2026-01-15"


def test_a_report_that_withholds_it_dates_it_anew(reported: Cli) -> None:
    recorded(reported, "item", "report-status", "PRJ-1", "--overall", "red",
             "--whole-life-cost", "withheld", *SAID, "-m", "Q3",
             "--effective-date", "2026-09-30")  # fmt: skip

    record = shown(reported)

    assert (record["whole_life_cost"], record["whole_life_cost_reported_on"]) == (
        "withheld", "2026-09-30"
    )  # fmt: skip
    assert lines(reported("item", "show", "PRJ-1").output, "Whole-life cost") == [
        "Whole-life cost withheld"
    ]


def test_the_portfolio_carries_the_whole_life_cost_s_report_date_on_both_clocks(
    reported: Cli,
) -> None:
    listed = json.loads(reported("portfolio", "--json").output)
    earlier = json.loads(reported("portfolio", "--json", "--effective-on", "2026-04-30").output)
    csv = reported("portfolio", "--format", "csv").output.splitlines()
    screen = reported("portfolio").output

    assert listed[0]["whole_life_cost_reported_on"] == "2026-03-31"
    assert earlier[0]["whole_life_cost_reported_on"] == earlier[0]["last_status_date"]
    row = dict(zip(csv[0].split(","), csv[1].split(","), strict=True))
    assert (row["Whole-life reported"], row["Last status"]) == ("2026-03-31", "2026-06-30")
    assert "Whole-life cost as reported before the last status report: PRJ-1 (2026-03-31)" in (
        screen
    )
    assert "Forecast as reported before" not in screen  # no forecast was ever given


def test_economics_counts_the_whole_life_costs_in_its_totals_that_an_earlier_report_gave(
    reported: Cli,
) -> None:
    now = json.loads(reported("economics", "--json").stdout)["totals"]
    then = json.loads(reported("economics", "--json", "--effective-on", "2026-04-30").stdout)
    csv = reported("economics", "--format", "csv").output.splitlines()
    screen = reported("economics").output

    pipeline = {(r["dimension"], r["value"]): r for r in now}["view", "pipeline"]
    assert (pipeline["whole_life_cost"], pipeline["whole_life_cost_earlier"]) == (
        "5500000.00", 1
    )  # fmt: skip
    assert pipeline["forecast_cost_earlier"] == 0
    assert {r["whole_life_cost_earlier"] for r in then["totals"]} == {0}
    row = dict(zip(csv[0].split(","), csv[1].split(","), strict=True))
    assert row["Whole-life as reported earlier"] == "1"
    assert "whole-life 1 as reported earlier" in screen


def test_the_board_pack_s_money_tables_say_so_too(reported: Cli, tmp_path: Path) -> None:
    page = tmp_path / "pack.html"
    made = reported("report", "board-pack", "--as-at", "2026-10-31", "--json")
    written = reported("report", "board-pack", "--as-at", "2026-10-31", "--out", str(page))

    assert made.exit_code == 0, made.output
    assert written.exit_code == 0, written.output
    (row,) = json.loads(made.stdout)["summary"]["by_category"]
    assert (row["whole_life_cost"], row["whole_life_cost_earlier"]) == ("5500000.00", 1)
    assert "whole-life 1 as reported earlier" in page.read_text(encoding="utf-8")


NEW_COLUMNS = {
    PortfolioItems: "whole_life_cost_reported_on",
    ItemTimeline: "whole_life_cost_reported_on",
    Economics: "whole_life_cost_earlier",
}
"""The read models that gained a column, and the column."""


def look_like_before_whole_life_dates(url: str) -> None:
    """The read models as the version before left them: no whole-life date, tracked so."""
    engine = create_engine(normalise_url(url))
    try:
        with engine.begin() as connection:
            for model, column in NEW_COLUMNS.items():
                name, version = model.name, model.schema_version
                connection.execute(
                    text(
                        "UPDATE portfolio_ledger_tracking SET application_name = "
                        f"'{name}@v{version - 1}' WHERE application_name = '{name}@v{version}'"
                    )
                )
                connection.execute(text(f"ALTER TABLE {name} DROP COLUMN {column}"))
            texts = connection.execute(text("SELECT item_id, shown FROM portfolio_items_shown"))
            for item, shown_text in texts.all():
                record = json.loads(shown_text)
                del record["whole_life_cost_reported_on"]
                connection.execute(
                    text("UPDATE portfolio_items_shown SET shown = :shown WHERE item_id = :item"),
                    {"shown": json.dumps(record), "item": item},
                )
    finally:
        engine.dispose()


def test_a_ledger_made_before_shows_the_date_and_rebuilds_its_read_models_once(
    reported: Cli,
) -> None:
    look_like_before_whole_life_dates(reported.url)

    opened = reported("item", "show", "PRJ-1")  # not from the read models: they are not current
    past = reported("portfolio", "--json", "--effective-on", "2026-07-01")
    again = reported("portfolio", "--json")
    totals = json.loads(reported("economics", "--json").stdout)["totals"]

    assert opened.exit_code == 0, opened.output
    assert lines(opened.stdout, "Whole-life cost") == [
        "Whole-life cost GBP 5,500,000 (as reported 2026-03-31)"
    ]
    assert past.exit_code == 0, past.output
    for name in ("portfolio_items", "item_timeline", "economics"):
        assert f"{name} was made by an earlier version" in past.stderr
    assert json.loads(past.stdout)[0]["whole_life_cost_reported_on"] == "2026-03-31"
    assert "earlier version" not in again.stderr  # rebuilt once
    assert shown(reported)["whole_life_cost_reported_on"] == "2026-03-31"
    assert {r["whole_life_cost_earlier"] for r in totals} == {1}
