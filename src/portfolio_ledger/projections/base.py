"""What a projection is: SQL tables, and how a page of events changes them."""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import lru_cache
from operator import itemgetter
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from sqlalchemy import Date, MetaData, Table
from sqlalchemy.engine import Dialect

from portfolio_ledger.projections.columns import MoneyAmount, UTCDateTime
from portfolio_ledger.projections.state import ItemState
from portfolio_ledger.storage.many_rows import insert_columns, insert_text

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from portfolio_ledger.domain.decision import DecisionEvent, Key


class Applied(NamedTuple):
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

    A named tuple rather than a frozen dataclass: as immutable, and made in half the time
    (a replay makes one per event; a frozen dataclass sets each of its fields by a call).
    """

    position: int
    event: DecisionEvent
    subject: str
    state: ItemState | None = None
    previous: ItemState | None = None
    timeline: tuple[Stood, ...] = ()
    changed_from: Key | None = None
    in_order: bool = True
    item: Any = None
    """The item itself just after the event (None for others): ``item show``'s record is made
    from it. The same object moves on with the item's later events, so only an item's last
    event in a page (or in a rebuild) may be read for it."""


@dataclass(frozen=True, slots=True)
class Stood:
    """A state an aggregate stood in from one decision (in effective order) until the next."""

    key: Key
    """The decision's place in effective order: its effective date and version."""
    recorded_at: datetime
    """When that decision was recorded."""
    state: Any


DEFERRED_INDEXES = "portfolio_ledger.deferred_indexes"
"""The ``Table.info`` key of a fresh table's secondary indexes not built yet: a rebuild
(``rebuild.Shadows``) builds them once the rows are in, or earlier where one is needed."""


SHARED_METADATA = MetaData()
"""The read models' own tables, defined once in a process however often a ledger is opened.

Defining a table is most of the cost of opening a ledger; the definitions never
change, and every database the process opens uses them (a rebuild's fresh
tables, and a check's, are defined in a MetaData of their own).
"""
_defined: dict[tuple[type[Projection], str], list[Table]] = {}
_defining = threading.Lock()


class Projection(ABC):
    """A read model kept in SQL tables and moved forward a page of events at a time."""

    name: ClassVar[str]
    """The projection's name: its tracking key and the name of its main table."""
    one_row_per_event: ClassVar[bool] = False
    """Whether the main table holds exactly one row per event read (so its size is checkable)."""
    schema_version: ClassVar[int] = 1
    """Raised whenever the tables' shape or meaning changes: a ledger whose read model was
    made by an earlier version finds it untracked under the new key, and rebuilds it."""
    other_tables: ClassVar[tuple[str, ...]] = ()
    """The names of the tables :meth:`define_tables` defines after the main one (the
    ``suffix`` after each), known without defining them: a read checks they are all
    there, and defines only the tables it reads (``test_read_model_tables.py``)."""

    @property
    def tracking_key(self) -> str:
        """The projection's row in the tracking table: its name, and its schema version."""
        return self.name if self.schema_version == 1 else f"{self.name}@v{self.schema_version}"

    def __init__(self, metadata: MetaData, suffix: str = "") -> None:
        self.suffix = suffix
        self._tables: list[Table] | None = None
        if metadata is not SHARED_METADATA:  # a rebuild's fresh tables, or a check's
            self._tables = self.define_tables(metadata, suffix)

    @property
    def table_names(self) -> list[str]:
        """The tables' names, main table first, without defining them."""
        return [f"{name}{self.suffix}" for name in (self.name, *self.other_tables)]

    @property
    def tables(self) -> list[Table]:
        """The tables, main table first; in the shared MetaData, defined when first asked for."""
        if self._tables is None:
            with _defining:  # defining a table twice in one MetaData is refused
                key = (type(self), self.suffix)
                if key not in _defined:
                    _defined[key] = self.define_tables(SHARED_METADATA, self.suffix)
                self._tables = _defined[key]
        return self._tables

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

    def replay(self, session: Session, page: Sequence[Applied]) -> None:
        """As :meth:`apply`, for a page of a rebuild into fresh tables (see :meth:`finish`)."""
        self.apply(session, page)

    def finish(self, session: Session) -> None:  # noqa: ARG002 - for those that keep rows back
        """Write what a rebuild's :meth:`replay` kept in memory: once, after its last page.

        A read model of what stands now (one row per item, totals) is written
        once from the last state of each item, not rewritten page after page.
        Others write every page as it comes, and have nothing left to write.
        """
        return


