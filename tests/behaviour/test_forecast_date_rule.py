"""A forecast completion date before 1900 is refused: it is a system's 'no date'.

``item report-status --forecast-date 0001-01-01`` was recorded, and the item
then showed a forecast finish in year 1 (how .NET and Java write no date, as
Excel writes its day 0 as 1899-12-30). No portfolio item is forecast to
finish before 1900, so such a day is refused wherever a forecast date is
recorded: a status report, an onboarding, an import line, a correction. A
day from 1900 on is taken: a forecast before the item started, or far ahead,
may be a real one (a late item's end date passed; a service with no end).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.behaviour.test_governance import IC_MEETING
from tests.behaviour.test_governance import day as day_after
from tests.behaviour.test_tolerances import tolerant_item
from tests.conftest import Cli

SAID = ("--authority", "PMO", "-m", "Monthly report")
RULE = "is before 1900: no portfolio item is planned or forecast to finish then"
FIX = "give the day it is to finish, or leave the date out if none is known"


@pytest.fixture
def onboarded(run: Cli) -> Cli:
    made = run("item", "onboard", "PRJ-1", "--title", "Payroll", "--category", "Corporate",
               "--authority", "Baseline", "-m", "Onboarded")  # fmt: skip
    assert made.exit_code == 0, made.output
    return run


def refused_as_usage(
    run: Cli, result: object, before: int, day: str, *, rule: str = RULE, fix: str = FIX
) -> str:
    """Exit 2, the day, the rule and the fix named, no traceback, nothing written.

    Returns the output, its lines joined.
    """
    output = " ".join(getattr(result, "output", "").split())
    assert getattr(result, "exit_code", None) == 2, output
    assert f"{day} {rule}" in output
    assert fix in output
    assert "Traceback" not in output
    assert run.events() == before
    return output


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-30", "1899-12-31"])
def test_a_status_report_forecasting_a_finish_before_1900_is_refused(
    onboarded: Cli, day: str
) -> None:
    before = onboarded.events()

    result = onboarded("item", "report-status", "PRJ-1", "--overall", "amber",
                       "--forecast-date", day, *SAID)  # fmt: skip

    refused_as_usage(onboarded, result, before, day)
    assert "--forecast-date" in result.output


def test_a_forecast_from_1900_on_is_recorded_even_before_the_item_joined(onboarded: Cli) -> None:
    for day in ("1900-01-01", "2001-06-30", "9999-12-31"):
        result = onboarded("item", "report-status", "PRJ-1", "--overall", "amber",
                           "--forecast-date", day, *SAID)  # fmt: skip
        assert result.exit_code == 0, result.output
        shown = json.loads(onboarded("item", "show", "PRJ-1", "--json").output)
        assert shown["forecast_date"] == day


def test_an_onboarding_an_import_line_and_a_correction_are_held_to_it(onboarded: Cli) -> None:
    before = onboarded.events()
    onboard = onboarded("item", "onboard", "PRJ-2", "--title", "Ledger", "--category", "Corporate",
                        "--forecast-date", "0001-01-01", "--authority", "Baseline",
                        "-m", "Onboarded")  # fmt: skip
    refused_as_usage(onboarded, onboard, before, "0001-01-01")

    line = {"command": "item report-status", "key": "PRJ-1", "overall": "green",
            "forecast_date": "0001-01-01", "authority": "PMO", "rationale": "x"}  # fmt: skip
    Path("lines.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    refused_as_usage(onboarded, onboarded("import", "lines.jsonl"), before, "0001-01-01")

    reported = onboarded("item", "report-status", "PRJ-1", "--overall", "amber",
                         "--forecast-date", "2027-03-31", *SAID, "--json")  # fmt: skip
    assert reported.exit_code == 0, reported.output
    position = str(json.loads(reported.output)["position"])
    before = onboarded.events()
    corrected = onboarded("decision", "correct", position, "--set", "forecast_date=0001-01-01",
                          "--authority", "PMO", "-m", "Typo")  # fmt: skip
    refused_as_usage(onboarded, corrected, before, "0001-01-01")
    assert "the corrected forecast_date '0001-01-01' is not valid" in corrected.output


def test_a_workbook_date_cell_of_excels_day_0_is_refused_saying_what_it_is(run: Cli) -> None:
    # Excel's day 0 (1899-12-30, shown 1900-01-00) is how some systems write no date; a
    # workbook's date cell of it reads as the time 00:00:00, refused only as "'00:00:00' is
    # not a date (YYYY-MM-DD)", neither saying why a time nor what to do.
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["key", "title", "category", "forecast_date"])
    sheet.append(["PRJ-1", "Payroll", "Corporate", 0])
    sheet["D2"].number_format = "yyyy-mm-dd"
    book.save("day0.xlsx")
    columns = "".join(f'{n} = "{n}"\n' for n in ("key", "title", "category", "forecast_date"))
    Path("day0.toml").write_text(f"[columns]\n{columns}", encoding="utf-8")
    options = ("returns", "import", "day0.xlsx", "--mapping", "day0.toml",
               "--as-at", "2026-06-30", "--authority", "PMO")  # fmt: skip

    refused = run(*options)

    said = " ".join(refused.output.split())
    assert refused.exit_code == 2, said
    assert "row 2, column forecast_date: cell D2: '00:00:00' is not a date" in said
    assert "a date cell of Excel's day 0 (shown as 1900-01-00 or 00/01/1900)" in said
    assert "empty the cell if none is known" in said
    assert run.events() == 0
    spelt = f'[columns]\n{columns}[spellings.forecast_date]\n"00:00:00" = ""\n'
    Path("day0.toml").write_text(spelt, encoding="utf-8")  # as the refusal says
    assert run(*options).exit_code == 0
    assert json.loads(run("item", "show", "PRJ-1", "--json").output)["forecast_date"] is None


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-30"])
def test_a_time_tolerance_planned_to_finish_before_1900_is_refused(run: Cli, day: str) -> None:
    """The planned finish is the same kind of day: when the item is to finish."""

    tolerant_item(run)
    before = run.events()

    result = run("item", "set-tolerance", "PRJ-042", "--time", "30d", "--planned-finish", day,
                 *IC_MEETING, "-m", "Tolerances", "--effective-date", day_after(2))  # fmt: skip

    refused_as_usage(run, result, before, day)
    assert "--planned-finish" in result.output
