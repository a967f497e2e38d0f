"""More governments' registers, onboarded as docs/returns.md tells a new user, every figure checked.

Each register in tests/data is written by hand in the shape its government
publishes (tests/data/README.md): a UK department's own change portfolio register
(title rows, £m, a five-point DCA in words), New Zealand's major projects report
(no ids, te reo Māori names, Amber-Green, a month for a date, two periods in one
file), Project Ireland 2040's tracker (no ids, cost bands, a year for a date) and
the US IT Dashboard's projects export (``($ M)``, month-first dates, completed
projects left out); and the earlier US investments, Australian and Canadian
registers of test_returns_registers.py, read here to the cent too. Each is
imported with its mapping (twice: the second records nothing), and every item's
figures, rating, date and names in ``portfolio``, ``item show`` and
``economics`` are compared with what this test reads from the file itself, with
``csv`` and ``Decimal``, to the cent.
"""

from __future__ import annotations

import calendar
import csv
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.behaviour.test_returns_registers import DATA, imported
from tests.conftest import Cli

MILLION = Decimal(1_000_000)
FIGURES = ("whole_life_cost", "authorised_budget", "forecast_cost")


@dataclass
class Expected:
    """An item as the register says it, read by this test."""

    title: str
    organisation: str | None
    category: str
    kind: str
    stage: str
    figures: dict[str, Decimal | str] = field(default_factory=dict)
    """A figure given: an amount, or 'withheld' / 'not known'. One not given is absent."""
    rag: str | None = None
    forecast_date: str | None = None


def rows(name: str, skip: int = 0) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        lines = handle.readlines()[skip:]
    return list(csv.DictReader(lines))


def millions(text: str, *signs: str) -> Decimal:
    for sign in signs:
        text = text.replace(sign, "")
    return Decimal(text.replace(",", "").strip()) * MILLION


def key_of(name: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "-", name.upper()).strip("-")


def day_month_year(text: str) -> str:
    day, month, year = map(int, text.split("/"))
    return date(year, month, day).isoformat()


def month_day_year(text: str) -> str:
    month, day, year = map(int, text.split("/"))
    return date(year, month, day).isoformat()


def uk_register() -> dict[str, Expected]:
    dca = {"Green": "green", "Amber/Green": "amber", "Amber": "amber", "Amber/Red": "red",
           "Red": "red", "Exempt": "withheld", "Not yet rated": "not assessed"}  # fmt: skip
    expected = {}
    for row in rows("uk_dept_register.csv", skip=2):
        money = {
            "whole_life_cost": row["Whole Life Cost (£m)"],
            "authorised_budget": row["Budget (£m)"],
            "forecast_cost": row["Forecast Cost (£m)"],
        }
        blank = {"whole_life_cost": "not known", "forecast_cost": "not known"}
        expected[row["Project ID"]] = Expected(
            title=row["Project Name"],
            organisation=row["Directorate"],
            category=row["Portfolio"].strip(),
            kind="programme",
            stage="in delivery",
            figures={
                name: millions(text, "£") if text else blank.get(name, "withheld")
                for name, text in money.items()
            },
            rag=dca[row["DCA"]],
            forecast_date=day_month_year(row["Forecast End Date"]),
        )
    return expected


def nz_report() -> dict[str, Expected]:
    confidence = {"Green": "green", "Amber-Green": "amber", "Amber": "amber",
                  "Amber-Red": "red", "Red": "red", "": "not assessed"}  # fmt: skip
    months = {name: number for number, name in enumerate(calendar.month_abbr) if name}
    expected = {}
    for row in rows("nz_major_projects.csv"):
        if row["Reporting period"] != "Dec 2024":
            continue
        month, year = row["Planned completion"].split()
        last = calendar.monthrange(int(year), months[month])[1]
        cost = row["Whole-of-life cost ($m)"]
        expected[key_of(row["Investment"])] = Expected(
            title=row["Investment"],
            organisation=row["Agency"],
            category="Major project",
            kind=row["Investment type"].lower(),
            stage="in delivery",
            figures={"whole_life_cost": millions(cost, "NZ$") if cost else "withheld"},
            rag=confidence[row["Delivery confidence"]],
            forecast_date=date(int(year), months[month], last).isoformat(),
        )
    return expected


