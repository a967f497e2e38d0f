"""A read whose read models lag, while another process holds the SQLite ledger's write lock.

A read brings the read models up to the ledger's last decision before it
answers; catching up writes, so it waits for a writer holding the file (an
import's one transaction, say) up to the lock timeout. It then said only the
driver's words, ``Error: (sqlite3.OperationalError) database is locked``: no
thing, no rule, no fix. It now says another process holds the ledger, how
long it waited, and that the read models catch up once it has finished.
(On PostgreSQL a catch-up never waits for an appender: no such wait.)
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest

from portfolio_ledger.bootstrap import open_ledger
from tests.builders import propose
from tests.conftest import Cli


@pytest.fixture
def lagging(sqlite_url: str) -> str:
    """A ledger with a decision its read models have not caught up with yet."""
    ledger, models = open_ledger(sqlite_url)
    try:
        ledger.handle(propose("PRJ-001"))
        ledger.read_models = None  # recorded; its catch-up left for the next command
        ledger.handle(propose("PRJ-002"))
        assert min(models.positions().values()) == 1
    finally:
        ledger.close()
    return sqlite_url


@pytest.fixture
def held(lagging: str) -> Iterator[str]:
    """Another process's transaction holding the write lock (an import under way)."""
    holder = sqlite3.connect(lagging.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield lagging
    finally:
        holder.execute("ROLLBACK")
        holder.close()


@pytest.mark.parametrize(
    "command",
    [["portfolio", "--json"], ["audit", "trail"], ["economics"]],
    ids=["portfolio", "trail", "economics"],
)
def test_a_read_that_cannot_catch_up_behind_a_writer_says_so(held: str, command: list[str]) -> None:
    result = Cli(held)(*command, env={"PORTFOLIO_LEDGER_LOCK_TIMEOUT": "1"})

    assert result.exit_code == 1, result.output
    assert "sqlite3" not in result.output
    assert "another process holds the ledger" in result.output
    assert "within 1 s" in result.output
    assert "read models" in result.output
    assert "PORTFOLIO_LEDGER_LOCK_TIMEOUT" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_once_the_writer_lets_go_the_read_catches_up_and_answers(lagging: str) -> None:
    result = Cli(lagging)("portfolio", "--json")
    assert result.exit_code == 0, result.output
    assert "PRJ-002" in result.output


def test_the_read_model_check_behind_a_writer_is_refused_not_failed(held: str) -> None:
    """It said *FAILED: read models ... the read models are not [intact] ... run 'projections
    rebuild'* of read models that were only waiting for the writer: no finding, a wait."""
    result = Cli(held)(
        "audit", "verify", "--read-models", env={"PORTFOLIO_LEDGER_LOCK_TIMEOUT": "1"}
    )

    assert result.exit_code == 1, result.output
    assert "FAILED" not in result.output
    assert "projections rebuild" not in result.output
    assert "another process holds the ledger" in result.output
    assert len(result.output.strip().splitlines()) == 1
