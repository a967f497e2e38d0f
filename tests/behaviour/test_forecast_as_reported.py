"""A forecast a later status report left out is shown as of the report that gave it.

A status report need not restate the forecast: one left out keeps the item's
forecast (events already stored mean that), but the item showed it with
nothing to say it was an earlier report's, beside the later report's date as
"Last status". Now each forecast carries the date of the report (or baseline)
that gave it: ``item show`` says ``(as reported 2026-03-31)``, its JSON and
``portfolio --json`` say ``forecast_cost_reported_on`` and
``forecast_date_reported_on``, CSV and xlsx have a column each, and the
portfolio's table names the items under it.
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
from tests.conftest import Cli

SAID = ("--authority", "PMO")


def recorded(run: Cli, *args: str) -> None:
    """Record a decision, expecting it taken."""
    result = run(*args)
    assert result.exit_code == 0, result.output


@pytest.fixture
def reported(run: Cli) -> Cli:
    """PRJ-1 onboarded on 01-15 with a forecast, forecast anew on 03-31, rated only on 06-30."""
    recorded(run, "item", "onboard", "PRJ-1", "--title", "Payroll", "--category", "Corporate",
             "--stage", "in-delivery", "--budget", "GBP 1000000", "--forecast-cost",
             "GBP 1100000", "--forecast-date", "2027-03-31", "--rag", "amber",
             "--authority", "Baseline", "-m", "Onboarded",
             "--effective-date", "2026-01-15")  # fmt: skip
    recorded(run, "item", "report-status", "PRJ-1", "--overall", "green", "--forecast-cost",
             "GBP 1200000", "--forecast-date", "2027-06-30", *SAID, "-m", "Q1",
             "--effective-date", "2026-03-31")  # fmt: skip
    recorded(run, "item", "report-status", "PRJ-1", "--overall", "red", *SAID, "-m", "Q2",
             "--effective-date", "2026-06-30")  # fmt: skip
    return run


def shown(run: Cli, *options: str) -> dict[str, Any]:
    """``item show PRJ-1 --json``."""
    result = run("item", "show", "PRJ-1", "--json", *options)
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.stdout))


def lines(output: str, *starts: str) -> list[str]:
    """The output's lines that start (after spaces) with one of these labels, spaces squeezed."""
    return [
        " ".join(line.split()) for line in output.splitlines() if line.strip().startswith(starts)
    ]


def test_item_show_says_a_forecast_the_last_report_left_out_is_an_earlier_one_s(
    reported: Cli,
) -> None:
    table = reported("item", "show", "PRJ-1").output
    record = shown(reported)

    assert lines(table, "Forecast", "Last status") == [
        "Forecast cost GBP 1,200,000 (as reported 2026-03-31)",
        "Forecast date 2027-06-30 (as reported 2026-03-31)",
        "Last status 2026-06-30",
    ]
    assert (record["forecast_cost"]["amount"], record["forecast_date"]) == (
        "1200000.00", "2027-06-30"
    )  # fmt: skip
    assert record["forecast_cost_reported_on"] == "2026-03-31"
    assert record["forecast_date_reported_on"] == "2026-03-31"
    assert record["last_status_date"] == "2026-06-30"


def test_as_it_stood_before_the_later_report_the_forecast_is_the_last_report_s(
    reported: Cli,
) -> None:
    before = reported("item", "show", "PRJ-1", "--effective-on", "2026-04-30")
    joined = shown(reported, "--effective-on", "2026-02-01")

    assert "as reported" not in before.output
    assert lines(before.output, "Forecast cost") == ["Forecast cost GBP 1,200,000"]
    assert joined["forecast_cost_reported_on"] == joined["last_status_date"] == "2026-01-15"


def test_a_report_that_gives_the_forecast_again_or_withholds_it_dates_it_anew(
    reported: Cli,
) -> None:
    recorded(reported, "item", "report-status", "PRJ-1", "--overall", "red",
             "--forecast-cost", "withheld", *SAID, "-m", "Q3",
             "--effective-date", "2026-09-30")  # fmt: skip

    record = shown(reported)
    table = reported("item", "show", "PRJ-1").output

    assert (record["forecast_cost"], record["forecast_cost_reported_on"]) == (
        "withheld", "2026-09-30"
    )  # fmt: skip
    assert record["forecast_date_reported_on"] == "2026-03-31"  # still not given again
    assert lines(table, "Forecast") == [
        "Forecast cost withheld",
        "Forecast date 2027-06-30 (as reported 2026-03-31)",
    ]


def test_the_portfolio_carries_each_forecast_s_report_date_on_both_clocks(
    reported: Cli,
) -> None:
    listed = json.loads(reported("portfolio", "--json").output)
    earlier = json.loads(reported("portfolio", "--json", "--effective-on", "2026-04-30").output)
    csv = reported("portfolio", "--format", "csv").output.splitlines()
    screen = reported("portfolio").output

    [item] = listed
    assert (item["forecast_cost_reported_on"], item["forecast_date_reported_on"]) == (
        "2026-03-31", "2026-03-31"
    )  # fmt: skip
    assert earlier[0]["last_status_date"] == earlier[0]["forecast_cost_reported_on"]
    header = csv[0].split(",")
    row = dict(zip(header, csv[1].split(","), strict=True))
    assert (row["Forecast reported"], row["Forecast date reported"], row["Last status"]) == (
        "2026-03-31", "2026-03-31", "2026-06-30"
    )  # fmt: skip
    assert "Forecast as reported before the last status report: PRJ-1 (2026-03-31)" in screen


