"""A write that waited its time for the append lock names what holds the ledger up.

On PostgreSQL a decision waits for the append lock (an advisory lock) while
another portfolio-ledger process records; when that writer is itself waiting
for a table another session holds (an administrator's ``LOCK TABLE ... IN
EXCLUSIVE MODE`` in ``psql``, a ``CREATE INDEX``, a ``VACUUM FULL``), the
decision used to say only *another writer holds the ledger (an import or a
long command, say)*: waiting for that import to finish would not help, and the
session actually in the way went unnamed. Real processes force the
interleaving: the administrator's session holds the events' table against
writes, a real ``import`` (in its own process, waiting long) takes the append
lock and waits for the table, then a decision is run with a 2 s lock timeout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import cast

import pytest
from sqlalchemy import Connection, text

from tests.conftest import Cli
from tests.pg_schemas import schema_of
from tests.reliability.test_read_lock_waits import EVENTS, recorded
from tests.reliability.test_setup_lock import session

DECISION = (
    "item", "reprioritise", "PGM-002", "--rank", "7", "--authority", "Portfolio Board",
    "-m", "Moved up",
)  # fmt: skip
WAITS = {"PORTFOLIO_LEDGER_LOCK_TIMEOUT": "2"}
APPEND_LOCK = 71_610_261  # storage/schema_lock.py's key for the append lock
APPEND_LOCK_HOLDER = text(
    "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 2 "
    f"AND classid = {APPEND_LOCK} AND objid = hashtext(current_schema())::oid"
)


def start_import(url: str, tmp_path: Path) -> subprocess.Popen[bytes]:
    """A real ``import`` of one decision in a process of its own, waiting up to 2 minutes."""
    line = {
        "command": "item reprioritise", "key": "PGM-001", "rank": 4,
        "authority": "Portfolio Board", "rationale": "Imported",
    }  # fmt: skip
    (tmp_path / "one.jsonl").write_text(json.dumps(line) + "\n")
    env = {
        **os.environ,
        "PORTFOLIO_LEDGER_DB": url,
        "PORTFOLIO_LEDGER_ACTOR": "Sam Patel",
        "PORTFOLIO_LEDGER_ROLE": "PMO",
        "PORTFOLIO_LEDGER_LOCK_TIMEOUT": "120",
    }
    command = [sys.executable, "-m", "portfolio_ledger", "import", str(tmp_path / "one.jsonl")]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def writer_waiting(watcher: Connection, importing: subprocess.Popen[bytes]) -> int:
    """The import's PostgreSQL process, once seen holding the append lock and waiting."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert importing.poll() is None, importing.communicate()[0]
        pid = watcher.execute(APPEND_LOCK_HOLDER).scalar() or 0
        waiting = watcher.execute(
            text("SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = :pid"),
            {"pid": pid},
        ).scalar()
        watcher.rollback()
        if waiting:
            return int(pid)
        time.sleep(0.2)
    raise AssertionError("the import was never seen waiting for the events' table")


@pytest.mark.postgres
def test_a_write_behind_a_writer_held_up_by_a_table_lock_names_the_tables_holder(
    postgres_url: str, tmp_path: Path
) -> None:
    run = Cli(postgres_url)
    assert run("demo").exit_code == 0
    before = recorded(postgres_url)
    with session(postgres_url) as admin, session(postgres_url) as watcher:
        admin.execute(text(f"LOCK TABLE {EVENTS} IN EXCLUSIVE MODE"))  # reads go on
        admin_pid = admin.execute(text("SELECT pg_backend_pid()")).scalar_one()
        importing = start_import(postgres_url, tmp_path)
        try:
            writer_pid = writer_waiting(watcher, importing)

            result = run(*DECISION, env=WAITS)  # before: "another writer holds the ledger"

            assert recorded(postgres_url) == before  # nothing written meanwhile
        finally:
            admin.rollback()  # let go: the import goes on
            imported = importing.communicate(timeout=120)[0].decode()

    said = " ".join(result.output.split())
    assert result.exit_code == 1, said
    assert "Traceback" not in said
    assert "another writer holds the ledger" not in said
    assert "the ledger at postgresql+psycopg://postgres@" in said
    assert schema_of(postgres_url) in said
    assert f"is held by PostgreSQL process {writer_pid} (" in said
    assert "holding the append lock (another writer recording decisions: an import, say)" in said
    assert f"waiting for PostgreSQL process {admin_pid} (user postgres" in said
    assert f"holding the table {EVENTS}" in said
    assert "was not let go within 2 s; nothing was written" in said
    assert f"(or end it: SELECT pg_terminate_backend({admin_pid}))" in said
    assert importing.returncode == 0, imported
    (events, _), (was, _) = recorded(postgres_url)[0], before[0]
    assert events == cast(int, was) + 1  # the import's, not the decision


