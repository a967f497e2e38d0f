"""A money column that stays exact on PostgreSQL and on SQLite."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import Numeric
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

CENT = Decimal("0.01")


class MoneyAmount(TypeDecorator[Decimal]):
    """NUMERIC(14, 2): exact on PostgreSQL; on SQLite (which stores REAL) read back exactly.

    The ledger's amounts have at most 14 significant digits, which a double
    holds exactly enough that rounding to the cent recovers the value. BI
    tools see an ordinary numeric column on both.
    """

    impl = Numeric(14, 2)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        """SQLite: let the driver hand over floats; we turn them into Decimals."""
        if dialect.name == "sqlite":
            return dialect.type_descriptor(Numeric(14, 2, asdecimal=False))
        return dialect.type_descriptor(Numeric(14, 2))

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
