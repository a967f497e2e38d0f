"""``portfolio diff``: an item that left in between is one row, from the stage it left.

Its ``From`` was the stage the item had at the first moment: an item approved
then, put into delivery and then withdrawn was said to have left *approved*,
where its history says ``left the portfolio (in delivery)``. The board pack
lists its changes from the same diff.
"""

from __future__ import annotations

import json
from typing import Any

from tests.conftest import Cli

WHO = ("--actor", "Priya Raman", "--role", "Portfolio office")


def recorded(run: Cli) -> Cli:
    for args in (
        ("item", "onboard", "PRJ-1", "--title", "Payroll", "--category", "Corporate",
         "--organisation", "CORP", "--stage", "approved", "--budget", "GBP 1,000",
         "--authority", "Baseline", "-m", "Onboarded", "--effective-date", "2026-01-05"),
        ("item", "start-delivery", "PRJ-1", "--authority", "Delivery board",
         "-m", "Mobilised", "--effective-date", "2026-02-10"),
        ("item", "leave", "PRJ-1", "--reason", "bau", "--authority", "Portfolio board",
         "-m", "Run as business as usual", "--effective-date", "2026-03-20"),
    ):  # fmt: skip
        result = run(*args, *WHO)
        assert result.exit_code == 0, result.output
    return run


def changes(run: Cli, *args: str) -> list[dict[str, Any]]:
    result = run("portfolio", "diff", *args, "--json")
    assert result.exit_code == 0, result.output
    return [c for c in json.loads(result.output) if c["change"] in {"joined", "left"}]


def test_an_item_that_left_is_said_to_leave_from_the_stage_it_left(db_url: str) -> None:
    run = recorded(Cli(db_url))
    shown = run("portfolio", "diff", "--effective", "2026-01-31", "2026-03-31")

    between = changes(run, "--effective", "2026-01-31", "2026-03-31")

    assert [(c["change"], c["before"]) for c in between] == [("left", "in delivery")]
    assert "left    in delivery  transferred to business as usual" in shown.output
    assert "in delivery" in run("item", "history", "PRJ-1").output  # as its history says


def test_an_item_that_joined_and_left_leaves_from_its_stage_too(db_url: str) -> None:
    run = recorded(Cli(db_url))

    both = changes(run, "--effective", "2026-01-01", "2026-03-31")

    assert [(c["change"], c["before"], c["after"]) for c in both] == [
        ("joined", None, "left"),
        ("left", "in delivery", "transferred to business as usual"),
    ]


def test_the_board_packs_changes_say_the_same(db_url: str) -> None:
    run = recorded(Cli(db_url))
    result = run("report", "board-pack", "--as-at", "2026-03-31", "--since", "2026-01-31", "--json")

    assert result.exit_code == 0, result.output
    pack = json.loads(result.output)
    left = [c for c in pack["summary"]["changes"] if c["change"] == "left"]
    assert [(c["key"], c["before"]) for c in left] == [("PRJ-1", "in delivery")]
