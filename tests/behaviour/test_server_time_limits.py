"""A PostgreSQL server's time limit that ends a command is named, with the setting to change.

A role, database or server may set ``statement_timeout`` (or
``idle_in_transaction_session_timeout``). A command it ended said *the database failed:
canceling statement due to statement timeout ... check the database and re-run the
command*, or, as the ledger opened, *Check the URL ... that it is running and reachable*:
run again, it fails again, and the server was reachable. Now the refusal names the
setting, what it ends, and how to give the ledger's role a longer one
(``storage/server_limits.py``). A statement waiting for a lock counts towards
``statement_timeout``, so a table held by another session makes any limit shorter than
the ledger's own lock timeout end the read, whatever the machine's speed.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import Connection, text
from sqlalchemy.engine import make_url

from portfolio_ledger.storage.server_limits import server_time_limit
from tests.conftest import Cli
from tests.pg_schemas import admin_engine, schema_of


@pytest.fixture
def limited(postgres_ledger_url: str) -> Iterator[Cli]:
    """The ledger, its sessions' statements limited to 100 ms, a table held by another."""
    url = make_url(postgres_ledger_url)
    options = f"{url.query['options']} -cstatement_timeout=100"
    run = Cli(url.update_query_dict({"options": options}).render_as_string(False))
    with admin_engine().connect() as holder, holder.begin():
        table = f'"{schema_of(postgres_ledger_url)}".portfolio_items'
        holder.execute(text(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE"))
        yield run


@pytest.mark.postgres
@pytest.mark.parametrize("command", [("portfolio",), ("items", "list", "--json")])
def test_a_statement_the_server_s_statement_timeout_ended_names_the_setting(
    limited: Cli, command: tuple[str, ...]
) -> None:
    result = limited(*command)

    said = " ".join(result.output.split())
    assert result.exit_code == 1, said
    assert "canceling statement due to statement timeout" in said
    assert "the PostgreSQL server's statement_timeout" in said
    assert "ALTER ROLE \"postgres\" SET statement_timeout = '10min'" in said
    assert "?options=-cstatement_timeout%3D0" in said
    assert "re-run the command" not in said
    assert "running and reachable" not in said
    assert "Traceback" not in said


def test_the_idle_in_transaction_limit_is_named_with_its_setting() -> None:
    words = "terminating connection due to idle-in-transaction timeout"

    said = server_time_limit(words, "Nothing more was written", "ledger_app")

    assert said is not None
    assert said.startswith(f"{words}: the PostgreSQL server's idle_in_transaction_session_timeout")
    assert 'ALTER ROLE "ledger_app" SET idle_in_transaction_session_timeout' in said
    assert "Nothing more was written." in said
    assert server_time_limit("disk full", "Nothing was written", None) is None


@pytest.mark.parametrize(
    ("words", "sqlstate", "setting"),
    [
        ("Verbindung wird abgebrochen wegen Zeitüberschreitung in inaktiver Transaktion",
         "25P03", "idle_in_transaction_session_timeout"),
        ("Verbindung wird abgebrochen wegen Zeitüberschreitung in inaktiver Sitzung",
         "57P05", "idle_session_timeout"),
    ],
)  # fmt: skip
def test_a_limit_said_in_another_language_is_known_by_its_sqlstate(
    words: str, sqlstate: str, setting: str
) -> None:
    # A server whose lc_messages is German said its limit in German: the English words
    # matched nothing, and the user read 'the database failed ... re-run the command'.
    said = server_time_limit(words, "Nothing more was written", "ledger_app", sqlstate)

    assert said is not None
    assert said.startswith(f"{words}: the PostgreSQL server's {setting}")
    assert f'ALTER ROLE "ledger_app" SET {setting}' in said


def test_a_cancelled_statement_in_another_language_names_both_causes() -> None:
    words = "Anfrage wird storniert wegen Zeitüberschreitung der Anweisung"

    said = server_time_limit(words, "Nothing more was written", None, "57014")

    assert said is not None
    assert "its statement_timeout ended it, or an administrator cancelled it" in said
    assert "ALTER ROLE ROLE SET statement_timeout = '10min'" in said


@pytest.mark.postgres
def test_a_read_an_administrator_cancels_is_not_said_to_be_the_database_failing(
    postgres_ledger_url: str,
) -> None:
    # pg_cancel_backend gives the same SQLSTATE as the statement timeout (57014), in other
    # words ('due to user request'): it was 'the database failed ... re-run the command'.
    run = Cli(postgres_ledger_url)
    assert run("init").exit_code == 0
    command = [sys.executable, "-m", "portfolio_ledger", "--db", postgres_ledger_url, "portfolio"]
    table = f'"{schema_of(postgres_ledger_url)}".portfolio_items'
    with admin_engine().connect() as holder, holder.begin():
        holder.execute(text(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE"))
        reading = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
        with admin_engine().connect() as admin:
            cancelled = False
            for _ in range(600):  # until the read waits on the lock (a minute at most)
                waiting = admin.execute(text(WAITING), {"holder": _pid(holder)}).scalars().all()
                if waiting:
                    cancelled = bool(admin.execute(text(CANCEL), {"pid": waiting[0]}).scalar())
                    break
                admin.rollback()  # pg_stat_activity is read once a transaction
                time.sleep(0.1)
        _, said = reading.communicate(timeout=120)
    said = " ".join(said.split())

    assert cancelled, said
    assert reading.returncode == 1, said
    assert "due to user request" in said
    assert "or an administrator cancelled it (pg_cancel_backend)" in said
    assert "Traceback" not in said


WAITING = (
    "select pid from pg_stat_activity where wait_event_type = 'Lock' "
    "and :holder = any(pg_blocking_pids(pid))"
)
CANCEL = "select pg_cancel_backend(:pid)"


def _pid(connection: Connection) -> int:
    return int(connection.execute(text("select pg_backend_pid()")).scalar_one())
