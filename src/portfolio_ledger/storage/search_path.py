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

from collections.abc import Iterable
from urllib.parse import quote

from sqlalchemy import bindparam, inspect, text
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


_NAMED_SQLITE = text(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN :names"
).bindparams(bindparam("names", expanding=True))
_NAMED_POSTGRESQL = text(
    """
    SELECT c.relname FROM pg_catalog.pg_class c
    WHERE c.relname = ANY(:names) AND c.relkind IN ('r', 'p') AND c.relpersistence != 't'
    AND c.relnamespace = (SELECT n.oid FROM pg_catalog.pg_namespace n
                          WHERE n.nspname = current_schema())
    """
)


def tables_present(bind: Engine | Connection, names: Iterable[str]) -> set[str]:
    """Which of ``names`` are tables of the database, as :func:`table_names` would list them.

    Asked by name, so each is looked up in the catalog's index: listing every table
    reads all of PostgreSQL's ``pg_class``, whose size grows with every table of every
    schema in the database (and, where autovacuum is off, with every table ever dropped).
    """
    wanted = sorted(set(names))
    if not wanted:
        return set()
    if bind.dialect.name == "sqlite":
        query, values = _NAMED_SQLITE, {"names": wanted}
    elif bind.dialect.name == "postgresql":
        query, values = _NAMED_POSTGRESQL, {"names": wanted}
    else:
        return table_names(bind) & set(wanted)
    if isinstance(bind, Connection):
        return {str(name) for name in bind.execute(query, values).scalars()}
    with bind.connect() as connection:
        return {str(name) for name in connection.execute(query, values).scalars()}


_ON_THE_PATH = text(
    """
    SELECT s.name, quote_ident(s.name) AS quoted, EXISTS (
        SELECT FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = s.name AND c.relname = :name AND c.relkind IN ('r', 'p')
    ) AS holds
    FROM unnest(current_schemas(false)) WITH ORDINALITY AS s(name, position)
    ORDER BY s.position
    """
)
"""The schemas of the search path, first (``current_schema()``) first: each's name, the name
as a search path writes it, and whether it holds the table ``name``."""


def refuse_a_ledger_further_on(engine: Engine, events: str, existing: set[str]) -> None:
    """Refuse a search path whose first schema holds no ledger when a later schema holds one.

    So too a first schema of PostgreSQL's own (``pg_catalog``, a session's ``pg_temp``).
    ``existing`` are the first schema's tables; ``events`` the events table's name.
    """
    if engine.dialect.name != "postgresql" or events in existing:
        return
    with engine.connect() as connection:
        path = connection.execute(_ON_THE_PATH, {"name": events}).all()
    if not path:
        return  # no schema: opening says so
    first, later = path[0], next((s for s in path[1:] if s.holds), None)
    system = _systems(first.name)
    where = describe_url(engine.url.render_as_string(hide_password=False))
    if system is not None:
        use = later or next((s for s in path if _systems(s.name) is None), None)
        raise NotALedger(
            f"cannot open the ledger at {where}: the schema {first.name}, first on its search "
            f"path, is PostgreSQL's {system}, which cannot hold a ledger; the ledger is the "
            "first schema's, so nothing was read or written. Name the ledger's schema first: "
            + (f"{_only(use.quoted)}" if use else "a schema of your own (CREATE SCHEMA name)")
        )
    if later is None:
        return
    raise NotALedger(
        f"cannot open the ledger at {where}: the schema {first.name}, first on its search path, "
        f"holds no ledger, but the schema {later.name}, later on it, holds one ({events}). The "
        "ledger reads and writes "
        f"only the first schema's tables; here PostgreSQL would find {later.name}'s, so nothing "
        f"was read or written. Name one schema in the search path: {_only(later.quoted)} to "
        f"use that ledger, or {_only(first.quoted)} to make a new ledger in {first.name}"
        + _beside(existing)
    )


def _beside(existing: set[str]) -> str:
    """What making a ledger in a first schema that holds other tables takes: ``init --force``.

    Those tables are another application's (or what is left of a ledger): opening the schema
    alone refuses to add the ledger's beside them unless told to.
    """
    if not existing:
        return ""
    names = sorted(existing)
    shown = ", ".join(names[:5]) + (", ..." if len(names) > 5 else "")
    return (
        f", which holds {len(names)} other table{'s' if len(names) != 1 else ''} ({shown}): "
        "there, run 'portfolio-ledger init --force' once to put the ledger beside them"
    )


def _systems(schema: str) -> str | None:
    """What the schema is, if PostgreSQL's own: its catalog, or a session's temporary schema."""
    if schema in ("pg_catalog", "pg_toast"):
        return "system catalog"
    if schema.startswith(("pg_temp_", "pg_toast_temp_")):
        return "temporary schema of this session (pg_temp), dropped as it ends"
    return None


def _only(quoted: str) -> str:
    """The URL's ``?options=`` naming only this schema (``quoted`` as ``search_path`` takes it).

    libpq's options end at a space unless it is escaped; the URL encodes the rest.
    """
    value = quoted.replace("\\", "\\\\").replace(" ", "\\ ")
    return "?options=" + quote(f"-csearch_path={value}", safe="-_")
