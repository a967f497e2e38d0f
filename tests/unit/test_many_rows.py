"""Many rows in few INSERTs (``storage/many_rows.py``): the same rows, in order, or none of them."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import IntegrityError

from portfolio_ledger.storage.many_rows import (
    MAX_VARIABLES,
    insert_columns,
    insert_many_rows,
    insert_text,
)

COLUMNS = ("position", "id", "version", "topic", "state")


def _table(tmp_path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{tmp_path / 'rows.db'}")
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE TABLE t (position INTEGER PRIMARY KEY, id BLOB NOT NULL, "
            "version INTEGER NOT NULL, topic TEXT NOT NULL, state BLOB NOT NULL)"
        )
        connection.exec_driver_sql("CREATE UNIQUE INDEX t_id ON t (id, version)")
    return engine


def _rows(count: int) -> list[tuple[int, bytearray, int, str, bytearray]]:
    return [
        (p, bytearray(p.to_bytes(16, "big")), p % 7, f"topic:{p % 3}", bytearray(b"s" * p))
        for p in range(1, count + 1)
    ]


@pytest.mark.parametrize("count", [1, MAX_VARIABLES // len(COLUMNS), 450, 1003])
def test_every_row_is_stored_as_given_in_order(tmp_path: Path, count: int) -> None:
    engine = _table(tmp_path)
    rows = _rows(count)
    with engine.begin() as connection:
        insert_many_rows(connection, "t", COLUMNS, rows)
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT * FROM t ORDER BY rowid")).all()
    assert [tuple(row) for row in stored] == [
        (p, bytes(i), v, topic, bytes(s)) for p, i, v, topic, s in rows
    ]


def test_a_row_breaking_a_constraint_fails_and_its_transaction_stores_none(
    tmp_path: Path,
) -> None:
    engine = _table(tmp_path)
    rows = _rows(450)
    rows[300] = (301, rows[10][1], rows[10][2], "topic:0", bytearray(b"again"))  # (id, version)
    with pytest.raises(IntegrityError), engine.begin() as connection:
        insert_many_rows(connection, "t", COLUMNS, rows)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM t")).scalar() == 0


@pytest.mark.parametrize("count", [1, MAX_VARIABLES // len(COLUMNS), 450, 1003])
def test_rows_given_by_column_are_stored_as_given_nulls_written_or_bound(
    tmp_path: Path, count: int
) -> None:
    # A column None in all of a statement's rows is written NULL in its text; one None in only
    # some rows is bound. Either way the same rows, in order.
    engine = _table(tmp_path)
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE n (a INTEGER, b TEXT, c TEXT, d BLOB)")
    rows = [
        (p, None if p < 300 else f"b{p}", None, None if p % 3 else bytearray(b"d"))
        for p in range(count)
    ]
    with engine.begin() as connection:
        insert_columns(connection, "n", ("a", "b", "c", "d"), list(zip(*rows, strict=True)), count)
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT a, b, c, d FROM n ORDER BY rowid")).all()
    assert [tuple(row) for row in stored] == [
        (a, b, c, None if d is None else bytes(d)) for a, b, c, d in rows
    ]


def test_a_statement_s_text_says_null_where_told() -> None:
    assert insert_text("t", ("a", "b"), 2, (False, True)) == (
        "INSERT INTO t (a, b) VALUES (?, NULL), (?, NULL)"
    )
    assert insert_text("t", ("a", "b"), 1) == "INSERT INTO t (a, b) VALUES (?, ?)"