def ie_tracker() -> dict[str, Expected]:
    stages = {"Planning and Design": "approved", "Construction": "in delivery",
              "Implementation": "in delivery"}  # fmt: skip
    years = {"Q4 2026": "2026-12-31"}
    expected = {}
    for row in rows("ie_pi2040_tracker.csv"):
        if row["Project Stage"] not in stages:
            continue  # Completed: not in the portfolio under way
        finish = row["Expected Completion"]
        expected[key_of(row["Project Name"])] = Expected(
            title=row["Project Name"],
            organisation=row["Department"],
            category=row["Sector"],
            kind="project",
            stage=stages[row["Project Stage"]],
            figures={"whole_life_cost": "withheld"},  # a band is no amount
            forecast_date=years.get(finish, f"{finish}-12-31"),
        )
    return expected


def us_projects() -> dict[str, Expected]:
    expected = {}
    for row in rows("itdash_projects.csv"):
        if row["Project Status"] != "In Progress":
            continue
        expected[row["Unique Project ID"]] = Expected(
            title=row["Project Name"],
            organisation=row["Agency Name"],
            category=row["Investment Title"],
            kind="project",
            stage="in delivery",
            figures={
                "whole_life_cost": millions(row["Lifecycle Cost ($ M)"]),
                "forecast_cost": millions(row["Projected/Actual Cost ($ M)"]),
            },
            forecast_date=month_day_year(row["Completion Date"]),
        )
    return expected


def us_investments() -> dict[str, Expected]:
    cio = {"5": "green", "4": "green", "3": "amber", "2": "red", "1": "red"}
    return {
        row["Unique Investment Identifier"]: Expected(
            title=row["Investment Title"],
            organisation=row["Agency Name"],
            category="Major IT investment",
            kind="project",
            stage="in delivery",
            figures={"whole_life_cost": millions(row["Lifecycle Cost ($M)"])},
            rag=cio[row["CIO Rating"][0]],
            forecast_date=month_day_year(row["Projected Completion Date"]),
        )
        for row in rows("itdash_major_it.csv")
        if row["Fiscal Year"] == "FY2025"
    }


def australian_dollars(text: str) -> Decimal | str:
    """$191.4m, $850k, A$4.75M, $1.05bn, $1,250,000 as dollars; empty: withheld."""
    if not text:
        return "withheld"
    number = text.removeprefix("A$").removeprefix("$").replace(",", "")
    scale = {"k": 1_000, "m": 1_000_000, "bn": 1_000_000_000}
    unit = next((u for u in ("bn", "m", "k") if number.lower().endswith(u)), "")
    return Decimal(number[: len(number) - len(unit)]) * scale.get(unit, 1)


def dta_register() -> dict[str, Expected]:
    confidence = {"Amber/Red": "red", "Amber/Green": "amber", "Green/Amber": "amber"}
    return {
        row["Investment ID"]: Expected(
            title=row["Investment name"],
            organisation=row["Agency"],
            category=row["Portfolio"],
            kind="project",
            stage="in delivery",
            figures={
                "authorised_budget": australian_dollars(row["Total budget"]),
                "forecast_cost": australian_dollars(row["Forecast cost"]),
            },
            rag=confidence.get(row["Delivery confidence"], row["Delivery confidence"].lower()),
            forecast_date=day_month_year(row["Expected completion"]),
        )
        for row in rows("dta_register.csv")
        if row["Financial year"] == "2024-25"
    }


def canadian_dollars(text: str) -> Decimal:
    """1 234 567, 12 450 000 $ (plain, no-break or narrow spaces) as dollars."""
    return Decimal(re.sub(r"[\s\u00a0\u202f$]", "", text))


