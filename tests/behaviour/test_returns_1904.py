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
