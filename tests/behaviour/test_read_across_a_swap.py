"""A read on PostgreSQL whose snapshot began before a rebuild's swap and reads a table after it.

A read holds one snapshot (``REPEATABLE READ``), but PostgreSQL finds a table
by its name as it is now: a read that had taken its snapshot, and then first
touched a read model after a rebuild swapped fresh tables in, read the fresh
table through the old snapshot, which sees none of the rows the swap wrote.
``projections status`` then said *WRONG* (``audit_trail holds 5 rows for
positions 1 to 6``) and a portfolio read there would have no items at all.
A read now locks the read models' tables (shared) before its snapshot is
taken: a swap under way is waited for, and one that comes later waits for the
read (and, past its lock timeout, leaves the live tables as they were). The
interleaving is forced: the rebuild is held just before its swap, a decision
is recorded and caught up, and the swap is let go just after the read began.
(SQLite's snapshot holds its tables too: there is no such read there.)
"""

from __future__ import annotations

import threading
from typing import Any

import pytest

from portfolio_ledger.application.ports import ReadModelError
from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.projections import rebuild as rebuilding
from portfolio_ledger.storage.tracking import ProjectionTracking
from tests.builders import propose


def test_a_read_begun_before_a_swap_reads_one_set_of_tables(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PORTFOLIO_LEDGER_LOCK_TIMEOUT", "1")
    writer, _ = open_ledger(postgres_url)
    rebuilder, rebuilt = open_ledger(postgres_url)
    reader, models = open_ledger(postgres_url)
    at_swap, go = threading.Event(), threading.Event()
    swap = rebuilding._swap
    outcome: list[object] = []

    def held_before_the_swap(*args: Any, **kwargs: Any) -> int:
        at_swap.set()
        go.wait()
        return swap(*args, **kwargs)

    def rebuild() -> None:
        try:
            outcome.append(rebuilt.rebuild())
        except ReadModelError as error:  # the read in its way past its lock timeout
            outcome.append(error)
        finally:  # one that failed before its swap lets the test go on, to fail, not hang
            at_swap.set()

    monkeypatch.setattr(rebuilding, "_swap", held_before_the_swap)
    positions = ProjectionTracking.positions
    thread = threading.Thread(target=rebuild)
    try:
        for number in range(5):
            writer.handle(propose(f"PRJ-{number:03d}"))
        thread.start()
        at_swap.wait()  # every page rebuilt, up to position 5
        writer.handle(propose("PRJ-100"))  # position 6, the live read models caught up

        def swap_once_the_read_has_begun(tracking: Any, session: Any) -> dict[str, int]:
            found = positions(tracking, session)
            if threading.current_thread() is threading.main_thread() and not go.is_set():
                go.set()
                thread.join()
            return found

        monkeypatch.setattr(ProjectionTracking, "positions", swap_once_the_read_has_begun)
        status = models.status()
    finally:
        go.set()
        thread.join()
        monkeypatch.undo()
        for ledger in (writer, rebuilder, reader):
            ledger.close()

    assert outcome, "the rebuild never got to its swap"
    assert [(s.name, s.problem) for s in status if s.problem] == []
    trail = next(s for s in status if s.name == "audit_trail")
    assert (trail.position, trail.rows) == (6, 6)
    items = next(s for s in status if s.name == "portfolio_items")
    assert items.rows == 6
