"""A rebuild whose connection the database drops says the rebuild failed, and what stands.

A rebuild reads the events through the driver's own cursor. Its connection ended under
it (the server's administrator ending the session, ``pg_terminate_backend``; a server
restarted; on SQLite, a disk error) raised the driver's error, not SQLAlchemy's, and the
rebuild said only *the database failed: terminating connection due to administrator
command. Nothing more was written*: not that the rebuild failed, nor that the read
models are those of before, as a rebuild refused by SQLAlchemy's errors says. The
driver's error is put where its reads raise it, as a real ``pg_terminate_backend`` did.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from portfolio_ledger.projections import rebuild as rebuilding
from tests.conftest import Cli


def _driver_error(url: str) -> Exception:
    """What the driver raises when the connection under a read is gone."""
    if url.startswith("sqlite"):
        return sqlite3.OperationalError("disk I/O error")
    import psycopg

    return psycopg.OperationalError("terminating connection due to administrator command")


def test_a_rebuild_whose_connection_ends_says_the_read_models_are_as_they_were(
    run: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("demo").exit_code == 0
    before = run("portfolio", "--json").stdout
    error = _driver_error(run.url)

    def connection_gone(*args: Any, **kwargs: Any) -> int:
        raise error  # as its first read of the events, say

    monkeypatch.setattr(rebuilding, "rebuild", connection_gone)
    result = run("projections", "rebuild")

    said = " ".join(result.output.split())
    assert result.exit_code == 1, said
    assert said.startswith(
        "Error: the rebuild failed and the previous read models are still in place: "
    ), said
    assert str(error) in said
    monkeypatch.undo()
    assert run("portfolio", "--json").stdout == before
    assert run("audit", "verify", "--read-models").exit_code == 0
