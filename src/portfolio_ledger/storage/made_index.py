"""An index of the few events that make a person or a board, so finding them reads no other.

The ledger finds every person (one person, one key) and every board (a board's
limits within its parent's) by the topic of the event that made it. Without an
index that is a scan of the whole events table on each such decision: 0.07 s
at 300,000 events with the file in memory, the whole file read from disk when
it is not. A partial index holds only those events' rows, so it costs an
append nothing for the rest.

SQLite uses a partial index only for a query whose WHERE has a term the index's
WHERE has, literally (https://sqlite.org/partialindex.html), so the query names
each topic as a literal (:func:`made_by`), never as a bound parameter.

A new ledger gets the index with its events table; a ledger made before it gets
it the next time the ledger's write side opens it (a decision, an import, read
models catching up: :func:`ensure_made_index`), where the database lets that
role create it. Where it does not (a PostgreSQL
role that does not own the table, a read-only file), the query is the same and
answers the same, by a scan.
"""

from __future__ import annotations

from threading import Lock

from eventsourcing.utils import get_topic
from sqlalchemy import ColumnElement, Index, Table, bindparam, or_, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.schema import CreateIndex

from portfolio_ledger.application.errors import SetupBlocked
from portfolio_ledger.domain.boards import BoardConstituted
from portfolio_ledger.domain.people import PersonRegistered
from portfolio_ledger.storage.schema_lock import schema_lock

MADE_TOPICS = tuple(get_topic(made) for made in (PersonRegistered, BoardConstituted))
"""The topics of the events ``application.registered`` finds."""


def index_name(events: Table) -> str:
    """The index's name: the events table's, with ``_made_idx``."""
    return f"{events.name}_made_idx"


def made_index(events: Table) -> Index:
    """The partial index on ``events``, defined on the table once (created with it)."""
    name = index_name(events)
    with _DEFINING:  # the library keeps one table a process: define its index once
        for index in events.indexes:
            if index.name == name:
                return index
        made = or_(*(events.c.topic == topic for topic in MADE_TOPICS))  # DDL: literals
        return Index(name, events.c.id, sqlite_where=made, postgresql_where=made)


_DEFINING = Lock()


def made_by(events: Table, topics: list[str]) -> ColumnElement[bool]:
    """The rows of these topics, each named literally, so a partial index can serve them."""
    return or_(*(events.c.topic == bindparam(None, t, literal_execute=True) for t in topics))


def ensure_made_index(engine: Engine, events: Table) -> None:
    """Create the index on a ledger made before it, if the database lets this role."""
    if index_exists(engine, index_name(events)):
        return
    try:
        with schema_lock(engine) as connection:
            # IF NOT EXISTS, not checkfirst: that reflects the table's indexes, and SQLAlchemy
            # warns on stderr of the merged index's expression (merged_index.py) it cannot read.
            connection.execute(CreateIndex(made_index(events), if_not_exists=True))
    except (DBAPIError, SetupBlocked):
        return  # not the table's owner, a read-only file, a schema lock held: a scan answers


def index_exists(engine: Engine, name: str) -> bool:
    """Whether the ledger's schema (or file) holds an index of this name."""
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            found = connection.execute(  # in the ledger's schema, not any on the search path
                text("SELECT to_regclass(quote_ident(current_schema()) || '.' || :name)"),
                {"name": name},
            )
        else:
            found = connection.execute(
                text("SELECT name FROM sqlite_master WHERE type = 'index' AND name = :name"),
                {"name": name},
            )
        return found.scalar() is not None
