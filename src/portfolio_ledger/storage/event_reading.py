"""The recorder's reading of aggregates' events: by SQLAlchemy Core, not through the ORM.

The library's ``select_events`` builds an ORM query and an ORM object per
row; loading one item that way is a few milliseconds, most of an import's
time when it updates items already in the ledger. Here the same rows are
read with a Core ``SELECT`` of the four columns, and made into the same
``StoredEvent`` values (``tests/unit/test_event_reading.py`` compares them
with the library's, every argument combined).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from itertools import islice
from typing import TYPE_CHECKING, Any
from urllib.parse import quote
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from sqlalchemy import Engine, Table, select, type_coerce
from sqlalchemy.sql.sqltypes import NULLTYPE

from portfolio_ledger.storage.merged_index import MergerReading
from portfolio_ledger.storage.stored_bytes import stored_bytes

if TYPE_CHECKING:
    from eventsourcing_sqlalchemy.datastore import SQLAlchemyDatastore, Transaction

COMMITTED_WAIT_SECONDS = 1.0
"""How long :meth:`EventReading.committed` waits on SQLite for a connection holding the file."""
HISTORIES_PER_QUERY = 500
"""Aggregates read in one query by ``iter_histories`` (within every database's bound limit)."""
UUID_BYTES = 16


class EventReading(MergerReading):
    """Reads aggregates' stored events: one aggregate's, many together, those merging into one."""

    events_table: Table
    datastore: SQLAlchemyDatastore

    if TYPE_CHECKING:

        def transaction(self, commit: bool = True) -> Transaction:
            """The recorder's: a transaction on the ledger's database."""

    def select_events(
        self,
        originator_id: UUID | str,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> list[StoredEvent]:
        """The aggregate's events after version ``gt`` up to ``lte``, as the library's."""
        events = self.events_table
        subject = as_uuid(originator_id)
        version = events.c.originator_version
        query = select(version, events.c.topic, events.c.state)
        query = query.where(events.c.originator_id == subject)
        if gt is not None:
            query = query.where(version > gt)
        if lte is not None:
            query = query.where(version <= lte)
        query = query.order_by(version.desc() if desc else version)
        if limit is not None:
            query = query.limit(limit)
        with self.transaction(commit=False) as session:
            return [
                StoredEvent(subject, number, topic, stored_bytes(state))
                for number, topic, state in session.execute(query)
            ]

    def committed(self, originator_id: UUID, version: int) -> StoredEvent | None:
        """This version of this aggregate as stored, committed; None if not, or not said soon.

        Asked after an interruption. On SQLite a connection of the process may
        still hold the file then (the interruption landed in the driver's own
        rollback): a pooled connection would wait the whole lock timeout for
        it, so a read-only one of its own waits ``COMMITTED_WAIT_SECONDS``.
        """
        engine = self.datastore.engine
        database = engine.url.database if isinstance(engine, Engine) else None
        if engine is None or engine.dialect.name != "sqlite" or not database:
            found = self.select_events(originator_id, gt=version - 1, lte=version, limit=1)
            return found[0] if found and found[0].originator_version == version else None
        events = self.events_table.name
        location = f"file:{quote(database)}?mode=ro"
        driver = sqlite3.connect(location, uri=True, timeout=COMMITTED_WAIT_SECONDS)
        try:
            row = driver.execute(
                f'SELECT topic, state FROM "{events}" WHERE originator_id = ? '  # noqa: S608 - our own table's name
                "AND originator_version = ?",
                (originator_id.bytes, version),
            ).fetchone()
        finally:
            driver.close()
        return None if row is None else StoredEvent(originator_id, version, row[0], bytes(row[1]))

    def iter_histories(
        self, originator_ids: Sequence[UUID]
    ) -> Iterator[tuple[UUID, list[StoredEvent]]]:
        """Each of these aggregates' events, oldest first, one aggregate at a time.

        One ``select_events`` per aggregate costs a query each; a report that
        replays thousands of items reads them this way, in a query per 500 of
        them, holding one aggregate's events at a time (not every one's).
        Aggregates with no events are left out.
        """
        events = self.events_table
        # The id as the driver gives it (bytes, text or a UUID), turned into a UUID once per
        # aggregate rather than once per row by the column type's own processing.
        raw_id = type_coerce(events.c.originator_id, NULLTYPE)
        columns = (raw_id, events.c.originator_version, events.c.topic, events.c.state)
        with self.transaction(commit=False) as session:
            for chunk in chunks(sorted({as_uuid(i) for i in originator_ids}), HISTORIES_PER_QUERY):
                query = select(*columns).where(events.c.originator_id.in_(chunk))
                query = query.order_by(events.c.originator_id, events.c.originator_version)
                current: tuple[Any, UUID, list[StoredEvent]] | None = None
                for raw, version, topic, state in session.execute(query):
                    if current is None or raw != current[0]:
                        if current is not None:
                            yield current[1], current[2]
                        current = (raw, _uuid_of(raw), [])
                    current[2].append(StoredEvent(current[1], version, topic, stored_bytes(state)))
                if current is not None:
                    yield current[1], current[2]


def _uuid_of(raw: Any) -> UUID:
    """A UUID from an id column's raw value: 16 bytes (SQLite), text, or a UUID (psycopg)."""
    if isinstance(raw, UUID):
        return raw
    if isinstance(raw, bytes | memoryview) and len(raw) == UUID_BYTES:
        return UUID(bytes=bytes(raw))
    return UUID(bytes(raw).decode() if isinstance(raw, bytes | memoryview) else str(raw))


def as_uuid(value: UUID | str) -> UUID:
    """The id as a UUID, whether given as one or as its text."""
    return value if isinstance(value, UUID) else UUID(str(value))


def chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    """The items, ``size`` at a time."""
    iterator = iter(items)
    while chunk := tuple(islice(iterator, size)):
        yield chunk
