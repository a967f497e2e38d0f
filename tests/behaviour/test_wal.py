"""SQLite's write-ahead log does not stay at the size of the largest import."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Engine

from bench import generate
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.storage import datastore
from portfolio_ledger.storage.factory import LedgerFactory
from tests.conftest import Cli

LIMIT = 64 * 1024


@pytest.fixture
def held(sqlite_url: str) -> Cli:
    """The ledger made, and held open by another connection, so its WAL file stays."""
    run = Cli(sqlite_url)
    assert run("init").exit_code == 0
    return run


def wal_of(url: str) -> Path:
    return Path(f"{url.removeprefix('sqlite:///')}-wal")


def test_the_wal_is_emptied_after_an_import_and_its_catch_up(held: Cli, tmp_path: Path) -> None:
    file = tmp_path / "decisions.jsonl"
    generate.write(file, 3000)
    reader = sqlite3.connect(held.url.removeprefix("sqlite:///"))
    try:
        reader.execute("SELECT count(*) FROM sqlite_master").fetchall()  # opens the WAL

        result = held("import", str(file))

        assert result.exit_code == 0, result.output
        assert wal_of(held.url).stat().st_size <= LIMIT
    finally:
        reader.close()


def test_every_ledger_connection_cuts_an_emptied_wal_back_to_the_limit(held: Cli) -> None:
    ledger = PortfolioLedger(held.url)
    try:
        factory = ledger.factory
        assert isinstance(factory, LedgerFactory)
        engine = factory.datastore.engine
        assert isinstance(engine, Engine)
        with engine.connect() as connection:
            limit = connection.exec_driver_sql("PRAGMA journal_size_limit").scalar()
    finally:
        ledger.close()

    assert limit == datastore.WAL_SIZE_LIMIT