def gc_dashboard() -> dict[str, Expected]:
    status = {"On track": "green", "At risk": "amber", "Off track": "red"}
    return {
        row["Project ID / ID du projet"]: Expected(
            title=row["Project name / Nom du projet"],
            organisation=row["Department / Ministère"],
            category=row["Category / Catégorie"],
            kind="project",
            stage="in delivery",
            figures={
                "authorised_budget": canadian_dollars(row["Total budget ($) / Budget total ($)"]),
                "forecast_cost": canadian_dollars(row["Forecast ($) / Prévision ($)"]),
            },
            rag=status[row["Status / État"]],
            forecast_date=row["End date / Date de fin"],
        )
        for row in rows("gc_it_projects.csv")
    }


@dataclass(frozen=True)
class Register:
    file: str
    mapping: str
    as_at: str
    currency: str
    expected: Callable[[], dict[str, Expected]]


REGISTERS = [
    Register("uk_dept_register.csv", "uk_dept.toml", "2025-12-31", "GBP", uk_register),
    Register("nz_major_projects.csv", "nz.toml", "2024-12-31", "NZD", nz_report),
    Register("ie_pi2040_tracker.csv", "ie.toml", "2024-12-31", "EUR", ie_tracker),
    Register("itdash_projects.csv", "itdash_projects.toml", "2024-11-01", "USD", us_projects),
    Register("itdash_major_it.csv", "itdash.toml", "2024-11-01", "USD", us_investments),
    Register("dta_register.csv", "dta.toml", "2025-03-31", "AUD", dta_register),
    Register("gc_it_projects.csv", "gc.toml", "2025-03-31", "CAD", gc_dashboard),
]


def cents(amount: Decimal) -> str:
    return f"{amount:.2f}"


def listed(figure: Decimal | str | None) -> tuple[str | None, str | None]:
    """A figure as ``portfolio --json`` gives it: (amount, status)."""
    if figure is None:
        return None, None
    if isinstance(figure, str):
        return None, figure
    return cents(figure), "known"


def shown(figure: Decimal | str | None, currency: str) -> Any:
    """A figure as ``item show --json`` gives it."""
    if isinstance(figure, Decimal):
        return {"amount": cents(figure), "currency": currency}
    return figure


@pytest.mark.parametrize("register", REGISTERS, ids=[r.file for r in REGISTERS])
def test_every_item_is_as_the_register_says_in_portfolio_and_item_show(
    run: Cli, register: Register
) -> None:
    expected = register.expected()

    items = imported(run, register.file, register.mapping, register.as_at)

    assert_items(run, items, expected, register.currency)


def assert_items(
    run: Cli, items: dict[str, dict[str, Any]], expected: dict[str, Expected], currency: str
) -> None:
    """Each item in ``portfolio --json`` (``items``) and ``item show`` is as expected."""
    assert set(items) == set(expected)
    for key, want in expected.items():
        row = items[key]
        names = {n: row[n] for n in ("title", "organisation", "category", "kind", "stage")}
        assert names == {n: getattr(want, n) for n in names}, key
        assert (row["currency"], row["rag"], row["forecast_date"]) == (
            currency, want.rag, want.forecast_date,
        ), key  # fmt: skip
        for name in FIGURES:
            figure = want.figures.get(name)
            assert (row[name], row[f"{name}_status"]) == listed(figure), (key, name)
        item = json.loads(run("item", "show", key, "--json").output)
        assert {n: item[n] for n in names} == names, key
        assert (item["rag"], item["forecast_date"]) == (want.rag, want.forecast_date), key
        for name in FIGURES:
            assert item[name] == shown(want.figures.get(name), currency), (key, name)


def expected_totals(
    expected: dict[str, Expected], dimension: str
) -> dict[str | None, dict[str, Any]]:
    """Economics by a dimension, added up here: names alike but for case are one row,
    under the spelling of the first row holding it (the first recorded); the row of
    items with none is valued null, as ``economics --json`` gives it."""
    totals: dict[str, dict[str, Any]] = {}
    spelling: dict[str, str] = {}
    for want in expected.values():
        value = getattr(want, dimension) or ""
        value = spelling.setdefault(value.strip().casefold(), value)
        # A register gives no appraisal's estimate: none on record (null, counted 0).
        bucket = totals.setdefault(
            value, {"items": 0, "estimated_cost": None, "estimated_cost_known": 0}
        )
        bucket["items"] += 1
        for name in FIGURES:
            figure = want.figures.get(name)
            bucket.setdefault(name, Decimal(0))
            for status in ("known", "withheld", "not_known"):
                bucket.setdefault(f"{name}_{status}", 0)
            if isinstance(figure, Decimal):
                bucket[name] += figure
                bucket[f"{name}_known"] += 1
            elif figure is not None:
                bucket[f"{name}_{figure.replace(' ', '_')}"] += 1
    # A total of no known figures is none on record (null), as the table's dash says.
    return {
        (value or None): {k: cents(v) if isinstance(v, Decimal) else v for k, v in bucket.items()}
        | {name: None for name in FIGURES if not bucket[f"{name}_known"]}
        for value, bucket in totals.items()
    }


