"""Rows fetched from the driver and converted a column at a time are SQLAlchemy's rows, exactly."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Column, Engine, MetaData, Numeric, Table, create_engine, func, select

from portfolio_ledger.projections.columns import MoneyAmount, NameList, UTCDateTime
from portfolio_ledger.projections.fetching import fetch_dicts
from portfolio_ledger.projections.read_models import ReadModelTables

TIMES = [
    datetime(2026, 11, 30, 18, 57, 20, 981948, tzinfo=UTC),
    datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),  # no microseconds: no fraction in the text
    datetime(2026, 1, 2, 23, 4, 5, 6, tzinfo=timezone(timedelta(hours=-3))),
]
AMOUNTS = [Decimal(2620000), Decimal("-12.30"), Decimal("0.00"), Decimal("123456789012.34"), None]


def _sqlalchemy_rows(engine: Engine, query: Any) -> list[dict[str, Any]]:
    with engine.connect() as connection:
        result = connection.execute(query)
        keys = tuple(result.keys())
        return [dict(zip(keys, row, strict=True)) for row in result.all()]


def _fetched(engine: Engine, query: Any) -> list[dict[str, Any]]:
    with engine.connect() as connection:
        return fetch_dicts(connection, query)


def _same(expected: list[dict[str, Any]], found: list[dict[str, Any]]) -> None:
    assert found == expected
    for mine, theirs in zip(found, expected, strict=True):
        assert list(mine) == list(theirs)  # the columns in the query's order
        for name, value in theirs.items():
            assert type(mine[name]) is type(value), name
            assert str(mine[name]) == str(value), name  # Decimal's exponent, the time's zone


def _value(column: Column[Any], n: int) -> Any:
    """A value for any read-model column, varied with ``n`` (None where it may be)."""
    if column.nullable and not column.primary_key and n % 4 == 3:
        return None
    if isinstance(column.type, MoneyAmount | UTCDateTime | NameList):
        return _of_our_type(column.type, n)
    python_type = column.type.python_type
    if python_type is date:
        return date(2025, 1, 1) + timedelta(days=n)
    if python_type is int:
        return n * 7 + 1
    text = f"{n} {column.name} \u00e9\u00fc"
    length = getattr(column.type, "length", None)
    return text[:length] if length else text


def _of_our_type(type_: MoneyAmount | UTCDateTime | NameList, n: int) -> Any:
    """A value for a column of one of the project's own types."""
    if isinstance(type_, MoneyAmount):
        return AMOUNTS[n % 4]
    if isinstance(type_, UTCDateTime):
        return TIMES[n % len(TIMES)] + timedelta(seconds=n)
    return (f"{n} \u00e9\u00fc", "Net zero", '"quoted"')[: n % 3]  # none, one or two names


def _create_every_table(tables: ReadModelTables, engine: Engine) -> None:
    """Every read model's tables, each defined first: a projection defines its tables in the
    shared MetaData only when first asked for, so what ``create_all`` alone makes depends on
    which tests ran before in the process (in a worker of its own: none)."""
    for projection in tables.all:
        assert projection.tables
    tables.metadata.create_all(engine)


@pytest.fixture
def filled(tmp_path: Path) -> tuple[Engine, ReadModelTables]:
    """Every read model's tables in an SQLite file, each with rows of every kind of value."""
    engine = create_engine(f"sqlite:///{tmp_path / 'models.db'}")
    tables = ReadModelTables()
    _create_every_table(tables, engine)
    with engine.begin() as connection:
        for projection in tables.all:
            for table in projection.tables:
                rows = [{c.name: _value(c, n) for c in table.columns} for n in range(12)]
                connection.execute(table.insert(), rows)
    return engine, tables


def test_every_read_model_column_is_read_as_sqlalchemy_reads_it(
    filled: tuple[Engine, ReadModelTables],
) -> None:
    engine, tables = filled
    for projection in tables.all:
        for table in projection.tables:
            query = select(*table.columns)
            _same(_sqlalchemy_rows(engine, query), _fetched(engine, query))


