"""On PostgreSQL, a server with no connection free refuses a command saying so, and what to do.

Many processes at once (writers, readers, an import, a rebuild, BI tools)
can take every connection a server allows (``max_connections``) or a role
may hold (``CONNECTION LIMIT``). The command was refused as if the server
were down: *Check the URL ... and, for a server, that it is running and
reachable*; a rebuild that needed one more connection said *check the
database*. A role of this test's own, limited to one connection, and a real
session holding it, force the refusal.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from uuid import uuid4

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from portfolio_ledger.storage.errors import explain_database_error
from portfolio_ledger.storage.urls import normalise_url
from tests.behaviour.test_least_privilege import as_role
from tests.conftest import Cli

PROPOSE = ("item", "propose", "PRJ-002", "--kind", "project", "--title", "T", "--owner", "O")
PROPOSE_REST = ("--sponsor", "S", "--category", "C", "-m", "Why")


@pytest.fixture
def one_connection_role(postgres_url: str) -> Iterator[str]:
    """A login role of this test's own that may hold one connection, with the ledger's schema."""
    role = f"pl_one_{uuid4().hex[:10]}"
    admin = create_engine(normalise_url(postgres_url))
    with admin.begin() as connection:
        schema = connection.execute(text("SELECT current_schema()")).scalar_one()
        connection.execute(text(f'CREATE ROLE "{role}" LOGIN CONNECTION LIMIT 1'))
        connection.execute(text(f'GRANT USAGE, CREATE ON SCHEMA "{schema}" TO "{role}"'))
    try:
        yield role
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP OWNED BY "{role}" CASCADE'))
            connection.execute(text(f'DROP ROLE "{role}"'))
        admin.dispose()


def _said_so(message: str) -> None:
    assert "too many connections for role" in message
    assert "has no connection free for this command" in message
    assert "Run the command again when fewer sessions are connected" in message
    assert "CONNECTION LIMIT" in message
    assert "running and reachable" not in message  # before: as if the server were down
    assert "check the database" not in message


@pytest.mark.postgres
def test_a_command_with_no_connection_free_says_so_and_writes_nothing(
    postgres_url: str, one_connection_role: str
) -> None:
    owner = Cli(postgres_url)
    first = owner(*PROPOSE[:2], "PRJ-001", *PROPOSE[3:], *PROPOSE_REST)
    assert first.exit_code == 0, first.output
    admin = create_engine(normalise_url(postgres_url))
    with admin.begin() as connection:
        schema = connection.execute(text("SELECT current_schema()")).scalar_one()
        for kind in ("TABLES", "SEQUENCES"):
            connection.execute(
                text(f'GRANT ALL ON ALL {kind} IN SCHEMA "{schema}" TO "{one_connection_role}"')
            )
    admin.dispose()
    url = as_role(postgres_url, one_connection_role)
    holder = create_engine(normalise_url(url))
    try:
        with holder.connect() as held:  # the role's one connection, taken
            held.execute(text("SELECT 1"))
            refused = Cli(url)(*PROPOSE, *PROPOSE_REST)
            with pytest.raises(OperationalError) as second:
                create_engine(normalise_url(url)).connect()
        assert refused.exit_code == 1, refused.output
        assert "Traceback" not in refused.output
        _said_so(refused.output)
        assert "Nothing was written" in refused.output
        assert owner.events() == 1  # nothing was written
        # Met by a command already under way (a rebuild's second connection), said the same.
        explained = explain_database_error(second.value, url)
        assert explained is not None
        _said_so(explained)
    finally:
        holder.dispose()  # the connection closed, not kept in the pool
    _until_the_server_lets_go(postgres_url, one_connection_role)
    recorded = Cli(url)(*PROPOSE, *PROPOSE_REST)  # let go: the role records as ever
    assert recorded.exit_code == 0, recorded.output
    assert owner.events() == 2


def _until_the_server_lets_go(admin_url: str, role: str, seconds: float = 30.0) -> None:
    """Wait until the server has no session of ``role`` left.

    A client's close returns before the server's backend for it has exited,
    and the role's connection limit counts that backend until it has: on a
    busy machine the next connection came in first and was refused (CI saw it).
    """
    admin = create_engine(normalise_url(admin_url))
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            with admin.connect() as connection:
                left = connection.execute(
                    text("SELECT count(*) FROM pg_stat_activity WHERE usename = :role"),
                    {"role": role},
                ).scalar_one()
            if not left:
                return
            time.sleep(0.05)
    finally:
        admin.dispose()
    raise AssertionError(f"the server kept a session of {role} for {seconds:g} s")
