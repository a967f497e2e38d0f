"""Reading the events beside their chain records and tree rows, for verification: fast."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing_sqlalchemy.datastore import SQLAlchemyDatastore, Transaction
from sqlalchemy import Connection, LargeBinary, Select, Table, cast, func, select, type_coerce

from portfolio_ledger.application.chain import LARGEST_POSITION, ChainedEvent, ChainLink
from portfolio_ledger.storage.recorded_time import recorded_time_of
from portfolio_ledger.storage.schema_lock import note_used
from portfolio_ledger.storage.stored_bytes import stored_bytes


class ChainReading:
    """The chain-reading half of the recorder (see :class:`ChainStore`)."""

    datastore: SQLAlchemyDatastore
    events_table: Table
    chain_table: Table
    tree_table: Table

    def transaction(self, commit: bool = True) -> Transaction:
        """A transaction on the ledger's database (the recorder's own)."""
        return self.datastore.transaction(commit=commit)

    def select_chained(self, after: int | None, limit: int) -> list[ChainedEvent]:
        """Up to ``limit`` events after position ``after``, with their chain records and tree rows.

        With ``after`` None, from the lowest stored position, even a forged one below 1.
        Values come as the database gives them (see :class:`ChainedEvent`): no
        per-row conversion, because verification reads every event; only the
        recorded time is read out of the stored bytes.
        """
        events, chain, tree = self.events_table, self.chain_table, self.tree_table
        stored = self.as_stored
        query = (
            select(
                events.c.id,
                self._raw_id(events.c.originator_id),
                events.c.originator_version,
                stored(events.c.topic),
                stored(events.c.state),
                stored(chain.c["hash"]),
                stored(chain.c.originator_id),
                chain.c.originator_version,
                stored(tree.c.hashes),
            )
            .select_from(
                events.outerjoin(chain, chain.c.position == events.c.id).outerjoin(
                    tree, tree.c.position == events.c.id
                )
            )
            .order_by(events.c.id)
            .limit(limit)
        )
        if after is not None:
            query = query.where(events.c.id > after)
        with self.transaction(commit=False) as session:
            rows = _fetch_all(session.connection(), query)
        return [_chained(row) for row in rows]

    def _raw_id(self, column: Any) -> Any:
        """The aggregate id as its 16 bytes, straight from the database."""
        engine = self.datastore.engine
        if engine is not None and engine.dialect.name == "postgresql":
            return func.uuid_send(column)
        return self.as_stored(column)

    def as_stored(self, column: Any) -> Any:
        """The column's values as stored: on SQLite their bytes, whatever was written over them.

        SQLite keeps any value in any column, so a row changed through SQL may
        hold text where the ledger wrote bytes (``||`` makes text), or text that
        is not UTF-8, which sqlite3 cannot even read as text. Read as BLOBs,
        every such value is read, and verification reports it where it is (the
        ledger's own values read the same). Other databases keep their types.
        """
        engine = self.datastore.engine
        if engine is not None and engine.dialect.name == "sqlite":
            return cast(column, LargeBinary())
        if isinstance(column.type, LargeBinary):
            return type_coerce(column, LargeBinary())
        return column

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
        if not 0 < version <= LARGEST_POSITION:
            return None
        chain = self.chain_table
        query = select(chain.c.position).where(
            chain.c.originator_id == originator_id.hex, chain.c.originator_version == version
        )
        with self.transaction(commit=False) as session:
            position = session.execute(query).scalar()
        return None if position is None else int(position)

    def positions_of(self, originator_id: UUID) -> dict[int, int]:
        """Where the chain linked each event of one aggregate: version to position."""
        chain = self.chain_table
        query = select(chain.c.originator_version, chain.c.position).where(
            chain.c.originator_id == originator_id.hex
        )
        with self.transaction(commit=False) as session:
            return {int(version): int(position) for version, position in session.execute(query)}


def _fetch_all(connection: Connection, query: Select[Any]) -> list[tuple[Any, ...]]:
    """The query's rows as the database driver gives them: plain tuples, no Row per row.

    SQLAlchemy's result costs as much as the read itself when every event is
    read; the query is compiled by SQLAlchemy for the connection's database
    all the same (its tables, its dialect), and run on the same connection.
    """
    compiled = query.compile(
        dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
    )
    params = compiled.params
    order = compiled.positiontup
    arguments = params if order is None else tuple(params[name] for name in order)
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    note_used(connection)  # unseen by SQLAlchemy: a snapshot is taken all the same
    try:
        cursor.execute(str(compiled), arguments)
        return list(cursor.fetchall())
    finally:
        cursor.close()


_new = tuple.__new__


def _chained(row: tuple[Any, ...]) -> ChainedEvent:
    """One row of :meth:`ChainReading.select_chained` as a :class:`ChainedEvent`.

    The drivers' ``bytes`` (sqlite3's and psycopg's) are taken as they are,
    with no call to convert them; anything else is converted as before.
    """
    position, raw_id, version, topic, state, link, linked_id, linked_version, tree_row = row
    recorded = recorded_time_of(state if type(state) is bytes else stored_bytes(state))
    if tree_row is not None and type(tree_row) is not bytes:
        tree_row = bytes(tree_row)
    if type(topic) is not str:  # SQLite's text read as stored (see ChainReading.as_stored)
        topic, link, linked_id = _text(topic), _text(link), _text(linked_id)
    if type(raw_id) is not bytes:
        raw_id = stored_bytes(raw_id)
    values = (position, raw_id, version, topic, state, link, linked_id, linked_version)
    event: ChainedEvent = _new(ChainedEvent, (*values, recorded, tree_row))
    return event


def _text(value: bytes | str | None) -> str | None:
    """Text read as its bytes, as text; bytes that are not UTF-8 were never the ledger's.

    Those become U+FFFD, so the record made of them differs from any the
    ledger made, and verification reports the row as changed.
    """
    if value is None or isinstance(value, str):
        return value
    return bytes(value).decode("utf-8", errors="replace")


def _link(row: Any) -> ChainLink:
    # A chain row written through SQL may hold anything: read what can be read,
    # and let verification report the rest as a link that does not match.
    try:
        aggregate = UUID(row.originator_id)
    except (ValueError, TypeError, AttributeError):
        aggregate = UUID(int=0)
    try:
        link = bytes.fromhex(row.hash)
    except (ValueError, TypeError):
        link = b""
    return ChainLink(
        position=row.position, originator_id=aggregate, version=row.originator_version, link=link
    )
