"""Where events are stored: one SQLAlchemy URL picks an SQLite file or a PostgreSQL server.

This module owns the event table's write path, so it is one of the few that
import SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, cast
from uuid import UUID

from eventsourcing.persistence import Notification, PersistenceError, StoredEvent
from eventsourcing.utils import Environment
from eventsourcing_sqlalchemy.datastore import SQLAlchemyDatastore
from eventsourcing_sqlalchemy.factory import SQLAlchemyFactory
from eventsourcing_sqlalchemy.recorders import SQLAlchemyApplicationRecorder
from sqlalchemy import (
    BigInteger,
    Column,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    event,
    func,
    insert,
    select,
    text,
    type_coerce,
    update,
)
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session

from portfolio_ledger.application.chain import (
    GENESIS,
    ChainedEvent,
    ChainLink,
    next_link,
    record_bytes,
)
from portfolio_ledger.application.errors import (
    ChainBroken,
    DatabaseURLError,
    LeastPrivilegeError,
)

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


# Any fixed 32-bit number: with a hash of the schema's name, the key of the
# PostgreSQL advisory lock that serialises appends to one ledger.
_APPEND_LOCK = 71_610_261
POSITION = BigInteger().with_variant(Integer(), "sqlite")


def define_chain_table(metadata: MetaData, name: str) -> Table:
    """The chain: one row per event position, naming the event it linked and the link."""
    return Table(
        name,
        metadata,
        Column("position", POSITION, primary_key=True, autoincrement=False),
        Column("originator_id", String(32), nullable=False),
        Column("originator_version", POSITION, nullable=False),
        Column("hash", String(64), nullable=False),
        Index(f"{name}_event_idx", "originator_id", "originator_version", unique=True),
    )


def define_requests_table(metadata: MetaData, name: str) -> Table:
    """Requests already recorded: a client's request id, what it asked, where it landed."""
    return Table(
        name,
        metadata,
        Column("request_id", String(100), primary_key=True),
        Column("fingerprint", String(64), nullable=False),
        Column("subject", String(64), nullable=False),
        Column("position", POSITION, nullable=False),
    )


@dataclass(frozen=True, slots=True)
class Request:
    """A request to record, once: its id, a fingerprint of what it asks, its subject."""

    request_id: str
    fingerprint: str
    subject: str


@dataclass(frozen=True, slots=True)
class RequestRecorded:
    """A request found already recorded: what it asked, and the position it ended at."""

    fingerprint: str
    subject: str
    position: int