@pytest.mark.parametrize("register", REGISTERS, ids=[r.file for r in REGISTERS])
def test_economics_adds_up_to_the_cent_what_the_register_says(run: Cli, register: Register) -> None:
    expected = register.expected()
    imported(run, register.file, register.mapping, register.as_at)

    assert_economics(run, expected, register.currency)


def assert_economics(run: Cli, expected: dict[str, Expected], currency: str) -> None:
    """``economics --json`` by category, organisation and RAG is as added up here."""
    totals = json.loads(run("economics", "--json").output)["totals"]

    assert {row["currency"] for row in totals} == {currency}
    for dimension in ("category", "organisation", "rag"):
        got = {
            row["value"]: {k: row[k] for k in ("items", "estimated_cost", *FIGURES) if k in row}
            | {k: v for k, v in row.items() if k.endswith(("_known", "_withheld"))}
            for row in totals
            if row["dimension"] == dimension
        }
        want = expected_totals(expected, dimension)
        assert got == want, dimension


def onboarding_lines(expected: dict[str, Expected], currency: str, as_at: str) -> str:
    """The register as an onboarding file for ``import``: a line per item, as import.md says."""
    lines = []
    for key, want in expected.items():
        line: dict[str, Any] = {
            "command": "item onboard", "key": key, "title": want.title, "kind": want.kind,
            "organisation": want.organisation, "category": want.category,
            "currency": currency, "stage": want.stage, "rag": want.rag,
            "forecast_date": want.forecast_date, "source": "Register as at " + as_at,
            "actor": "spatel", "role": "Portfolio office", "authority": "Portfolio office",
            "rationale": "Onboarded from the register", "effective_date": as_at,
        }  # fmt: skip
        for name, figure in want.figures.items():
            line[name] = f"{currency} {figure:,}" if isinstance(figure, Decimal) else figure
        lines.append(json.dumps({k: v for k, v in line.items() if v is not None}))
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("register", REGISTERS, ids=[r.file for r in REGISTERS])
def test_each_register_as_an_onboarding_file_gives_the_same_figures(
    run: Cli, register: Register
) -> None:
    # import.md's way in for a register turned into decisions first: the same items, the
    # same figures to the cent, as the return read by its mapping gives.
    expected = register.expected()
    Path("onboard.jsonl").write_text(
        onboarding_lines(expected, register.currency, register.as_at), encoding="utf-8"
    )

    result = run("import", "onboard.jsonl")

    assert result.exit_code == 0, result.output
    items = {row["key"]: row for row in json.loads(run("portfolio", "--json").output)}
    assert_items(run, items, expected, register.currency)
    assert_economics(run, expected, register.currency)


def test_the_nz_report_s_next_period_matches_rows_by_name_and_reports_the_change(
    run: Cli,
) -> None:
    # No ids: each row of the later period is its item by name, and its new cost a status
    # report dated that period; the earlier period's figure stays what it was then.
    mapping = str(DATA / "nz.toml")
    path = str(DATA / "nz_major_projects.csv")
    earlier = rows("nz_major_projects.csv")[-1]
    assert earlier["Reporting period"] == "Jun 2024"
    for period, as_at in (("Jun 2024", "2024-06-30"), ("Dec 2024", "2024-12-31")):
        where = f"Reporting period={period}"
        result = run("returns", "import", path, "--mapping", mapping, "--where", where,
                     "--as-at", as_at, "--authority", "MPPR")  # fmt: skip
        assert result.exit_code == 0, result.output
    key = key_of(earlier["Investment"])
    later = nz_report()[key]

    then = json.loads(run("item", "show", key, "--json", "--effective-on", "2024-06-30").output)
    now = json.loads(run("item", "show", key, "--json").output)
    totals = json.loads(run("economics", "--json", "--effective-on", "2024-06-30").output)

    assert then["whole_life_cost"]["amount"] == cents(millions(earlier["Whole-of-life cost ($m)"]))
    assert now["whole_life_cost"] == shown(later.figures["whole_life_cost"], "NZD")
    assert now["last_status_date"] == "2024-12-31"
    view = [row for row in totals["totals"] if row["dimension"] == "view"]
    assert [(r["items"], r["whole_life_cost"]) for r in view] == [(1, "1490000000.00")]


