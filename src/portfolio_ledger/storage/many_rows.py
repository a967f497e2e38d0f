"""Many rows into a SQLite table in few statements: one INSERT of many rows each time.

An executemany runs its statement once a row: a step, a reset, and the
driver letting go of the GIL and taking it again, each time. One INSERT of
many rows (``VALUES (?, ?), (?, ?), ...``) inserts the same rows, in the
same order, in one step: about 4,000 fewer instructions a row for an
event's three rows (event, link, tree row), measured with callgrind on the
ledger's own tables. A row that breaks a constraint fails its statement, and
with it the transaction it is in, as one failing in an executemany did.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from itertools import chain
from typing import Any

from sqlalchemy.engine import Connection

MAX_VARIABLES = 999
"""The fewest values any SQLite takes in one statement (999 before 3.32, 32,766 since)."""


def insert_many_rows(
    connection: Connection, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Insert ``rows`` (each a value per column, in order) into ``table`` (quoted), in order.

    As many rows a statement as :data:`MAX_VARIABLES` allows; the values go to the
    driver as they are, without SQLAlchemy's processing of each.
    """
    per_statement = MAX_VARIABLES // len(columns)
    for start in range(0, len(rows), per_statement):
        some = rows[start : start + per_statement]
        values = tuple(chain.from_iterable(some))
        connection.exec_driver_sql(insert_text(table, tuple(columns), len(some)), values)


def insert_columns(
    connection: Connection,
    table: str,
    columns: Sequence[str],
    values: Sequence[Sequence[Any]],
    count: int,
) -> None:
    """As :func:`insert_many_rows`, for ``count`` rows given a column at a time.

    ``values[i]`` holds column ``i``'s value for each row, in row order. A
    column whose values are all None in one statement's rows is written as
    ``NULL`` in its text rather than bound row by row: the driver binds a
    None only after looking for an adapter for it (about a thousand
    instructions each), and read models hold many columns that are empty
    together (an item's unset fields, a trail row's item columns for a
    decision about a person). The same rows are stored.
    """
    per_statement = MAX_VARIABLES // len(columns)
    for start in range(0, count, per_statement):
        rows = min(per_statement, count - start)
        parts = [column[start : start + rows] for column in values]
        nulls = tuple(part[0] is None and part.count(None) == rows for part in parts)
        bound = [part for part, null in zip(parts, nulls, strict=True) if not null]
        text = insert_text(table, tuple(columns), rows, nulls if any(nulls) else None)
        connection.exec_driver_sql(text, tuple(chain.from_iterable(zip(*bound, strict=True))))


@lru_cache(maxsize=256)
def insert_text(
    table: str, columns: tuple[str, ...], rows: int, nulls: tuple[bool, ...] | None = None
) -> str:
    """The INSERT of ``rows`` rows into ``table`` (quoted) of ``columns`` (quoted), ``?`` each.

    Where ``nulls`` says so (a flag per column), the column's value is ``NULL`` in
    every row instead. The same text each time for the same arguments (the driver
    keeps it compiled).
    """
    marks = ("NULL" if null else "?" for null in nulls) if nulls else ("?" for _ in columns)
    row = f"({', '.join(marks)})"
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES {', '.join([row] * rows)}"  # noqa: S608 - our own table's quoted name and columns, placeholders only
