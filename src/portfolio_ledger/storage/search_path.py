"""A PostgreSQL search path naming several schemas: the ledger is the first schema's only.

PostgreSQL finds a table by its name in the first schema of the search path
that holds it, and SQLAlchemy's ``checkfirst`` asks whether the name is
visible, not whether the first schema holds it. With ``mine,other`` on the
path, ``other`` holding a ledger and ``mine`` none, opening the ledger made
nothing in ``mine`` and every statement read and wrote ``other``'s tables,
while the ledger's locks and checks (keyed by ``current_schema()``) were
``mine``'s: ``init`` said the new ledger held ``other``'s events, and a
decision was recorded in ``other``. :func:`refuse_a_ledger_further_on`
refuses that, naming both schemas.
"""

from __future__ import annotations

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

from portfolio_ledger.application.errors import NotALedger
from portfolio_ledger.storage.urls import describe_url


def table_names(bind: Engine | Connection) -> set[str]:
    """The tables of the database (PostgreSQL: of the schema first on the search path only).

    SQLAlchemy's list on PostgreSQL is of every table the search path makes visible,
    in whichever of its schemas: the ledger's schema's own are asked for by name.
    """
    inspector = inspect(bind)
    if bind.dialect.name != "postgresql":
        return set(inspector.get_table_names())
    return set(inspector.get_table_names(schema=inspector.default_schema_name))


_FURTHER_ON = text(
    """
    SELECT current_schema() AS first, n.nspname AS later
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relname = :name AND c.relkind IN ('r', 'p')
      AND n.nspname = ANY (current_schemas(false)) AND n.nspname <> current_schema()
    ORDER BY array_position(current_schemas(false), n.nspname)
    LIMIT 1
    """
)
"""The first schema, and the first later schema on the search path that holds ``name``."""


def refuse_a_ledger_further_on(engine: Engine, events: str, existing: set[str]) -> None:
    """Refuse a search path whose first schema holds no ledger when a later schema holds one.

    ``existing`` are the first schema's tables; ``events`` the events table's name.
    """
    if engine.dialect.name != "postgresql" or events in existing:
        return
    with engine.connect() as connection:
        found = connection.execute(_FURTHER_ON, {"name": events}).first()
    if found is None:
        return
    first, later = found
    where = describe_url(engine.url.render_as_string(hide_password=False))
    raise NotALedger(
        f"cannot open the ledger at {where}: the schema {first}, first on its search path, "
        f"holds no ledger, but the schema {later}, later on it, holds one ({events}). The "
        "ledger reads and writes "
        f"only the first schema's tables; here PostgreSQL would find {later}'s, so nothing "
        "was read or written. Name one schema in the search path: "
        f"?options=-csearch_path%3D{later} to use that ledger, or "
        f"?options=-csearch_path%3D{first} to make a new ledger in {first}"
    )
