"""A ledger about to be made where there was none, and taking it away if nothing was recorded.

Opening a ledger creates its tables (an SQLite file and its neighbours, or every
table in an empty PostgreSQL schema). A command that checks its input before
opening anything creates nothing when it refuses; an import can only check its
lines against a ledger, so one refused where there was no ledger takes away
what opening it made: the database is left exactly as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import cast

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import SQLAlchemyError

from portfolio_ledger.storage.datastore import (
    LedgerDatastore,
    holds_ledger,
    schema_lock,
    table_names,
)
from portfolio_ledger.storage.urls import normalise_url

EVENTS_TABLE = "portfolio_ledger_events"
_SQLITE_NEIGHBOURS = ("-wal", "-shm", "-journal", ".rebuild-lock")


@dataclass(frozen=True)
class NoLedgerYet:
    """What the database held before a ledger was opened in it: what to take away after."""

    url: str
    absent_files: tuple[Path, ...] = ()
    """SQLite: the ledger file and its neighbours that were not there."""
    empty_file: Path | None = None
    """SQLite: the ledger file, if it was there but empty."""
    tables: frozenset[str] | None = None
    """PostgreSQL: the tables the schema held."""

    def take_away(self) -> None:
        """Remove what opening the ledger made, unless an event was recorded in it meanwhile.

        Call it once the ledger's connections are closed.
        """
        engine = cast(Engine, LedgerDatastore(url=self.url).engine)
        try:
            with schema_lock(engine) as connection:
                if _events(connection) > 0:
                    return  # another process recorded in it: it is theirs now
                if self.tables is not None:
                    quote = connection.dialect.identifier_preparer.quote
                    for name in table_names(connection) - self.tables:
                        connection.execute(text(f"DROP TABLE IF EXISTS {quote(name)} CASCADE"))
        finally:
            engine.dispose()
        for path in self.absent_files:
            path.unlink(missing_ok=True)
        if self.empty_file is not None:
            self.empty_file.write_bytes(b"")


def no_ledger_yet(url: str) -> NoLedgerYet | None:
    """What the database at ``url`` holds, if it holds no ledger yet; None if it does.

    None too where that cannot be told (opening the ledger then says why).
    """
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if not parsed.database or parsed.database == ":memory:" or holds_ledger(url):
            return None
        path = Path(parsed.database)
        files = (path, *(Path(f"{path}{suffix}") for suffix in _SQLITE_NEIGHBOURS))
        return NoLedgerYet(
            url,
            absent_files=tuple(file for file in files if not file.exists()),
            empty_file=path if path.exists() else None,
        )
    engine = cast(Engine, LedgerDatastore(url=url).engine)
    try:
        tables = frozenset(table_names(engine))
    except SQLAlchemyError:
        return None
    finally:
        engine.dispose()
    return None if EVENTS_TABLE in tables else NoLedgerYet(url, tables=tables)


def _events(connection: Connection) -> int:
    if EVENTS_TABLE not in table_names(connection):
        return 0
    return int(
        connection.execute(text("SELECT count(*) FROM portfolio_ledger_events")).scalar_one()
    )
