"""A rebuild's swap and another process's catch-up take the tracking rows in one order.

A catch-up claims the projections' tracking rows one by one, in the order of
``Projections.all``, in one transaction. A rebuild locked the rows it swaps in
one statement, in the order they lie in the table. A read model begun again
(a ledger upgraded to a projection's new version, whose row is made anew) lies
last: the rebuild then held the rows the catch-up had yet to claim while it
waited for the one the catch-up held, the catch-up waited for those, and
PostgreSQL ended one of the two as a deadlock (*the rebuild failed ...:
deadlock detected*, or a decision's read models not caught up). Found by a
stress run of rebuilds beside decisions. Here the interleaving is forced: the
catch-up is held after its first claim until the rebuild (another ledger, as
another process) is seen waiting behind it, then let go. SQLite takes no row
locks: a writer holds the whole file, so the two are serialised there anyway.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from sqlalchemy import Connection, text

from portfolio_ledger.application import commands as c
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.projections.check import check_read_models
from portfolio_ledger.storage.tracking import ProjectionTracking
from tests.builders import approved_item, decision
from tests.reliability.test_setup_lock import session

BLOCKED_BY = text("SELECT count(*) FROM pg_stat_activity WHERE :pid = ANY(pg_blocking_pids(pid))")


def _begun_again(url: str) -> None:
    """The first read model's tracking row made anew, last in the table, as an upgrade makes it."""
    with session(url) as connection:
        connection.execute(
            text(
                "UPDATE portfolio_ledger_tracking SET application_name = 'portfolio_items@v0' "
                "WHERE application_name LIKE 'portfolio_items@%'"
            )
        )
        connection.commit()
    ledger, _ = open_ledger(url)  # forgets @v0, begins portfolio_items again, catches up
    ledger.close()


def _seen_blocked(url: str, pid: int) -> None:
    """Wait until a session is seen waiting for a lock the catch-up (backend ``pid``) holds."""
    deadline = time.monotonic() + 120
    with session(url) as watcher:
        while not watcher.execute(BLOCKED_BY, {"pid": pid}).scalar_one():
            watcher.rollback()
            assert time.monotonic() < deadline, "the rebuild was never seen waiting"
            time.sleep(0.05)


@pytest.mark.postgres
def test_a_rebuild_beside_a_catch_up_waits_for_it_and_neither_fails(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger, models = open_ledger(postgres_url)
    approved_item(ledger)
    _begun_again(postgres_url)
    bare = PortfolioLedger(postgres_url)  # no read models: the decision waits for a catch-up
    bare.handle(decision(c.ReportStatus, overall="red", rationale="Caught up later."))
    bare.close()
    claimed: list[int] = []
    held, let_go = threading.Event(), threading.Event()
    claim = ProjectionTracking.claim

    def held_after_the_first(self: ProjectionTracking, session: Any, *args: Any) -> bool:
        moved = claim(self, session, *args)
        if threading.current_thread().name == "catch-up" and not claimed:
            connection: Connection = session.connection()
            claimed.append(int(connection.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()))
            held.set()
            let_go.wait(120)
        return moved

    monkeypatch.setattr(ProjectionTracking, "claim", held_after_the_first)
    failed: dict[str, BaseException] = {}

    def run(name: str, work: Any) -> threading.Thread:
        def guarded() -> None:
            try:
                work()
            except Exception as error:  # noqa: BLE001 - reported by the assertions below
                failed[name] = error

        thread = threading.Thread(target=guarded, name=name)
        thread.start()
        return thread

    other, other_models = open_ledger(postgres_url)  # another process's ledger
    try:
        catching_up = run("catch-up", models.catch_up)
        assert held.wait(120), failed
        rebuilding = run("rebuild", other_models.rebuild)
        _seen_blocked(postgres_url, claimed[0])
        let_go.set()
        catching_up.join(120)
        rebuilding.join(120)
        # Still waiting would be a hang, not a pass (and its ledger is closed below).
        assert not catching_up.is_alive(), "the catch-up never finished"
        assert not rebuilding.is_alive(), "the rebuild never finished"
        found = check_read_models(other_models)
    finally:
        let_go.set()
        other.close()
        ledger.close()

    assert failed == {}
    assert found.ok, found.problem
    assert found.position == found.head
