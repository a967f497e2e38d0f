"""The read models' tables, and reading them with SQLAlchemy Core alone when they are current.

A read command asks the read models; most of the time they have read every
event already. Then nothing of the write stack is needed (the event store,
the ORM, eventsourcing-sqlalchemy): :class:`CurrentReadModels` opens a plain
Core engine, and in one transaction checks that every read model has read up
to the ledger's last event and answers from it. If they are behind (or
anything is unusual: a missing table, an earlier version's tracking, no
database yet) it says so, and the caller opens the ledger and catches up
as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlalchemy import (
    Connection,
    column,
    create_engine,
    func,
    select,
    table,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from portfolio_ledger.application.errors import ReadBlocked
from portfolio_ledger.domain.errors import LedgerError
from portfolio_ledger.projections.audit_trail import AuditTrail
from portfolio_ledger.projections.base import SHARED_METADATA, Projection
from portfolio_ledger.projections.economics import Economics
from portfolio_ledger.projections.held_values import HeldValues
from portfolio_ledger.projections.item_timeline import ItemTimeline
from portfolio_ledger.projections.portfolio_items import PortfolioItems
from portfolio_ledger.storage.date_style import keep_iso_dates
from portfolio_ledger.storage.schema_lock import (
    bound_every_transaction,
    is_lock_timeout,
    reading_blocked,
)
from portfolio_ledger.storage.search_path import tables_present
from portfolio_ledger.storage.snapshot import hold_snapshot
from portfolio_ledger.storage.urls import connect_args, normalise_url, sqlite_file

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlalchemy.orm import Session

    Reading = Session | Connection
    """What queries read through: an ORM session (the ledger open) or a Core connection."""

EVENTS = "portfolio_ledger_events"
TRACKING = "portfolio_ledger_tracking"
CHAIN = "portfolio_ledger_chain"
OBSOLETE_TABLES = frozenset({"item_versions"})
"""Read models of earlier versions, replaced since (``item_versions`` by ``item_timeline``)."""


class ReadModelTables:
    """The five read models' tables, not bound to any database; each defined when first used."""

    def __init__(self) -> None:
        self.metadata = SHARED_METADATA
        self.portfolio_items = PortfolioItems(self.metadata)
        self.audit_trail = AuditTrail(self.metadata)
        self.item_timeline = ItemTimeline(self.metadata)
        self.economics = Economics(self.metadata)
        self.held_values = HeldValues(self.metadata)
        self.all: list[Projection] = [
            self.portfolio_items,
            self.audit_trail,
            self.item_timeline,
            self.economics,
            self.held_values,
        ]

    @property
    def table_names(self) -> list[str]:
        """Every read model's tables (those a rebuild swaps), by name."""
        return [name for projection in self.all for name in projection.table_names]


class CurrentReadModels:
    """The read models on a plain Core engine, read only while they are current."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.tables = ReadModelTables()

    @classmethod
    def at(cls, url: str) -> CurrentReadModels | None:
        """For the database at ``url``; None if it cannot be opened plainly (or is not there)."""
        try:
            parsed = make_url(normalise_url(url))
            if parsed.get_backend_name() == "sqlite":
                file = sqlite_file(url)  # an SQLite URI's (file:PATH?mode=ro) is its path
                if file is None or not file.is_file():
                    return None  # nothing to read: the ledger, when opened, makes it
            engine = keep_iso_dates(create_engine(parsed, connect_args=connect_args(parsed)))
            bound_every_transaction(engine)
            return cls(engine)
        except (LedgerError, SQLAlchemyError, ImportError, ValueError, OSError):
            return None  # the ledger, opened, says what is wrong (a name too long, say)

    @contextmanager
    def reading(self) -> Iterator[Connection | None]:
        """A connection in one read transaction if every read model is current, else None."""
        try:
            connection = self.engine.connect()
        except SQLAlchemyError:
            yield None
            return
        with connection, connection.begin():
            # The positions checked and the rows read: one record, of one set of tables.
            hold_snapshot(connection, self.tables.table_names)
            yield connection if self._current(connection) else None

    def _current(self, connection: Connection) -> bool:
        wanted = {*self.tables.table_names, EVENTS, TRACKING, CHAIN}
        try:
            if not wanted <= tables_present(connection, wanted):
                return False
            events = table(EVENTS, column("id"))
            tracking = table(TRACKING, column("application_name"), column("notification_id"))
            head = connection.execute(select(func.max(events.c.id))).scalar()
            rows = connection.execute(
                select(tracking.c.application_name, tracking.c.notification_id)
            )
            positions = {str(name): position for name, position in rows}
        except SQLAlchemyError as error:
            if is_lock_timeout(error):  # the events held exclusively: opening the ledger waits too
                raise ReadBlocked(reading_blocked(self.engine)) from None
            _refuse_if_file_held(self.engine, error)
            return False
        keys = [p.tracking_key for p in self.tables.all]
        return all(positions.get(key, -1) == (head or 0) for key in keys)

    def close(self) -> None:
        """Release the engine's connections."""
        self.engine.dispose()


def _refuse_if_file_held(engine: Engine, error: SQLAlchemyError) -> None:
    """An SQLite file another process held past the lock timeout: refused now, as opening it is.

    Else the ledger, opened to catch up, waited the lock timeout again (twice: whether it
    holds a ledger, then its tables), and the read was refused after three times that long.
    """
    from portfolio_ledger.application.errors import DatabaseUnavailable
    from portfolio_ledger.storage.errors import cannot_open, is_file_held

    if is_file_held(error):
        url = engine.url.render_as_string(hide_password=False)
        raise DatabaseUnavailable(cannot_open(url, error)) from None