def test_a_holder_gone_between_the_two_questions_leaves_no_stranger_in_the_hint(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The holder is asked for, then what it waits for: two queries. Before, a holder gone by
    the first and another writer blocked by the second made the message say *another session
    (gone by now)* and end *SELECT pg_terminate_backend(4242)*, a session it had not named."""
    from sqlalchemy import create_engine

    from portfolio_ledger.storage import schema_lock

    answers = iter([("", []), ("process 4242 (user admin)", [4242])])
    monkeypatch.setattr(schema_lock, "_named", lambda *_: next(answers))
    engine = create_engine("postgresql+psycopg://ledger@db.example.org/portfolio")

    said = schema_lock.appending_blocked(engine)

    assert "another session (gone by now)" in said
    assert "4242" not in said


@pytest.mark.postgres
def test_a_write_behind_another_writer_is_told_to_wait_for_it_not_to_end_it(
    postgres_url: str,
) -> None:
    """Another portfolio-ledger writer between its statements (on a loaded machine, paused by
    the scheduler) shows as 'idle in transaction'. Before, the refusal said to ask whoever
    runs it to end that transaction, or end it with pg_terminate_backend: a writer that was
    recording as it should. Now: run again when it has finished; end it only if it never does.
    The writer is a session holding the append lock as the recorder takes it, left idle."""
    run = Cli(postgres_url)
    assert run("demo").exit_code == 0
    before = recorded(postgres_url)
    with session(postgres_url) as writer:
        writer.execute(
            text("SELECT pg_advisory_xact_lock(:key, hashtext(current_schema()))"),
            {"key": APPEND_LOCK},
        )  # as storage/recorder.py takes it, then idle in its transaction
        writer_pid = writer.execute(text("SELECT pg_backend_pid()")).scalar_one()

        result = run(*DECISION, env={"PORTFOLIO_LEDGER_LOCK_TIMEOUT": "1"})

        assert recorded(postgres_url) == before
    said = " ".join(result.output.split())
    assert result.exit_code == 1, said
    assert f"is held by PostgreSQL process {writer_pid} (" in said
    assert "holding the append lock (another writer recording decisions" in said
    assert "Run the command again when it has finished (PORTFOLIO_LEDGER_LOCK_TIMEOUT" in said
    assert (
        "only if it never does (its program stopped or hung), end it: "
        f"SELECT pg_terminate_backend({writer_pid})"
    ) in said
    assert "Ask whoever runs it to finish or end that transaction" not in said


@pytest.mark.parametrize("blocked", ["appending_blocked", "reading_blocked"])
def test_a_holder_gone_by_the_refusal_is_not_someone_to_ask(
    monkeypatch: pytest.MonkeyPatch, blocked: str
) -> None:
    """Under load (ten writers, a lock timeout of 1 s) the holder of the append lock often
    commits between the refusal's timeout and its question who holds it. Before, the refusal
    still said *Ask whoever runs it to finish or end that transaction*: there is no one left
    to ask. Now: it has let go since, run the command again."""
    from sqlalchemy import create_engine

    from portfolio_ledger.storage import schema_lock

    monkeypatch.setattr(schema_lock, "_named", lambda *_, **__: ("", []))
    engine = create_engine("postgresql+psycopg://ledger@db.example.org/portfolio")

    said = getattr(schema_lock, blocked)(engine)

    assert "another session (gone by now)" in said, said
    assert "Ask whoever runs it" not in said, said
    assert "It has let go since: run the command again" in said, said
