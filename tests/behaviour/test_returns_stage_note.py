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
