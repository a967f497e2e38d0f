"""A return's stage that differs from the ledger's is noted with the command that records it.

A register's 'Execution' for an item the ledger has approved was noted 'a change of
stage is a lifecycle decision ('item go-live', 'item pause', ...)': neither is the
decision ('item start-delivery'), and a move no decision makes (back from in delivery
to approved) was told the same.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.behaviour.test_returns import HEADER, write
from tests.conftest import Cli

ROWS = [
    "PRJ-1,Payroll,project,DFE,Corporate,,,{},,,",
    "PRJ-2,Roads,project,DFE,Corporate,,,{},,,",
]


def notes(run: Cli, first: tuple[str, str], then: tuple[str, str]) -> list[list[str]]:
    lines = [row.format(stage) for row, stage in zip(ROWS, first, strict=True)]
    args = ("--as-at", "2025-03-31", "--authority", "PMO")
    assert run("returns", "import", str(write("q1.csv", HEADER, *lines)), *args).exit_code == 0
    return reconciled(run, [row.format(stage) for row, stage in zip(ROWS, then, strict=True)])


def reconciled(run: Cli, lines: list[str]) -> list[list[str]]:
    path: Path = write("q2.csv", HEADER, *lines)
    result = run("returns", "import", str(path), "--as-at", "2025-06-30", "--authority", "PMO",
                 "--dry-run", "--json")  # fmt: skip
    assert result.exit_code == 0, result.output
    found: dict[str, Any] = json.loads(result.stdout)
    rows = sorted(found["unchanged"] + found["changed"], key=lambda row: row["row"])
    return [row["notes"] for row in rows]


def test_approved_to_in_delivery_is_noted_with_start_delivery(run: Cli) -> None:
    found = notes(run, ("approved", "in delivery"), ("in delivery", "approved"))

    assert found[0] == [
        (
            "stage approved in the ledger, in delivery in the return: not recorded (a change of "
            "stage is a lifecycle decision: record it with 'item start-delivery PRJ-1')"
        )
    ]
    assert found[1] == [
        (
            "stage in delivery in the ledger, approved in the return: not recorded (a change of "
            "stage is a lifecycle decision: no decision takes an item from in delivery to "
            "approved; if the ledger's stage is wrong, put right the decision that set it ('item "
            "history PRJ-2', then 'decision correct' or 'decision annul'))"
        )
    ]


def test_a_paused_item_is_noted_with_resume_and_what_follows(run: Cli) -> None:
    found = notes(run, ("paused", "paused"), ("in delivery", "live"))

    assert found[0][0].endswith("record it with 'item resume PRJ-1' (it resumes in delivery))")
    assert found[1][0].endswith(
        "record it with 'item resume PRJ-2' (it resumes in delivery), then 'item go-live PRJ-2')"
    )


def proposed(run: Cli, key: str, *, appraised: bool) -> None:
    on = ("--effective-date", "2025-01-02", "-m", "Before the return")
    made = [
        run(
            "item",
            "propose",
            key,
            "--kind",
            "project",
            "--title",
            "T",
            "--owner",
            "O",
            "--sponsor",
            "S",
            "--category",
            "Corporate",
            "--organisation",
            "DFE",
            *on,
        )
    ]
    if appraised:
        made.append(run("item", "appraise", key, "--estimated-cost", "GBP 100",
                        "--expected-benefits", "GBP 200", "--risk-rating", "low",
                        "--alignment-score", "50", *on))  # fmt: skip
    for result in made:
        assert result.exit_code == 0, result.output


def stage_notes(found: list[list[str]]) -> list[str]:
    return [next(note for note in notes if note.startswith("stage ")) for notes in found]


def test_a_move_before_approval_is_noted_with_its_command(run: Cli) -> None:
    """Before, 'no decision takes an item from appraised to approved', which 'item approve'
    does; and a register's rejected item was told so too."""
    proposed(run, "PRJ-1", appraised=True)
    proposed(run, "PRJ-2", appraised=False)

    found = stage_notes(reconciled(run, [ROWS[0].format("approved"), ROWS[1].format("rejected")]))

    assert found[0].endswith("record it with 'item approve PRJ-1')")
    assert found[1].endswith("record it with 'item reject PRJ-2')")


def test_a_move_of_two_decisions_names_both(run: Cli) -> None:
    proposed(run, "PRJ-1", appraised=False)
    found = stage_notes(reconciled(run, [ROWS[0].format("approved")]))
    assert found[0].endswith("record it with 'item appraise PRJ-1', then 'item approve PRJ-1')")

    live = notes(run, ("proposed", "in delivery"), ("approved", "retired"))[1]
    assert stage_notes([live])[0].endswith(
        "record it with 'item go-live PRJ-2', then 'item retire PRJ-2')"
    )


def test_a_paused_item_that_left_is_noted_with_leave_alone(run: Cli) -> None:
    found = stage_notes(notes(run, ("paused", "paused"), ("left", "cancelled")))

    assert found[0].endswith("record it with 'item leave PRJ-1')")
    assert found[1].endswith("record it with 'item cancel PRJ-2')")
