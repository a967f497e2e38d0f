"""Many rows of a query, fetched from the driver's cursor and converted a column at a time.

SQLAlchemy's result makes a ``Row`` per row and calls each column's result
processor value by value, through every layer of a ``TypeDecorator``: for
``portfolio --as-of`` at 10,000 items (29 columns) that cost more than the
query. Here the compiled query runs on the driver's cursor, and each column
whose values need converting is converted in one pass, with exactly what
its type's result processor makes of each value (``tests/unit/test_fetching.py``
compares both for every column the read models have).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Date
from sqlalchemy.engine import Dialect
from sqlalchemy.sql import Select

from portfolio_ledger.application.collector import fewer_collections
from portfolio_ledger.projections.columns import (
    CENT,
    MoneyAmount,
    NameList,
    UTCDateTime,
    names_of,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

ColumnReader = Callable[[Sequence[Any]], Sequence[Any]]
"""Turns a column's values, as the driver gives them, into what the query's result would hold."""


def driver_rows(
    session: Session | Connection, query: Select[Any], *, text_as_bytes: bool = False
) -> list[tuple[Any, ...]]:
    """Every row of the query as the driver's cursor gives it: no ``Row``, nothing converted.

    SQLAlchemy runs the query (its parameters converted by their types, as
    for any query: a UTC time as the text SQLite keeps); the rows are then
    fetched from the driver's cursor itself. ``text_as_bytes``: SQLite's text
    as its stored UTF-8, not decoded (sqlite3's ``text_factory``, for this
    query only); other drivers give their own text.
    """
    connection = session if isinstance(session, Connection) else session.connection()
    driver: Any = connection.connection.dbapi_connection
    as_stored = getattr(driver, "text_factory", None) if text_as_bytes else None  # sqlite3's
    result = connection.execute(query)
    cursor: Any = result.cursor  # a CursorResult: the driver's cursor
    if as_stored is not None:
        driver.text_factory = bytes
    try:
        rows: list[tuple[Any, ...]] = cursor.fetchall()
    finally:
        result.close()
        if as_stored is not None:
            driver.text_factory = as_stored
    return rows


def fetch_dicts(session: Session | Connection, query: Select[Any]) -> list[dict[str, Any]]:
    """Every row of the query as a dict of its columns' names to their values, as SQLAlchemy's.

    On SQLite, from the driver's rows (see the module's docstring); on other
    databases (whose drivers convert most types themselves), SQLAlchemy's
    result. Either way with the cyclic collector run less often: its runs
    over 10,000 new dicts cost as much as making them.
    """
    connection = session if isinstance(session, Connection) else session.connection()
    dialect = connection.dialect
    readers = _readers(query, dialect) if dialect.name == "sqlite" else None
    keys = list(query.selected_columns.keys())
    with fewer_collections():
        if readers is None:
            return [dict(zip(keys, row, strict=True)) for row in session.execute(query).all()]
        rows = driver_rows(session, query)
        if not rows:
            return []
        # Column by column (a few of many converted, each in one pass), then each row made a
        # dict once: writing converted values back into the dicts cost more than converting.
        columns: list[Sequence[Any]] = list(zip(*rows, strict=True))
        del rows
        for index, reader in enumerate(readers):
            if reader is not None:
                columns[index] = reader(columns[index])
        return [dict(zip(keys, row, strict=True)) for row in zip(*columns, strict=True)]


def _readers(query: Select[Any], dialect: Dialect) -> list[ColumnReader | None] | None:
    """Each selected column's reader (None: the value as the driver gives it).

    None for the whole query if a column's type converts in a way not known
    here: then SQLAlchemy reads it.
    """
    readers: list[ColumnReader | None] = []
    for column in query.selected_columns:
        type_ = column.type
        if isinstance(type_, MoneyAmount):
            readers.append(_money)
        elif isinstance(type_, UTCDateTime):
            readers.append(_utc_times)
        elif type(type_) is Date:
            readers.append(_dates)
        elif isinstance(type_, NameList):
            readers.append(_name_lists)
        elif type_.result_processor(dialect, None) is None:
            readers.append(None)
        else:
            return None
    return readers


def _money(values: Sequence[Any]) -> list[Decimal | None]:
    # MoneyAmount.process_result_value (SQLite's driver gives the float or int it stored).
    return [
        None
        if value is None
        else Decimal(repr(value) if type(value) is float else str(value)).quantize(CENT)
        for value in values
    ]


def _utc_times(values: Sequence[Any]) -> list[datetime | None]:
    # SQLite's DATETIME processor (datetime.fromisoformat), then UTCDateTime's: aware, in UTC.
    times: list[datetime | None] = []
    for value in values:
        if value is None:
            times.append(None)
            continue
        moment = datetime.fromisoformat(value)
        times.append(
            moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
        )
    return times


def _name_lists(values: Sequence[Any]) -> list[tuple[str, ...] | None]:
    # NameList.process_result_value: the JSON list as a tuple.
    return [None if value is None else names_of(value) for value in values]


def _dates(values: Sequence[Any]) -> list[date | None]:
    # SQLite's DATE processor: date.fromisoformat.
    return [None if value is None else date.fromisoformat(value) for value in values]
