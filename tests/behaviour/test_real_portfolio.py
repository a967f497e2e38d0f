"""A real portfolio as it is (issue 13), through the command line, on SQLite and PostgreSQL.

Items already under way are onboarded with their baseline; figures and
ratings may be withheld; details change by dated decisions; items belong to
organisations and leave the portfolio with a reason. Every refusal is
checked for its message, its exit code, and that nothing was written.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from tests.conftest import Cli
from tests.ledger_copies import copy_of

PMO = ["--authority", "Portfolio office", "-m", "Baseline from the 2024 register"]
ASAT = "2024-09-30"
LATER = "2025-09-30"


def as_json(run: Cli, *args: str) -> Any:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def onboard(run: Cli, key: str, *extra: str, organisation: str = "DFE") -> None:
    result = run(
        "item", "onboard", key, "--title", f"Project {key}", "--organisation", organisation,
        "--category", "ICT", "--effective-date", ASAT, "--source", "GMPP 2024-25", *PMO, *extra,
    )  # fmt: skip
    assert result.exit_code == 0, result.output


def office_ledger(url: str) -> None:
    """:func:`office`'s ledger, for ledger_copies.copy_of."""
    run = Cli(url)
    for key, name in (("DFE", "Department for Education"), ("DWP", "Work and Pensions")):
        added = run(
            "organisation", "add", key, "--name", name, "-m", "GMPP departments",
            "--effective-date", "2024-01-01",
        )  # fmt: skip
        assert added.exit_code == 0, added.output
    onboard(run, "A-1", "--whole-life-cost", "GBP 120,000,000", "--rag", "AMBER")
    onboard(run, "A-2", "--whole-life-cost", "withheld", "--rag", "withheld")
    onboard(run, "A-3", "--whole-life-cost", "30000000", organisation="dwp")


@pytest.fixture
def office(run: Cli, request: pytest.FixtureRequest) -> Cli:
    """A ledger listing two organisations and holding three onboarded items.

    Built once per module and kind, copied for each test (tests/ledger_copies.py).
    """
    copy_of(office_ledger, run.url, request)
    return run


def test_onboarded_items_carry_their_baseline_and_nothing_invented(office: Cli) -> None:
    item = as_json(office, "item", "show", "A-2")
    history = as_json(office, "item", "history", "A-1")

    assert item["stage"] == "in delivery"
    assert item["whole_life_cost"] == "withheld"
    assert item["rag"] == "withheld"
    assert item["organisation"] == "DFE"
    assert item["baseline_source"] == "GMPP 2024-25"
    assert [entry["event"] for entry in history] == ["onboarded"]
    assert history[0]["authority"] == "Portfolio office"
    assert "baseline: whole-life cost GBP 120,000,000" in history[0]["summary"]
    assert as_json(office, "item", "show", "A-3")["organisation"] == "DWP"  # by its key


def test_economics_totals_what_is_known_and_counts_what_is_withheld(office: Cli) -> None:
    economics = as_json(office, "economics", "--effective-on", ASAT)
    by = {(r["dimension"], r["value"]): r for r in economics["totals"]}

    dfe = by[("organisation", "DFE")]
    assert dfe["items"] == 2
    assert Decimal(dfe["whole_life_cost"]) == Decimal(120_000_000)
    assert dfe["whole_life_cost_known"] == 1
    assert dfe["whole_life_cost_withheld"] == 1
    assert by[("rag", "withheld")]["items"] == 1
    assert by[("rag", "amber")]["items"] == 1
    assert by[("rag", None)]["items"] == 1  # never rated: null, as portfolio --json says
    table = office("economics", "--by", "organisation")
    assert "whole-life 1 withheld" in table.output


def test_a_status_report_withdraws_a_figure_it_no_longer_publishes(office: Cli) -> None:
    reported = office(
        "item", "report-status", "A-1", "--overall", "NOT-ASSESSED", "--whole-life-cost",
        "withheld", "--forecast-cost", "not known", "-m", "2025 return", "--effective-date", LATER,
    )  # fmt: skip

    assert reported.exit_code == 0, reported.output
    now = as_json(office, "item", "show", "A-1")
    assert now["whole_life_cost"] == "withheld"
    assert now["forecast_cost"] == "not known"
    assert now["rag"] == "not assessed"
    then = as_json(office, "item", "show", "A-1", "--effective-on", ASAT)
    assert Decimal(then["whole_life_cost"]["amount"]) == Decimal(120_000_000)


