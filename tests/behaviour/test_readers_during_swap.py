"""Sessions that read the read models in an open transaction while fresh ones are swapped in.

On PostgreSQL the swap drops the live tables, which waits for every session
that has read them in a transaction still open (a report, a BI tool, a psql
session). A large import must not fail for that: it records its events and
brings the live tables up to date row by row, which readers do not block.
An explicit rebuild waits the ledger's lock timeout, then says why it
stopped, the live read models as they were. (SQLite's readers see the file
as it was and never stop a writer.)
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.projections import follow
from portfolio_ledger.projections import rebuild as rebuilding
from portfolio_ledger.storage.urls import normalise_url
from tests.behaviour.test_import_follow import history, imported
from tests.behaviour.test_rebuild_equals_catch_up import rebuilt
from tests.conftest import Cli, snapshot
from tests.reliability.test_setup_lock import session

pytestmark = pytest.mark.postgres


@contextmanager
def reading(url: str) -> Iterator[int]:
    """A session that has read the items' table in a transaction it keeps open; its process."""
    engine = create_engine(normalise_url(url))
    try:
        with engine.connect() as connection:
            transaction = connection.begin()
            process = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
            connection.execute(text("SELECT count(*) FROM portfolio_items")).scalar()
            try:
                yield process
            finally:
                transaction.rollback()
    finally:
        engine.dispose()


def shadows_left(url: str) -> list[str]:
    engine = create_engine(normalise_url(url))
    try:
        return [name for name in inspect(engine).get_table_names() if "__r" in name]
    finally:
        engine.dispose()


def test_a_bulk_import_with_a_reader_in_the_way_records_and_catches_up_row_by_row(
    postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(follow, "SWAP_WAIT_SECONDS", 0.2)
    monkeypatch.setattr(rebuilding, "SWAP_WAIT_SECONDS", 0.2)
    swaps = []
    swap = rebuilding.Shadows.swap

    def counted(shadows: rebuilding.Shadows, *args: object) -> None:
        swaps.append(args)
        swap(shadows, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(rebuilding.Shadows, "swap", counted)
    lines = history(tmp_path, 700)
    imported(postgres_url, lines[:50], tmp_path)  # the read models' tables exist
    swaps.clear()

    with reading(postgres_url):
        result, lags, tables, _ = imported(postgres_url, lines[50:], tmp_path)

    assert not result.refusals, result.refusals[:3]
    assert result.recorded >= len(lines) - 50
    assert lags == {0}
    assert len(swaps) == 1  # the import's own, refused; the catch-up went row by row
    assert shadows_left(postgres_url) == []
    assert tables == rebuilt(postgres_url)


def test_a_rebuild_with_a_reader_in_the_way_says_so_and_leaves_the_read_models(
    postgres_url: str, tmp_path: Path
) -> None:
    imported(postgres_url, history(tmp_path, 300), tmp_path)
    _, models = open_ledger(postgres_url)
    before = snapshot(models)
    run = Cli(postgres_url)

    with reading(postgres_url) as reader:
        result = run("projections", "rebuild", env={"PORTFOLIO_LEDGER_LOCK_TIMEOUT": "0.5"})

    assert result.exit_code == 1, result.output
    # The session in the way is named, as every other lock it waited for is (before, only
    # "another session ... (a report, a BI tool, a psql session)", whoever it was).
    said = " ".join(result.output.split())
    assert f"the read models are in use by PostgreSQL process {reader} (user " in said
    assert "idle in transaction since" in said
    assert "last query 'SELECT count(*) FROM portfolio_items'" in said
    assert "holding the table portfolio_items, so the rebuilt ones could not" in said
    assert "within 0.5 s" in result.output
    assert "Traceback" not in result.output
    assert snapshot(models) == before
    assert shadows_left(postgres_url) == []
    models.ledger.close()


SWAP_WAITING = text(
    "SELECT pid FROM pg_locks WHERE locktype = 'relation' AND NOT granted "
    "AND mode = 'AccessExclusiveLock' AND relation = 'portfolio_items'::regclass"
)


def swap_waiting(url: str, rebuilding: subprocess.Popen[bytes]) -> int:
    """The rebuild's PostgreSQL process, once seen waiting to take the items' table."""
    deadline = time.monotonic() + 120
    with session(url) as watcher:
        while time.monotonic() < deadline:
            assert rebuilding.poll() is None, rebuilding.communicate()[0]
            pid = watcher.execute(SWAP_WAITING).scalar()
            watcher.rollback()
            if pid:
                return int(pid)
            time.sleep(0.2)
    raise AssertionError("the rebuild was never seen waiting to swap in its tables")


def test_a_read_queued_behind_a_waiting_swap_names_it_and_the_reader_it_waits_for(
    postgres_url: str, tmp_path: Path
) -> None:
    """A rebuild's swap waiting for a reader's open transaction has every later read of the
    table queued behind it (PostgreSQL grants locks in turn). Before, such a read, refused
    at its lock timeout, said the lock *was held by another session (gone by now)*: no one
    held the table exclusively yet, and both sessions in its way were there. Now it names the
    rebuild waiting and the reader it waits for, the one to end. A real rebuild, in its own
    process, is seen waiting before the read is made."""
    imported(postgres_url, history(tmp_path, 300), tmp_path)
    env = {
        **os.environ,
        "PORTFOLIO_LEDGER_DB": postgres_url,
        "PORTFOLIO_LEDGER_LOCK_TIMEOUT": "120",
    }
    command = [sys.executable, "-m", "portfolio_ledger", "projections", "rebuild"]
    with reading(postgres_url) as reader:
        rebuilding = subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        try:
            swapper = swap_waiting(postgres_url, rebuilding)
            result = Cli(postgres_url)("portfolio", env={"PORTFOLIO_LEDGER_LOCK_TIMEOUT": "1"})
        except BaseException:
            rebuilding.kill()
            raise
    rebuilt_said = rebuilding.communicate(timeout=120)[0].decode()  # the reader let go

    said = " ".join(result.output.split())
    assert result.exit_code == 1, said
    assert "Traceback" not in said, said
    assert "gone by now" not in said, said
    assert f"is held by PostgreSQL process {swapper} (" in said, said
    assert "waiting to take the table portfolio_items exclusively (a rebuild swapping in" in said
    assert f"itself waiting for PostgreSQL process {reader} (user " in said, said
    assert "holding the table portfolio_items, and was not let go within 1 s" in said, said
    assert f"SELECT pg_terminate_backend({reader})" in said, said
    assert rebuilding.returncode == 0, rebuilt_said
