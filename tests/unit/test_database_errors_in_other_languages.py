"""A PostgreSQL server whose messages are in another language is understood by its SQLSTATEs.

``lc_messages`` set to German (as a server set up in Germany often is) says a
full disk or a session's time limit in German: the ledger read English words
alone, and said *the database failed ... re-run the command* of each. The
errors here are psycopg's own classes, as the driver raises them, with the
server's German words.
"""

from __future__ import annotations

import psycopg.errors
import pytest
from sqlalchemy.exc import OperationalError

from portfolio_ledger.storage.errors import explain_database_error

URL = "postgresql+psycopg://ledger@db.example.org/portfolio"


def _said(error: Exception) -> str:
    said = explain_database_error(OperationalError("SELECT 1", {}, error), URL)
    assert said is not None
    return said


def test_a_full_disk_said_in_german_is_a_full_disk() -> None:
    words = "konnte Datei nicht erweitern: Auf dem Gerät ist kein Speicherplatz mehr verfügbar"

    said = _said(psycopg.errors.DiskFull(words))

    assert said.startswith(f"the disk holding the ledger is full ({words})")
    assert "the database failed" not in said


@pytest.mark.parametrize(
    ("error", "setting"),
    [
        (psycopg.errors.IdleInTransactionSessionTimeout, "idle_in_transaction_session_timeout"),
        (psycopg.errors.IdleSessionTimeout, "idle_session_timeout"),
    ],
)
def test_a_time_limit_said_in_german_names_its_setting(
    error: type[Exception], setting: str
) -> None:
    said = _said(error("Verbindung wird abgebrochen wegen Zeitüberschreitung"))

    assert f"the PostgreSQL server's {setting}" in said
    assert f"ALTER ROLE \"ledger\" SET {setting} = '10min'" in said
    assert "the database failed" not in said


def test_a_statement_cancelled_in_german_names_both_causes() -> None:
    said = _said(psycopg.errors.QueryCanceled("Anfrage wird storniert"))

    assert "its statement_timeout ended it, or an administrator cancelled it" in said
    assert "the database failed" not in said
