"""R3 counts the rating an item joins with as its first status report.

A portfolio kept by quarterly returns onboards its items from the first one,
each with the rating its row gives; the next return rates them again. An
item red in both is red in its last two status reports (docs/reports.md),
as the onboarding's date is its last status for R4, so the board pack of
the second quarter finds it, on SQLite and PostgreSQL. Before, it counted
only the reports after the onboarding and found it a quarter late.
"""

from __future__ import annotations

import json

from tests.behaviour.test_returns_reported_again import imported
from tests.conftest import Cli


def persistent_red(run: Cli, as_at: str) -> list[str]:
    result = run("report", "board-pack", "--as-at", as_at, "--since", "2026-03-31", "--json")
    assert result.exit_code == 0, result.output
    exceptions = json.loads(result.output)["exceptions"]
    return [e["key"] for e in exceptions if e["rule"] == "R3 persistent-red"]


def row(key: str, rag: str) -> str:
    return f"{key},Scheme {key},project,Trust,Digital,,,in delivery,100,,{rag}"


def test_an_item_onboarded_red_and_red_in_the_next_return_is_persistently_red(
    run: Cli,
) -> None:
    first = [row("P-1", "red"), row("P-2", "red"), row("P-3", "amber"), row("P-4", "")]
    imported(run, "q1.csv", first, "2026-03-31")
    # Before the second return, each has one report: nothing persistent yet.
    assert persistent_red(run, "2026-04-30") == []

    second = [row("P-1", "red"), row("P-2", "amber"), row("P-3", "red"), row("P-4", "red")]
    imported(run, "q2.csv", second, "2026-06-30")

    # P-1: red as it joined and red again. P-2 and P-3 are red in one report
    # of two; P-4 joined with no rating (not assessed), then red.
    assert persistent_red(run, "2026-06-30") == ["P-1"]
