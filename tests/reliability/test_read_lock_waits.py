"""A read waits for a table another session holds at most the lock timeout, then says who.

On PostgreSQL every read command, and verification, the digest and the
export, waited for ever, saying nothing, behind a session holding the events'
table (or a read model's, or the chain's) in ACCESS EXCLUSIVE mode in a
transaction left open (``LOCK TABLE``, ``ALTER TABLE``, ``VACUUM FULL``): the
first wait was the ledger's head (``Ledger.event_count``), before any bounded
snapshot. Two real sessions force the interleaving: the holder takes the lock
before the command runs and lets go after it; if the command has not come
back within 120 s the holder's transaction is ended (``run_beside``), so the
test fails on what the command did instead of hanging. Once let go, the same
command answers. On SQLite, in WAL mode, a writer's transaction held open
(``BEGIN IMMEDIATE`` or ``EXCLUSIVE``, a write pending) stops no read.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import Result
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.projections.read_models import CurrentReadModels
from portfolio_ledger.projections.runner import Projections
from portfolio_ledger.storage.datastore import LedgerDatastore, rebuild_lock
from portfolio_ledger.storage.errors import explain_database_error
from portfolio_ledger.storage.recorder import LedgerRecorder
from portfolio_ledger.storage.snapshot import hold_snapshot
from portfolio_ledger.storage.urls import normalise_url
from tests.conftest import Cli
from tests.ledger_copies import copy_of, demo
from tests.pg_schemas import postgres_schema, schema_of
from tests.reliability.test_setup_lock import run_beside, session

READS = {
    "items list": ("items", "list"),
    "item show": ("item", "show", "PGM-001"),
    "item history": ("item", "history", "PGM-001"),
    "portfolio": ("portfolio",),
    "economics": ("economics",),
    "portfolio ranking": ("portfolio", "ranking"),
    "board list": ("board", "list"),
    "authority list": ("authority", "list"),
    "organisation list": ("organisation", "list"),
    "audit trail": ("audit", "trail"),
    "audit authority": ("audit", "authority", "PGM-001"),
    "projections status": ("projections", "status"),
    "audit verify": ("audit", "verify"),
    "audit digest": ("audit", "digest"),
}
EVENTS = "portfolio_ledger_events"
HELD = [
    *((EVENTS, args) for args in READS.values()),
    ("portfolio_items", READS["items list"]),
    ("audit_trail", READS["audit trail"]),
    ("portfolio_ledger_tracking", READS["portfolio"]),
    ("portfolio_ledger_chain", READS["audit verify"]),
    ("portfolio_ledger_chain", READS["audit digest"]),
]
QUICKLY = {"PORTFOLIO_LEDGER_LOCK_TIMEOUT": "0.25"}
"""The wait each refused command here is given: a quarter of a second, not test_setup_lock.py's
second (twenty-odd refusals waited it out in turn); refused, and said, alike."""


@pytest.fixture(scope="module")
def demo_url() -> Iterator[str]:
    """The demo ledger on the test server, made once: no test here records anything."""
    with postgres_schema() as url:
        assert Cli(url)("demo").exit_code == 0
        yield url


def recorded(url: str) -> list[tuple[object, ...]]:
    """What the ledger holds, as far as a refused read could have changed it."""
    with session(url) as other:
        events = other.execute(text(f"SELECT count(*), max(id) FROM {EVENTS}")).one()
        tracked = other.execute(
            text("SELECT application_name, notification_id FROM portfolio_ledger_tracking")
        )
        return [tuple(events), *sorted(tuple(row) for row in tracked)]


def refused_behind(url: str, table: str, *args: str) -> tuple[str, int]:
    """The command run while another session holds ``table`` exclusively: what it said, the pid."""
    run = Cli(url)
    with session(url) as holder:
        holder.execute(text(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE"))  # as ALTER TABLE
        pid = holder.execute(text("SELECT pg_backend_pid()")).scalar_one()

        result = run_beside(run, holder, *args, wait=QUICKLY)  # before: waited until it let go

    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "Internal error" not in result.output
    return " ".join(result.output.split()), pid


def said_who_and_what_to_do(said: str, pid: int, table: str, url: str) -> None:
    assert "the ledger at postgresql+psycopg://postgres@" in said
    assert schema_of(url) in said  # the ledger named
    assert f"is held by PostgreSQL process {pid} " in said
    assert f"holding the table {table}" in said
    waited = QUICKLY["PORTFOLIO_LEDGER_LOCK_TIMEOUT"]
    assert f"was not let go within {waited} s" in said  # the wait applied (QUICKLY)
    assert f"(or end it: SELECT pg_terminate_backend({pid}))" in said
    assert "then run the command again (PORTFOLIO_LEDGER_LOCK_TIMEOUT sets how long" in said


@pytest.mark.postgres
@pytest.mark.parametrize(("table", "args"), HELD, ids=[f"{t}-{' '.join(a)}" for t, a in HELD])
def test_a_read_behind_a_table_held_exclusively_is_refused_then_answers(
    demo_url: str, table: str, args: tuple[str, ...]
) -> None:
    before = recorded(demo_url)

    said, pid = refused_behind(demo_url, table, *args)

    said_who_and_what_to_do(said, pid, table, demo_url)
    assert recorded(demo_url) == before  # nothing written
    answered = Cli(demo_url)(*args)  # let go: read as ever
    assert answered.exit_code == 0, answered.output


@pytest.mark.postgres
@pytest.mark.parametrize("table", [EVENTS, "portfolio_ledger_chain"])
def test_an_export_behind_a_table_held_exclusively_is_refused_and_makes_no_file(
    demo_url: str, table: str, tmp_path: Path
) -> None:
    out = tmp_path / "trail.jsonl"

    said, pid = refused_behind(demo_url, table, "audit", "export", "--out", str(out))

    said_who_and_what_to_do(said, pid, table, demo_url)
    assert list(tmp_path.iterdir()) == []
    exported = Cli(demo_url)("audit", "export", "--out", str(out))
    assert exported.exit_code == 0, exported.output
    assert out.exists()


@pytest.mark.postgres
def test_the_wait_said_is_the_wait_applied_whatever_lock_timeout_the_url_sets(
    demo_url: str,
) -> None:
    """The URL's own lock_timeout (10 minutes here) is not what a transaction of the ledger's
    waits: before, the read waited that long (the test's guard ended it), and a refusal quoted
    PORTFOLIO_LEDGER_LOCK_TIMEOUT whatever the URL said."""
    options = str(make_url(demo_url).query["options"]) + " -clock_timeout=600000"
    waiting = make_url(demo_url).update_query_dict({"options": options})

    said, pid = refused_behind(
        waiting.render_as_string(hide_password=False), EVENTS, "audit", "verify"
    )

    said_who_and_what_to_do(said, pid, EVENTS, demo_url)
    assert "the lock_timeout in the URL's options is not used" in said


@pytest.mark.postgres
def test_every_transaction_of_the_ledgers_waits_its_lock_timeout_and_no_longer(
    demo_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bounded as each begins, whoever begins it; the URL's lock_timeout (1 ms) is not used.

    A read that holds a snapshot (set to REPEATABLE READ after the bound) holds it still.
    """
    monkeypatch.setenv("PORTFOLIO_LEDGER_LOCK_TIMEOUT", "2.5")
    options = str(make_url(demo_url).query["options"]) + " -clock_timeout=1"
    url = make_url(demo_url).update_query_dict({"options": options})
    datastore = LedgerDatastore(url=normalise_url(url.render_as_string(hide_password=False)))
    engine = datastore.engine
    assert isinstance(engine, Engine)
    try:
        with engine.connect() as connection:
            assert connection.execute(text("SHOW lock_timeout")).scalar() == "2500ms"
            connection.commit()
            assert connection.execute(text("SHOW lock_timeout")).scalar() == "2500ms"
        with datastore.transaction(commit=False) as orm:
            assert orm.execute(text("SHOW lock_timeout")).scalar() == "2500ms"
    finally:
        engine.dispose()
    models = CurrentReadModels.at(url.render_as_string(hide_password=False))
    assert models is not None
    try:
        with models.reading() as reading:
            assert reading is not None
            assert reading.execute(text("SHOW lock_timeout")).scalar() == "2500ms"
            isolation = reading.execute(text("SHOW transaction_isolation")).scalar()
            assert isolation == "repeatable read"
    finally:
        models.close()


def untimed(output: str) -> str:
    """A command's output less how long it took (verification says)."""
    return re.sub(r"in \d+(\.\d+)? s\b", "in N s", output)


def hold_the_write_lock(file: str, mode: str) -> sqlite3.Connection:
    """Another process's write transaction, left open with a write pending (an import under way)."""
    holder = sqlite3.connect(file, isolation_level=None)
    holder.execute(f"BEGIN {mode}")
    holder.execute("UPDATE portfolio_ledger_tracking SET notification_id = notification_id")
    return holder


@pytest.mark.parametrize("mode", ["IMMEDIATE", "EXCLUSIVE"])
def test_on_sqlite_a_writer_holding_the_file_stops_no_read(
    sqlite_url: str, mode: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """In WAL mode readers read the file as last committed while a writer holds it."""
    copy_of(demo, sqlite_url, request)  # the module's demo ledger, made once
    run = Cli(sqlite_url)
    reads = [*READS.values(), ("audit", "export", "--out", str(tmp_path / "trail.jsonl"))]
    answers = [untimed(run(*args).output) for args in READS.values()]
    holder = hold_the_write_lock(sqlite_url.removeprefix("sqlite:///"), mode)
    try:
        held = [run(*args, env={"PORTFOLIO_LEDGER_LOCK_TIMEOUT": "1"}) for args in reads]
    finally:
        holder.execute("ROLLBACK")
        holder.close()

    assert [result.exit_code for result in held] == [0] * len(reads), [r.output for r in held]
    assert [untimed(result.output) for result in held[:-1]] == answers
    assert (tmp_path / "trail.jsonl").exists()


@pytest.mark.postgres
def test_a_second_rebuild_still_waits_for_the_first_past_the_lock_timeout(
    postgres_url: str,
) -> None:
    """The one wait meant to last: the rebuild lock is waited for as long as the first takes.

    Seen waiting for it (an advisory lock not granted) for three lock timeouts, then let in.
    """
    run = Cli(postgres_url)
    assert run("person", "add", "hc", "--name", "H", "--holds", "Chair", "-m", "R").exit_code == 0
    results: list[Result] = []
    engine = create_engine(normalise_url(postgres_url))
    try:
        with rebuild_lock(engine), session(postgres_url) as watcher:
            second = threading.Thread(
                target=lambda: results.append(run("projections", "rebuild", env=QUICKLY))
            )
            second.start()
            waited, deadline = 0.0, time.monotonic() + 120
            while waited < 3 * float(QUICKLY["PORTFOLIO_LEDGER_LOCK_TIMEOUT"]):
                if watcher.execute(WAITING_FOR_ADVISORY).scalar_one():
                    time.sleep(0.5)
                    waited += 0.5  # counted only while seen waiting
                assert second.is_alive(), results[0].output
                assert time.monotonic() < deadline, "the rebuild was never seen waiting"
                watcher.rollback()
        second.join(timeout=120)
    finally:
        engine.dispose()

    assert results[0].exit_code == 0, results[0].output
    assert "Another rebuild is running; waiting" in results[0].output


REBUILD_LOCK = 71_610_262  # storage/datastore.py's key for the rebuild lock
WAITING_FOR_ADVISORY = text(
    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
    f"AND classid = {REBUILD_LOCK}"
)


@pytest.mark.postgres
def test_a_lock_timeout_with_no_holder_in_sight_names_the_ledger_and_what_governs_the_wait(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A row's lock, or a holder gone by the time it is looked for: no session to name."""
    import psycopg

    monkeypatch.setenv("PORTFOLIO_LEDGER_LOCK_TIMEOUT", "1.5")
    options = str(make_url(postgres_url).query["options"]) + " -c lock_timeout=5000"
    url = make_url(postgres_url).update_query_dict({"options": options})
    error = psycopg.errors.LockNotAvailable("canceling statement due to lock timeout")

    said = explain_database_error(error, url.render_as_string(hide_password=False))

    assert said is not None
    assert said.startswith(
        "canceling statement due to lock timeout: the ledger at postgresql+psycopg://"
    )
    assert schema_of(postgres_url) in said
    assert "did not let go within 1.5 s" in said
    assert "the lock_timeout in the URL's options is not used" in said


def test_a_chain_read_on_the_drivers_cursor_counts_as_the_transactions_first_read(
    run: Cli, opened: tuple[PortfolioLedger, Projections]
) -> None:
    """``hold_snapshot`` leaves a transaction that has read as it is, even when the read ran on
    the driver's own cursor (verification's chain read), which SQLAlchemy does not see.

    No command does this today (each snapshot is held first in its own transaction); before,
    on PostgreSQL, it would have failed: SET TRANSACTION ISOLATION LEVEL must be called
    before any query.
    """
    chain = opened[0].chain
    assert isinstance(chain, LedgerRecorder)
    assert run("person", "add", "hc", "--name", "H", "--holds", "Chair", "-m", "R").exit_code == 0
    with chain.transaction(commit=False) as session:
        assert len(chain.select_chained(None, 1)) == 1

        hold_snapshot(session.connection())  # no error: left as it is

        assert session.execute(text("SELECT 1")).scalar() == 1
