"""A choice of the domain's words is read in any spelling of them, on every command.

``--rag not-assessed`` was refused as ``--rag "not assessed"``, and
``--risk-rating "very high"`` as ``very-high``: one list written with hyphens,
the other with a space, where ``--kind`` and an import line read either.
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import Cli


def test_recording_options_read_a_space_a_hyphen_or_an_underscore(run: Cli) -> None:
    onboarded = run(
        "item", "onboard", "PRJ-1", "--title", "Payroll", "--category", "Corporate",
        "--stage", "In Delivery", "--rag", "not assessed", "--authority", "Baseline",
        "-m", "Onboarded",
    )  # fmt: skip
    reported = run(
        "item", "report-status", "PRJ-1", "--overall", "Not_Assessed", "--cost", "AMBER",
        "-m", "Monthly report",
    )  # fmt: skip
    proposed = run(
        "item", "propose", "PRJ-2", "--kind", "project", "--title", "Estates",
        "--owner", "Ann", "--sponsor", "Bob", "--category", "Corporate", "-m", "Proposed",
    )  # fmt: skip
    appraised = run(
        "item", "appraise", "PRJ-2", "--estimated-cost", "GBP 100", "--expected-benefits",
        "GBP 200", "--risk-rating", "very-high", "--alignment-score", "50", "-m", "Appraised",
    )  # fmt: skip

    for result in (onboarded, reported, proposed, appraised):
        assert result.exit_code == 0, result.output
    item = json.loads(run("item", "show", "PRJ-1", "--json").output)
    other = json.loads(run("item", "show", "PRJ-2", "--json").output)
    assert (item["stage"], item["rag"]) == ("in delivery", "not assessed")
    assert item["rag_dimensions"]["cost"] == "amber"
    assert other["risk_rating"] == "very high"


@pytest.mark.empty_schema("a database with no ledger, which the refusal leaves so")
def test_a_word_of_no_choice_is_still_refused_with_the_choices(run: Cli) -> None:
    result = run(
        "item", "onboard", "PRJ-1", "--title", "Payroll", "--category", "Corporate",
        "--rag", "unassessed", "--authority", "Baseline", "-m", "Onboarded",
    )  # fmt: skip

    assert result.exit_code == 2
    assert "'unassessed' is not one of 'red', 'amber', 'green', 'withheld'" in result.output
    assert "cannot open the ledger" in run("items", "list").output  # nothing was written
