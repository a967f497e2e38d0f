"""Read-model rows are written as the column types and the driver would write them."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Column, Date, Integer, MetaData, Table, create_engine, text
from sqlalchemy.dialects.postgresql import psycopg
from sqlalchemy.dialects.sqlite import pysqlite

from portfolio_ledger.projections import base
from portfolio_ledger.projections.audit_trail import COLUMNS, AuditTrail, canonical_json
from portfolio_ledger.projections.base import converter
from portfolio_ledger.projections.columns import MoneyAmount, UTCDateTime
from portfolio_ledger.projections.economics import Economics
from portfolio_ledger.projections.item_timeline import ItemTimeline
from portfolio_ledger.projections.state import STATE_COLUMNS

TIMES = [
    datetime(2026, 11, 30, 18, 57, 20, 981948, tzinfo=UTC),
    datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),  # a whole second: ".000000", as an engine writes it
    datetime(2026, 1, 2, 23, 4, 5, 6, tzinfo=timezone(timedelta(hours=-3))),
    None,
]
DAYS = [date(2025, 7, 8), date(1, 1, 1), None]
AMOUNTS = [Decimal(2620000), Decimal("-12.30"), Decimal("0.00"), Decimal("123456789012.34"), None]


def _as_sqlite_would(value: Any) -> Any:
    """What the sqlite3 module does to a value it is given: its adapter, if it has one."""
    adapt = sqlite3.adapters.get((type(value), sqlite3.PrepareProtocol))
    return adapt(value) if adapt is not None else value


def _written_by_an_engine(type_: Any, values: list[Any]) -> list[Any]:
    """What SQLAlchemy writes to an SQLite file for these values of a column of ``type_``."""
    engine = create_engine("sqlite://")
    table = Table("t", MetaData(), Column("n", Integer, primary_key=True), Column("v", type_))
    table.create(engine)
    with engine.begin() as connection:
        connection.execute(table.insert(), [{"n": n, "v": v} for n, v in enumerate(values)])
        return list(connection.execute(text("SELECT v FROM t ORDER BY n")).scalars())


@pytest.mark.parametrize(
    ("type_", "values"), [(UTCDateTime(), TIMES), (Date(), DAYS), (MoneyAmount(), AMOUNTS)]
)
def test_sqlite_values_are_what_the_bind_processor_and_the_driver_make(
    type_: Any, values: list[Any]
) -> None:
    # As written, not as modelled: a time at a whole second is "...05.000000" (before, the
    # rows held "...05", which sorts before the "...05.000000" a filter binds: --from that
    # second left its event out).
    convert = converter(type_, pysqlite.dialect())
    assert convert is not None

    assert list(convert(values)) == _written_by_an_engine(type_, values)


def test_postgresql_values_are_what_the_bind_processor_makes() -> None:
    dialect = psycopg.dialect()  # type: ignore[no-untyped-call]
    convert = converter(UTCDateTime(), dialect)
    assert convert is not None
    assert list(convert(TIMES)) == [UTCDateTime().bind_processor(dialect)(t) for t in TIMES]  # type: ignore[misc]
    assert converter(Date(), dialect) is None


def test_a_naive_time_is_refused() -> None:
    convert = converter(UTCDateTime(), pysqlite.dialect())
    assert convert is not None
    with pytest.raises(ValueError, match="naive datetime"):
        convert([datetime(2026, 1, 2, 3, 4, 5)])  # noqa: DTZ001 - the point of the test


def test_rows_given_as_tuples_follow_each_table_s_column_order() -> None:
    metadata = MetaData()
    trail, timeline = AuditTrail(metadata).table, ItemTimeline(metadata).table
    envelopes = Economics(metadata).tables[1]

    assert [c.name for c in trail.columns] == list(COLUMNS)
    assert [c.name for c in timeline.columns][: len(STATE_COLUMNS)] == list(STATE_COLUMNS)
    interval = ["row_id", "position", "decision_version", "effective_from", "recorded_from"]
    for table in (timeline, envelopes):
        assert [c.name for c in table.columns][-6:] == [*interval, "recorded_to"]
    assert [c.name for c in envelopes.columns][:3] == ["subject", "amount", "currency"]


def test_a_time_seen_before_is_written_as_it_was_the_first_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Texts of times are kept and reused: equal aware times (one instant, any zone) share one.
    monkeypatch.setattr(base, "_TEXTS_KEPT", 3)
    convert = converter(UTCDateTime(), pysqlite.dialect())
    assert convert is not None
    instant = datetime(2026, 11, 30, 18, 57, 20, 981948, tzinfo=UTC)
    elsewhere = instant.astimezone(timezone(timedelta(hours=5, minutes=30)))
    later = [instant + timedelta(seconds=n) for n in range(6)]  # more than are kept
    values: list[Any] = [instant, elsewhere, *later, elsewhere, instant, *TIMES, *TIMES]

    written = _written_by_an_engine(UTCDateTime(), values)
    assert list(convert(values)) == written
    assert list(convert(values)) == written
    assert len(base._UTC_TEXTS) <= 3 + len(values)


def test_a_date_seen_before_is_written_as_it_was_the_first_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Texts of dates are kept and reused too, and no more than are kept (with one call's).
    monkeypatch.setattr(base, "_TEXTS_KEPT", 3)
    dialect = pysqlite.dialect()
    convert = converter(Date(), dialect)
    assert convert is not None
    days = [date(2026, 2, 28) + timedelta(days=n) for n in range(6)]  # more than are kept
    values: list[Any] = [days[0], None, *days, days[0], *days[::-1], date.min, date.max]

    assert list(convert(values)) == [_as_sqlite_would(value) for value in values]
    assert list(convert(values)) == [_as_sqlite_would(value) for value in values]
    assert len(base._DATE_TEXTS) <= 3 + len(values)


class _Text(str):
    __slots__ = ()


_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text()
    | st.text().map(_Text)
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=4).map(tuple)
        | st.dictionaries(st.text(), inner, max_size=4)
    ),
    max_leaves=12,
)


@given(_VALUES)
def test_canonical_json_is_json_s_text_or_json_s_error(value: Any) -> None:
    try:
        expected = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    except (TypeError, ValueError) as error:
        with pytest.raises(type(error)):
            canonical_json(value)
        return
    assert canonical_json(value) == expected


def test_a_mandate_s_canonical_json_is_json_s() -> None:
    mandate = {
        "kind": "board",
        "board": "IC",
        "actor": "hcarter",
        "present": ["hcarter", "rdas", "Zoë", "\u2028"],
        "votes": {"rdas": "for", "hcarter": "for", "Zoë": "against", "é": "\x00\t\x7f"},
    }
    expected = json.dumps(mandate, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert canonical_json(mandate) == expected


@pytest.mark.parametrize("dialect", [pysqlite.dialect(), psycopg.dialect()], ids=["sqlite", "pg"])  # type: ignore[no-untyped-call]
def test_each_read_model_s_insert_is_the_one_sqlalchemy_compiles(dialect: Any) -> None:
    from portfolio_ledger.projections.read_models import ReadModelTables

    tables = [table for projection in ReadModelTables().all for table in projection.tables]
    assert tables
    for table in tables:
        compiled = table.insert().compile(dialect=dialect)
        names = list(compiled.positiontup or compiled.params)
        named = None if compiled.positiontup else tuple(names)

        assert base.insert_statement(table, dialect) == (str(compiled), names, named)


def test_none_is_bound_as_null_through_its_adapter() -> None:
    # The read models' SQLite writer gives sqlite3 an adapter for None (found at once, not by
    # a failed look-up per NULL); None is still bound as NULL, and the base types' fast path
    # stays (an adapter for int, float, str or bytearray would end it).
    base._writer(AuditTrail(MetaData()).table, pysqlite.dialect())
    adapt = sqlite3.adapters[(type(None), sqlite3.PrepareProtocol)]
    assert adapt(None) is None
    assert not {int, float, str, bytearray} & {kind for kind, _ in sqlite3.adapters}
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE t (a, b)")
    connection.executemany("INSERT INTO t VALUES (?, ?)", [(None, 1), (2, None)])
    rows = connection.execute("SELECT typeof(a), typeof(b) FROM t ORDER BY rowid").fetchall()
    assert rows == [("null", "integer"), ("integer", "null")]
    connection.close()
