"""The tests' PostgreSQL schemas: an empty one of a test's own, or a new ledger's, used again.

Every test on the server works in a schema of its own (``search_path`` in its URL).
:func:`postgres_schema` makes an empty one and drops it afterwards. Making a ledger in
it (some fifteen tables and as many indexes) and dropping them again was most of a
PostgreSQL test's own time: 0.25-0.7 s against 0.07 s to open a ledger already made
(``open_ledger``, a loaded machine, 2026-12-07). So :func:`ledger_schema`, which the
tests run on each database (``db_url``) get, hands out a schema holding a **new
ledger**, exactly as ``open_ledger`` leaves an empty one, and takes it back after the
test: if its tables, columns, indexes, constraints, triggers, functions, rights and
sequences are still those of a new ledger (:data:`FINGERPRINT`) and it has not grown
past :data:`LARGEST_KEPT`, it is made a new ledger again for a later test of the
same process (every table emptied and given a new ledger's rows and sequence values,
copied from a pristine one, :func:`copying_statements`); otherwise it is dropped.
A test that must meet an empty schema (a ledger made by the test itself, or another
application's tables) asks for ``postgres_url`` instead.
"""

from __future__ import annotations

import atexit
import os
from collections.abc import Iterator
from contextlib import contextmanager
from uuid import uuid4

import pytest
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import Engine, make_url

from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.storage.urls import normalise_url

POSTGRES_ENV = "PORTFOLIO_LEDGER_TEST_POSTGRES_URL"
PREFIX = "pl_test_"
TARGET = "<target>"
LARGEST_KEPT = 8 * 2**20
"""A schema taken back larger than this (its tables, indexes and dead rows) is dropped.

A table emptied by DELETE keeps its pages until a vacuum, which CI's server never
runs: a test that wrote much would leave every later test scanning its dead rows."""


def _base() -> str:
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        pytest.skip(
            f"PostgreSQL tests need {POSTGRES_ENV}, e.g. "
            "postgresql+psycopg://postgres@127.0.0.1:5432/test (.ci/run sets it)"
        )
    return base


def _url(base: str, schema: str) -> str:
    # The server does not wait for its disk before answering a commit (the server's
    # crash safety, which no test exercises; every statement is executed as ever).
    options = f"-csearch_path={schema} -csynchronous_commit=off"
    url = make_url(normalise_url(base)).update_query_dict({"options": options})
    return url.render_as_string(hide_password=False)


def _new_schema(base: str) -> str:
    schema = f"{PREFIX}{uuid4().hex[:12]}"
    with _admin_engine(base).begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    return schema


def _drop(base: str, schema: str) -> None:
    admin = _admin_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    _catalogs_vacuumed_now_and_then(admin)


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A URL for the test server that works in an empty schema of its own, dropped afterwards."""
    base = _base()
    schema = _new_schema(base)
    try:
        yield _url(base, schema)
    finally:
        _drop(base, schema)


class _Pool:
    """This process's schemas holding a new ledger, and the pristine one they are reset from."""

    def __init__(self) -> None:
        self.base = ""
        self.pristine = ""
        self.fingerprint = ""
        self.reset = ""
        self.spare: list[str] = []

    def take(self, base: str) -> str:
        """A schema holding a new ledger, as ``open_ledger`` makes one."""
        if not self.pristine:
            self.base, self.pristine = base, self._made(base)
            with _admin_engine(base).connect() as connection:
                self.fingerprint = fingerprint(connection, self.pristine)
                self.reset = copying_statements(connection, self.pristine)
            atexit.register(self.drop_all)
        if not self.spare:
            return self._made(base)
        schema = self.spare.pop()
        with _admin_engine(base).begin() as connection:
            connection.exec_driver_sql(self.reset.replace(TARGET, schema))
        return schema

    def give_back(self, base: str, schema: str) -> None:
        """Keep ``schema`` for a later test if it is still a new ledger's shape; else drop it."""
        with _admin_engine(base).connect() as connection:
            kept = fingerprint(connection, schema) == self.fingerprint
            kept = kept and _size(connection, schema) <= LARGEST_KEPT
        if kept:
            self.spare.append(schema)
        else:
            _drop(base, schema)

    def drop_all(self) -> None:
        """Drop every schema this process keeps (at its exit)."""
        for schema in [*self.spare, self.pristine]:
            _drop(self.base, schema)
        self.spare.clear()

    @staticmethod
    def _made(base: str) -> str:
        schema = _new_schema(base)
        ledger, _ = open_ledger(_url(base, schema))
        ledger.close()
        return schema


