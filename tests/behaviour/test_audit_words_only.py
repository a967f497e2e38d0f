"""audit authority judges every decision made under an authority in words as unchecked.

An item's leaving the portfolio (stopped, merged, descoped, ...) and its
joining with a baseline (onboarded) are refused without an --authority, as a
pause or a retirement is (docs/events.md: auth *yes*), but the audit gave them
*not required*, its verdict for a decision that needs no authority (a
proposal, a status report): an auditor sampling the decisions that stopped
items was told that stopping one needed none.
"""

from __future__ import annotations

import json

from tests.conftest import Cli


def test_an_onboarding_and_a_leaving_are_unchecked_not_authority_free(run: Cli) -> None:
    for argv in (
        ["item", "onboard", "ON-1", "--title", "Under way", "--category", "Infrastructure",
         "--stage", "in-delivery", "--budget", "GBP 1,000,000", "--authority",
         "Portfolio Direction Group", "-m", "Baseline from the old register",
         "--effective-date", "2026-03-01"],
        ["item", "leave", "ON-1", "--reason", "stopped", "--authority",
         "Portfolio Direction Group", "-m", "No longer affordable", "--effective-date",
         "2026-06-01"],
    ):  # fmt: skip
        result = run(*argv)
        assert result.exit_code == 0, result.output

    judged = json.loads(run("audit", "authority", "ON-1", "--json").output)

    assert [(row["event"], row["verdict"], row["reason"]) for row in judged] == [
        ("onboarded", "unchecked", "the authority is recorded only in words"),
        ("left the portfolio", "unchecked", "the authority is recorded only in words"),
    ]