def test_columns_of_a_subquery_and_a_filter_as_the_moments_query_selects_them(
    filled: tuple[Engine, ReadModelTables],
) -> None:
    engine, tables = filled
    timeline = tables.item_timeline.table
    inner = select(timeline).where(timeline.c.version > 20).subquery("at")
    query = select(inner.c.key, inner.c.recorded_at, inner.c.estimated_cost, inner.c.forecast_date)
    query = query.where(inner.c.recorded_at > TIMES[1]).order_by(inner.c.key)
    expected = _sqlalchemy_rows(engine, query)
    assert expected  # the bound time and the filter are applied as SQLAlchemy applies them
    _same(expected, _fetched(engine, query))


@pytest.mark.parametrize("comparison", [">=", "<=", "=="])
def test_a_bound_time_equal_to_a_stored_one_is_compared_as_sqlalchemy_binds_it(
    filled: tuple[Engine, ReadModelTables], comparison: str
) -> None:
    engine, tables = filled
    trail = tables.audit_trail.table
    stored = _sqlalchemy_rows(engine, select(trail.c.recorded_at).order_by(trail.c.position))
    moment = stored[5]["recorded_at"]  # aware, in UTC: bound as the text SQLite keeps
    column = trail.c.recorded_at
    where = {">=": column >= moment, "<=": column <= moment, "==": column == moment}[comparison]
    query = select(trail.c.position).where(where).order_by(trail.c.position)

    expected = _sqlalchemy_rows(engine, query)

    assert any(row["recorded_at"] == moment for row in stored)
    assert expected  # the stored time itself is among them, whichever comparison
    _same(expected, _fetched(engine, query))


def test_a_column_of_a_type_it_does_not_know_is_read_by_sqlalchemy(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'other.db'}")
    metadata = MetaData()
    table = Table("figures", metadata, Column("amount", Numeric(10, 3)))
    metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(table.insert(), [{"amount": Decimal("1.125")}, {"amount": None}])
    query = select(table.c.amount, func.count().label("n")).group_by(table.c.amount)
    found = _fetched(engine, query)
    _same(_sqlalchemy_rows(engine, query), found)
    assert Decimal("1.125") in [row["amount"] for row in found]


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    amounts=st.lists(
        st.none() | st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False),
        min_size=1,
        max_size=20,
    ),
    times=st.lists(
        st.datetimes(
            min_value=datetime(1, 1, 2),  # noqa: DTZ001 - hypothesis adds the zones
            max_value=datetime(9999, 12, 30),  # noqa: DTZ001 - as above
            timezones=st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30))]),
        ),
        min_size=1,
        max_size=20,
    ),
)
def test_any_amount_and_time_is_read_alike(
    tmp_path: Path, amounts: list[Decimal | None], times: list[datetime]
) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'values.db'}")
    metadata = MetaData()
    table = Table("v", metadata, Column("amount", MoneyAmount()), Column("at", UTCDateTime()))
    metadata.drop_all(engine)
    metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(
            table.insert(),
            [
                {"amount": a, "at": t}
                for a, t in zip(amounts * len(times), times * len(amounts), strict=True)
            ],
        )
    query = select(table.c.amount, table.c.at)
    _same(_sqlalchemy_rows(engine, query), _fetched(engine, query))


@pytest.mark.postgres
def test_postgresql_rows_are_sqlalchemys(postgres_url: str) -> None:
    engine = create_engine(postgres_url.replace("postgresql://", "postgresql+psycopg://", 1))
    tables = ReadModelTables()
    _create_every_table(tables, engine)
    table = tables.item_timeline.table
    with engine.begin() as connection:
        connection.execute(
            table.insert(), [{c.name: _value(c, n) for c in table.columns} for n in range(8)]
        )
    query = select(*table.columns).order_by(table.c.row_id)
    _same(_sqlalchemy_rows(engine, query), _fetched(engine, query))
    engine.dispose()