_POOL = _Pool()


@contextmanager
def ledger_schema() -> Iterator[str]:
    """A URL for the test server that works in a schema holding a new ledger of its own."""
    base = _base()
    schema = _POOL.take(base)
    try:
        yield _url(base, schema)
    finally:
        _POOL.give_back(base, schema)


_ADMIN: dict[str, Engine] = {}


def _admin_engine(base: str) -> Engine:
    """One engine per process for making and dropping the tests' schemas.

    A new engine per test connected afresh and read the server's settings each time
    (a few hundredths of a second, over three thousand tests on the server). Each
    connection is checked before use: a test may have ended the server's sessions.
    """
    if base not in _ADMIN:
        _ADMIN[base] = create_engine(normalise_url(base), pool_size=1, pool_pre_ping=True)
    return _ADMIN[base]


def admin_engine() -> Engine:
    """This process's engine on the test server (its public schema): for the tests' own SQL."""
    return _admin_engine(os.environ[POSTGRES_ENV])


_DROPPED = [0]
VACUUM_EVERY = 100
"""Schemas dropped by this process between two vacuums of the server's catalogs."""
CATALOGS = ("pg_attribute", "pg_class", "pg_depend", "pg_type", "pg_index", "pg_constraint",
            "pg_attrdef", "pg_namespace", "pg_sequence", "pg_statistic")  # fmt: skip


def _catalogs_vacuumed_now_and_then(admin: Engine) -> None:
    """Vacuum the catalogs a schema's tables are written to, after every hundred schemas.

    Each test on the server that makes a ledger in a schema of its own (some thirty
    relations) drops it after: a run leaves many dead catalog rows. A server with
    autovacuum off (CI's machine is one) never reclaims them, so every later DDL and
    catalog lookup was slower, run after run: 730 MB of catalogs for 410 live relations,
    and a test file on the server 20% slower than after a vacuum. A plain VACUUM waits
    for no one's DDL (its lock allows it).
    """
    _DROPPED[0] += 1
    if _DROPPED[0] % VACUUM_EVERY != 1:  # the first: what earlier runs left
        return
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        for catalog in CATALOGS:  # only a superuser may; another role's is skipped with a notice
            connection.execute(text(f"VACUUM pg_catalog.{catalog}"))


def own_schema(url: str) -> str | None:
    """The schema of a URL made here, if ``url`` is one; else None."""
    base = os.environ.get(POSTGRES_ENV)
    if not base or not url.startswith("postgresql"):
        return None
    parsed, ours = make_url(normalise_url(url)), make_url(normalise_url(base))
    options = str(parsed.query.get("options", "")).split()
    if parsed.set(query={}) != ours.set(query={}) or not options:
        return None
    searched = [o for o in options if o.startswith(f"-csearch_path={PREFIX}")]
    return searched[0].removeprefix("-csearch_path=") if searched else None


def schema_of(url: str) -> str:
    """The schema a test server URL made here works in."""
    options = str(make_url(url).query["options"]).split()
    return next(o for o in options if o.startswith("-csearch_path=")).removeprefix("-csearch_path=")


def copying_statements(connection: Connection, source: str) -> str:
    """The statements that make ``TARGET``'s tables and sequences hold ``source``'s rows.

    One round trip: every table's rows deleted (cheaper than TRUNCATE's new files),
    the rows of each table ``source`` has some in inserted, every sequence set to
    ``source``'s value. Read once per source: tests write only to copies of it.
    """
    columns = connection.execute(
        text(
            "SELECT c.table_name, c.column_name, c.is_identity FROM information_schema.columns c"
            " JOIN information_schema.tables t USING (table_schema, table_name)"
            " WHERE c.table_schema = :schema AND t.table_type = 'BASE TABLE'"
            " AND c.is_generated = 'NEVER' ORDER BY c.table_name, c.ordinal_position"
        ),
        {"schema": source},
    ).all()
    statements = []
    for table in sorted({table for table, _, _ in columns}):
        statements.append(f'DELETE FROM "{TARGET}"."{table}"')
        if connection.exec_driver_sql(f'SELECT 1 FROM "{source}"."{table}" LIMIT 1').first():
            names = ", ".join(f'"{n}"' for t, n, _ in columns if t == table)
            identity = any(t == table and i == "YES" for t, _, i in columns)
            overriding = " OVERRIDING SYSTEM VALUE" if identity else ""
            statements.append(
                f'INSERT INTO "{TARGET}"."{table}" ({names}){overriding}'
                f' SELECT {names} FROM "{source}"."{table}"'
            )
    sequences = connection.execute(
        text("SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = :s"),
        {"s": source},
    ).scalars()
    for sequence in list(sequences):
        last, called = connection.execute(
            text(f'SELECT last_value, is_called FROM "{source}"."{sequence}"')
        ).one()
        statements.append(f'SELECT setval(\'"{TARGET}"."{sequence}"\', {int(last)}, {called})')
    return ";\n".join(statements)


