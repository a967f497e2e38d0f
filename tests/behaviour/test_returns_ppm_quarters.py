"""Three quarterly exports of one portfolio from a PPM tool, each read to the cent from its file.

tests/data holds a portfolio office's exports from a PPM tool (ServiceNow SPM and
Smartsheet style; tests/data/README.md): Q4 2025 as Excel's *CSV UTF-8* (a byte-order mark,
CRLF), Q1 2026 as a workbook with a ``Portfolio`` sheet and a ``Lookups`` sheet, its total
cost a formula saved with its value, Q2 2026 as CSV again. Between them items join, one is
closed (left out), one renamed, one moved to another portfolio, one's owner written
'Last, First' where it was an email, costs re-baselined; ratings are words after an emoji
(with and without its variation selector), money ``$1,234,567.00``, ``1.2M``, ``$850K``,
``' $-   '`` (the accounting format's zero), dates ``Mar 31, 2026``, ``12/31/2026``,
``9/30/2027 5:00 PM``, ``2026-06-30T00:00:00Z``, ``Tuesday, March 30, 2027``, ``Thu 9/30/2027``.

Each is imported with ``tests/data/spm.toml``, written from docs/returns.md, as the docs
say (a dry run that records nothing, then the import, ``--missing leave``); then every
item's title, owner, sponsor, category, stage, rating, figures and date, and the
portfolio's totals, are compared with the files read here with ``csv``, ``openpyxl`` and
``Decimal``, and each decision's reference names its file and row.
"""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from tests.conftest import Cli

DATA = Path(__file__).parents[1] / "data"
QUARTERS = [
    ("spm_q4_2025.csv", "2025-12-31"),
    ("spm_q1_2026.xlsx", "2026-03-31"),
    ("spm_q2_2026.csv", "2026-06-30"),
]
STAGES = {"In Progress": "in delivery", "On Hold": "paused", "Not Started": "approved",
          "Completed": "live"}  # fmt: skip
RATINGS = {"On Track": "green", "At Risk": "amber", "Off Track": "red",
           "Not Started": "not assessed"}  # fmt: skip
DAYS = ("%b %d, %Y", "%m/%d/%Y", "%m/%d/%Y %I:%M %p", "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%d %H:%M:%S",
        "%A, %B %d, %Y", "%a %m/%d/%Y")  # fmt: skip


def _rows(name: str) -> list[dict[str, Any]]:
    """The export's rows, as the file holds them: a workbook's first sheet's values."""
    if name.endswith(".csv"):
        with (DATA / name).open(encoding="utf-8-sig", newline="") as file:
            return list(csv.DictReader(file))
    sheet = load_workbook(DATA / name, data_only=True).worksheets[0]
    header, *body = sheet.iter_rows(values_only=True)
    return [dict(zip(map(str, header), line, strict=True)) for line in body]


def _money(cell: Any) -> str | None:
    """An amount as ``portfolio --json`` gives it; None for an empty cell (not known)."""
    if cell is None or cell == "":
        return None
    if not isinstance(cell, str):
        return f"{Decimal(str(cell)):.2f}"
    text = cell.strip().replace("$", "").replace(",", "")
    if text == "-":
        return "0.00"  # the accounting format's zero, spelt "0"
    times = {"M": 10**6, "K": 10**3}.get(text[-1:], 1)
    return f"{Decimal(text.rstrip('MK')) * times:.2f}"


def _day(cell: Any) -> str | None:
    if isinstance(cell, datetime):
        return cell.date().isoformat()
    for form in DAYS:
        try:
            return datetime.strptime(cell.strip(), form).replace(tzinfo=UTC).date().isoformat()
        except ValueError:
            continue
    raise AssertionError(f"no date form reads {cell!r}")