def test_details_change_by_dated_decisions_on_both_clocks(office: Cli) -> None:
    amended = office(
        "item", "amend", "A-1", "--category", "Information and Communications Technology (ICT)",
        "-m", "Category renamed in the 2025-26 return", "--effective-date", LATER,
    )  # fmt: skip
    moved = office(
        "item", "transfer", "A-1", "--to", "Work and Pensions", "-m", "Machinery of government",
        "--effective-date", LATER,
    )  # fmt: skip

    assert amended.exit_code == 0, amended.output
    assert moved.exit_code == 0, moved.output
    assert "category ICT -> Information and Communications Technology (ICT)" in amended.output
    assert "organisation DFE -> DWP" in moved.output
    then = as_json(office, "item", "show", "A-1", "--effective-on", ASAT)
    assert (then["category"], then["organisation"]) == ("ICT", "DFE")
    changes = as_json(office, "portfolio", "diff", ASAT, LATER, "--effective")
    assert {(c["key"], c["change"]) for c in changes} == {
        ("A-1", "category"),
        ("A-1", "organisation"),
    }
    assert [r["key"] for r in as_json(office, "portfolio", "--organisation", "dwp")] == [
        "A-1",
        "A-3",
    ]
    trail = as_json(office, "audit", "trail", "--organisation", "DWP", "--type", "transferred")
    assert [r["subject"] for r in trail] == ["A-1"]


def test_leaving_the_portfolio_with_a_reason(office: Cli) -> None:
    left = office(
        "item", "leave", "A-2", "--reason", "merged", "--merged-into", "A-1",
        "--authority", "Portfolio board", "-m", "Merged into A-1", "--effective-date", LATER,
    )  # fmt: skip

    assert left.exit_code == 0, left.output
    item = as_json(office, "item", "show", "A-2")
    assert (item["stage"], item["view"]) == ("left", "left")
    assert item["left_reason"] == "merged into another item"
    assert item["merged_into"] == "A-1"
    assert item["left_from"] == "in delivery"
    changes = as_json(office, "portfolio", "diff", ASAT, LATER, "--effective")
    assert changes == [
        {
            "key": "A-2",
            "title": "Project A-2",
            "organisation": "DFE",
            "currency": "GBP",
            "change": "left",
            "before": "in delivery",
            "after": "merged into another item",
        }
    ]
    views = {
        r["value"]: r["items"]
        for r in as_json(office, "economics")["totals"]
        if r["dimension"] == "view"
    }
    assert views == {"pipeline": 2, "left": 1}


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            [
                "item",
                "onboard",
                "B-1",
                "--title",
                "T",
                "--category",
                "C",
                "--organisation",
                "DFX",
                *PMO,
            ],
            1,
            "'DFX' is not an organisation on this ledger's list",
        ),
        (
            [
                "item",
                "onboard",
                "B-1",
                "--title",
                "T",
                "--category",
                "C",
                "--stage",
                "proposed",
                *PMO,
            ],
            2,
            "'proposed' is not one of",
        ),
        (
            [
                "item",
                "onboard",
                "B-1",
                "--title",
                "T",
                "--category",
                "C",
                "--whole-life-cost",
                "lots",
                *PMO,
            ],
            2,
            "or write 'withheld' (known but not published) or 'not known'",
        ),
        (
            ["item", "onboard", "B-1", "--title", "T", "--category", "C", "-m", "No authority"],
            2,
            "with --authority",
        ),
        (["item", "onboard", "A-1", "--title", "T", "--category", "C", *PMO], 1, "already"),
        (
            ["item", "approve", "A-1", "--budget", "withheld", "--delegation", "DEL-1", "-m", "x"],
            2,
            "budget",
        ),
        (["item", "amend", "A-1", "-m", "Nothing"], 2, "give at least one detail to change"),
        (["item", "amend", "A-1", "--category", "ICT", "-m", "Same"], 1, "already as given"),
        (["item", "transfer", "A-1", "--to", "dfe", "-m", "Same"], 1, "already belongs to DFE"),
        (["item", "transfer", "A-1", "--to", "Treasury", "-m", "x"], 1, "not an organisation"),
        (
            ["item", "leave", "A-1", "--reason", "merged", "-m", "x", "--authority", "B"],
            2,
            "--merged-into",
        ),
        (
            [
                "item",
                "leave",
                "A-1",
                "--reason",
                "merged",
                "--merged-into",
                "A-1",
                "-m",
                "x",
                "--authority",
                "B",
            ],
            1,
            "cannot be merged into itself",
        ),
        (
            [
                "item",
                "leave",
                "A-1",
                "--reason",
                "merged",
                "--merged-into",
                "Z-9",
                "-m",
                "x",
                "--authority",
                "B",
            ],
            1,
            "Z-9",
        ),
        (["item", "leave", "A-1", "--reason", "bored", "-m", "x"], 2, "'bored' is not one of"),
        (
            ["organisation", "add", "DFE", "--name", "Again", "-m", "x"],
            1,
            "on the list already; an organisation's key and name are each on the list once",
        ),
        (
            ["organisation", "add", "DFX", "--name", "Department for Education", "-m", "x"],
            1,
            "give another, or see the list with 'portfolio-ledger organisation list'",
        ),
    ],
)
def test_bad_input_is_refused_saying_why_and_nothing_is_written(
    office: Cli, args: list[str], code: int, message: str
) -> None:
    events = office.events()

    result = office(*args)

    assert result.exit_code == code, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert office.events() == events