def insert_rows(session: Session, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert many rows given as mappings of every column's name to its value."""
    if rows:
        names = [column.name for column in table.columns]
        insert_tuples(session, table, list(map(itemgetter(*names), rows)))


def insert_tuples(session: Session, table: Table, rows: Sequence[Sequence[Any]]) -> None:
    """Insert many rows, each every column's value in table order, straight to the driver.

    SQLAlchemy's own executemany builds and type-processes every row's
    parameters through several layers; read models insert millions of rows,
    so here only the columns that need converting (times, dates, money) are
    converted, a column at a time, with converters looked up once per table.
    The stored values are exactly what the column types' bind processors and
    the driver make of them (``tests/unit/test_read_model_rows.py``). On
    SQLite the rows go in as INSERTs of many rows each, in order, a column
    None in all of a statement's rows written NULL in its text
    (``storage/many_rows.insert_columns``); elsewhere by the driver's executemany.
    """
    if not rows:
        return
    connection = session.connection()
    statement, converters, named = _writer(table, connection.dialect)
    values: Sequence[Sequence[Any]] = rows
    sqlite = connection.dialect.name == "sqlite"
    if converters or sqlite:
        columns: list[Sequence[Any]] = list(zip(*rows, strict=True))
        for index, convert in converters:
            columns[index] = convert(columns[index])
        if sqlite:  # a column at a time: one empty in all of a statement's rows is not bound
            insert_columns(connection, *_quoted(table, connection.dialect), columns, len(rows))
            return
        values = list(zip(*columns, strict=True))
    if named is not None:  # a driver with named parameters (psycopg)
        connection.exec_driver_sql(statement, [dict(zip(named, v, strict=True)) for v in values])
    else:
        connection.exec_driver_sql(statement, values)


Converter = Callable[[Sequence[Any]], Sequence[Any]]
"""Turns a column's values into what the driver is given for them."""


@lru_cache(maxsize=128)
def _writer(table: Table, dialect: Dialect) -> tuple[str, list[tuple[int, Converter]], Any]:
    """The table's INSERT for the driver, the converted columns, and the parameter names if named.

    The column order is the table's; ``named`` is None where parameters are positional.
    """
    statement, names, named = insert_statement(table, dialect)
    if dialect.name == "sqlite":
        _nulls_bound_directly()
    converters = [
        (index, convert)
        for index, name in enumerate(names)
        if (convert := converter(table.c[name].type, dialect)) is not None
    ]
    return statement, converters, named


def insert_statement(
    table: Table, dialect: Dialect
) -> tuple[str, list[str], tuple[str, ...] | None]:
    """The INSERT of every column, as SQLAlchemy compiles it; its parameters; their names if named.

    Written out for sqlite3's ``?`` parameters rather than compiled:
    compiling the read models' INSERTs is most of the SQL work of the
    catch-up after one decision on SQLite. ``tests/unit/test_read_model_rows.py``
    checks the text is the compiler's for every read-model table. Other
    drivers' (psycopg's casts each parameter) are compiled.
    """
    names = [column.name for column in table.columns]
    if dialect.paramstyle == "qmark":
        return insert_text(*_quoted(table, dialect), 1), names, None
    compiled = table.insert().compile(dialect=dialect)
    order = list(compiled.positiontup or compiled.params)
    if order != names:
        raise AssertionError(f"{table.name}: the INSERT's parameters are not in column order")
    return str(compiled), names, None if compiled.positiontup else tuple(names)


@lru_cache(maxsize=128)
def _quoted(table: Table, dialect: Dialect) -> tuple[str, tuple[str, ...]]:
    """The table's name and its columns' names (in order), quoted for ``dialect``."""
    preparer = dialect.identifier_preparer
    return preparer.format_table(table), tuple(map(preparer.format_column, table.columns))


def converter(type_: Any, dialect: Dialect) -> Converter | None:
    """How a column of this type is converted for the driver (None: given as it is).

    The column type's bind processor, value by value. On SQLite, times,
    dates and money are turned straight into what the bind processor and
    then the driver's own adapter (``sqlite3``: ISO text) would make of
    them, in one step: the same values, without two Python calls per value.
    """
    process = type_.bind_processor(dialect)
    if dialect.name == "sqlite" and _driver_adapts_dates_as_iso():
        if isinstance(type_, MoneyAmount):
            return _floats
        if isinstance(type_, UTCDateTime) and _to_naive_datetime(type_, dialect):
            return _utc_texts
        if isinstance(type_, Date) and process is None:
            return _date_texts
    if process is None:
        return None
    return lambda values: list(map(process, values))


def _to_naive_datetime(type_: UTCDateTime, dialect: Dialect) -> bool:
    """Whether the type's bind processor hands the driver a naive datetime (and nothing more)."""
    return (
        type_.bind_processor(dialect) is not None
        and type_.impl_instance.bind_processor(dialect) is None
    )


@lru_cache(maxsize=1)
def _driver_adapts_dates_as_iso() -> bool:
    """Whether the sqlite3 module turns dates and times into ISO text, as it does by default."""
    import sqlite3

    adapters = [sqlite3.adapters.get((kind, sqlite3.PrepareProtocol)) for kind in (date, datetime)]
    return [getattr(a, "__name__", None) for a in adapters] == ["adapt_date", "adapt_datetime"]


@lru_cache(maxsize=1)
def _nulls_bound_directly() -> None:
    """Give the sqlite3 module an adapter for None: None itself, found at once (once a process).

    The module binds exact ints, floats and texts as they are; any other value
    (None too) it looks up among its adapters, and failing that asks the value's
    class for ``__conform__`` and the protocol for ``__adapt__``: the missing
    ``__adapt__`` makes and drops a formatted AttributeError, about 0.4 us for
    every NULL bound. The read models' rows bind about 32 NULLs an event (a
    tenth of a rebuild's CPU, in callgrind). With this adapter, a C method that
    gives None for None, the look-up finds it and NULL is bound as before. Not a
    base type (int, float, str, bytearray): the module's fast path for those stays.
    """
    import sqlite3

    if (type(None), sqlite3.PrepareProtocol) not in sqlite3.adapters:
        sqlite3.register_adapter(type(None), _NOTHING.get)


_NOTHING: dict[Any, None] = {}
"""Never written to: its ``get`` gives None for any value, in C."""


def _floats(values: Sequence[Decimal | None]) -> list[float | None]:
    return [None if value is None else float(value) for value in values]


def _date_texts(values: Sequence[date | None]) -> list[str | None]:
    # sqlite3's adapt_date: value.isoformat(); a replay writes the same few hundred days
    # again and again (three date columns an event), so each day's text is made once.
    if len(_DATE_TEXTS) > _TEXTS_KEPT:
        _DATE_TEXTS.clear()
    known = _DATE_TEXTS.get
    return [None if value is None else known(value) or _date_text(value) for value in values]


def _date_text(value: date) -> str:
    text = _DATE_TEXTS[value] = value.isoformat()
    return text


_DATE_TEXTS: dict[date, str] = {}
"""The texts of the dates seen (equal dates are one day, with one text)."""
_UTC_TEXTS: dict[datetime, str] = {}
"""The texts of recent times: an event's time is written three times (the trail's row, the
timeline's ``recorded_at`` and ``recorded_from``). Equal aware times are the same instant,
whose UTC text is one text, so a time equal to one seen is given that one's text."""
_TEXTS_KEPT = 50_000


def _utc_texts(values: Sequence[datetime | None]) -> list[str | None]:
    # As UTCDateTime's bind processor writes it on SQLite: naive UTC, always with microseconds.
    # (isoformat(" ") alone left them off a time at a whole second, "09:59:12", which sorts
    # before the "09:59:12.000000" a filter binds: --from that instant left its event out.)
    if len(_UTC_TEXTS) > _TEXTS_KEPT:
        _UTC_TEXTS.clear()
    known = _UTC_TEXTS.get
    return [None if value is None else known(value) or _utc_text(value) for value in values]


def _utc_text(value: datetime) -> str:
    # A time in UTC (nearly all) is its text with its "+00:00" left off.
    text = _UTC_TEXTS[value] = (
        value.isoformat(" ", "microseconds")[:-6]
        if value.tzinfo is UTC
        else _naive_utc(value).isoformat(" ", "microseconds")
    )
    return text


def _naive_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError(f"naive datetime {value!r}: the ledger keeps times in UTC")
    return value.astimezone(UTC).replace(tzinfo=None)
