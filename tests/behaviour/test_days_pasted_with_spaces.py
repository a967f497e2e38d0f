"""A day pasted with spaces around it is read on every option that records one.

``--effective-date " 2026-12-06"`` was refused ("that is 2026-12-06 written
another way"), while ``--as-of``, ``--effective-on`` and ``decision correct
--set effective_date= 2026-03-01`` read the same text: the spaces are dropped
now wherever a day is read on the command line, and the day is recorded as
``YYYY-MM-DD``, as if typed without them.
"""

from __future__ import annotations

import json

from tests.conftest import Cli

PROPOSE = (
    "item", "propose", "PRJ-1", "--kind", "project", "--title", "Payroll", "--owner", "Dana",
    "--sponsor", "CFO", "--category", "Corporate", "-m", "Contract ends",
)  # fmt: skip


def _history(run: Cli) -> list[dict[str, object]]:
    shown = run("item", "history", "PRJ-1", "--json")
    assert shown.exit_code == 0, shown.output
    history: list[dict[str, object]] = json.loads(shown.stdout)
    return history


def test_an_effective_date_and_a_due_day_padded_with_spaces_are_recorded_as_the_day(
    run: Cli,
) -> None:
    proposed = run(*PROPOSE, "--effective-date", " 2026-01-05")
    action = run(
        "item", "recommend-action", "PRJ-1", "--action", "Re-plan", "--owner", "Dana",
        "--due", "2026-07-31 ", "-m", "Late", "--effective-date", "\t2026-07-20 ",
    )  # fmt: skip

    assert proposed.exit_code == 0, proposed.output
    assert action.exit_code == 0, action.output
    assert [row["effective_date"] for row in _history(run)] == ["2026-01-05", "2026-07-20"]
    assert "due 2026-07-31" in action.output


def test_a_padded_effective_date_is_still_checked_as_a_day(run: Cli) -> None:
    before = run.events()

    result = run(*PROPOSE, "--effective-date", " 2026-02-30 ")

    assert result.exit_code != 0, result.output
    assert "2026-02-30" in result.output
    assert "Traceback" not in result.output
    assert run.events() == before