def _expected(held: dict[str, dict[str, Any]], rows: list[dict[str, Any]]) -> None:
    """Each item as a return leaves it: its stage and budget as it joined (a return moves
    neither), its details, rating and figures as the row gives them; a row's absence, left."""
    for item in held.values():
        item["left"] = True
    for row in rows:
        key = row["Project ID"]
        item = held.setdefault(key, {"stage": STAGES[row["Status"]],
                                     "budget": _money(row["Approved Budget"])})  # fmt: skip
        item.update(
            left=False,
            title=row["Project Name"],
            category=row["Portfolio"],
            owner=row["Project Manager"],
            sponsor=row["Sponsor"],
            rag=RATINGS[row["Health"].split(" ", 1)[1].strip("\ufe0f")],
            cost=_money(row["Total Cost"]),
            forecast_date=_day(row["Finish Date"]),
        )


def _compare(run: Cli, held: dict[str, dict[str, Any]], as_at: str) -> None:
    portfolio = {row["key"]: row for row in json.loads(run("portfolio", "--json").output)}
    assert {key for key, row in portfolio.items() if row["view"] != "left"} == {
        key for key, item in held.items() if not item["left"]
    }
    for key, item in held.items():
        shown = json.loads(run("item", "show", key, "--json").output)
        if item["left"]:
            assert (shown["view"], shown["left_reason"]) == ("left", "no longer reported")
            continue
        assert shown["view"] == "pipeline"
        row = portfolio[key]
        got = {"title": shown["title"], "category": shown["category"], "owner": shown["owner"],
               "sponsor": shown["sponsor"], "stage": shown["stage"], "rag": shown["rag"],
               "forecast_date": shown["forecast_date"], "budget": row["authorised_budget"],
               "cost": row["whole_life_cost"]}  # fmt: skip
        assert got == {name: item[name] for name in got}, key
        assert portfolio[key]["whole_life_cost_status"] == (
            "known" if item["cost"] else "not known"
        )
    economics = json.loads(run("economics", "--effective-on", as_at, "--json").output)
    pipeline = next(row for row in economics["totals"] if row["value"] == "pipeline")
    live = [item for item in held.values() if not item["left"]]
    assert pipeline["items"] == len(live)
    assert Decimal(pipeline["whole_life_cost"]) == sum(Decimal(i["cost"] or 0) for i in live)
    assert Decimal(pipeline["authorised_budget"]) == sum(Decimal(i["budget"]) for i in live)
    assert pipeline["whole_life_cost_not_known"] == sum(1 for i in live if i["cost"] is None)


def test_three_quarterly_ppm_exports_are_read_to_the_cent(run: Cli) -> None:
    held: dict[str, dict[str, Any]] = {}
    for name, as_at in QUARTERS:
        options = ("returns", "import", str(DATA / name), "--mapping", str(DATA / "spm.toml"),
                   "--as-at", as_at, "--authority", "Portfolio office",
                   "--missing", "leave")  # fmt: skip
        before = run.events()
        dry = run(*options, "--dry-run")
        assert dry.exit_code == 0, dry.output
        assert run.events() == before
        result = run(*options)
        assert result.exit_code == 0, result.output
        _expected(held, _rows(name))
        _compare(run, held, as_at)

    history = json.loads(run("item", "history", "PRJ0012346", "--json").output)
    assert history[0]["event"] == "onboarded"
    assert [entry["effective_date"] for entry in history] == [
        "2025-12-31", "2026-03-31", "2026-03-31", "2026-06-30", "2026-06-30"]  # fmt: skip
    assert [entry["references"][0].split(" ")[0] for entry in history] == [
        "spm_q4_2025.csv", "spm_q1_2026.xlsx", "spm_q1_2026.xlsx",
        "spm_q2_2026.csv", "spm_q2_2026.csv"]  # fmt: skip
    assert all(entry["references"][0].endswith(" row 3") for entry in history)
    events = run.events()
    again = run("returns", "import", str(DATA / "spm_q2_2026.csv"), "--mapping",
                str(DATA / "spm.toml"), "--as-at", "2026-06-30", "--authority", "Portfolio office",
                "--missing", "leave")  # fmt: skip
    assert again.exit_code == 0, again.output
    assert run.events() == events