class LedgerRecorder(SQLAlchemyApplicationRecorder):
    """Appends events and their hash-chain links in one transaction, in bounded statements.

    Positions are given out here, under a lock held until commit, as the
    chain's head plus one, two, ...: so positions run without gaps on both
    databases (a PostgreSQL sequence leaves gaps when a transaction rolls
    back), commit in order, and every event is linked to the one before it.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.events_table: Table = self.events_record_cls.__table__
        stem = self.events_table_name.removesuffix("_events")
        metadata = MetaData()
        self.chain_table = define_chain_table(metadata, f"{stem}_chain")
        self.requests_table = define_requests_table(metadata, f"{stem}_requests")
        self.tables.extend([self.chain_table, self.requests_table])

    def create_table(self) -> None:
        """Create the events and chain tables if need be, even with other processes doing so."""
        assert self.datastore.engine is not None
        create_tables(cast(Engine, self.datastore.engine), self.tables)

    def _insert_stored_events(
        self,
        session: Session,
        stored_events: Sequence[StoredEvent],
        *,
        request: Request | None = None,
        **_kwargs: Any,
    ) -> Sequence[int]:
        if not stored_events:
            return []
        position, link = self._claim_head(session)
        events: list[dict[str, Any]] = []
        links: list[dict[str, Any]] = []
        for stored in stored_events:
            position += 1
            originator_id = _as_uuid(stored.originator_id)
            link = next_link(
                link,
                record_bytes(
                    position,
                    originator_id.bytes,
                    stored.originator_version,
                    stored.topic,
                    stored.state,
                ),
            )
            events.append(
                {
                    "id": position,
                    "originator_id": originator_id,
                    "originator_version": stored.originator_version,
                    "topic": stored.topic,
                    "state": stored.state,
                }
            )
            links.append(
                {
                    "position": position,
                    "originator_id": originator_id.hex,
                    "originator_version": stored.originator_version,
                    "hash": link.hex(),
                }
            )
        for table, rows in ((self.events_table, events), (self.chain_table, links)):
            for chunk in _chunks(rows, MAX_ROWS_PER_STATEMENT):
                session.execute(insert(table), chunk)
        if request is not None:
            self.insert_request(session, request, position)
        self._notify_channel(session)
        return [row["id"] for row in events]

    def insert_request(self, session: Session, request: Request, position: int) -> None:
        """Note that ``request`` was recorded, ending at ``position``, in the open transaction.

        The request id is unique, so a second, concurrent copy of the request
        fails here and its whole save with it.
        """
        session.execute(
            insert(self.requests_table).values(
                request_id=request.request_id,
                fingerprint=request.fingerprint,
                subject=request.subject,
                position=position,
            )
        )

    def select_request(self, request_id: str) -> RequestRecorded | None:
        """The request recorded under this id, if any."""
        table = self.requests_table
        with self.transaction(commit=False) as session:
            row = session.execute(
                select(table.c.fingerprint, table.c.subject, table.c.position).where(
                    table.c.request_id == request_id
                )
            ).first()
        return None if row is None else RequestRecorded(row.fingerprint, row.subject, row.position)

    def _claim_head(self, session: Session) -> tuple[int, bytes]:
        """Lock out other appenders until commit; return the chain's head position and link."""
        chain = self.chain_table
        if session.get_bind().dialect.name == "postgresql":
            session.execute(
                text("SELECT pg_advisory_xact_lock(:key, hashtext(current_schema()))"),
                {"key": _APPEND_LOCK},
            )
        else:
            # A write that changes nothing takes SQLite's write lock before
            # anything is read, so the head cannot move under us.
            session.execute(
                update(chain).where(chain.c.position < 0).values(position=chain.c.position)
            )
        head = session.execute(
            select(chain.c.position, chain.c["hash"]).order_by(chain.c.position.desc()).limit(1)
        ).first()
        last_event = session.execute(select(func.max(self.events_table.c.id))).scalar() or 0
        chained = head.position if head is not None else 0
        if last_event != chained:
            raise ChainBroken(
                f"the ledger's hash chain ends at position {chained:,} but its events run to "
                f"{last_event:,}, so the record was changed outside portfolio-ledger; nothing "
                "was written. Run 'portfolio-ledger audit verify' to find where, and see "
                "docs/verification.md."
            )
        return chained, bytes.fromhex(head.hash) if head is not None else GENESIS

    def select_notifications(
        self,
        start: int | None,
        limit: int,
        stop: int | None = None,
        topics: Sequence[str] = (),
        *,
        inclusive_of_start: bool = True,
    ) -> list[Notification]:
        """The library's page of events in ledger order, read with a Core query.

        eventsourcing-sqlalchemy builds an ORM object per row first; read
        models page through every event, so this reads plain rows instead.
        """
        events = self.events_table
        query = select(
            events.c.id,
            events.c.originator_id,
            events.c.originator_version,
            events.c.topic,
            events.c.state,
        ).order_by(events.c.id)
        if start is not None:
            query = query.where(events.c.id >= start if inclusive_of_start else events.c.id > start)
        if stop is not None:
            query = query.where(events.c.id <= stop)
        if topics:
            query = query.where(events.c.topic.in_(topics))
        with self.transaction(commit=False) as session:
            return [
                Notification(
                    id=row.id,
                    originator_id=row.originator_id,
                    originator_version=row.originator_version,
                    topic=row.topic,
                    state=bytes(row.state),
                )
                for row in session.execute(query.limit(limit))
            ]

    # -- reading the chain (for verification) -------------------------------------

    def select_chained(self, after: int | None, limit: int) -> list[ChainedEvent]:
        """Up to ``limit`` events after position ``after``, each beside its chain record.

        With ``after`` None, from the lowest stored position, even a forged one below 1.
        Values come as the database gives them (see :class:`ChainedEvent`): no
        per-row conversion, because verification reads every event.
        """
        events, chain = self.events_table, self.chain_table
        query = (
            select(
                events.c.id,
                self._raw_id(events.c.originator_id),
                events.c.originator_version,
                events.c.topic,
                type_coerce(events.c.state, LargeBinary()),
                chain.c["hash"],
                chain.c.originator_id,
                chain.c.originator_version,
            )
            .select_from(events.outerjoin(chain, chain.c.position == events.c.id))
            .order_by(events.c.id)
            .limit(limit)
        )
        if after is not None:
            query = query.where(events.c.id > after)
        with self.transaction(commit=False) as session:
            return [ChainedEvent._make(row) for row in session.execute(query)]

    def _raw_id(self, column: Any) -> Any:
        """The aggregate id as its 16 bytes, straight from the database."""
        assert self.datastore.engine is not None
        if self.datastore.engine.dialect.name == "postgresql":
            return func.uuid_send(column)
        return type_coerce(column, LargeBinary())

    def select_links(self, start: int, stop: int | None = None, limit: int = 1) -> list[ChainLink]:
        """Up to ``limit`` chain records from position ``start`` to ``stop`` (inclusive)."""
        chain = self.chain_table
        query = (
            select(chain).where(chain.c.position >= start).order_by(chain.c.position).limit(limit)
        )
        if stop is not None:
            query = query.where(chain.c.position <= stop)
        with self.transaction(commit=False) as session:
            return [_link(row) for row in session.execute(query)]

    def chain_head(self) -> ChainLink | None:
        """The chain's latest record, if any."""
        chain = self.chain_table
        query = select(chain).order_by(chain.c.position.desc()).limit(1)
        with self.transaction(commit=False) as session:
            row = session.execute(query).first()
        return None if row is None else _link(row)

    def lowest_chain_position(self) -> int | None:
        """The lowest position the chain holds a record at (even a forged one below 1), if any."""
        with self.transaction(commit=False) as session:
            lowest = session.execute(select(func.min(self.chain_table.c.position))).scalar()
        return None if lowest is None else int(lowest)

    def chained_position(self, originator_id: UUID, version: int) -> int | None:
        """Where the chain linked this event (aggregate and version), if it did."""
        chain = self.chain_table
        query = select(chain.c.position).where(
            chain.c.originator_id == originator_id.hex, chain.c.originator_version == version
        )
        with self.transaction(commit=False) as session:
            position = session.execute(query).scalar()
        return None if position is None else int(position)


