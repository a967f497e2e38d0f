"""A filter that matches nothing at a moment says what items had then, not what they have now."""

from __future__ import annotations

import pytest

from tests.conftest import Cli


@pytest.fixture
def paused_in_march(run: Cli) -> Cli:
    onboarded = run("item", "onboard", "PRJ-1", "--title", "One", "--category", "Data",
                    "--stage", "in-delivery", "--budget", "GBP 1,000", "--rag", "amber",
                    "--effective-date", "2026-01-01", "--authority", "PMO",
                    "-m", "baseline")  # fmt: skip
    assert onboarded.exit_code == 0, onboarded.output
    paused = run("item", "pause", "PRJ-1", "--effective-date", "2026-03-01",
                 "--authority", "Board", "-m", "hold")  # fmt: skip
    assert paused.exit_code == 0, paused.output
    return run


@pytest.mark.parametrize("command", ["portfolio", "economics"])
def test_a_stage_no_item_had_then_is_said_of_that_moment(
    paused_in_march: Cli, command: str
) -> None:
    # Before: "No items match stage paused all together (each value is held by some item
    # now; loosen one of them)": PRJ-1 is paused now, so the answer blamed a second filter
    # that was never given, and did not say the moment asked about.
    result = paused_in_march(command, "--stage", "paused", "--effective-on", "2026-02-01")

    assert result.exit_code == 0, result.output
    assert result.output.strip() == (
        "No items match in effect on 2026-02-01: no item had stage paused; "
        "stages then: in delivery."
    )


def test_now_a_stage_no_item_has_still_names_the_ledgers_stages(paused_in_march: Cli) -> None:
    result = paused_in_march("portfolio", "--stage", "in-delivery")

    assert result.exit_code == 0, result.output
    assert "no item has stage in delivery; stages in the ledger: paused." in result.output


def test_each_filter_is_checked_against_the_items_then(
    paused_in_march: Cli,
) -> None:
    result = paused_in_march(
        "portfolio", "--stage", "in-delivery", "--rag", "green", "--effective-on", "2026-02-01"
    )

    assert result.exit_code == 0, result.output
    assert "no item had rag green; RAGs then: amber." in result.output
