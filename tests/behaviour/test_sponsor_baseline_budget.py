"""The sponsor does not put right the budget an onboarded item's baseline says was authorised.

An item onboarded joins with its authorised budget (approved before the
ledger). Its sponsor corrected that budget (GBP 2m to GBP 9m, exit 0), and so
authorised their own item's money, which segregation of duties keeps from them
on an approval or a funding change. Now refused, exit 1, nothing written, naming
them, the item, the rule and who records it; the rest of the baseline (costs,
forecast, rating), which is reported as a status report is, stays theirs to put
right, and the budget anyone else's.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.behaviour.test_governance import day, gov, refused
from tests.conftest import Cli

__all__ = ["gov"]  # the fixture, used by name

RULE = (
    "(segregation of duties: the sponsor of an item does not authorise its budget, nor put "
    "right what was decided of it); someone else records it (--actor). Nothing was written."
)


def onboard(run: Cli) -> int:
    """PRJ-2, in delivery with GBP 2m authorised, sponsored by Paul King (pking); its position."""
    result = run("item", "onboard", "PRJ-2", "--kind", "project", "--title", "Depot",
                 "--owner", "Dana Okafor", "--sponsor", "Paul King", "--category", "Estates",
                 "--stage", "in delivery", "--budget", "GBP 2,000,000", "--source", "GMPP",
                 "--authority", "GMPP return", "-m", "Under way",
                 "--effective-date", day(1))  # fmt: skip
    assert result.exit_code == 0, result.output
    return run.events()


def correct(run: Cli, position: int, change: str, actor: str) -> Any:
    return run("decision", "correct", str(position), "--set", change, "--authority",
               "PMO procedure", "-m", "Return misread", actor=actor)  # fmt: skip


@pytest.mark.parametrize("actor", ["pking", "Paul King", "paul  KING"])
def test_the_sponsor_does_not_correct_the_baselines_budget(gov: Cli, actor: str) -> None:
    position = before = onboard(gov)

    result = correct(gov, position, "authorised_budget=GBP 9,000,000", actor)

    refused(gov, result, before, f"sponsors PRJ-2 and so may not correct position {position} "
            f"(onboarded) on it {RULE}")  # fmt: skip


def test_a_former_sponsor_does_not_either(gov: Cli) -> None:
    position = onboard(gov)
    amended = gov("item", "amend", "PRJ-2", "--sponsor", "Director of Estates", "-m", "New SRO",
                  "--effective-date", day(2))  # fmt: skip
    assert amended.exit_code == 0, amended.output
    before = gov.events()

    result = correct(gov, position, "authorised_budget=GBP 9,000,000", "pking")

    refused(gov, result, before, f"Paul King (pking) sponsored PRJ-2 on {day(1)} and so may not")


def test_the_rest_of_the_baseline_is_the_sponsors_and_the_budget_anyone_elses(gov: Cli) -> None:
    position = onboard(gov)

    reported = correct(gov, position, "whole_life_cost=GBP 3,000,000", "pking")
    budget = correct(gov, position, "authorised_budget=GBP 2,500,000", "Sam Patel")

    assert reported.exit_code == 0, reported.output
    assert budget.exit_code == 0, budget.output
