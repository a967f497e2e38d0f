"""The tests' PostgreSQL schemas of a new ledger, used again (tests/pg_schemas.py).

A schema taken back is a new ledger's again for the next test, row for row and sequence
for sequence; one whose shape a test changed, or which grew too large, is dropped.
"""

from __future__ import annotations

import pytest
from sqlalchemy import Connection, text

from tests import pg_schemas
from tests.conftest import Cli
from tests.pg_schemas import admin_engine, ledger_schema, schema_of

pytestmark = pytest.mark.postgres


def _state(connection: Connection, schema: str) -> dict[str, object]:
    """Every table's rows and every sequence's value in ``schema``."""
    tables = connection.execute(
        text("SELECT tablename FROM pg_tables WHERE schemaname = :s ORDER BY 1"), {"s": schema}
    ).scalars()
    state: dict[str, object] = {
        table: sorted(map(repr, connection.exec_driver_sql(f'SELECT * FROM "{schema}"."{table}"')))
        for table in list(tables)
    }
    sequences = connection.execute(
        text("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = :s"),
        {"s": schema},
    )
    state.update((f"sequence {name}", value) for name, value in sequences)
    return state


def _exists(schema: str) -> bool:
    with admin_engine().connect() as connection:
        found = connection.execute(
            text("SELECT 1 FROM pg_namespace WHERE nspname = :s"), {"s": schema}
        )
        return found.first() is not None


def test_a_schema_taken_back_is_a_new_ledger_again() -> None:
    with ledger_schema() as url:
        used = schema_of(url)
        with admin_engine().connect() as connection:
            new = _state(connection, used)
        run = Cli(url)
        assert run("demo").exit_code == 0
        assert run.events() > 0
    with ledger_schema() as url:
        assert schema_of(url) == used, "the schema was not kept for the next test"
        assert Cli(url).events() == 0
        with admin_engine().connect() as connection:
            assert _state(connection, used) == new


CHANGES = [
    'CREATE TABLE "{s}".other (n integer)',
    'DROP INDEX "{s}".ix_audit_trail_actor',
    'ALTER TABLE "{s}".audit_trail ADD COLUMN extra text',
    'ALTER TABLE "{s}".audit_trail ALTER COLUMN rationale DROP NOT NULL',
    'GRANT SELECT ON "{s}".portfolio_ledger_events TO PUBLIC',
    (
        'CREATE FUNCTION "{s}".f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;'
        ' CREATE TRIGGER t BEFORE INSERT ON "{s}".audit_trail'
        ' FOR EACH ROW EXECUTE FUNCTION "{s}".f()'
    ),
    'ALTER TABLE "{s}".audit_trail RENAME TO audit_trail_old',
    'DROP SCHEMA "{s}" CASCADE',
]


@pytest.mark.parametrize("change", CHANGES)
def test_a_schema_whose_shape_a_test_changed_is_dropped(change: str) -> None:
    with ledger_schema() as url:
        used = schema_of(url)
        with admin_engine().begin() as connection:
            connection.exec_driver_sql(change.format(s=used))
    assert not _exists(used)
    with ledger_schema() as url:
        assert schema_of(url) != used
        assert Cli(url)("portfolio").exit_code == 0


def test_a_schema_grown_too_large_is_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    with ledger_schema() as url:
        used = schema_of(url)
        monkeypatch.setattr(pg_schemas, "LARGEST_KEPT", 0)
    assert not _exists(used)
