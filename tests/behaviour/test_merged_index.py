"""Finding the items merged into an item reads an index of the mergers, not every item that left.

Closing an item (``test_closed_before_merger.py``) asks which items were merged
into it, on every closing decision; a fold of every item that ever left doubled
the time of each. An expression index over the events that can name the item
merged into answers it, on both databases; a ledger made before the index gains
it when next written, and without it the same query answers by a scan.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Engine

from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.storage.recorder import LedgerRecorder
from tests.behaviour import test_made_index as made_index
from tests.behaviour.test_closed_before_merger import _merged, _proposed
from tests.conftest import Cli

INDEX = "portfolio_ledger_events_merged_idx"
REJECT = ("item", "reject", "PRJ-2", "--authority", "IC", "-m", "No case", "--effective-date")


def has_index(engine: Engine) -> bool:
    return made_index.has_index(engine, INDEX)


def plan_of_finding_mergers(run: Cli, engine: Engine) -> str:
    """The plan of the query the ledger sends to find the items merged into PRJ-2."""
    sent: list[tuple[str, Any]] = []

    def keep(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if "merged_into" in statement:
            sent.append((statement, parameters))

    ledger, _ = open_ledger(run.url)
    try:
        recorder = ledger.recorder
        assert isinstance(recorder, LedgerRecorder)
        event.listen(recorder.datastore.engine, "before_cursor_execute", keep)
        found = recorder.mergers_into("PRJ-2")
    finally:
        ledger.close()
    assert [into for into, _ in found] == ["PRJ-2"]
    [(statement, _)] = sent
    return made_index.plan(engine, statement, "'PRJ-2'")


def test_finding_the_items_merged_into_one_reads_the_index(run: Cli, engine: Engine) -> None:
    _proposed(run, "PRJ-1", "PRJ-2")
    _merged(run)

    assert has_index(engine)
    assert INDEX in plan_of_finding_mergers(run, engine)


def test_a_ledger_made_before_the_index_gains_it_and_refuses_as_before(
    run: Cli, engine: Engine
) -> None:
    _proposed(run, "PRJ-1", "PRJ-2")
    _merged(run)
    with engine.begin() as connection:
        connection.execute(text(f"DROP INDEX {INDEX}"))

    refused = run(*REJECT, "2026-02-01")  # found by a scan, then the index made
    assert refused.exit_code == 1, refused.output
    assert "PRJ-1 was merged into PRJ-2 with effect from 2026-03-01" in refused.output
    assert has_index(engine)
    assert run(*REJECT, "2026-03-02").exit_code == 0
