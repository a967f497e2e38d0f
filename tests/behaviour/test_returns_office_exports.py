"""Two offices' exports as they hand them over, read by the mapping each writes from the docs.

A Canadian department's list saved by French-language Excel (``gc_projets_fr.csv``:
semicolons, ``1 234 567,89 $``, ``850 k$``, ``1,2 M$``, dates ``2027-03-31`` and
``31/03/2027`` in one column, bilingual statuses, ``s.o.`` and ``N/D`` for no figure), and
a PPM tool's workbook of projects in three currencies (``ppm_multi_currency.xlsx``: a cover
sheet, a title, a merged ``Financials (000s)`` over the money, health as emoji and one as a
fill alone, a description over two lines, a cancelled row, a total row), read one currency
at a time. Each item in ``portfolio --json``, ``item show`` and ``economics`` is compared
with the file as read here, with ``csv``, ``openpyxl`` and ``Decimal``.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from tests.behaviour.test_returns_registers import DATA, imported
from tests.conftest import Cli

CENT = Decimal("0.01")
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _french(text: str) -> Decimal | str:
    """A French Canadian amount (1 234 567,89 $, 850 k$, 1,2 M$), or a word for none."""
    text = text.replace("\u202f", " ").replace("\u00a0", " ").strip()
    if text in ("s.o.", "N/D"):
        return "not known"
    found = re.fullmatch(r"([\d ]+(?:,\d+)?)\s*(k|M)?\s*\$", text)
    assert found is not None, text
    number = Decimal(found[1].replace(" ", "").replace(",", "."))
    return (number * {None: 1, "k": 1000, "M": 1_000_000}[found[2]]).quantize(CENT)


def _canadian() -> dict[str, dict[str, Any]]:
    with (DATA / "gc_projets_fr.csv").open(encoding="utf-8-sig", newline="") as file:
        header, *rows = list(csv.reader(file, delimiter=";"))[2:]
    stages = {"En cours": "in delivery", "En attente": "paused", "Planification": "approved",
              "Terminé": "live"}  # fmt: skip
    ratings = {"Vert": "green", "Jaune": "amber", "Rouge": "red", "": "not assessed"}
    expected = {}
    for row in rows:
        cell = dict(zip(header, row, strict=True))
        end = cell["Date de fin prévue / Planned end date"]
        if "/" in end:
            day, month, year = map(int, end.split("/"))
            end = date(year, month, day).isoformat()
        expected[cell["No de projet / Project No."]] = {
            "title": " ".join(cell["Titre du projet / Project title"].split("\n")),  # one line
            "organisation": cell["Ministère / Department"],
            "category": cell["Catégorie / Category"],
            "currency": "CAD",
            "stage": stages[cell["État / Status"].split(" / ")[0]],
            "rag": ratings[cell["Cote globale / Overall rating"].split(" / ")[0]],
            "forecast_date": end,
            "authorised_budget": _french(cell["Budget approuvé / Approved budget"]),
            "forecast_cost": _french(
                cell["Coût estimatif à l'achèvement / Estimated cost at completion"]
            ),
        }
    return expected


def _multi_currency() -> dict[str, dict[str, Any]]:
    from openpyxl import load_workbook

    sheet = load_workbook(DATA / "ppm_multi_currency.xlsx")["Project List"]
    header = [str(cell.value) for cell in sheet[4]]
    stages = {"In Progress": "in delivery", "On Hold": "paused", "Not Started": "approved",
              "Completed": "live"}  # fmt: skip
    ratings = {"🟢": "green", "🟡": "amber", "🔴": "red", "⚪": "not assessed"}
    expected = {}
    for number in range(5, sheet.max_row + 1):
        cell: dict[str, Any] = {n: sheet.cell(number, i + 1).value for i, n in enumerate(header)}
        if cell["Status"] not in stages:  # Cancelled, and the total row
            continue
        filled = sheet.cell(number, 4).fill.fgColor.rgb == "00FFC000"
        end = cell["Finish Date"]
        if isinstance(end, str) and end[2] == "-":  # 31-Mar-2027
            day, month, year = end.split("-")
            end = date(int(year), _MONTHS.index(month) + 1, int(day))
        elif isinstance(end, str):
            end = date.fromisoformat(end)
        expected[str(cell["Project ID"])] = {
            "title": cell["Project Name"],
            "owner": cell["Project Manager"],
            "category": "Enterprise IT",
            "currency": cell["Currency"],
            "stage": stages[cell["Status"]],
            "rag": "amber" if filled else ratings.get(cell["Health"], "not assessed"),
            "forecast_date": (end.date() if isinstance(end, datetime) else end).isoformat(),
            "authorised_budget": (Decimal(str(cell["Approved Budget"])) * 1000).quantize(CENT),
            "forecast_cost": (Decimal(str(cell["Forecast at Completion"])) * 1000).quantize(CENT),
            "description": cell["Notes"].replace("\r\n", "\n") if cell["Notes"] else None,
        }
    return expected


def _held_as(run: Cli, items: dict[str, dict[str, Any]], expected: dict[str, Any]) -> None:
    assert set(items) == set(expected)
    for key, want in expected.items():
        row = items[key]
        shown = json.loads(run("item", "show", key, "--json").output)
        for name, value in want.items():
            if name in ("authorised_budget", "forecast_cost"):
                if isinstance(value, Decimal):
                    assert (row[name], row[f"{name}_status"]) == (f"{value:.2f}", "known"), key
                    amount = {"amount": f"{value:.2f}", "currency": want["currency"]}
                    assert shown[name] == amount, (key, name)
                else:
                    assert (row[name], row[f"{name}_status"]) == (None, value), (key, name)
            elif name == "description":
                assert shown[name] == value, key
            else:
                assert (row[name], shown[name]) == (value, value), (key, name)


def _totals_as(run: Cli, expected: dict[str, Any]) -> None:
    """``economics`` by currency: items, and each figure's sum and count known."""
    want: dict[str, dict[str, Any]] = defaultdict(lambda: defaultdict(Decimal))
    for item in expected.values():
        totals = want[item["currency"]]
        totals["items"] += 1
        for name in ("authorised_budget", "forecast_cost"):
            if isinstance(item[name], Decimal):
                totals[name] += item[name]
                totals[f"{name}_known"] += 1
    got: dict[str, dict[str, Any]] = defaultdict(lambda: defaultdict(Decimal))
    economics = json.loads(run("economics", "--stage", "pipeline,catalogue", "--json").output)
    for row in economics["totals"]:
        if row["dimension"] == "view":
            totals = got[row["currency"]]
            totals["items"] += row["items"]
            for name in ("authorised_budget", "forecast_cost"):
                totals[name] += Decimal(row[name] or 0)
                totals[f"{name}_known"] += row[f"{name}_known"]
    assert got == want


def test_a_french_canadian_list_is_held_as_the_file_says(run: Cli) -> None:
    expected = _canadian()

    items = imported(run, "gc_projets_fr.csv", "gc_fr.toml", "2026-03-31")

    _held_as(run, items, expected)
    _totals_as(run, expected)


def test_a_workbook_of_three_currencies_is_held_as_it_says_read_one_currency_at_a_time(
    run: Cli,
) -> None:
    expected = _multi_currency()

    for currency in ("usd", "eur", "gbp"):
        items = imported(run, "ppm_multi_currency.xlsx", f"ppm_multi_{currency}.toml", "2026-11-30")

    _held_as(run, items, expected)
    _totals_as(run, expected)
    assert {item["currency"] for item in expected.values()} == {"USD", "EUR", "GBP"}
