"""More portfolios, in the shapes their offices publish or export them, read as the docs say.

Each file is written here by hand (the names are of real kinds of project, the figures are
made up), in its real layout, and imported through the command line with the mapping a new
user writes from docs/returns.md, on SQLite and PostgreSQL; then a second return of each,
which updates its items, not adds them again. What the ledger holds (``portfolio --json``,
``item show --json``, ``economics --json``) is compared with the rows as written here, read
with ``Decimal``:

- the Scottish Government's Major Capital Projects progress update (title rows saying
  ``£m``, no ids, stages in words, values given as a range for projects before their
  business case, completion in seasons, ``Summer 2026``, and financial years, ``2027-28``);
- a Microsoft Project Online export (its OData feed saved as CSV: GUIDs for ids, in lower
  case in one export and upper in the next, costs to six places, ``2027-03-31T17:00:00``
  and times with an offset, a status custom field of emoji alone);
- a Smartsheet portfolio sheet exported to Excel: test_returns_more_portfolios_smartsheet.py.
"""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from tests.behaviour.test_returns_office_portfolios import OFFICE, money, show
from tests.conftest import Cli


def economics(run: Cli, on: str) -> dict[str, Any]:
    """The totals of the items in the portfolio on ``on``, by view."""
    result = run("economics", "--effective-on", on, "--stage", "pipeline", "--json")
    assert result.exit_code == 0, result.output
    totals = [t for t in json.loads(result.output)["totals"] if t["dimension"] == "view"]
    assert len(totals) == 1, totals
    found: dict[str, Any] = totals[0]
    return found


def keys(run: Cli) -> list[str]:
    """The keys of the items in the portfolio (not those that left it)."""
    result = run("portfolio", "--stage", "pipeline", "--json")
    assert result.exit_code == 0, result.output
    return sorted(item["key"] for item in json.loads(result.output))


