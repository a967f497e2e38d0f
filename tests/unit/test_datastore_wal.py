"""Switching a new SQLite ledger to WAL waits out another process's lock, as writers do.

SQLite can answer "database is locked" at once to a journal-mode change
while another connection holds the file (seen when several processes open a
new ledger together on a loaded machine). The datastore tries again for up
to WAL_SWITCH_SECONDS (or the lock timeout, if shorter), then goes on in the
mode the file is in; the library's own switch is made to meet that answer here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from eventsourcing_sqlalchemy.datastore import SQLAlchemyDatastore
from sqlalchemy.exc import OperationalError

from portfolio_ledger.storage.datastore import LOCK_TIMEOUT_ENV, LedgerDatastore


def locked() -> OperationalError:
    return OperationalError("PRAGMA journal_mode=WAL;", {}, Exception("database is locked"))


def switch_failing(times: int, error: OperationalError) -> tuple[list[int], object]:
    real = SQLAlchemyDatastore.init_sqlite_wal_mode
    calls: list[int] = []

    def switch(self: SQLAlchemyDatastore) -> None:
        calls.append(1)
        if len(calls) <= times:
            raise error
        real(self)

    return calls, switch


def test_a_locked_answer_is_tried_again_until_wal_is_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls, switch = switch_failing(3, locked())
    monkeypatch.setattr(SQLAlchemyDatastore, "init_sqlite_wal_mode", switch)
    store = LedgerDatastore(url=f"sqlite:///{tmp_path / 'ledger.db'}")

    store.init_sqlite_wal_mode()

    assert len(calls) == 4
    assert store.is_sqlite_wal_mode


def test_a_lock_past_the_timeout_leaves_the_mode_and_other_errors_are_not_hidden(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(LOCK_TIMEOUT_ENV, "0.2")
    calls, always_locked = switch_failing(10**9, locked())
    monkeypatch.setattr(SQLAlchemyDatastore, "init_sqlite_wal_mode", always_locked)
    store = LedgerDatastore(url=f"sqlite:///{tmp_path / 'ledger.db'}")
    store.init_sqlite_wal_mode()  # goes on in the mode the file is in; a later command switches
    assert len(calls) > 1
    assert not store.is_sqlite_wal_mode

    io_error = OperationalError("PRAGMA", {}, Exception("disk I/O error"))
    calls, failing = switch_failing(1, io_error)
    monkeypatch.setattr(SQLAlchemyDatastore, "init_sqlite_wal_mode", failing)
    with pytest.raises(OperationalError, match="disk I/O"):
        store.init_sqlite_wal_mode()
    assert len(calls) == 1
