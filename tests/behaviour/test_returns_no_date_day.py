"""A forecast date of 1900-01-01 in a return: the day systems write for no date, not read as one.

SQL Server's empty datetime is 1900-01-01, and the portfolio tools built on it (Project
Server and Project Online reports, their SSRS exports) write ``1/1/1900`` where a date was
never given; a workbook's date cell holding 1 (a formula's empty date plus one) shows the
same day. Before, each was read as a forecast to finish in 1900. Now the cell is refused
saying what the day is, with the fix: empty it, or map its text as no date.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from tests.behaviour.test_returns_refusals import refused, returns_import, write
from tests.behaviour.test_returns_weekday_dates import MAPPING
from tests.conftest import Cli

AS_NONE = "is 1900-01-01, Excel's day 1 (a date cell holding 1) and the date SQL Server"


def _export(*finishes: str) -> Path:
    Path("mapping.toml").write_text(MAPPING, encoding="utf-8")
    rows = (f"PRJ00{n},Item {n},Digital,{day}" for n, day in enumerate(finishes, start=1))
    return write("export.csv", "Project ID,Project Name,Portfolio,Finish Date", *rows)


def test_1900_01_01_in_a_csv_is_refused_as_the_date_written_for_none(run: Cli) -> None:
    path = _export("1/1/1900", "1/1/1900 12:00:00 AM", "3/31/2026")

    message = " ".join(refused(run, path, "--mapping", "mapping.toml").split())

    assert f"cell D2 {AS_NONE}" in message
    assert f"cell D3 {AS_NONE}" in message
    assert '[spellings.forecast_date] "1/1/1900" = "" in the mapping' in message
    assert "cell D4" not in message


def test_spelt_as_no_date_it_is_read_as_none_given(run: Cli) -> None:
    path = _export("1/1/1900", "1/2/1900")
    mapping = Path("mapping.toml")
    mapping.write_text(MAPPING + '\n[spellings.forecast_date]\n"1/1/1900" = ""\n', encoding="utf-8")

    result = returns_import(run, path, "--mapping", str(mapping), as_at="2026-03-31")

    assert result.exit_code == 0, result.output
    first = json.loads(run("item", "show", "PRJ001", "--json").output)
    second = json.loads(run("item", "show", "PRJ002", "--json").output)
    assert first["forecast_date"] is None
    assert second["forecast_date"] == "1900-01-02"  # a day, not the one written for none


def test_a_workbook_date_cell_of_day_1_is_refused_saying_to_empty_it(run: Cli) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Project ID", "Project Name", "Portfolio", "Finish Date"])
    sheet.append(["PRJ001", "Item 1", "Digital", date(1900, 1, 1)])
    sheet.append(["PRJ002", "Item 2", "Digital", date(2026, 3, 31)])
    book.save("export.xlsx")
    Path("mapping.toml").write_text(MAPPING, encoding="utf-8")

    message = " ".join(refused(run, Path("export.xlsx"), "--mapping", "mapping.toml").split())

    assert f"cell D2 {AS_NONE}" in message
    assert "empty the cell (or have its formula give no date) if no date is known" in message
    assert "cell D3" not in message
