"""Setting up the ledger's tables on PostgreSQL waits a bounded time for a lock, then says who.

Two real connections force the interleaving: one session holds what the set-up
needs (a read model's table, read in a transaction left open; or the schema
lock, as another process creating tables does) while a command runs.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from click.testing import Result
from sqlalchemy import Connection, create_engine, text

from portfolio_ledger.storage.urls import normalise_url
from tests.conftest import Cli

SCHEMA_LOCK = 7_161_026_001
"""The key of the schema lock (storage/schema_lock.py), as another process takes it."""
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


def run_beside(run: Cli, holder: Connection, *args: str) -> Result:
    """The command, run while ``holder`` holds its locks; let go of them if it never ends.

    Without a bound the command would wait for ever: the holder's transaction is
    then ended, so the test fails on what the command did instead of hanging.
    """
    results: list[Result] = []
    command = threading.Thread(target=lambda: results.append(run(*args, env=QUICKLY)))
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
    with session(postgres_url) as other:  # as another process creating the ledger's tables
        other.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK})
        pid = other.execute(text("SELECT pg_backend_pid()")).scalar_one()

        result = run_beside(run, other, *PERSON)

    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert f"PostgreSQL process {pid} " in result.output
    assert "holding the schema lock" in result.output
    assert "nothing was changed" in result.output
    with session(postgres_url) as other:
        tables = other.execute(
            text("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()")
        ).scalar_one()
    assert tables == 0
