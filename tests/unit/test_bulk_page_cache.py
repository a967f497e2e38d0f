"""A bulk append's connection has a larger SQLite page cache, and gives it back after.

The cache changes no stored byte (the rows are the same); it saves reading
the same index pages again. These check that it is in force inside a bulk
batch under the rollback journal, and only there (a bulk batch that stays in
the WAL, because the ledger is held open, keeps the cache it had): the
connection's own size comes back after, also after a failure inside, and a
larger one already set is left alone.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import cast

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection

from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.storage.datastore import BULK_PAGE_CACHE_KIB, bulk_page_cache
from portfolio_ledger.storage.recorder import LedgerRecorder


def cache_size(connection: Connection) -> int:
    return int(connection.exec_driver_sql("PRAGMA cache_size").scalar_one())


def test_inside_it_is_larger_and_after_it_as_it_was(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'a.db'}")
    with engine.connect() as connection:
        before = cache_size(connection)
        with bulk_page_cache(connection):
            assert cache_size(connection) == -BULK_PAGE_CACHE_KIB
        assert cache_size(connection) == before != -BULK_PAGE_CACHE_KIB

        with pytest.raises(RuntimeError), bulk_page_cache(connection):
            raise RuntimeError
        assert cache_size(connection) == before

        connection.exec_driver_sql(f"PRAGMA cache_size={-2 * BULK_PAGE_CACHE_KIB}")
        with bulk_page_cache(connection):
            assert cache_size(connection) == -2 * BULK_PAGE_CACHE_KIB
        assert cache_size(connection) == -2 * BULK_PAGE_CACHE_KIB
    engine.dispose()


def test_a_connection_closed_inside_it_leaves_the_failure_as_it_was(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'a.db'}")

    def fail_closed() -> None:
        with engine.connect() as connection, bulk_page_cache(connection):
            connection.connection.dbapi_connection.close()  # type: ignore[union-attr]
            raise ValueError("the caller's")

    with pytest.raises(ValueError, match="the caller's"):
        fail_closed()
    engine.dispose()


@pytest.mark.parametrize("bulk", [True, False])
def test_a_bulk_batch_appends_with_it_and_a_batch_without(tmp_path: Path, bulk: bool) -> None:
    assert inside_a_batch(f"sqlite:///{tmp_path / 'l.db'}", bulk=bulk) == (
        -BULK_PAGE_CACHE_KIB if bulk else DEFAULT
    )


def test_a_bulk_batch_that_stays_in_the_wal_keeps_the_cache_as_it_was(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'l.db'}"
    PortfolioLedger(url).close()
    reader = sqlite3.connect(tmp_path / "l.db")  # held open: the WAL stays
    try:
        assert reader.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal"
        reader.execute("SELECT count(*) FROM portfolio_ledger_events").fetchall()
        assert inside_a_batch(url, bulk=True) == DEFAULT
    finally:
        reader.close()


DEFAULT = -2000
"""SQLite's own page cache size (KiB)."""


def inside_a_batch(url: str, *, bulk: bool) -> int:
    """The page cache size of the batch's connection, read inside the batch."""
    ledger = PortfolioLedger(url)
    try:
        recorder = cast(LedgerRecorder, ledger.recorder)
        with ledger.batch(bulk=bulk), recorder.transaction() as session:
            return cache_size(session.connection())
    finally:
        ledger.close()