@pytest.mark.parametrize("register", REGISTERS, ids=[r.file for r in REGISTERS])
def test_each_register_exported_in_its_mapping_reads_back_as_no_change(
    run: Cli, register: Register
) -> None:
    # The tracker's mapping reads 'Project Stage' and keeps rows by it ([where]): exported,
    # the stage was written 'approved', which its filter keeps no row of, so the return
    # sent out pre-filled was refused read back ('no row of out.csv has Project Stage =').
    imported(run, register.file, register.mapping, register.as_at)
    mapping = str(DATA / register.mapping)
    exported = run("portfolio", "export", "--out", "out.csv", "--mapping", mapping,
                   "--effective-on", register.as_at)  # fmt: skip
    assert exported.exit_code == 0, exported.output
    events = run.events()

    again = run("returns", "import", "out.csv", "--mapping", mapping, "--as-at",
                register.as_at, "--authority", "Portfolio office", "--json")  # fmt: skip

    assert again.exit_code == 0, again.output
    read = json.loads(again.output)
    assert (read["new"], read["changed"], read["missing"]) == ([], [], [])
    assert len(read["unchanged"]) == len(register.expected())
    assert run.events() == events


def test_an_export_whose_filter_would_leave_an_item_out_is_refused_writing_nothing(
    run: Cli,
) -> None:
    imported(run, "ie_pi2040_tracker.csv", "ie.toml", "2024-12-31")
    mapping = (DATA / "ie.toml").read_text(encoding="utf-8")
    narrow = mapping.replace(
        '"Project Stage" = ["Planning and Design", "Construction", "Implementation"]',
        '"Project Stage" = ["Construction", "Implementation"]',
    )
    assert narrow != mapping
    Path("narrow.toml").write_text(narrow, encoding="utf-8")

    result = run("portfolio", "export", "--out", "out.csv", "--mapping", "narrow.toml",
                 "--effective-on", "2024-12-31")  # fmt: skip

    assert result.exit_code == 2, result.output
    assert "its [where] keeps only the rows whose 'Project Stage' is 'Construction' or" in (
        result.output
    )
    assert "GALWAY-RING-ROAD's stage, 'approved', is none of them" in result.output
    assert not Path("out.csv").exists()


def test_a_spelling_matches_a_cell_written_with_a_typographic_dash_or_quote(run: Cli) -> None:
    # NZ's 'Amber-Green' with an en dash (a spreadsheet's autocorrect) was 'not a rating'
    # under the mapping's "Amber-Green", though names compare dashes as plain ones.
    path = Path("nz.csv")
    text = (DATA / "nz_major_projects.csv").read_text(encoding="utf-8")
    path.write_text(text.replace("Amber-Green", "Amber\u2013Green"), encoding="utf-8")
    mapping = (DATA / "nz.toml").read_text(encoding="utf-8")
    Path("nz.toml").write_text(mapping.replace('"Amber-Red"', '"Amber\u2013Red"'), "utf-8")
    options = ("--mapping", "nz.toml", "--as-at", "2024-12-31", "--authority", "MPPR")

    result = run("returns", "import", str(path.resolve()), *options)

    assert result.exit_code == 0, result.output
    ratings = {row["key"]: row["rag"] for row in json.loads(run("portfolio", "--json").output)}
    assert ratings == {key: want.rag for key, want in nz_report().items()}
