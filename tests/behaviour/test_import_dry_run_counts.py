"""A dry run counts the file's decisions as decisions, and the events they make as events.

A status report beyond a tolerance is recorded with its breach and escalation: three
events for one decision. A dry run of such a file said *all 10 decisions would be
recorded* of a file of 8 lines, 8 decisions, counting the events as decisions.
"""

from __future__ import annotations

from pathlib import Path

from tests.behaviour.test_import import ITEM, PREAMBLE, said, write
from tests.conftest import Cli

TOLERANCE = {
    "command": "item set-tolerance",
    "key": "PRJ-1",
    "cost": "10%",
    "board": "IC",
    "present": ["hcarter", "rdas"],
    "votes": {"hcarter": "for", "rdas": "for"},
    **said(actor="hcarter", role="Chair"),
}
BEYOND = {
    "command": "report-status",
    "key": "PRJ-1",
    "overall": "red",
    "forecast_cost": "GBP 1,500,000",  # beyond 10% over 1,200,000
    **said(),
}


def test_a_dry_run_counts_decisions_and_says_the_events_beside(run: Cli, tmp_path: Path) -> None:
    file = write(tmp_path / "beyond.jsonl", [*PREAMBLE, *ITEM, TOLERANCE, BEYOND])

    checked = run("import", str(file), "--dry-run")
    imported = run("import", str(file))

    assert checked.exit_code == 0, checked.output
    assert "Checked 10 lines of" in checked.output
    assert ": all 10 decisions would be recorded (12 events). Nothing was written" in (
        checked.output
    )
    assert imported.exit_code == 0, imported.output
    assert "Imported 10 lines of" in imported.output
    assert ": 12 events (positions 1 to 12)." in imported.output
