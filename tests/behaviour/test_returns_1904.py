"""A workbook saved in the 1904 date system has its serial numbers named in that system.

Excel for Mac saved workbooks counting days from 1904-01-01 (``date1904``, still kept
by a workbook first made so). A date cell is read as its day whatever the system, but a
refusal naming a number's day counted it from 1900: ``44741 is 2022-06-29``, where the
workbook, formatted as dates, shows 2026-06-30; and a money cell holding a date was
said to hold 46203, where formatted as a number it shows 44741.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from tests.conftest import Cli

MAPPING = (
    '[columns]\nkey = "Ref"\ntitle = "Project"\nwhole_life_cost = "Cost"\n'
    'forecast_date = "Finish"\n[defaults]\ncategory = "Digital"\n'
)


def workbook(*rows: tuple[object, ...]) -> str:
    from openpyxl import Workbook
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    book = Workbook()
    book.epoch = CALENDAR_MAC_1904
    sheet = book.active
    assert sheet is not None
    sheet.append(["Ref", "Project", "Cost", "Finish"])
    for row in rows:
        sheet.append(list(row))
    book.save("mac.xlsx")
    Path("m.toml").write_text(MAPPING, encoding="utf-8")
    return "mac.xlsx"


def imported(run: Cli, path: str) -> tuple[int, str]:
    result = run("returns", "import", path, "--mapping", "m.toml", "--as-at", "2025-12-31",
                 "--authority", "PMO")  # fmt: skip
    return result.exit_code, result.output


def test_a_serial_number_in_a_date_column_is_named_as_the_day_the_workbook_counts(
    run: Cli,
) -> None:
    code, output = imported(run, workbook(("P-1", "Alpha", 1000, 44741)))

    assert code == 2, output
    assert "44741 is 2026-06-30 in this workbook's 1904 date system" in output
    assert run.events() == 0


def test_a_date_in_a_money_column_is_named_by_the_number_the_workbook_holds(run: Cli) -> None:
    code, output = imported(run, workbook(("P-1", "Alpha", date(2026, 6, 30), None)))

    assert code == 2, output
    assert "(44741 is 2026-06-30 in this workbook's 1904 date system)" in output


def test_a_date_cell_of_a_1904_workbook_is_read_as_its_day(run: Cli) -> None:
    code, output = imported(run, workbook(("P-1", "Alpha", 1000, date(2026, 6, 30))))

    assert code == 0, output
    shown = json.loads(run("item", "show", "P-1", "--json").output)
    assert shown["forecast_date"] == "2026-06-30"


def test_a_date_cell_of_day_0_is_named_as_the_1904_system_shows_it(run: Cli) -> None:
    # Day 0 of the 1904 system is 1904-01-01, shown so; the refusal said the cell showed
    # 1900-01-00, the 1900 system's day 0, which this workbook never shows.
    path = workbook(("P-1", "Alpha", 1000, 0))
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book.active
    assert sheet is not None
    sheet["D2"].number_format = "yyyy-mm-dd"
    book.save(path)

    code, output = imported(run, path)

    message = " ".join(output.split())
    assert code == 2, output
    assert (
        "cell D2: '00:00:00' is not a date (YYYY-MM-DD): it is a time of day with no day, as a "
        "workbook holds a date cell of day 0 of this workbook's 1904 date system (shown as "
        "1904-01-01 or 01/01/1904)"
    ) in message
    assert "1900-01-00" not in message
    assert run.events() == 0