def write_csv(name: str, rows: list[list[str]]) -> Path:
    path = Path(name).resolve()
    with path.open("w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows(rows)
    return path


# --- The Scottish Government's Major Capital Projects progress update -------------------

DASH = "\u2013"
"""An en dash, as the update's names are typeset (next time a hyphen: the same name)."""

MCP_HEADER = ["Project", "Portfolio", "Sector", "Current stage", "Capital value (£m)",
              "Original completion date", "Current completion date", "Notes"]  # fmt: skip
MCP_MARCH = [
    [f"A9 Dualling {DASH} Perth to Inverness", "Transport", "Roads", "Construction",
     "3,700.0", "2025", "2035", "Programme of 11 schemes"],
    [f"National Treatment Centre {DASH} Highland", "Health and Social Care", "Health",
     "Full Business Case", "45.3", "Spring 2025", "Summer 2026", ""],
    ["HMP Highland", "Justice and Veterans", "Justice", "Construction",
     "251.0", "2025-26", "2027-28", "Value revised after tender"],
    ["Edinburgh Eastern General Hospital", "Health and Social Care", "Health",
     "Outline Business Case", "£100m - £250m", "", "2030-31", "Value range until FBC"],
    [f"Learning Estate Investment {DASH} Phase 3", "Education", "Schools", "Completed",
     "84.0", "31/03/2024", "31/08/2024", ""],
]  # fmt: skip
MCP_SEPTEMBER = [
    ["A9 Dualling - Perth to Inverness", "Transport", "Roads", "Construction",
     "3,700.0", "2025", "2035", "Programme of 11 schemes"],
    ["National Treatment Centre - Highland", "Health and Social Care", "Health",
     "Construction", "47.8", "Spring 2025", "Autumn 2026", "FBC approved April"],
    ["HMP Highland", "Justice and Veterans", "Justice", "Construction",
     "251.0", "2025-26", "2028-29", ""],
    ["Edinburgh Eastern General Hospital", "Health and Social Care", "Health",
     "Full Business Case", "176.5", "", "2030-31", ""],
    [f"Learning Estate Investment {DASH} Phase 3", "Education", "Schools", "Completed",
     "84.0", "31/03/2024", "31/08/2024", ""],
    [f"Inverness Justice Centre {DASH} Phase 2", "Justice and Veterans", "Justice",
     "Outline Business Case", "£10m - £50m", "", "2029-30", "New this update"],
]  # fmt: skip
MCP_MAPPING = """source = "Major Capital Projects progress update"
header_row = 3
units = "millions"
dates = "DD/MM/YYYY"
ignore = ["Original completion date", "Notes"]

[columns]
title = "Project"
organisation = "Portfolio"
category = "Sector"
stage = "Current stage"
whole_life_cost = "Capital value (£m)"
forecast_date = "Current completion date"

[where]
"Current stage" = ["Outline Business Case", "Full Business Case", "Construction"]

[spellings.stage]
"Outline Business Case" = "approved"
"Full Business Case" = "approved"
"Construction" = "in delivery"
%s
[defaults]
kind = "project"
"""
MCP_SPELT = """
[spellings.whole_life_cost]
"£100m - £250m" = "withheld"
"£10m - £50m" = "withheld"

[spellings.forecast_date]
"2035" = "2035-12-31"
"Summer 2026" = "2026-08-31"
"Autumn 2026" = "2026-11-30"
"2027-28" = "2028-03-31"
"2028-29" = "2029-03-31"
"2029-30" = "2030-03-31"
"2030-31" = "2031-03-31"
"""
MCP_DAYS = {"2035": "2035-12-31", "Summer 2026": "2026-08-31", "Autumn 2026": "2026-11-30",
            "2027-28": "2028-03-31", "2028-29": "2029-03-31",
            "2030-31": "2031-03-31", "2029-30": "2030-03-31"}  # fmt: skip
MCP_KEYS = {"A9 Dualling": "A9-DUALLING-PERTH-TO-INVERNESS",
            "National Treatment": "NATIONAL-TREATMENT-CENTRE-HIGHLAND",
            "HMP Highland": "HMP-HIGHLAND",
            "Edinburgh Eastern": "EDINBURGH-EASTERN-GENERAL-HOSPITAL",
            "Inverness Justice": "INVERNESS-JUSTICE-CENTRE-PHASE-2"}  # fmt: skip


def mcp_update(name: str, month: str, rows: list[list[str]]) -> Path:
    """The update's table as gov.scot publishes it, saved as CSV: two title rows above it."""
    title = f"Infrastructure Investment Plan: Major Capital Projects progress update, {month}"
    blank = [""] * (len(MCP_HEADER) - 1)
    return write_csv(name, [[title, *blank], ["All values £m", *blank], MCP_HEADER, *rows])


def mcp_key(name: str) -> str:
    return next(key for start, key in MCP_KEYS.items() if name.startswith(start))


def mcp_expected(rows: list[list[str]]) -> dict[str, tuple[Any, ...]]:
    """Each project in the portfolio as its row says: title, stage, cost, completion."""
    stages = {"Construction": "in delivery"}
    return {
        mcp_key(name): (
            name.replace(DASH, "-"),
            portfolio, sector, stages.get(stage, "approved"),
            None if value.startswith("£") else Decimal(value.replace(",", "")) * 10**6,
            MCP_DAYS[due],
        )
        for name, portfolio, sector, stage, value, _, due, _ in rows
        if stage != "Completed"
    }  # fmt: skip


def mcp_held(run: Cli) -> dict[str, tuple[Any, ...]]:
    held = {}
    for key in keys(run):
        item = show(run, key)
        cost = item["whole_life_cost"]
        held[key] = (item["title"].replace(DASH, "-"), item["organisation"], item["category"],
                     item["stage"], None if cost == "withheld" else money(cost),
                     item["forecast_date"])  # fmt: skip
    return held


def test_the_scottish_major_capital_projects_update_is_read_half_year_by_half_year(
    run: Cli,
) -> None:
    march = mcp_update("mcp_march.csv", "March 2025", MCP_MARCH)
    Path("mcp.toml").write_text(MCP_MAPPING % "", encoding="utf-8")
    importing = ("returns", "import", str(march), "--mapping", "mcp.toml", *OFFICE)

    refused = run(*importing, "--as-at", "2025-03-31")

    said = " ".join(refused.output.split())
    assert refused.exit_code == 2, said
    assert "cell E7: '£100m - £250m' is a range of amounts" in said
    assert "cell G5: 'Summer 2026' is not a date" in said
    assert "cell G6: '2027-28' is a financial year (2027 to 2028), a period" in said
    assert "cell G4: '2035' is a year" in said
    assert run.events() == 0

    Path("mcp.toml").write_text(MCP_MAPPING % MCP_SPELT, encoding="utf-8")
    recorded = run(*importing, "--as-at", "2025-03-31")

    assert recorded.exit_code == 0, recorded.output
    assert mcp_held(run) == mcp_expected(MCP_MARCH)
    totals = economics(run, "2025-03-31")
    assert (totals["items"], totals["whole_life_cost_withheld"]) == (4, 1)
    assert Decimal(totals["whole_life_cost"]) == Decimal("3996.3") * 10**6

    september = mcp_update("mcp_september.csv", "September 2025", MCP_SEPTEMBER)
    again = ("returns", "import", str(september), "--mapping", "mcp.toml", *OFFICE)
    dry = run(*again, "--as-at", "2025-09-30", "--dry-run", "--json")

    assert dry.exit_code == 0, dry.output
    found = json.loads(dry.output)
    assert [row["key"] for row in found["new"]] == [MCP_KEYS["Inverness Justice"]]
    assert found["missing"] == []
    noted = {row["key"]: " ".join(row["notes"]) for row in found["changed"]}
    assert "item start-delivery" in noted[MCP_KEYS["National Treatment"]]
    assert run(*again, "--as-at", "2025-09-30").exit_code == 0
    held = mcp_held(run)
    expected = mcp_expected(MCP_SEPTEMBER)  # a stage is a decision a return does not make
    treatment = MCP_KEYS["National Treatment"]
    expected[treatment] = (*expected[treatment][:3], "approved", *expected[treatment][4:])
    assert held == expected
    assert held[MCP_KEYS["A9 Dualling"]][0] == "A9 Dualling - Perth to Inverness"
    assert show(run, MCP_KEYS["A9 Dualling"])["title"] == MCP_MARCH[0][0]  # no rename
    totals = economics(run, "2025-09-30")
    assert (totals["items"], totals["whole_life_cost_withheld"]) == (5, 1)
    assert Decimal(totals["whole_life_cost"]) == Decimal("4175.3") * 10**6
    recorded_events = run.events()
    assert "nothing new was written" in run(*again, "--as-at", "2025-09-30").output
    assert run.events() == recorded_events


# --- Microsoft Project Online: its OData feed's projects saved as CSV -------------------

PO_HEADER = ["ProjectId", "ProjectName", "ProjectOwnerName", "ProjectDepartments",
             "EnterpriseProjectTypeName", "ProjectStartDate", "ProjectFinishDate",
             "ProjectBudgetCost", "ProjectCost", "ProjectPercentCompleted",
             "Overall Status"]  # fmt: skip
PO_IDS = [
    "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
    "7c9e6679-7425-40de-944b-e07fc1f90ae7",
    "16fd2706-8baf-433b-82eb-8c7fada847da",
    "b1a2c3d4-0000-4e5f-8a9b-0c1d2e3f4a5b",
]
PO_Q1 = [
    [PO_IDS[0], "Payroll replacement", "Ann Lee", "Finance", "Enterprise Project",
     "2025-07-01T08:00:00", "2027-03-31T17:00:00", "1200000.000000", "1234567.500000",
     "45", "🟢"],
    [PO_IDS[1], "CRM consolidation", "Bo Chen", "Sales", "Enterprise Project",
     "2025-10-01T08:00:00", "2026-12-31T17:00:00", "850000.000000", "910250.250000",
     "10", "🟡"],
    [PO_IDS[2], "Data platform", "Cy Dee", "Digital", "Agile Project",
     "2026-01-05T08:00:00", "", "500000.000000", "0.000000", "0", "⚪"],
]  # fmt: skip
PO_Q2 = [
    [PO_IDS[0].upper(), "Payroll replacement", "Ann Lee", "Finance", "Enterprise Project",
     "2025-07-01T08:00:00Z", "2027-06-30T17:00:00Z", "1200000.000000", "1302000.000000",
     "55", "🟡"],
    [PO_IDS[2].upper(), "Data platform", "Cy Dee", "Digital", "Agile Project",
     "2026-01-05T08:00:00Z", "2027-09-30T17:00:00+10:00", "500000.000000",
     "515000.750000", "12", "🟢"],
    [PO_IDS[3].upper(), "Cyber uplift", "Di Evans", "Digital", "Enterprise Project",
     "2026-04-01T08:00:00Z", "2026-12-18T17:00:00Z", "300000.000000", "300000.000000",
     "0", "🟢"],
]  # fmt: skip
PO_MAPPING = """source = "Project Online"
currency = "USD"
ignore = ["ProjectStartDate", "ProjectPercentCompleted"]

[columns]
key = "ProjectId"
title = "ProjectName"
owner = "ProjectOwnerName"
organisation = "ProjectDepartments"
category = "EnterpriseProjectTypeName"
forecast_date = "ProjectFinishDate"
authorised_budget = "ProjectBudgetCost"
forecast_cost = "ProjectCost"
rag = "Overall Status"

[spellings.rag]
"🟢" = "green"
"🟡" = "amber"
"🔴" = "red"
"⚪" = "not assessed"

[defaults]
kind = "project"
stage = "in delivery"
"""
PO_RATINGS = {"🟢": "green", "🟡": "amber", "🔴": "red", "⚪": "not assessed"}


def po_held(run: Cli) -> dict[str, tuple[Any, ...]]:
    held = {}
    for key in keys(run):
        item = show(run, key)
        held[key] = (item["title"], item["owner"], item["organisation"], item["category"],
                     item["forecast_date"], money(item["authorised_budget"]),
                     money(item["forecast_cost"]), item["rag"], item["currency"])  # fmt: skip
    return held


def po_expected(rows: list[list[str]], dates: dict[str, str]) -> dict[str, tuple[Any, ...]]:
    """Each row as the ledger should hold it; ``dates`` the finish an empty cell keeps."""
    return {
        key.upper(): (name, owner, department, kind, finish[:10] or dates.get(key.upper()),
                      Decimal(budget), Decimal(cost), PO_RATINGS[status], "USD")
        for key, name, owner, department, kind, _, finish, budget, cost, _, status in rows
    }  # fmt: skip


def test_a_project_online_export_is_read_quarter_by_quarter_under_its_guids(run: Cli) -> None:
    Path("po.toml").write_text(PO_MAPPING, encoding="utf-8")
    first = write_csv("po_q1.csv", [PO_HEADER, *PO_Q1])
    importing = ("--mapping", "po.toml", *OFFICE)

    recorded = run("returns", "import", str(first), *importing, "--as-at", "2026-03-31")

    assert recorded.exit_code == 0, recorded.output
    assert po_held(run) == po_expected(PO_Q1, {})
    totals = economics(run, "2026-03-31")
    assert Decimal(totals["forecast_cost"]) == Decimal("2144817.75")
    assert Decimal(totals["authorised_budget"]) == Decimal(2550000)

    second = write_csv("po_q2.csv", [PO_HEADER, *PO_Q2])
    leaving = ("returns", "import", str(second), *importing, "--as-at", "2026-06-30",
               "--missing", "leave")  # fmt: skip
    dry = run(*leaving, "--dry-run", "--json")

    assert dry.exit_code == 0, dry.output
    found = json.loads(dry.output)
    assert [row["key"] for row in found["new"]] == [PO_IDS[3].upper()]
    assert [row["key"] for row in found["missing"]] == [PO_IDS[1].upper()]
    assert run(*leaving).exit_code == 0
    assert keys(run) == sorted(key.upper() for key in (PO_IDS[0], PO_IDS[2], PO_IDS[3]))
    assert po_held(run) == po_expected(PO_Q2, {})
    totals = economics(run, "2026-06-30")
    assert totals["items"] == 3
    assert Decimal(totals["forecast_cost"]) == Decimal("2117000.75")
    left = show(run, PO_IDS[1].upper())
    assert left["left_reason"] == "no longer reported"
    assert left["last_effective_date"] == "2026-06-30"


def test_a_figure_date_or_id_written_after_an_apostrophe_is_refused_naming_it(run: Cli) -> None:
    # A tool's CSV holding the apostrophe a spreadsheet takes as its mark that a cell is text
    # ('0012345 typed to keep its zeros): "'2026-12-31" was refused as "not a date
    # (YYYY-MM-DD)", leaving its reader looking at a date written so; "'1200" as no amount.
    Path("po.toml").write_text(PO_MAPPING, encoding="utf-8")
    row = [*PO_Q1[0][:6], "'2027-03-31", "'1200000", "1234567.5", "45", "🟢"]
    path = write_csv("marked.csv", [PO_HEADER, ["'0012345", *row[1:]], ["0012346", *row[1:]]])

    result = run("returns", "import", str(path), "--mapping", "po.toml",
                 "--as-at", "2026-03-31", *OFFICE)  # fmt: skip

    said = " ".join(result.output.split())
    assert result.exit_code == 2, said
    mark = "starts with an apostrophe, a spreadsheet's mark that a cell is text"
    assert f"""cell A2: "'0012345" {mark}""" in said
    assert f"""rows 2-3, column ProjectFinishDate: cell G2 (and G3): "'2027-03-31" {mark}""" in said
    assert "delete the apostrophe in the return (write '1200000')" in said
    assert run.events() == 0