def _link(row: Any) -> ChainLink:
    return ChainLink(
        position=row.position,
        originator_id=UUID(row.originator_id),
        version=row.originator_version,
        link=bytes.fromhex(row.hash),
    )


def _as_uuid(value: UUID | str) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))


def _chunks(items: Sequence[dict[str, Any]], size: int) -> Iterator[Sequence[dict[str, Any]]]:
    iterator = iter(items)
    while chunk := tuple(islice(iterator, size)):
        yield chunk


class LedgerFactory(SQLAlchemyFactory):
    """eventsourcing-sqlalchemy's factory, with the ledger's datastore and recorder."""

    datastore_class = LedgerDatastore
    application_recorder_class = LedgerRecorder

    def __init__(self, env: Environment) -> None:
        super().__init__(env)


def least_privilege_statements(
    engine: Engine, role: str, *, append_only: list[str], kept: list[str], owned: list[str]
) -> list[str]:
    """The SQL that lets ``role`` run the ledger on PostgreSQL without changing its record.

    ``append_only`` tables (the events and the chain) get SELECT and INSERT
    only; ``kept`` tables (read-model tracking) also UPDATE; ``owned`` tables
    (read models) pass to the role, which rebuilds them by swapping in fresh
    tables. Refuses a role that does not exist, or that owns the events,
    since grants cannot restrict a table's owner.
    """
    quote = engine.dialect.identifier_preparer.quote
    with engine.connect() as connection:
        schema, user, superuser = connection.execute(
            text(
                "SELECT current_schema(), current_user, rolsuper FROM pg_roles "
                "WHERE rolname = current_user"
            )
        ).one()
        exists = connection.execute(
            text("SELECT 1 FROM pg_roles WHERE rolname = :role"), {"role": role}
        ).first()
        if exists is None:
            raise LeastPrivilegeError(
                f"no role {role!r} on this server; create it first (e.g. CREATE ROLE "
                f"{quote(role)} LOGIN PASSWORD '...'), then run this again."
            )
        owner = connection.execute(
            text(
                "SELECT tableowner FROM pg_tables WHERE schemaname = :schema AND tablename = :name"
            ),
            {"schema": schema, "name": append_only[0]},
        ).scalar()
    if owner is None:
        raise LeastPrivilegeError(
            f"no ledger in schema {schema!r} yet; run 'portfolio-ledger init' as its owner first."
        )
    if user != owner and not superuser:
        raise LeastPrivilegeError(
            f"connected as {user!r}, but only the ledger's owner ({owner!r}) or a superuser "
            "can grant on its tables; connect as the owner (--db) and run this again."
        )
    if owner == role:
        raise LeastPrivilegeError(
            f"{role!r} owns the ledger's tables, and grants cannot restrict an owner. Create "
            "the ledger ('portfolio-ledger init') as another role, and run the application "
            f"as {role!r}."
        )

    def names(tables: list[str]) -> str:
        return ", ".join(f"{quote(schema)}.{quote(table)}" for table in tables)

    who = quote(role)
    return [
        f"GRANT USAGE, CREATE ON SCHEMA {quote(schema)} TO {who}",
        f"REVOKE ALL ON TABLE {names(append_only)} FROM PUBLIC, {who}",
        f"GRANT SELECT, INSERT ON TABLE {names(append_only)} TO {who}",
        f"REVOKE ALL ON TABLE {names(kept)} FROM PUBLIC, {who}",
        f"GRANT SELECT, INSERT, UPDATE ON TABLE {names(kept)} TO {who}",
        *(f"ALTER TABLE {names([table])} OWNER TO {who}" for table in owned),
    ]


def execute_all(engine: Engine, statements: list[str]) -> None:
    """Run statements in one transaction: all take effect or none."""
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))
