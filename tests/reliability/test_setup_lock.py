"""Setting up the ledger's tables on PostgreSQL waits a bounded time for a lock, then says who.

Two real connections force the interleaving: one session holds what the set-up
needs (a read model's table, read in a transaction left open; or the schema
lock, as another process creating tables does) while a command runs. The
schema lock is the ledger's schema's: a ledger in another schema of the same
database sets up while it is held.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from click.testing import Result
from sqlalchemy import Connection, create_engine, text

from portfolio_ledger.storage.schema_lock import schema_lock
from portfolio_ledger.storage.urls import normalise_url
from tests.conftest import Cli
from tests.pg_schemas import postgres_schema

QUICKLY = {"PORTFOLIO_LEDGER_LOCK_TIMEOUT": "1"}
PERSON = ("person", "add", "zoe", "--name", "Zoe", "--holds", "Auditor", "-m", "Registered")


@contextmanager
def session(url: str) -> Iterator[Connection]:
    """Another session on the ledger's schema, its transaction rolled back at the end."""
    engine = create_engine(normalise_url(url))
    try:
        with engine.connect() as connection:
            yield connection
            connection.rollback()
    finally:
        engine.dispose()


@contextmanager
def setting_up(url: str) -> Iterator[int]:
    """The schema lock held as another process setting up the ledger at ``url`` holds it: its pid.

    Waits at most 10 s for it (a lock that is not the schema's own would wait for another).
    """
    engine = create_engine(normalise_url(url))
    try:
        with schema_lock(engine) as connection:
            yield connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
    finally:
        engine.dispose()


def tables_of(url: str) -> int:
    with session(url) as other:
        return int(
            other.execute(
                text("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()")
            ).scalar_one()
        )


def run_beside(run: Cli, holder: Connection, *args: str, wait: dict[str, str] = QUICKLY) -> Result:
    """The command, run (waiting ``wait``) while ``holder`` holds its locks; let go of them if it
    never ends.

    Without a bound the command would wait for ever: the holder's transaction is
    then ended, so the test fails on what the command did instead of hanging.
    """
    results: list[Result] = []
    command = threading.Thread(target=lambda: results.append(run(*args, env=wait)))
    command.start()
    command.join(timeout=120)
    if command.is_alive():
        holder.rollback()
        command.join()
    return results[0]


def test_a_read_model_table_held_by_another_session_is_named_and_nothing_changes(
    postgres_url: str,
) -> None:
    run = Cli(postgres_url)
    assert run("person", "add", "hc", "--name", "H", "--holds", "Chair", "-m", "R").exit_code == 0
    with session(postgres_url) as other:  # the read model must be set up again: untracked
        other.execute(
            text(
                "DELETE FROM portfolio_ledger_tracking "
                "WHERE application_name LIKE 'portfolio_items%'"
            )
        )
        other.commit()
    with session(postgres_url) as reader:
        reader.execute(text("SELECT count(*) FROM portfolio_items"))  # a transaction left open
        pid = reader.execute(text("SELECT pg_backend_pid()")).scalar_one()

        result = run_beside(run, reader, *PERSON)

    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "cannot set up the ledger's tables and read models" in result.output
    assert f"PostgreSQL process {pid} " in result.output
    assert "holding the table portfolio_items" in result.output
    assert f"pg_terminate_backend({pid})" in result.output
    assert "nothing was changed" in result.output
    assert run.events() == 1
    with session(postgres_url) as other:
        tracked = other.execute(text("SELECT application_name FROM portfolio_ledger_tracking"))
        assert not any(name.startswith("portfolio_items") for (name,) in tracked)
    assert run(*PERSON).exit_code == 0  # once let go, the set-up goes ahead


def test_the_schema_lock_held_by_another_process_is_named_and_no_table_is_made(
    postgres_url: str,
) -> None:
    run = Cli(postgres_url)
    with setting_up(postgres_url) as pid:  # as another process creating the ledger's tables
        result = run(*PERSON, env=QUICKLY)

    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert f"PostgreSQL process {pid} " in result.output
    assert "holding the schema lock" in result.output
    assert "nothing was changed" in result.output
    assert tables_of(postgres_url) == 0


def test_a_ledger_in_another_schema_sets_up_while_this_one_is_set_up(postgres_url: str) -> None:
    """Two ledgers in two schemas of one database: neither's set-up waits for the other's."""
    with postgres_schema() as elsewhere, setting_up(elsewhere):
        result = Cli(postgres_url)(*PERSON, env=QUICKLY)  # before: refused after 1 s

        assert result.exit_code == 0, result.output
        assert tables_of(postgres_url) > 0
        assert tables_of(elsewhere) == 0


def test_only_the_sessions_in_this_ledgers_way_are_named(postgres_url: str) -> None:
    """Both ledgers' set-ups held at once: the refusal names this ledger's holder alone."""
    with (
        postgres_schema() as elsewhere,
        setting_up(elsewhere) as theirs,
        setting_up(postgres_url) as ours,  # before: waited for theirs (then refused)
    ):
        result = Cli(postgres_url)(*PERSON, env=QUICKLY)

    assert result.exit_code == 1, result.output
    assert f"PostgreSQL process {ours} " in result.output
    assert f"PostgreSQL process {theirs} " not in result.output
    assert f"pg_terminate_backend({ours})" in result.output


def test_two_set_ups_of_one_ledger_still_take_turns(postgres_url: str) -> None:
    """The command waits for the other set-up (seen waiting for its lock), then goes ahead."""
    results: list[Result] = []
    run = Cli(postgres_url)
    with setting_up(postgres_url) as holder:
        command = threading.Thread(target=lambda: results.append(run(*PERSON)))
        command.start()
        with session(postgres_url) as watcher:
            deadline = time.monotonic() + 60
            while not watcher.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE :holder = ANY(pg_blocking_pids(pid))"
                ),
                {"holder": holder},
            ).scalar_one():
                assert command.is_alive(), results[0].output
                assert time.monotonic() < deadline, "the command never waited for the lock"
                watcher.rollback()
        assert tables_of(postgres_url) == 0  # nothing made while the other set-up holds it
    command.join(timeout=120)

    assert results[0].exit_code == 0, results[0].output
    assert tables_of(postgres_url) > 0