def test_a_closed_item_keeps_its_details(office: Cli) -> None:
    left = office(
        "item", "leave", "A-3", "--reason", "completed", "--authority", "Board", "-m", "Done",
    )  # fmt: skip
    assert left.exit_code == 0, left.output
    events = office.events()

    amended = office("item", "amend", "A-3", "--title", "New", "-m", "Rename")
    again = office("item", "leave", "A-3", "--reason", "stopped", "--authority", "B", "-m", "x")

    assert amended.exit_code == 1
    assert "cannot change the details of A-3: it is left" in amended.output
    assert again.exit_code == 1
    assert office.events() == events


def test_filters_that_match_nothing_say_what_exists(office: Cli) -> None:
    nothing = office("portfolio", "--organisation", "HMRC")
    together = office("portfolio", "--organisation", "DWP", "--rag", "amber")
    grouped = office("portfolio", "--by", "organisation")

    assert nothing.exit_code == 0
    assert "no item has organisation HMRC; organisations in the ledger: DFE, DWP" in nothing.output
    assert "all together" in together.output
    assert "organisation DFE: 2 items" in grouped.output
    assert "organisation DWP: 1 item" in grouped.output


def test_an_item_that_joined_and_left_between_two_moments_is_listed_as_both(run: Cli) -> None:
    # Over the two GMPP returns recorded one after the other, 'portfolio diff' on the
    # recorded clock (and the board pack over it) said '232 joined, 0 left': the 43 items
    # the second return let go had joined in the same period, and were 'joined' only.
    onboard(run, "PRJ-9")
    left = run("item", "leave", "PRJ-9", "--reason", "completed", "--effective-date", LATER,
               *PMO)  # fmt: skip
    assert left.exit_code == 0, left.output

    changes = as_json(run, "portfolio", "diff", "--effective", "2024-01-01", LATER)
    shown = run("portfolio", "diff", "--effective", "2024-01-01", LATER)

    assert [(c["key"], c["change"], c["before"], c["after"]) for c in changes] == [
        ("PRJ-9", "joined", None, "left"),
        ("PRJ-9", "left", "in delivery", "completed"),  # from the stage it left
    ]
    assert "1 joined, 1 left, 0 changed" in shown.output


def _merge(office: Cli, key: str, into: str, day: str) -> Any:
    return office(
        "item", "leave", key, "--reason", "merged", "--merged-into", into,
        "--authority", "Portfolio board", "-m", f"Merged into {into}", "--effective-date", day,
    )  # fmt: skip


def test_an_item_is_merged_only_into_one_still_in_the_portfolio(office: Cli) -> None:
    # A-2 into A-1, then A-1 into A-2 was accepted: each item merged into the other, and
    # neither carrying the work on; so was merging into an item not yet in the portfolio.
    assert _merge(office, "A-2", "A-1", LATER).exit_code == 0
    events = office.events()

    back = _merge(office, "A-1", "A-2", LATER)
    too_early = _merge(office, "A-3", "A-1", "2024-06-30")

    assert back.exit_code == 1
    assert "A-2 had left the portfolio (merged into A-1) by" in back.output
    assert "name the item that carries the work on" in back.output
    assert too_early.exit_code == 1
    assert "A-1 was not in the portfolio yet" in too_early.output
    assert office.events() == events
    assert _merge(office, "A-3", "A-1", LATER).exit_code == 0
