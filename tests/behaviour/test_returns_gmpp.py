"""The real GMPP file, as two annual returns: the ledger gives exactly the published figures.

The acceptance of issues 13 and 15. The 2024-25 snapshot is imported as at
2024-09-30, then the 2025-26 one as at 2025-09-30 with ``--missing leave``,
each with the shipped mapping. Every figure the ledger then gives (items,
whole-life cost by year, category and department, withheld costs, ratings)
is checked against the same figure computed here straight from the CSV, with
``csv`` and ``Decimal`` and nothing of the ledger's.
"""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from tests.conftest import Cli
from tests.pg_schemas import postgres_schema

DATA = Path(__file__).parents[1] / "data" / "gmpp_2024_2026.csv"
SHA256 = "68b4e4dfd63e6913489b7a15a2b0ce7a97e56db4fcbec8f9475f5217258c918c"
AS_AT = {"2024-25": "2024-09-30", "2025-26": "2025-09-30"}
MILLION = Decimal(1_000_000)
RETURNED = {"ItemOnboarded", "StatusReported", "DetailsAmended", "ItemTransferred", "ItemLeft"}
NO_ID_KEYS = {
    "FLOOD-AND-COASTAL-RISK-MANAGEMENT-FCRM-INVESTMENT-PROGR-F70B862D",
    "CHILDREN-S-HOMES-CAPITAL-PROGRAMME",
}


def read_csv(path: Path = DATA) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


ROWS = read_csv()


def year(name: str) -> list[dict[str, str]]:
    return [row for row in ROWS if row["report_year"] == name]


def by_id(name: str) -> dict[str, dict[str, str]]:
    return {row["gmpp_id"]: row for row in year(name) if row["gmpp_id"]}


def wlc(row: dict[str, str]) -> Decimal | str:
    text = row["whole_life_cost_gbp_m"]
    return Decimal(text) * MILLION if text else "withheld"


def rating(row: dict[str, str]) -> str:
    return row["delivery_confidence"].lower() or "withheld"


def gmpp_import(run: Cli, name: str, *options: str, file: Path = DATA) -> Result:
    return run(
        "returns", "import", str(file), "--mapping", "gmpp",
        "--where", f"report_year={name}", "--as-at", AS_AT[name],
        "--authority", "GMPP annual report", *options,
    )  # fmt: skip


def as_json(run: Cli, *args: str) -> Any:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@dataclass
class Loaded:
    run: Cli
    dry_run: dict[str, Any]
    events_after_first: int


def load(run: Cli, file: Path = DATA) -> dict[str, Any]:
    """Both years into the ledger, the second checked with a dry run first."""
    first = gmpp_import(run, "2024-25", file=file)
    assert first.exit_code == 0, first.output
    dry = gmpp_import(run, "2025-26", "--missing", "leave", "--dry-run", "--json", file=file)
    assert dry.exit_code == 0, dry.output
    events = run.events()
    second = gmpp_import(run, "2025-26", "--missing", "leave", file=file)
    assert second.exit_code == 0, second.output
    return {"dry_run": json.loads(dry.stdout), "events_after_first": events}


@pytest.fixture(scope="module")
def gmpp(module_db_url: str) -> Loaded:
    run = Cli(module_db_url)
    loaded = load(run)
    return Loaded(run, loaded["dry_run"], loaded["events_after_first"])


def expected_totals(name: str, column: str) -> dict[str, tuple[int, Decimal | None, int]]:
    """Per value of the column: items, whole-life cost published, costs withheld."""
    totals: dict[str, list[Any]] = defaultdict(lambda: [0, Decimal(0), 0])
    for row in year(name):
        bucket = totals[row[column]]
        bucket[0] += 1
        cost = wlc(row)
        if isinstance(cost, Decimal):
            bucket[1] += cost
        else:
            bucket[2] += 1
    # Where every cost is withheld, the total is none on record (null), not 0.
    return {
        value: (items, cost if withheld < items else None, withheld)
        for value, (items, cost, withheld) in totals.items()
    }


def ledger_totals(
    economics: dict[str, Any], dimension: str
) -> dict[str, tuple[int, Decimal | None, int]]:
    return {
        t["value"]: (
            t["items"],
            None if t["whole_life_cost"] is None else Decimal(t["whole_life_cost"]),
            t["whole_life_cost_withheld"],
        )
        for t in economics["totals"]
        if t["dimension"] == dimension
    }


def test_the_published_headline_figures_are_what_the_csv_says() -> None:
    # The published figures the issue quotes, as a check on the checks below.
    assert len(year("2024-25")) == 213
    assert len(year("2025-26")) == 189
    published = sum(c for c in map(wlc, year("2025-26")) if isinstance(c, Decimal))
    assert published == Decimal("464052.66") * MILLION


