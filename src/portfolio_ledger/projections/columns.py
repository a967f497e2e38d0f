"""Column types that mean the same on PostgreSQL and on SQLite: exact money, UTC times."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import Column, Date, DateTime, Integer, Numeric, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeDecorator, TypeEngine

CENT = Decimal("0.01")


class MoneyAmount(TypeDecorator[Decimal]):
    """NUMERIC(14, 2): exact on PostgreSQL; on SQLite (which stores REAL) read back exactly.

    The ledger's amounts have at most 14 significant digits, which a double
    holds exactly enough that rounding to the cent recovers the value. BI
    tools see an ordinary numeric column on both.
    """

    precision = 14
    impl = Numeric(14, 2)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        """SQLite: let the driver hand over floats; we turn them into Decimals."""
        if dialect.name == "sqlite":
            return dialect.type_descriptor(Numeric(self.precision, 2, asdecimal=False))
        return dialect.type_descriptor(Numeric(self.precision, 2))

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> Any:
        """Store the amount (as a float where the database has no decimals)."""
        if value is None or dialect.name != "sqlite":
            return value
        return float(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:  # noqa: ARG002
        """Read it back as an exact Decimal to the cent."""
        if value is None:
            return None
        return Decimal(repr(value) if isinstance(value, float) else str(value)).quantize(CENT)


class MoneyTotal(MoneyAmount):
    """NUMERIC(24, 2): a sum of amounts (the economics totals), wider than any one amount.

    Two items at the largest amount a decision takes (12 digits) already need
    13, which NUMERIC(14, 2) refused on PostgreSQL while SQLite stored it:
    the economics read model stopped there on one database only. 22 digits
    before the point hold the sum of ten billion such amounts. On SQLite the
    total is a double, exact to the cent up to 15 significant digits.
    """

    precision = 24
    impl = Numeric(24, 2)
    cache_ok = True


PART = 10**9
"""SQLite's sum of cents is taken in two parts, the cents above and below this, each of which
an integer holds whatever the number of rows (see :class:`money_sum`)."""


class CentsTotal(TypeDecorator[Decimal]):
    """What :class:`money_sum` gives: NUMERIC(24, 2) on PostgreSQL; on SQLite its two parts.

    SQLite's sum gives ``'HIGH LOW'`` (text): the total is HIGH x 10**9 + LOW
    cents, put together here exactly, in Python's integers. (A plain 0, from
    ``coalesce`` where nothing was summed, is read as it is.)
    """

    impl = Numeric(24, 2)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        """SQLite: the parts' text (or a number) as the driver gives it."""
        if dialect.name == "sqlite":
            return dialect.type_descriptor(Numeric(24, 2, asdecimal=False))
        return dialect.type_descriptor(Numeric(24, 2))

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:  # noqa: ARG002
        """The exact total, to the cent."""
        if value is None:
            return None
        if isinstance(value, str):
            high, low = value.split()
            return Decimal(int(high) * PART + int(low)).scaleb(-2)
        return Decimal(repr(value) if isinstance(value, float) else str(value)).quantize(CENT)


class money_sum(FunctionElement[Decimal]):  # noqa: N801 - an SQL function, named as one
    """``sum()`` of a money column, exact to the cent on both databases, however large.

    PostgreSQL adds numerics exactly. SQLite adds the doubles it stores, and
    over a few hundred large amounts their rounding errors reach cents (300
    times GBP 29,685,239,365.02 came to ...505.93, not ...506.00), so a total
    at a moment differed from PostgreSQL's and from the one kept in
    ``economics``. There it adds whole cents, integers, exactly. Not in one
    integer: a sum past 2**63 cents (92,234 items at the largest amount) made
    SQLite stop with "integer overflow" (a traceback), and one past 2**53 cents
    lost cents when divided as a double. The cents above and below 10**9 are
    summed apart (each sum stays far inside an integer) and put together
    exactly when read (:class:`CentsTotal`).
    """

    type = CentsTotal()
    inherit_cache = True
    name = "money_sum"


@compiles(money_sum)
def _sum(element: money_sum, compiler: Any, **kw: Any) -> str:
    return f"sum({compiler.process(element.clauses, **kw)})"


@compiles(money_sum, "sqlite")
def _sum_of_cents(element: money_sum, compiler: Any, **kw: Any) -> str:
    amount = compiler.process(element.clauses, **kw)
    cents = f"CAST(round(({amount}) * 100) AS INTEGER)"
    return f"(sum({cents} / {PART}) || ' ' || sum({cents} % {PART}))"


class UTCDateTime(TypeDecorator[datetime]):
    """A moment in UTC: ``timestamptz`` on PostgreSQL, sortable UTC text on SQLite.

    Values go in timezone-aware (any zone) and come back aware in UTC, so
    comparisons mean the same on both databases.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        """Store in UTC (without the zone where the database cannot keep it)."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: the ledger keeps times in UTC")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:  # noqa: ARG002
        """Read back as an aware UTC datetime."""
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class NameList(TypeDecorator[tuple[str, ...]]):
    """Names (an item's objectives) as a JSON list in a text column, read back as a tuple.

    Text, not a JSON type, on both databases: SQLite's ``json_each`` and
    PostgreSQL's ``jsonb_array_elements_text`` (after a cast) read its names
    in SQL, and BI tools see the list as any JSON text.
    """

    impl = Text
    cache_ok = True

    @property
    def python_type(self) -> type[tuple[str, ...]]:
        """A tuple of names."""
        return tuple

    def process_bind_param(self, value: tuple[str, ...] | None, dialect: Dialect) -> Any:  # noqa: ARG002
        """Store the names as a JSON list, in their order."""
        return None if value is None else names_text(tuple(value))

    def process_result_value(self, value: Any, dialect: Dialect) -> tuple[str, ...] | None:  # noqa: ARG002
        """Read them back as a tuple, as the item holds them."""
        return None if value is None else names_of(value)


# Cached both ways: a rebuild writes a state per decision (a million rows of a large
# ledger's timeline), nearly all with one of a few lists, each 4 us to write as JSON
# and 2 us to read, 0.15 us from the cache.
@lru_cache(maxsize=4096)
def names_text(names: tuple[str, ...]) -> str:
    """A :class:`NameList`'s stored text: compact JSON, as written (no ``\\u`` escapes)."""
    return json.dumps(list(names), ensure_ascii=False, separators=(",", ":"))


@lru_cache(maxsize=4096)
def names_of(text: str) -> tuple[str, ...]:
    """The names a :class:`NameList`'s stored text holds."""
    return tuple(json.loads(text))


def kind_of(column: Column[Any]) -> str:
    """What a column holds, as exports name it: int, date, datetime, decimal, json or text."""
    if column.info.get("json"):
        return "json"
    kinds: tuple[tuple[type[TypeEngine[Any]], str], ...] = (
        (UTCDateTime, "datetime"),
        (Date, "date"),
        (Integer, "int"),
        (MoneyAmount, "decimal"),
        (Numeric, "decimal"),
    )
    for type_, kind in kinds:
        if isinstance(column.type, type_):
            return kind
    return "text"
