"""What a projection is: SQL tables, and how a page of events changes them."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from operator import itemgetter
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import MetaData, Table

from portfolio_ledger.projections.state import ItemState

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from portfolio_ledger.domain.decision import DecisionEvent, Key


@dataclass(frozen=True, slots=True)
class Applied:
    """One event at its ledger position, with what it was about and the state it left.

    ``state`` and ``previous`` are the item's state just after and just
    before the event; both are None for events that are not about an item
    (and ``previous`` is None for the decision that made the item).

    ``timeline`` is the aggregate's new states in effective order from
    ``changed_from`` on: for a decision in order, just its own; for one
    recorded late, a correction or an annulment, every state from the
    earliest it changed (``in_order`` is then False: the states known
    before from that point on are superseded). Item states for items; the
    envelope (``{"amount", "currency"}``) for the portfolio; none for others.
    """

    position: int
    event: DecisionEvent
    subject: str
    state: ItemState | None = None
    previous: ItemState | None = None
    timeline: tuple[Stood, ...] = ()
    changed_from: Key | None = None
    in_order: bool = True


@dataclass(frozen=True, slots=True)
class Stood:
    """A state an aggregate stood in from one decision (in effective order) until the next."""

    key: Key
    """The decision's place in effective order: its effective date and version."""
    recorded_at: datetime
    """When that decision was recorded."""
    state: Any


class Projection(ABC):
    """A read model kept in SQL tables and moved forward a page of events at a time."""

    name: ClassVar[str]
    """The projection's name: its tracking key and the name of its main table."""
    one_row_per_event: ClassVar[bool] = False
    """Whether the main table holds exactly one row per event read (so its size is checkable)."""
    schema_version: ClassVar[int] = 1
    """Raised whenever the tables' shape or meaning changes: a ledger whose read model was
    made by an earlier version finds it untracked under the new key, and rebuilds it."""

    @property
    def tracking_key(self) -> str:
        """The projection's row in the tracking table: its name, and its schema version."""
        return self.name if self.schema_version == 1 else f"{self.name}@v{self.schema_version}"

    def __init__(self, metadata: MetaData, suffix: str = "") -> None:
        self.suffix = suffix
        self.tables = self.define_tables(metadata, suffix)

    @property
    def table(self) -> Table:
        """The main table."""
        return self.tables[0]

    @abstractmethod
    def define_tables(self, metadata: MetaData, suffix: str) -> list[Table]:
        """Define the projection's tables (main table first), names ending in ``suffix``."""

    @abstractmethod
    def apply(self, session: Session, page: Sequence[Applied]) -> None:
        """Change the tables for these events, in ledger order, in the open transaction."""


def insert_rows(session: Session, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert many rows (each with every column), fast, with the driver's executemany.

    SQLAlchemy's own executemany builds and type-processes every row's
    parameters through several layers; read models insert millions of rows,
    so here the rows become tuples in C (itemgetter, zip) and only the
    columns that need a bind processor (times, money) go through one, looked
    up once. The processors are SQLAlchemy's, so the stored values are
    exactly what ``session.execute(table.insert(), rows)`` stores.
    """
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    compiled = table.insert().compile(dialect=dialect)
    names = list(compiled.positiontup or compiled.params)
    values: list[tuple[Any, ...]] = list(map(itemgetter(*names), rows))
    processors = [
        (index, process)
        for index, name in enumerate(names)
        if (process := table.c[name].type.bind_processor(dialect)) is not None
    ]
    if processors:
        columns = list(zip(*values, strict=True))
        for index, process in processors:
            columns[index] = tuple(None if v is None else process(v) for v in columns[index])
        values = list(zip(*columns, strict=True))
    if compiled.positiontup is None:  # a driver with named parameters (psycopg)
        connection.exec_driver_sql(
            str(compiled), [dict(zip(names, v, strict=True)) for v in values]
        )
    else:
        connection.exec_driver_sql(str(compiled), values)