@pytest.mark.parametrize("name", sorted(AS_AT))
def test_each_year_gives_exactly_the_published_figures(gmpp: Loaded, name: str) -> None:
    on = AS_AT[name]
    economics = as_json(gmpp.run, "economics", "--effective-on", on, "--stage", "pipeline")
    items = as_json(gmpp.run, "portfolio", "--effective-on", on)
    in_portfolio = [item for item in items if item["view"] != "left"]
    rows = year(name)

    assert len(in_portfolio) == len(rows)
    costs = [wlc(row) for row in rows]
    published = sum(c for c in costs if isinstance(c, Decimal))
    assert sum(Decimal(i["whole_life_cost"] or 0) for i in in_portfolio) == published
    assert ledger_totals(economics, "view") == {
        "pipeline": (len(rows), published, costs.count("withheld"))
    }
    assert ledger_totals(economics, "category") == expected_totals(name, "category")
    assert ledger_totals(economics, "organisation") == expected_totals(name, "department")
    ratings = {t["value"]: t["items"] for t in economics["totals"] if t["dimension"] == "rag"}
    assert ratings == Counter(rating(row) for row in rows)
    assert ratings["withheld"] == sum(1 for row in rows if not row["delivery_confidence"])


def test_the_diff_between_the_years_lists_every_change_the_csv_holds(gmpp: Loaded) -> None:
    changes = as_json(gmpp.run, "portfolio", "diff", "--effective", *AS_AT.values())
    before, after = by_id("2024-25"), by_id("2025-26")
    both = before.keys() & after.keys()

    def kind(change: str) -> list[dict[str, Any]]:
        return [c for c in changes if c["change"] == change]

    def differing(field: Any) -> set[str]:
        return {key for key in both if field(before[key]) != field(after[key])}

    assert {c["key"] for c in kind("joined")} == (after.keys() - before.keys()) | NO_ID_KEYS
    assert len(kind("joined")) == 19
    assert {c["key"] for c in kind("left")} == before.keys() - after.keys()
    assert {c["after"] for c in kind("left")} == {"no longer reported"}
    assert len(kind("left")) == 43
    assert {c["key"] for c in kind("whole_life_cost")} == differing(wlc)
    assert {c["key"] for c in kind("rag")} == differing(rating)
    withdrawn = {c["key"] for c in kind("rag") if c["after"] == "withheld"}
    assert withdrawn == {k for k in both if rating(after[k]) == "withheld" != rating(before[k])}
    assert withdrawn  # ratings withdrawn are changes too
    assert {c["key"] for c in kind("category")} == differing(lambda r: r["category"])
    assert len(kind("category")) == 26  # 18 of them the renaming of ICT
    assert [(c["key"], c["before"], c["after"]) for c in kind("organisation")] == [
        ("DFE_0017_2021-Q3", "DFE", "DWP")
    ]
    assert {c["key"] for c in kind("title")} == differing(lambda r: r["project_name"])
    assert len(kind("title")) == 12


def test_the_ledger_holds_only_what_the_returns_said(gmpp: Loaded) -> None:
    trail = as_json(gmpp.run, "audit", "trail")
    before, after = by_id("2024-25"), by_id("2025-26")
    both = before.keys() & after.keys()
    per_item = sum(
        (before[k]["department"] != after[k]["department"])
        + (before[k]["project_name"] != after[k]["project_name"] or
           before[k]["category"] != after[k]["category"])
        # A status report each: every row rates its item (an empty rating is withheld),
        # so an item with no new rating or cost has its status reported again.
        + 1
        for k in both
    )  # fmt: skip

    assert {row["event_type"] for row in trail} == RETURNED  # no approval, appraisal, go-live
    assert len(trail) == 213 + 19 + per_item + 43
    first = next(row for row in trail if row["subject"] == "CO_0133_2223-Q1")
    assert first["refs"] == [f"gmpp_2024_2026.csv sha256:{SHA256} row 2"]
    assert first["effective_date"] == "2024-09-30"
    assert first["authority"] == "GMPP annual report"


def test_the_dry_run_of_the_second_year_lists_the_joiners_and_the_leavers(gmpp: Loaded) -> None:
    dry = gmpp.dry_run
    before, after = by_id("2024-25"), by_id("2025-26")

    assert {row["key"] for row in dry["new"]} == (after.keys() - before.keys()) | NO_ID_KEYS
    assert len(dry["new"]) == 19
    assert {(m["key"], m["left"]) for m in dry["missing"]} == {
        (key, True) for key in before.keys() - after.keys()
    }
    assert [(n["name"], n["key"], n["matched"]) for n in dry["keys_from_names"]] == [
        (
            "Flood and Coastal Risk Management (FCRM) Investment Programme 2026-2029",
            "FLOOD-AND-COASTAL-RISK-MANAGEMENT-FCRM-INVESTMENT-PROGR-F70B862D",
            False,
        ),
        ("Children's Homes Capital Programme", "CHILDREN-S-HOMES-CAPITAL-PROGRAMME", False),
    ]
    assert dry["refused"] == []
    assert dry["unread_columns"] == []
    assert dry["recorded"] == gmpp.run.events() - gmpp.events_after_first


