"""A Smartsheet portfolio sheet exported to Excel, read as the docs say, on both databases.

Smartsheet's *Export to Microsoft Excel* writes a sheet's hierarchy as the workbook's
outline (a parent row at level 0, its children grouped under it at level 1), and its parent
rows hold their children's sums (``=SUM(CHILDREN())``); its auto-number gives every row an
id, parents too. Its status symbols are written as colour words (``Red``, ``Yellow``,
``Green``, ``Gray``), its contact cells as e-mails, a checkbox as TRUE or FALSE, and a
hidden column (last year's budget) is exported hidden. A parent row with an id joined the
portfolio as an item beside its children, their money counted twice in ``economics``: it is
refused now, naming its rows (``returns/outline.py``), and read once the parent rows are
deleted; the next export updates the items, not adds them again.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl

from tests.behaviour.test_returns_more_portfolios import economics, keys
from tests.behaviour.test_returns_office_portfolios import OFFICE, money, show
from tests.conftest import Cli

SS_HEADER = ["Project Name", "Project ID", "Status", "Phase", "Project Manager", "Team",
             "Budget", "FY25 Budget", "Forecast", "% Complete", "Start", "End", "At Risk",
             "Comments"]  # fmt: skip
SS_MAPPING = """source = "Smartsheet portfolio"
sheet = "IT Portfolio 2026"
currency = "AUD"
ignore = ["Team", "FY25 Budget", "% Complete", "Start", "At Risk", "Comments"]

[columns]
key = "Project ID"
title = "Project Name"
rag = "Status"
owner = "Project Manager"
authorised_budget = "Budget"
forecast_cost = "Forecast"
forecast_date = "End"

[where]
Phase = ["Planning", "Execution", "On Hold"]

[spellings.rag]
"Yellow" = "amber"
"Gray" = "not assessed"

[defaults]
category = "ICT"
kind = "project"
stage = "in delivery"
"""


def ss_row(*given: Any, level: int = 1) -> tuple[int, list[Any]]:
    """A row of the sheet from its name, id, status, phase, manager, budget, forecast, end."""
    name, key, status, phase, manager, budget, forecast, end = given
    team = f"{manager}, pmo@agency.gov.au"
    return level, [name, key, status, phase, manager, team, budget, budget - 1000, forecast,
                   0.4, dt.date(2025, 7, 1), end, status == "Red", ""]  # fmt: skip


def smartsheet(name: str, rows: list[tuple[int, list[Any]]]) -> Path:
    """The sheet as Smartsheet's *Export to Microsoft Excel* writes it: its hierarchy the
    workbook's outline (a parent row at level 0, its children at 1), a hidden column."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "IT Portfolio 2026"
    sheet.append(SS_HEADER)
    for number, (level, cells) in enumerate(rows, 2):
        sheet.append(cells)
        sheet.row_dimensions[number].outlineLevel = level
        sheet.cell(number, 10).number_format = "0%"
        for column in (7, 8, 9):
            sheet.cell(number, column).number_format = '"$"#,##0.00'
    sheet.column_dimensions["H"].hidden = True
    book.save(name)
    return Path(name).resolve()


def ss_march(parents: bool) -> list[tuple[int, list[Any]]]:
    children = [
        ss_row("Payroll uplift", "PRJ-0002", "Green", "Execution", "ann.lee@agency.gov.au",
               1200000, 1250000, dt.date(2026, 11, 30)),
        ss_row("Records digitisation", "PRJ-0003", "Yellow", "Execution",
               "bo.chen@agency.gov.au", 800000, 780000, dt.date(2027, 6, 30)),
        ss_row("Network refresh", "PRJ-0005", "Red", "On Hold", "cy.dee@agency.gov.au",
               450000, 520000, dt.date(2026, 9, 30)),
        ss_row("Contact centre telephony", "PRJ-0006", "Gray", "Planning",
               "di.evans@agency.gov.au", 300000, 300000, dt.date(2027, 3, 31)),
    ]  # fmt: skip
    if not parents:
        return [(0, cells) for _, cells in children]
    return [
        ss_row("Corporate Services", "PRJ-0001", "Yellow", "Execution",
               "ed.fox@agency.gov.au", 2000000, 2030000, dt.date(2027, 6, 30), level=0),
        *children[:2],
        ss_row("Infrastructure", "PRJ-0004", "Red", "Execution", "ed.fox@agency.gov.au",
               750000, 820000, dt.date(2027, 3, 31), level=0),
        *children[2:],
    ]  # fmt: skip


