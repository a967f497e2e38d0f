"""1900-01-01 as a SQL Server report export writes it, in a return with day-first dates.

A UK office's Project Online report, exported to CSV or a workbook, writes each empty
finish date as 1900-01-01 in whichever form its report server used: ``01/01/1900``,
``01/01/1900 00:00``, ``1900-01-01 00:00:00.000`` (the database's own text). Each is
refused naming the cell, with the fix in the cell's own text; so spelt in the mapping
it is no date (the item keeps the date it has); the days after it are dates.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import Cli

MAPPING = """
dates = "DD/MM/YYYY"

[columns]
key = "Project ID"
title = "Project Name"
forecast_date = "Finish Date"

[defaults]
category = "Digital"
organisation = "HO"
kind = "project"
stage = "in delivery"
"""
AS_NONE = "is 1900-01-01, Excel's day 1 (a date cell holding 1) and the date SQL Server"


def _return(*finishes: str) -> Path:
    rows = [f"PRJ-{n},Item {n},{day}" for n, day in enumerate(finishes, start=1)]
    path = Path("report.csv").resolve()
    path.write_text("\n".join(["Project ID,Project Name,Finish Date", *rows]) + "\n", "utf-8")
    return path


def _import(run: Cli, path: Path, *options: str, as_at: str = "2026-09-30") -> tuple[int, str]:
    result = run("returns", "import", str(path), "--mapping", "mapping.toml", "--as-at", as_at,
                 "--authority", "PMO", *options)  # fmt: skip
    assert "Traceback" not in result.output
    return result.exit_code, " ".join(result.output.split())


@pytest.mark.parametrize(
    "written", ["01/01/1900", "1/1/1900", "01/01/1900 00:00", "1900-01-01 00:00:00.000",
                "01/01/1900 00:00:00", "1900-01-01T00:00:00", "01.01.1900"],
)  # fmt: skip
def test_each_form_a_report_writes_is_refused_with_its_own_text_to_spell(
    run: Cli, written: str
) -> None:
    Path("mapping.toml").write_text(MAPPING, encoding="utf-8")

    code, said = _import(run, _return(written, "31/03/2027"))

    assert code == 2, said
    assert f"cell C2 {AS_NONE}" in said
    assert f'[spellings.forecast_date] "{written}" = "" in the mapping' in said
    assert "cell C3" not in said
    assert run.events() == 0


def test_spelt_as_no_date_the_item_keeps_its_forecast_date(run: Cli) -> None:
    Path("mapping.toml").write_text(MAPPING, encoding="utf-8")
    assert _import(run, _return("31/03/2027", "2/1/1900"), as_at="2026-06-30")[0] == 0
    spelt = MAPPING + '\n[spellings.forecast_date]\n"01/01/1900 00:00" = ""\n'
    Path("mapping.toml").write_text(spelt, encoding="utf-8")

    code, said = _import(run, _return("01/01/1900 00:00", "01/01/1900 00:00"), "--json")

    assert code == 0, said
    found = json.loads(said)
    assert found["changed"] == []
    assert [row["key"] for row in found["unchanged"]] == ["PRJ-1", "PRJ-2"]
    shown = run("item", "show", "PRJ-1", "--json")
    assert json.loads(shown.output)["forecast_date"] == "2027-03-31"
    shown = run("item", "show", "PRJ-2", "--json")
    assert json.loads(shown.output)["forecast_date"] == "1900-01-02"  # the day after is a day


def test_a_workbook_s_date_cell_of_that_day_is_refused_and_the_next_is_read(run: Cli) -> None:
    Path("mapping.toml").write_text(MAPPING, encoding="utf-8")
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Project ID", "Project Name", "Finish Date"])
    cells = [datetime(1900, 1, 1), 1, datetime(1900, 1, 2), 2]  # noqa: DTZ001 - a cell has no zone
    for n, when in enumerate(cells, start=1):
        sheet.append([f"PRJ-{n}", f"Item {n}", when])
        sheet.cell(row=n + 1, column=3).number_format = "dd/mm/yyyy hh:mm"
    book.save("report.xlsx")

    code, said = _import(run, Path("report.xlsx").resolve(), "--dry-run")

    assert code == 2, said
    assert f"cell C2 (and C3) {AS_NONE}" in said  # one problem, on both rows
    assert "empty the cell (or have its formula give no date)" in said
    assert "cell C4" not in said
    assert "cell C5" not in said
    assert run.events() == 0
