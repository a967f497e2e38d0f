"""An item that left the portfolio is refused a rank as a closed one is, and the rule names it.

Before, reprioritising an item in the stage ``left`` was refused with the rule
*retired, rejected and cancelled items have no priority*, which names every
closed stage but the one the item was in; escalating on it and amending it
said the same of their rules.
"""

from __future__ import annotations

import pytest

from tests.conftest import Cli

DECIDED = ["--authority", "Portfolio Direction Group", "--actor", "Ann", "--role", "PMO"]


@pytest.fixture
def left(run: Cli) -> Cli:
    """PRJ-1, proposed and ranked 3, then left the portfolio (stopped)."""
    for args in (
        ["propose", "PRJ-1", "--kind", "project", "--title", "Payroll", "--owner", "Ann",
         "--sponsor", "CFO", "--category", "Corporate", "--currency", "GBP", "-m", "New",
         "--actor", "Ann", "--role", "PMO", "--effective-date", "2026-01-01"],
        ["reprioritise", "PRJ-1", "--rank", "3", *DECIDED, "-m", "Review",
         "--effective-date", "2026-01-02"],
        ["leave", "PRJ-1", "--reason", "stopped", *DECIDED, "-m", "Stopped",
         "--effective-date", "2026-01-03"],
    ):  # fmt: skip
        result = run("item", *args)
        assert result.exit_code == 0, result.output
    return run


@pytest.mark.parametrize(
    ("args", "rule"),
    [
        (
            ["reprioritise", "PRJ-1", "--rank", "1", *DECIDED, "-m", "Up"],
            (
                "cannot reprioritise PRJ-1: it is left; "
                "retired, rejected, cancelled and left items have no priority."
            ),
        ),
        (
            ["escalate", "PRJ-1", "--issue", "Late", "--severity", "low", "--to", "IC",
             "--actor", "Ann", "--role", "PMO", "-m", "Slipping"],
            (
                "issues are escalated on open items only, "
                "not retired, rejected, cancelled or left ones."
            ),
        ),
        (
            ["amend", "PRJ-1", "--title", "Renamed", "--actor", "Ann", "--role", "PMO",
             "-m", "New name"],
            "the details of retired, rejected, cancelled and left items no longer change.",
        ),
    ],
    ids=["reprioritise", "escalate", "amend"],
)  # fmt: skip
def test_a_decision_on_an_item_that_left_names_left_among_the_closed(
    left: Cli, args: list[str], rule: str
) -> None:
    before = left.events()

    result = left("item", *args)

    assert result.exit_code == 1, result.output
    assert rule in " ".join(result.output.split())
    assert "It is closed: this decision is no longer made on it." in result.output
    assert "Traceback" not in result.output
    assert left.events() == before