FINGERPRINT = """
SELECT md5(coalesce(
  string_agg(replace(line, CAST(:schema AS text), '<s>'), E'\\n' ORDER BY line), ''))
FROM (
  SELECT 'n ' || coalesce(n.nspacl::text, '') || ' ' || n.nspowner::regrole::text AS line
    FROM pg_namespace n WHERE n.oid = CAST(:schema AS regnamespace)
  UNION ALL
  SELECT concat_ws(' ', 'c', c.relname, c.relkind, c.relpersistence, c.reloptions::text,
                   c.relacl::text, c.relowner::regrole::text, c.relrowsecurity,
                   c.relforcerowsecurity, c.relreplident)
    FROM pg_class c WHERE c.relnamespace = CAST(:schema AS regnamespace)
  UNION ALL
  SELECT concat_ws(' ', 'a', c.relname, a.attnum, a.attname, a.attisdropped, a.attnotnull,
                   format_type(a.atttypid, a.atttypmod), a.attidentity, a.attgenerated,
                   a.attcollation, a.attacl::text, pg_get_expr(d.adbin, d.adrelid))
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE c.relnamespace = CAST(:schema AS regnamespace) AND a.attnum > 0
  UNION ALL
  SELECT concat_ws(' ', 'i', pg_get_indexdef(i.indexrelid), i.indisvalid, i.indisready,
                   i.indisclustered)
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
    WHERE c.relnamespace = CAST(:schema AS regnamespace)
  UNION ALL
  SELECT concat_ws(' ', 'k', k.conname, k.conrelid::regclass::text, k.convalidated,
                   pg_get_constraintdef(k.oid))
    FROM pg_constraint k WHERE k.connamespace = CAST(:schema AS regnamespace)
  UNION ALL
  SELECT concat_ws(' ', 't', pg_get_triggerdef(t.oid), t.tgenabled)
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
    WHERE c.relnamespace = CAST(:schema AS regnamespace)
  UNION ALL
  SELECT concat_ws(' ', 'r', r.rulename, r.ev_class::regclass::text, r.ev_enabled)
    FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class
    WHERE c.relnamespace = CAST(:schema AS regnamespace)
  UNION ALL
  SELECT concat_ws(' ', 'p', p.polname, p.polrelid::regclass::text)
    FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
    WHERE c.relnamespace = CAST(:schema AS regnamespace)
  UNION ALL
  SELECT concat_ws(' ', 'f', p.proname, pg_get_function_identity_arguments(p.oid),
                   md5(p.prosrc), p.proacl::text)
    FROM pg_proc p WHERE p.pronamespace = CAST(:schema AS regnamespace)
  UNION ALL
  SELECT concat_ws(' ', 'y', t.typname, t.typtype)
    FROM pg_type t WHERE t.typnamespace = CAST(:schema AS regnamespace)
  UNION ALL
  SELECT concat_ws(' ', 's', s.seqrelid::regclass::text, s.seqtypid, s.seqstart,
                   s.seqincrement, s.seqmax, s.seqmin, s.seqcache, s.seqcycle)
    FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid
    WHERE c.relnamespace = CAST(:schema AS regnamespace)
) lines
"""
"""One digest of everything in a schema a test could change but its rows and sequences."""


def fingerprint(connection: Connection, schema: str) -> str:
    """:data:`FINGERPRINT` of ``schema`` (its own name left out); '' if it is gone."""
    exists = connection.execute(
        text("SELECT 1 FROM pg_namespace WHERE nspname = :s"), {"s": schema}
    ).first()
    if exists is None:
        return ""
    return str(connection.execute(text(FINGERPRINT), {"schema": schema}).scalar_one())


def _size(connection: Connection, schema: str) -> int:
    return int(
        connection.execute(
            text(
                "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c"
                " WHERE c.relnamespace = CAST(:s AS regnamespace) AND c.relkind = 'r'"
            ),
            {"s": schema},
        ).scalar_one()
    )
