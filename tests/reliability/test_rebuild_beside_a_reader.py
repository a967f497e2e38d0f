"""A rebuild of read models named in any order locks their tables in the order readers do.

A read locks every read model's table (shared) in the order of
``Projections.all`` before it takes its snapshot; a rebuild's swap locks the
tables it swaps (exclusively). ``projections rebuild audit_trail
portfolio_items`` locked them in the order the names were given: it could hold
``audit_trail`` while waiting for ``portfolio_items``, which a read held while
waiting for ``audit_trail``, and PostgreSQL ended one of the two as a deadlock.
Here the read is held between its tables by a third session, the rebuild seen
waiting behind the read, then the third lets go. Named twice, a read model was
rebuilt twice in one swap and the rebuild failed with SQLAlchemy's words
(*Table 'audit_trail__r...' is already defined for this MetaData instance*).
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from sqlalchemy import Connection, select, table, text

from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.projections.read_models import ReadModelTables
from tests.builders import approved_item
from tests.reliability.test_setup_lock import session

BLOCKED_BY = text("SELECT pid FROM pg_stat_activity WHERE :pid = ANY(pg_blocking_pids(pid))")


def _blocked_by(watcher: Connection, pid: int) -> int:
    """The backend seen waiting for a lock ``pid`` holds (within 120 s)."""
    deadline = time.monotonic() + 120
    while (found := watcher.execute(BLOCKED_BY, {"pid": pid}).scalar()) is None:
        watcher.rollback()
        assert time.monotonic() < deadline, f"nothing was seen waiting behind {pid}"
        time.sleep(0.05)
    watcher.rollback()
    return int(found)


def _in_thread(failed: dict[str, BaseException], name: str, work: Any) -> threading.Thread:
    def guarded() -> None:
        try:
            work()
        except Exception as error:  # noqa: BLE001 - reported by the test's assertions
            failed[name] = error

    thread = threading.Thread(target=guarded, name=name)
    thread.start()
    return thread


@pytest.mark.postgres
def test_a_rebuild_of_models_named_out_of_order_beside_a_read_waits_for_it(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The read waits behind the holder while the rebuild starts and reaches its swap: on a
    # loaded machine that may outlast the default lock timeout (30 s), failing the read.
    monkeypatch.setenv("PORTFOLIO_LEDGER_LOCK_TIMEOUT", "300")
    ledger, models = open_ledger(postgres_url)
    approved_item(ledger)
    other, other_models = open_ledger(postgres_url)  # another process's ledger
    between = ReadModelTables().portfolio_items.tables[-1].name  # read after portfolio_items
    failed: dict[str, BaseException] = {}

    def read() -> None:
        with models.reading() as reading:
            reading.execute(select(text("count(*)")).select_from(table("audit_trail")))

    try:
        with session(postgres_url) as holder, session(postgres_url) as watcher:
            holder.execute(text(f"LOCK TABLE {between} IN ACCESS EXCLUSIVE MODE"))
            holder_pid = holder.execute(text("SELECT pg_backend_pid()")).scalar_one()
            reader = _in_thread(failed, "read", read)
            reader_pid = _blocked_by(watcher, holder_pid)  # holding portfolio_items
            rebuild = _in_thread(
                failed, "rebuild", lambda: other_models.rebuild(["audit_trail", "portfolio_items"])
            )
            _blocked_by(watcher, reader_pid)
            holder.rollback()  # the read goes on to audit_trail
            reader.join(120)
            rebuild.join(120)
            # Still waiting would be a hang, not a pass (and its ledger is closed below).
            assert not reader.is_alive(), "the read never finished"
            assert not rebuild.is_alive(), "the rebuild never finished"
    finally:
        other.close()
        ledger.close()

    assert failed == {}


def test_a_read_model_named_twice_is_rebuilt_once(db_url: str) -> None:
    ledger, models = open_ledger(db_url)
    try:
        approved_item(ledger)
        reached = models.rebuild(["audit_trail", "audit_trail"])
        assert reached == ledger.event_count()
    finally:
        ledger.close()