def test_a_return_s_empty_forecast_date_keeps_the_earlier_date_said_as_reported(
    run: Cli, tmp_path: Path
) -> None:
    mapping = tmp_path / "quarterly.toml"
    mapping.write_text(
        'source = "Quarterly return"\nunits = "units"\ncurrency = "GBP"\n\n[columns]\n'
        'key = "key"\ntitle = "title"\ncategory = "category"\nforecast_cost = "forecast_cost"\n'
        'forecast_date = "forecast_date"\nrag = "rag"\n\n'
        '[defaults]\nkind = "project"\nstage = "in delivery"\n',
        encoding="utf-8",
    )
    header = "key,title,category,forecast_cost,forecast_date,rag\n"
    for name, row, as_at in (
        ("q1.csv", "P-1,Payments,Digital,120,2027-03-31,red\n", "2026-03-31"),
        ("q2.csv", "P-1,Payments,Digital,130,,amber\n", "2026-06-30"),
    ):
        (tmp_path / name).write_text(header + row, encoding="utf-8")
        recorded(run, "returns", "import", str(tmp_path / name), "--mapping", str(mapping),
                 "--as-at", as_at, "--authority", "PMO")  # fmt: skip

    record = json.loads(run("item", "show", "P-1", "--json").output)
    table = run("item", "show", "P-1").output

    assert (record["forecast_cost_reported_on"], record["forecast_date_reported_on"]) == (
        "2026-06-30", "2026-03-31"
    )  # fmt: skip
    assert lines(table, "Forecast date") == ["Forecast date 2027-03-31 (as reported 2026-03-31)"]


NEW_COLUMNS = {
    PortfolioItems: ("forecast_cost_reported_on", "forecast_date_reported_on"),
    ItemTimeline: ("forecast_cost_reported_on", "forecast_date_reported_on"),
    Economics: ("forecast_cost_earlier",),
}
"""The read models that gained columns, and the columns."""


def look_like_before_forecast_dates(url: str) -> None:
    """The read models as the version before left them: no report dates, tracked so."""
    engine = create_engine(normalise_url(url))
    try:
        with engine.begin() as connection:
            for model, columns in NEW_COLUMNS.items():
                name, version = model.name, model.schema_version
                connection.execute(
                    text(
                        "UPDATE portfolio_ledger_tracking SET application_name = "
                        f"'{name}@v{version - 1}' WHERE application_name = '{name}@v{version}'"
                    )
                )
                for column in columns:
                    connection.execute(text(f"ALTER TABLE {name} DROP COLUMN {column}"))
            texts = connection.execute(text("SELECT item_id, shown FROM portfolio_items_shown"))
            for item, shown_text in texts.all():
                record = json.loads(shown_text)
                del record["forecast_cost_reported_on"], record["forecast_date_reported_on"]
                connection.execute(
                    text("UPDATE portfolio_items_shown SET shown = :shown WHERE item_id = :item"),
                    {"shown": json.dumps(record), "item": item},
                )
    finally:
        engine.dispose()


def test_a_ledger_made_before_shows_the_dates_and_rebuilds_its_item_read_models(
    reported: Cli,
) -> None:
    look_like_before_forecast_dates(reported.url)

    opened = reported("item", "show", "PRJ-1")  # not from the read models: they are not current
    past = reported("portfolio", "--json", "--effective-on", "2026-07-01")
    record = shown(reported)

    assert opened.exit_code == 0, opened.output
    assert lines(opened.stdout, "Forecast cost") == [
        "Forecast cost GBP 1,200,000 (as reported 2026-03-31)"
    ]
    assert past.exit_code == 0, past.output
    assert "portfolio_items was made by an earlier version" in past.stderr
    assert "item_timeline was made by an earlier version" in past.stderr
    assert json.loads(past.stdout)[0]["forecast_date_reported_on"] == "2026-03-31"
    assert record["forecast_cost_reported_on"] == "2026-03-31"
    assert "economics was made by an earlier version" in past.stderr
    totals = json.loads(reported("economics", "--json").stdout)["totals"]
    assert {r["forecast_cost_earlier"] for r in totals} == {1}


def test_economics_counts_the_forecasts_in_its_totals_that_an_earlier_report_gave(
    reported: Cli,
) -> None:
    now = json.loads(reported("economics", "--json").stdout)["totals"]
    then = json.loads(reported("economics", "--json", "--effective-on", "2026-04-30").stdout)
    csv = reported("economics", "--format", "csv").output.splitlines()
    screen = reported("economics").output

    pipeline = {(r["dimension"], r["value"]): r for r in now}["view", "pipeline"]
    assert (pipeline["forecast_cost"], pipeline["forecast_cost_earlier"]) == ("1200000.00", 1)
    assert {r["forecast_cost_earlier"] for r in then["totals"]} == {0}  # the last report's then
    header = csv[0].split(",")
    assert dict(zip(header, csv[1].split(","), strict=True))["Forecast as reported earlier"] == "1"
    assert "forecast 1 as reported earlier" in screen


def test_the_board_pack_s_money_tables_say_so_too(reported: Cli, tmp_path: Path) -> None:
    page = tmp_path / "pack.html"
    made = reported("report", "board-pack", "--as-at", "2026-10-31", "--json")
    written = reported("report", "board-pack", "--as-at", "2026-10-31", "--out", str(page))

    assert made.exit_code == 0, made.output
    assert written.exit_code == 0, written.output
    (row,) = json.loads(made.stdout)["summary"]["by_category"]
    assert (row["forecast_cost"], row["forecast_cost_earlier"]) == ("1200000.00", 1)
    assert "forecast 1 as reported earlier" in page.read_text(encoding="utf-8")
