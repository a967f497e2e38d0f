"""The appending recorder: events, chain links, tree hashes and request ids, in one transaction.

Positions are given out here, under a lock held until commit, as the
chain's head plus one, two, ...: so positions run without gaps on both
databases (a PostgreSQL sequence leaves gaps when a transaction rolls back),
commit in order, every event is linked to the one before it, and the Merkle
tree grows by its leaf (once the ledger has a tree: see :mod:`tree_store`). The lock is
a PostgreSQL advisory lock (so an append-only role, without UPDATE, can
append) or SQLite's write lock; a writer waits for it at most
:func:`~portfolio_ledger.storage.datastore.lock_timeout` seconds.

Only the library's public recorder API is overridden (``insert_events``,
``select_notifications``, ``create_table``); ``tests/test_library_contract.py``
fails loudly if the pinned library changes it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from typing import Any, cast
from uuid import UUID

from eventsourcing.persistence import Notification, StoredEvent
from eventsourcing_sqlalchemy.recorders import SQLAlchemyApplicationRecorder
from sqlalchemy import Table, func, insert, select, text, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from portfolio_ledger.application.chain import GENESIS, LARGEST_POSITION, next_link, record_bytes
from portfolio_ledger.application.errors import (
    ChainBroken,
    LedgerBusy,
    LedgerIncomplete,
    NotALedger,
)
from portfolio_ledger.application.ports import Head, Request, RequestRecorded
from portfolio_ledger.storage.checkpoint_store import CheckpointKeeping
from portfolio_ledger.storage.datastore import (
    bulk_page_cache,
    create_tables,
    lock_timeout,
    rollback_journal,
)
from portfolio_ledger.storage.date_style import refuse_to_record_outside_utf8
from portfolio_ledger.storage.event_reading import EventReading, as_uuid, chunks
from portfolio_ledger.storage.made_index import ensure_made_index, made_by, made_index
from portfolio_ledger.storage.many_rows import insert_many_rows
from portfolio_ledger.storage.merged_index import ensure_merged_index
from portfolio_ledger.storage.recorded_time import recorded_time_of
from portfolio_ledger.storage.schema_lock import APPEND_KEY, APPEND_LOCK, appending_blocked
from portfolio_ledger.storage.search_path import (
    refuse_a_ledger_further_on,
    table_names,
    tables_present,
)
from portfolio_ledger.storage.stored_bytes import stored_bytes
from portfolio_ledger.storage.tables import ledger_tables
from portfolio_ledger.storage.tree_store import TreeStoring
from portfolio_ledger.storage.urls import describe_url

# A single INSERT of tens of thousands of rows can hang psycopg's pipeline
# mode; every save is sent in statements of at most this many rows, all in
# the one transaction, so a save stays atomic however large it is.
MAX_ROWS_PER_STATEMENT = 500
EVENT_COLUMNS = ("id", "originator_id", "originator_version", "topic", "state")
LINK_COLUMNS = ("position", "originator_id", "originator_version", "hash")
# Where a transaction that holds the append lock keeps the head it moves on.
_HEAD = "portfolio_ledger_head"
# SQLite's and PostgreSQL's words for "another transaction holds the lock".
_LOCK_WAITS = ("database is locked", "lock timeout", "lock_timeout")


class LedgerRecorder(TreeStoring, CheckpointKeeping, EventReading, SQLAlchemyApplicationRecorder):
    """Appends events beside their chain links and tree hashes; reads them back as plain rows."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.events_table: Table = self.events_record_cls.__table__
        stem = self.events_table_name.removesuffix("_events")
        tables = ledger_tables(stem)
        self.chain_table = tables.chain
        self.requests_table = tables.requests
        self.tree_table = tables.tree
        self.checkpoints_table = tables.checkpoints
        self.settings_table = tables.settings
        made_index(self.events_table)  # created with the events table
        self.store_tree = True
        self.tables.extend(
            [
                self.chain_table,
                self.requests_table,
                self.tree_table,
                self.checkpoints_table,
                self.settings_table,
            ]
        )

    def create_table(self, *, adopt: bool = False) -> None:
        """Create the events and chain tables if need be, even with other processes doing so.

        Refuses a database that holds other tables but no ledger (another
        application's, named by mistake) unless ``adopt`` says to put the
        ledger there anyway.
        """
        engine = cast(Engine, self.datastore.engine)
        existing = tables_present(engine, [table.name for table in self.tables])
        if self.events_table.name not in existing:  # no ledger (yet): what is there instead
            existing = table_names(engine)
        refuse_a_ledger_further_on(engine, self.events_table.name, existing)
        self._refuse_a_partial_ledger(engine, existing)
        if self.events_table.name not in existing and existing and not adopt:
            others = sorted(existing)
            instead = (  # on a server, a schema of its own: no file
                "an empty schema (CREATE SCHEMA name, then ?options=-csearch_path%3Dname)"
                if engine.dialect.name == "postgresql"
                else "a new file (or an empty database)"
            )
            raise NotALedger(
                f"{describe_url(engine.url.render_as_string(hide_password=False))} already "
                f"holds {len(others)} table{'s' if len(others) != 1 else ''} "
                f"({', '.join(others[:5])}{', ...' if len(others) > 5 else ''}) and no "
                "ledger; the ledger does not add its tables beside another application's. "
                f"Give --db {instead}, or, if the ledger is meant to "
                "live here, run 'portfolio-ledger init --force' once."
            )
        create_tables(engine, self.tables, existing)
        ensure_made_index(engine, self.events_table)
        ensure_merged_index(engine, self.events_table)

    def _refuse_a_partial_ledger(self, engine: Engine, existing: set[str]) -> None:
        """Refuse a ledger restored in part: its events without their chain, or the reverse.

        Making the missing table afresh would start an empty chain over recorded
        events, or an empty ledger beside their chain (``init --force``), and
        hide that the evidence was lost; so nothing is made, and the fix is named.
        """
        events, chain = self.events_table.name, self.chain_table.name
        stem = events.removesuffix("events")
        own = sorted(name for name in existing if name.startswith(stem) and name != events)
        if events not in existing and own:
            problem = (
                f"holds the ledger's tables {', '.join(own[:5])}{', ...' if len(own) > 5 else ''}"
                f" but not {events}, which holds the decisions themselves"
            )
        elif events in existing and chain not in existing and self._holds_events(engine):
            problem = f"holds recorded decisions ({events}) but not their hash chain ({chain})"
        else:
            return
        raise LedgerIncomplete(
            f"{describe_url(engine.url.render_as_string(hide_password=False))} {problem}: "
            "the ledger was restored in part (a table left out of the backup or the restore) "
            "or a table was dropped. Nothing was changed: the ledger makes no table afresh "
            "over lost evidence. Restore every table of the ledger from the same backup, "
            "then run 'portfolio-ledger audit verify --digest LINE' with the latest digest "
            'from the minutes (docs/verification.md, "Backing up and restoring a ledger").'
        )

    def _holds_events(self, engine: Engine) -> bool:
        with engine.connect() as connection:
            return connection.execute(select(self.events_table.c.id).limit(1)).first() is not None

    # -- appending -------------------------------------------------------------------

    @contextmanager
    def appending(self, *, bulk: bool = False) -> Iterator[Head]:
        """A transaction holding the append lock, and the head (the one already open, if any).

        ``bulk``: a very large transaction, run under SQLite's rollback journal if it can be.
        """
        with (
            rollback_journal(self.datastore)
            if bulk
            else nullcontext(enter_result=False) as journaled,
            self.transaction(commit=True) as session,
        ):
            head = self._claim(session)
            # Under the rollback journal, a larger page cache for the transaction (in WAL
            # mode, pages go on spilling to the WAL as they did, for other readers to see).
            with bulk_page_cache(session.connection()) if journaled else nullcontext():
                yield head

    def insert_events(
        self,
        stored_events: Sequence[StoredEvent],
        *,
        session: Session | None = None,  # noqa: ARG002 - the library's signature; joined below
        request: Request | None = None,
        **_kwargs: Any,
    ) -> Sequence[int]:
        """Append events and their links after the head, in the open transaction (or a new one)."""
        with self.transaction(commit=True) as current:
            return self._append(current, stored_events, request)

    def _append(
        self, session: Session, stored_events: Sequence[StoredEvent], request: Request | None
    ) -> list[int]:
        if not stored_events:
            return []
        head = self._claim(session)
        self._refuse_a_broken_tree(session, head)
        before = position = head.position
        link = head.link
        tree = head.tree
        raw_ids = session.get_bind().dialect.name == "sqlite"
        blob: type[bytes | bytearray] = bytearray if raw_ids else bytes  # see _insert_rows
        events: list[tuple[int, UUID | bytes | bytearray, int, str, bytes | bytearray]] = []
        links: list[tuple[int, str, int, str]] = []
        leaves: list[tuple[int, bytes | bytearray]] = []
        for stored in stored_events:
            position += 1
            # A UUID from the ledger's mapper (another's may give text); its bytes without the
            originator_id = i if type(i := stored.originator_id) is UUID else as_uuid(i)
            id_bytes = originator_id.int.to_bytes(16, "big")  # property's call (UUID.bytes)
            version, topic, state = stored.originator_version, stored.topic, stored.state
            record = record_bytes(position, id_bytes, version, topic, state)
            link = next_link(link, record)
            if tree is not None:
                leaves.append((position, blob(b"".join(tree.append(record)))))
            row_id = blob(id_bytes) if raw_ids else originator_id
            events.append((position, row_id, version, topic, blob(state)))
            links.append((position, id_bytes.hex(), version, link.hex()))
        self._insert_rows(session, events, links)
        self._insert_tree_rows(session, leaves)
        if request is not None:
            self.note_request(request, position)
        head.position, head.link = position, link
        head.recorded_at = recorded_time_of(stored_events[-1].state) or head.recorded_at
        if self.appended_hook is not None:
            self.appended_hook(before, head)
        return [row[0] for row in events]

    def _insert_rows(
        self,
        session: Session,
        events: list[tuple[int, UUID | bytes | bytearray, int, str, bytes | bytearray]],
        links: list[tuple[int, str, int, str]],
    ) -> None:
        """Insert events and chain links in the open transaction, as cheaply as the database allows.

        On SQLite the rows go to the driver as plain values (the id as its 16 bytes, as the
        UUID column stores it), many rows an INSERT (``many_rows``), without SQLAlchemy's
        per-row processing, which costs more than the insert; blobs as bytearrays: the same
        BLOBs, but sqlite3 looks for an adapter for bytes first (and fails, at ~2,000
        instructions a value). Elsewhere, SQLAlchemy's insert.
        """
        dialect = session.get_bind().dialect
        if dialect.name == "sqlite":
            connection = session.connection()
            quote = dialect.identifier_preparer.quote
            insert_many_rows(connection, quote(self.events_table.name), EVENT_COLUMNS, events)
            insert_many_rows(connection, quote(self.chain_table.name), LINK_COLUMNS, links)
            return
        for table, columns, plain in (
            (self.events_table, EVENT_COLUMNS, events),
            (self.chain_table, LINK_COLUMNS, links),
        ):
            for chunk in chunks(plain, MAX_ROWS_PER_STATEMENT):
                session.execute(
                    insert(table), [dict(zip(columns, row, strict=True)) for row in chunk]
                )

    def note_request(self, request: Request, position: int) -> None:
        """Note that ``request`` was recorded, ending at ``position``, in the open transaction.

        The request id is unique, so a second, concurrent copy of the request
        fails here and its whole save with it.
        """
        with self.transaction(commit=True) as session:
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
        query = select(table.c.fingerprint, table.c.subject, table.c.position).where(
            table.c.request_id == request_id
        )
        with self.transaction(commit=False) as session:
            row = session.execute(query).first()
        return None if row is None else RequestRecorded(row.fingerprint, row.subject, row.position)

    def _claim(self, session: Session) -> Head:
        """Lock out other appenders until this transaction ends; the head (once per transaction)."""
        claimed = session.info.get(_HEAD)
        if claimed is not None:
            return cast(Head, claimed)
        try:
            self._lock(session)
        except OperationalError as error:
            if not _is_lock_wait(error):
                raise
            if session.get_bind().dialect.name == "postgresql":
                raise LedgerBusy(
                    lock_timeout(), appending_blocked(cast(Engine, self.datastore.engine))
                ) from None
            raise LedgerBusy(lock_timeout()) from None
        chain = self.chain_table
        row = session.execute(
            select(chain.c.position, chain.c["hash"]).order_by(chain.c.position.desc()).limit(1)
        ).first()
        last_event = session.execute(select(func.max(self.events_table.c.id))).scalar() or 0
        chained = row.position if row is not None else 0
        if last_event != chained:
            raise ChainBroken(
                f"the ledger's hash chain ends at position {chained:,} but its events run to "
                f"{last_event:,}, so the record was changed outside portfolio-ledger; nothing "
                "was written. Run 'portfolio-ledger audit verify' to find where, and see "
                "docs/verification.md."
            )
        recorded = None
        if chained:
            state = session.execute(
                select(self.events_table.c.state).where(self.events_table.c.id == chained)
            ).scalar_one()
            recorded = recorded_time_of(stored_bytes(state))
        head = Head(
            chained,
            bytes.fromhex(row.hash) if row is not None else GENESIS,
            recorded,
            self._tree_at(session, chained),
        )
        session.info[_HEAD] = head
        return head

    def _lock(self, session: Session) -> None:
        if session.get_bind().dialect.name == "postgresql":
            refuse_to_record_outside_utf8(session.connection())
            # lock_timeout bounds the wait for the advisory lock (and every
            # later lock this transaction waits for).
            milliseconds = int(lock_timeout() * 1000)
            session.execute(text(f"SET LOCAL lock_timeout = {milliseconds}"))
            session.execute(
                text(f"SELECT pg_advisory_xact_lock(:key, {APPEND_KEY})"),
                {"key": APPEND_LOCK},
            )
            return
        # A write that changes nothing takes SQLite's write lock before anything
        # is read, so the head cannot move under us; the busy timeout bounds the wait.
        chain = self.chain_table
        session.execute(update(chain).where(chain.c.position < 0).values(position=chain.c.position))

    # -- reading -----------------------------------------------------------------------

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
        A start beyond any position a database stores holds nothing, and is not
        sent to it (``LARGEST_POSITION``).
        """
        if start is not None and start > LARGEST_POSITION:
            return []
        stop = None if stop is None else min(stop, LARGEST_POSITION)
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
            query = query.where(made_by(events, list(topics)))
        with self.transaction(commit=False) as session:
            return [
                Notification(
                    id=row.id,
                    originator_id=row.originator_id,
                    originator_version=row.originator_version,
                    topic=row.topic,
                    state=stored_bytes(row.state),
                )
                for row in session.execute(query.limit(limit))
            ]


def _is_lock_wait(error: OperationalError) -> bool:
    code = getattr(getattr(error, "orig", None), "sqlstate", None)
    return code == "55P03" or any(sign in str(error).lower() for sign in _LOCK_WAITS)