def ss_held(run: Cli) -> dict[str, tuple[Any, ...]]:
    return {key: (i["title"], i["owner"], i["rag"], money(i["authorised_budget"]),
                  money(i["forecast_cost"]), i["forecast_date"])
            for key in keys(run) if (i := show(run, key))}  # fmt: skip


def ss_expected(rows: list[tuple[int, list[Any]]], budgets: dict[str, int]) -> dict[str, Any]:
    """Each row kept as the ledger holds it; ``budgets`` those a return does not change."""
    ratings = {"Green": "green", "Yellow": "amber", "Red": "red", "Gray": "not assessed"}
    return {
        cells[1]: (cells[0], cells[4], ratings[cells[2]],
                   Decimal(budgets.get(cells[1], cells[6])), Decimal(cells[8]),
                   cells[11].isoformat())
        for _, cells in rows if cells[3] != "Complete"
    }  # fmt: skip


def test_a_smartsheet_export_is_read_without_its_parent_rows_roll_ups(run: Cli) -> None:
    Path("ss.toml").write_text(SS_MAPPING, encoding="utf-8")
    importing = ("--mapping", "ss.toml", *OFFICE)
    exported = smartsheet("march.xlsx", ss_march(parents=True))

    refused = run("returns", "import", str(exported), *importing, "--as-at", "2026-03-31")

    said = " ".join(refused.output.split())
    assert refused.exit_code == 2, said
    assert (
        "row 2, column Forecast: it is a parent row, with rows 3, 4 grouped under it in the "
        "sheet's outline"
    ) in said
    assert "its forecast 2,030,000 and budget 2,000,000 are the sum of theirs" in said
    assert "row 5, column Forecast: it is a parent row, with rows 6, 7 grouped" in said
    assert "Hidden column" not in said  # last year's budget, hidden and in ignore
    assert run.events() == 0

    march = ss_march(parents=False)  # the parent rows deleted, as the refusal says
    first = smartsheet("march.xlsx", march)
    assert run("returns", "import", str(first), *importing, "--as-at", "2026-03-31").exit_code == 0
    assert ss_held(run) == ss_expected(march, {})
    totals = economics(run, "2026-03-31")
    assert (totals["items"], Decimal(totals["authorised_budget"])) == (4, Decimal(2750000))
    assert Decimal(totals["forecast_cost"]) == Decimal(2850000)

    june = [
        (0, ss_row(*march[0][1][:4], "ann.lee@agency.gov.au", 1200000, 1310000,
                   dt.date(2027, 2, 28))[1]),
        (0, ss_row(*march[1][1][:3], "Complete", "bo.chen@agency.gov.au", 800000, 790000,
                   dt.date(2026, 6, 30))[1]),
        (0, ss_row(*march[2][1][:2], "Yellow", "Execution", "cy.dee@agency.gov.au", 600000,
                   580000, dt.date(2026, 12, 31))[1]),
        march[3],
        (0, ss_row("Cyber uplift", "PRJ-0007", "Green", "Planning", "fi.gale@agency.gov.au",
                   250000, 250000, dt.date(2027, 6, 30))[1]),
    ]  # fmt: skip
    second = smartsheet("june.xlsx", june)
    leaving = ("returns", "import", str(second), *importing, "--as-at", "2026-06-30",
               "--missing", "leave")  # fmt: skip
    dry = run(*leaving, "--dry-run", "--json")

    assert dry.exit_code == 0, dry.output
    found = json.loads(dry.output)
    assert [row["key"] for row in found["new"]] == ["PRJ-0007"]
    assert [row["key"] for row in found["missing"]] == ["PRJ-0003"]
    noted = {row["key"]: " ".join(row["notes"]) for row in found["changed"]}
    assert "AUD 600,000 in the return" in noted["PRJ-0005"]
    assert run(*leaving).exit_code == 0
    assert ss_held(run) == ss_expected(june, {"PRJ-0005": 450000})  # a budget is 'item fund'
    totals = economics(run, "2026-06-30")
    assert (totals["items"], Decimal(totals["forecast_cost"])) == (4, Decimal(2440000))


