"""Registers in the shapes three more portfolios publish, each read to the cent from the file.

tests/data holds them (tests/data/README.md): the GMPP as the IPA's 2019 annual
report laid it out, the Queensland Government's ICT projects dashboard and a PPM
tool's project list (ServiceNow SPM's) exported as CSV, each with the mapping an
office writes from docs/returns.md. Every item, figure, rating and date the ledger
holds is compared with what the file says, read here with ``csv`` and ``Decimal``;
each return imported again records nothing.
"""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from tests.behaviour.test_returns_registers import imported
from tests.conftest import Cli

DATA = Path(__file__).parents[1] / "data"


def rows(name: str, header_row: int = 1) -> list[dict[str, str]]:
    """The register's rows below its header, as the file has them."""
    with (DATA / name).open(encoding="utf-8-sig", newline="") as file:
        lines = list(csv.reader(file))
    header, *body = lines[header_row - 1 :]
    return [dict(zip(header, line, strict=True)) for line in body]


def money(cell: str, times: int = 1) -> str:
    """An amount as ``portfolio --json`` gives it: ``'1250.50'``."""
    digits = cell.replace("£", "").replace("$", "").replace(",", "")
    if digits.endswith("m"):
        digits, times = digits[:-1], 10**6
    return f"{Decimal(digits) * times:.2f}"


def day_first(cell: str) -> str | None:
    """A day written DD/MM/YYYY as YYYY-MM-DD; None for none."""
    if not cell or cell == "TBC":
        return None
    day, month, year = map(int, cell.split("/"))
    return date(year, month, day).isoformat()


RATED = {"Amber/Red": "red", "Amber/Green": "amber", "Exempt": "withheld"}
"""The GMPP 2019 DCA's five points (and Exempt) as the mapping spells them."""


def test_the_gmpp_2019_layout_is_read_to_the_pound(run: Cli) -> None:
    items = imported(run, "gmpp_2019_layout.csv", "gmpp_2019.toml", "2019-03-31")

    published = rows("gmpp_2019_layout.csv")
    assert len(items) == len(published) == 24
    for row in published:
        item = items[row["GMPP ID Number"]]
        cost = row["Whole Life Cost (£m)"]
        expected: dict[str, Any] = {
            "title": row["Project Name"],
            "organisation": row["Department"],
            "category": row["Category"],
            "stage": "in delivery",
            "whole_life_cost": None if cost in ("", "Exempt") else money(cost, 10**6),
            "whole_life_cost_status": "withheld" if cost in ("", "Exempt") else "known",
            "rag": RATED.get(row["Delivery Confidence Assessment (DCA)"],
                             row["Delivery Confidence Assessment (DCA)"].lower()),
            "forecast_date": day_first(row["Schedule End Date"]),
        }  # fmt: skip
        assert {name: item[name] for name in expected} == expected, row["GMPP ID Number"]


STAGES = {"Initiation": "approved", "Planning": "approved", "Execution": "in delivery"}


def test_the_queensland_ict_dashboard_is_read_to_the_dollar(run: Cli) -> None:
    items = imported(run, "qld_ict_projects.csv", "qld.toml", "2025-06-30")

    published = rows("qld_ict_projects.csv", header_row=3)
    assert len(items) == len(published) == 22
    by_title = {item["title"]: item for item in items.values()}
    for row in published:
        item = by_title[row["Project name"]]
        budget = row["Total approved budget ($)"]
        status = row["Overall status"]
        expected = {
            "organisation": row["Agency"],
            "category": "ICT",
            "currency": "AUD",
            "stage": STAGES.get(row["Project stage"], "live"),
            "authorised_budget": None if budget == "Not disclosed" else money(budget),
            "rag": "not assessed" if status == "Not reported" else status.lower(),
            "forecast_date": day_first(row["Forecast end date"]),
        }
        assert {name: item[name] for name in expected} == expected, row["Project name"]


def test_a_ppm_tool_export_is_read_to_the_cent_its_closed_projects_left_out(run: Cli) -> None:
    items = imported(run, "ppm_tool_projects.csv", "ppm_tool.toml", "2025-12-31")

    published = [row for row in rows("ppm_tool_projects.csv") if row["State"] != "Closed Complete"]
    assert len(items) == len(published) == 17
    stages = {"Work in Progress": "in delivery", "On Hold": "paused", "Pending": "approved"}
    for row in published:
        item = items[row["Number"]]
        health = row["Overall health"]
        expected = {
            "title": row["Short description"],
            "category": row["Portfolio"],
            "owner": row["Project manager"],
            "currency": "USD",
            "stage": stages[row["State"]],
            "authorised_budget": money(row["Planned cost"]),
            "forecast_cost": money(row["Estimate at completion"]),
            "rag": {"yellow": "amber", "": "not assessed"}.get(health, health),
            "forecast_date": row["Planned end date"][:10],  # a time of day: read as its day
        }
        assert {name: item[name] for name in expected} == expected, row["Number"]
