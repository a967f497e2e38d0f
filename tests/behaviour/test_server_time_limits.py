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

from collections.abc import Iterator

import pytest
from sqlalchemy import text
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