OUTLINED = """[columns]
key = "ID"
title = "Name"
authorised_budget = "Budget"
[defaults]
category = "ICT"
"""


def outlined(name: str, rows: list[tuple[int, str, str, int]]) -> Path:
    """A workbook of ids, names and budgets, each row at its outline level."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["ID", "Name", "Budget"])
    for number, (level, *cells) in enumerate(rows, 2):
        sheet.append(cells)
        sheet.row_dimensions[number].outlineLevel = level
    book.save(name)
    return Path(name).resolve()


def test_a_summary_row_below_its_grouped_rows_is_refused_as_one_above_them(run: Cli) -> None:
    # Excel's Data > Group puts a group's summary row below its rows (its default), as a
    # register grouped by directorate does: the summary's id made it an item, counted twice.
    Path("outlined.toml").write_text(OUTLINED, encoding="utf-8")
    rows = [(1, "P-1", "Payroll", 100), (2, "P-1a", "Payroll data", 30),
            (2, "P-1b", "Payroll cutover", 70), (1, "P-2", "Intranet", 50),
            (0, "HR", "HR directorate", 150), (0, "P-3", "Cyber", 80)]  # fmt: skip
    path = outlined("grouped.xlsx", rows)

    result = run("returns", "import", str(path), "--mapping", "outlined.toml",
                 "--as-at", "2026-03-31", *OFFICE)  # fmt: skip

    said = " ".join(result.output.split())
    assert result.exit_code == 2, said
    assert "row 6, column Budget: it is a parent row, with rows 2, 5 grouped under it" in said
    assert "row 2, column Budget: it is a parent row, with rows 3, 4 grouped under it" in said
    assert "2 refused" in said
    assert run.events() == 0


def test_a_parent_row_with_figures_of_its_own_is_read_as_an_item(run: Cli) -> None:
    # A programme row over its projects with a budget of its own (not their sum) is read as
    # written: it is not their sum, so nothing says it adds them up, and nothing is guessed.
    Path("outlined.toml").write_text(OUTLINED, encoding="utf-8")
    rows = [(0, "PG-1", "Digital programme", 40), (1, "P-1", "Portal", 250),
            (1, "P-2", "CRM", 150), (0, "P-3", "Cyber", 80)]  # fmt: skip
    path = outlined("programme.xlsx", rows)

    result = run("returns", "import", str(path), "--mapping", "outlined.toml",
                 "--as-at", "2026-03-31", *OFFICE)  # fmt: skip

    assert result.exit_code == 0, result.output
    assert {key: money(show(run, key)["authorised_budget"]) for key in keys(run)} == {
        key: Decimal(budget) for _, key, _, budget in rows
    }


def test_a_parent_row_adding_up_rows_the_filter_leaves_out_is_refused_too(run: Cli) -> None:
    # Its project PRJ-2, closed, is left out by the filter and still in the parent's sum:
    # added up over the rows read alone (PRJ-1's), it was no sum, and joined as an item.
    Path("outlined.toml").write_text(OUTLINED, encoding="utf-8")
    rows = [(0, "PG-1", "Digital programme", 400), (1, "PRJ-1", "Portal", 250),
            (1, "PRJ-2", "CRM", 150), (0, "PRJ-3", "Cyber", 80)]  # fmt: skip
    path = outlined("filtered.xlsx", rows)

    result = run("returns", "import", str(path), "--mapping", "outlined.toml",
                 "--as-at", "2026-03-31", "--where", "ID=PG-1", "--where", "ID=PRJ-1",
                 "--where", "ID=PRJ-3", *OFFICE)  # fmt: skip

    said = " ".join(result.output.split())
    assert result.exit_code == 2, said
    assert "row 2, column Budget: it is a parent row, with rows 3, 4 grouped under it" in said
    assert "its budget 400 is the sum of theirs" in said
    assert run.events() == 0
