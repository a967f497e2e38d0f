"""Where events are stored: one SQLAlchemy URL picks an SQLite file or a PostgreSQL server.

This module owns the event table's write path, so it is one of the few that
import SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any, cast

from eventsourcing.persistence import PersistenceError, StoredEvent
from eventsourcing.utils import Environment
from eventsourcing_sqlalchemy.datastore import SQLAlchemyDatastore
from eventsourcing_sqlalchemy.factory import SQLAlchemyFactory
from eventsourcing_sqlalchemy.recorders import SQLAlchemyApplicationRecorder
from sqlalchemy import Table, event, insert, text
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session

from portfolio_ledger.application.errors import DatabaseURLError

# A single INSERT of tens of thousands of rows can hang psycopg's pipeline
# mode; every save is sent in statements of at most this many rows, all in
# the one transaction, so a save stays atomic however large it is.
MAX_ROWS_PER_STATEMENT = 500
SQLITE_BUSY_TIMEOUT_SECONDS = 30
POSTGRES_CONNECT_TIMEOUT_SECONDS = 5

# What opening a ledger can fail with when the database, not the code, is at fault.
OPEN_ERRORS = (SQLAlchemyError, PersistenceError, OSError)

SUPPORTED = (
    "use sqlite:///PATH (or just a file path) for an embedded ledger, or "
    "postgresql://USER@HOST:PORT/DATABASE for a PostgreSQL server"
)


def normalise_url(raw: str) -> str:
    """Turn what a user typed into the SQLAlchemy URL the ledger opens.

    A plain path is an SQLite file; ``postgres://`` and ``postgresql://`` use
    psycopg 3. Anything else is refused with the forms that work.
    """
    text = raw.strip()
    if not text:
        raise DatabaseURLError(f"the database URL is empty; {SUPPORTED}")
    if "://" not in text:
        return f"sqlite:///{Path(text).expanduser().resolve()}"
    try:
        url = make_url(text)
    except (ArgumentError, ValueError):
        # Not echoed: a URL that cannot be parsed cannot have its password hidden.
        raise DatabaseURLError(
            f"the database URL given is not a database URL; {SUPPORTED}"
        ) from None
    backend = url.get_backend_name()
    # A bare "postgresql://" means the default driver, which is psycopg 3 here.
    driver = url.drivername.partition("+")[2] or "psycopg"
    if backend in {"postgres", "postgresql"}:
        if driver != "psycopg":
            raise DatabaseURLError(
                f"PostgreSQL driver {driver!r} is not supported; use postgresql+psycopg://"
            )
        return url.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    if backend == "sqlite":
        if not url.database or url.database == ":memory:":
            raise DatabaseURLError(
                "an in-memory SQLite ledger would vanish when the command ends; "
                "give a file, e.g. sqlite:///ledger.db"
            )
        return text
    raise DatabaseURLError(f"{backend!r} databases are not supported; {SUPPORTED}")


def describe_url(url: str) -> str:
    """The URL as safe to print: password hidden, SQLite shown as its file."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"SQLite file {parsed.database}"
    return _redact(url)


def is_postgres(url: str) -> bool:
    """Whether the URL names a PostgreSQL server."""
    return make_url(url).get_backend_name() == "postgresql"


def _redact(text: str) -> str:
    try:
        return make_url(text).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return "<unreadable URL>"


class LedgerDatastore(SQLAlchemyDatastore):
    """The eventsourcing-sqlalchemy datastore, with durable and patient connections."""

    def __init__(self, *, url: str | None = None, **kwargs: Any) -> None:
        if url is not None:
            parsed: URL = make_url(url)
            connect_args = dict(kwargs.pop("connect_args", {}))
            if parsed.get_backend_name() == "sqlite":
                connect_args.setdefault("timeout", SQLITE_BUSY_TIMEOUT_SECONDS)
            elif "connect_timeout" not in parsed.query:
                connect_args.setdefault("connect_timeout", POSTGRES_CONNECT_TIMEOUT_SECONDS)
            kwargs["connect_args"] = connect_args
        super().__init__(url=url, **kwargs)
        if self.is_sqlite_filedb and self.engine is not None:
            event.listen(self.engine, "connect", _sqlite_durability)


def _sqlite_durability(dbapi_connection: Any, _record: Any) -> None:
    # WAL is switched on by the datastore; FULL makes every commit durable
    # through power loss, at the price of one more fsync per transaction
    # (see docs/reliability.md).
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


# Any fixed number: the key of the PostgreSQL advisory lock that serialises
# creating the ledger's tables.
_SCHEMA_LOCK = 7_161_026_001


@contextmanager
def schema_lock(engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction that no other process can create tables alongside.

    Two processes opening a new ledger at once would otherwise both find a
    table missing and both create it, and one would fail.
    """
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SCHEMA_LOCK})
        elif engine.dialect.name == "sqlite":
            # Take the write lock now, so checking for a table and creating
            # it happen under it (the driver would begin only at the first write).
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        yield connection


def create_tables(engine: Engine, tables: Iterable[Table]) -> None:
    """Create whichever of these tables do not exist yet, safely against other processes."""
    with schema_lock(engine) as connection:
        for table in tables:
            table.create(connection, checkfirst=True)


class LedgerRecorder(SQLAlchemyApplicationRecorder):
    """Inserts events in bounded statements within one transaction, returning their positions."""

    def create_table(self) -> None:
        """Create the events table if need be, even with other processes doing the same."""
        assert self.datastore.engine is not None
        create_tables(cast(Engine, self.datastore.engine), self.tables)

    def _insert_stored_events(
        self, session: Session, stored_events: Sequence[StoredEvent], **_kwargs: Any
    ) -> Sequence[int]:
        table = self.events_record_cls.__table__
        # Taken before the first insert (PostgreSQL: an exclusive table lock),
        # so positions commit in the order they are given out.
        self._lock_table(session)
        positions: list[int] = []
        statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        for chunk in _chunks(stored_events, MAX_ROWS_PER_STATEMENT):
            rows = [
                {
                    "originator_id": e.originator_id,
                    "originator_version": e.originator_version,
                    "topic": e.topic,
                    "state": e.state,
                }
                for e in chunk
            ]
            positions.extend(session.execute(statement, rows).scalars())
        self._notify_channel(session)
        return positions


def _chunks(items: Sequence[StoredEvent], size: int) -> Iterator[Sequence[StoredEvent]]:
    iterator = iter(items)
    while chunk := tuple(islice(iterator, size)):
        yield chunk


class LedgerFactory(SQLAlchemyFactory):
    """eventsourcing-sqlalchemy's factory, with the ledger's datastore and recorder."""

    datastore_class = LedgerDatastore
    application_recorder_class = LedgerRecorder

    def __init__(self, env: Environment) -> None:
        super().__init__(env)