def test_the_second_year_records_the_events_docs_returns_md_counts(gmpp: Loaded) -> None:
    """docs/returns.md, "Worked example: the GMPP": each figure it quotes of the 2025-26 import."""
    dry = gmpp.dry_run
    figures = [
        r for r in dry["changed"] if {c["field"] for c in r["changes"]} & {"rag", "whole_life_cost"}
    ]
    trail = as_json(gmpp.run, "audit", "trail")
    second = [row for row in trail if row["effective_date"] == "2025-09-30"]

    assert (len(dry["new"]), len(dry["changed"]), len(dry["unchanged"])) == (19, 142, 28)
    assert all(row["status_reported"] for row in dry["unchanged"])
    assert (len(figures), len(dry["changed"]) - len(figures)) == (130, 12)
    assert dry["recorded"] == len(second) == 270
    assert Counter(row["event_type"] for row in second) == {
        "ItemOnboarded": 19,
        "StatusReported": 170,  # 130 + 28 + 12
        "DetailsAmended": 37,
        "ItemTransferred": 1,
        "ItemLeft": 43,
    }
    [moved] = [row for row in second if row["event_type"] == "ItemTransferred"]
    assert moved["subject"] == "DFE_0017_2021-Q3"


def test_importing_either_return_again_records_nothing(gmpp: Loaded) -> None:
    events = gmpp.run.events()
    for name in AS_AT:
        again = gmpp_import(gmpp.run, name, "--missing", "leave" if name == "2025-26" else "report")
        assert again.exit_code == 0, again.output
        assert "Already imported" in again.output
    assert gmpp.run.events() == events


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_export_read_back_records_nothing(gmpp: Loaded, file_format: str) -> None:
    events = gmpp.run.events()
    out = Path(f"gmpp-2025.{file_format}").resolve()
    exported = gmpp.run(
        "portfolio", "export", "--format", file_format, "--out", str(out),
        "--mapping", "gmpp", "--effective-on", "2025-09-30",
    )  # fmt: skip
    assert exported.exit_code == 0, exported.output
    assert "Wrote 189 items" in exported.output

    back = gmpp.run(
        "returns", "import", str(out), "--mapping", "gmpp", "--as-at", "2025-09-30",
        "--authority", "GMPP annual report", "--json",
    )  # fmt: skip

    assert back.exit_code == 0, back.output
    found = json.loads(back.stdout)
    assert (len(found["unchanged"]), found["new"], found["changed"]) == (189, [], [])
    assert (found["missing"], found["recorded"]) == ([], 0)
    assert gmpp.run.events() == events


def write_xlsx(path: Path) -> None:
    """The CSV as a workbook, as an office would save it: numbers as numbers."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "GMPP"
    with DATA.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.reader(handle)):
            numeric = number > 0
            sheet.append(
                [
                    float(v) if numeric and i in {5, 6} and v else (v or None)
                    for i, v in enumerate(row)
                ]
            )
    book.save(path)


@pytest.fixture(scope="module")
def xlsx_run(module_db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("xlsx")
    workbook = folder / "gmpp.xlsx"
    write_xlsx(workbook)
    if module_db_url.startswith("sqlite"):
        run = Cli(f"sqlite:///{folder / 'ledger.db'}")
        load(run, workbook)
        yield run
        return
    with postgres_schema() as url:
        run = Cli(url)
        load(run, workbook)
        yield run


def comparable(run: Cli) -> list[dict[str, Any]]:
    """The audit trail without what differs between two ledgers of the same decisions."""
    rows = as_json(run, "audit", "trail")
    return [
        {
            **{k: v for k, v in row.items() if k not in {"recorded_at", "position", "refs"}},
            "refs": [ref.partition(" row ")[2] for ref in row["refs"]],
        }
        for row in rows
    ]


def test_the_same_data_as_xlsx_gives_the_same_ledger_event_for_event(
    gmpp: Loaded, xlsx_run: Cli
) -> None:
    from_csv, from_xlsx = comparable(gmpp.run), comparable(xlsx_run)

    assert len(from_xlsx) == len(from_csv)
    assert from_xlsx == from_csv


def test_every_item_of_the_last_return_has_a_status_report_of_its_date(gmpp: Loaded) -> None:
    # Unchanged rows recorded nothing, so the pack as at the second return's date found
    # 40 items it lists "no status report for 365 days" (R4): each row rates its item.
    pack = as_json(gmpp.run, "report", "board-pack", "--as-at", AS_AT["2025-26"],
                   "--reproducible")  # fmt: skip
    assert [e for e in pack["exceptions"] if e["rule"].startswith("R4")] == []
    listed = [row for row in as_json(gmpp.run, "items", "list") if row["stage"] != "left"]
    assert {row["key"] for row in listed} == by_id("2025-26").keys() | NO_ID_KEYS
    assert {row["last_status_date"] for row in listed} == {AS_AT["2025-26"]}
