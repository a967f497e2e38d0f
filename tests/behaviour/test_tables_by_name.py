"""Which of some tables a database holds, asked by name: the same answer as listing them all.

Opening a ledger and every read ask whether the ledger's tables are there. They
ask by name (``tables_present``), so PostgreSQL looks each up in its catalog's
index instead of reading all of ``pg_class``, which grows with every table of
every schema in the database. The answer must be the listing's: tables of the
first schema on the search path only, not a view of that name, nor a table a
later schema holds.
"""

from __future__ import annotations

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.storage.search_path import table_names, tables_present
from portfolio_ledger.storage.urls import normalise_url
from tests.pg_schemas import postgres_schema, schema_of

LEDGER = ["portfolio_ledger_events", "portfolio_ledger_chain", "audit_trail", "item_timeline"]


def test_the_tables_named_are_those_the_listing_holds(db_url: str) -> None:
    ledger, _ = open_ledger(db_url)
    ledger.close()
    engine = create_engine(normalise_url(db_url))
    try:
        with engine.begin() as connection:
            connection.execute(text("CREATE VIEW looks_like_a_table AS SELECT 1 AS one"))
            connection.execute(text("CREATE TABLE someone_elses (one INTEGER)"))
        asked = [*LEDGER, "looks_like_a_table", "someone_elses", "not_there"]
        with engine.connect() as connection:
            found = tables_present(connection, asked)
            assert found == table_names(connection) & set(asked)
        assert found == {*LEDGER, "someone_elses"}
        assert tables_present(engine, asked) == found  # given the engine, the same
        assert tables_present(engine, []) == set()
    finally:
        engine.dispose()


def test_a_later_schema_s_tables_are_not_the_first_schema_s(postgres_url: str) -> None:
    ledger, _ = open_ledger(postgres_url)  # a ledger in the later schema
    ledger.close()
    with postgres_schema() as first:
        later = schema_of(postgres_url)
        options = f"-csearch_path={schema_of(first)},{later}"
        both = make_url(first).update_query_dict({"options": options})
        engine = create_engine(normalise_url(both.render_as_string(hide_password=False)))
        try:
            with engine.connect() as connection:
                visible = connection.execute(text("SELECT count(*) FROM audit_trail"))
                assert visible.scalar_one() == 0  # the later schema's, found by the path
                assert tables_present(connection, LEDGER) == set()
                assert table_names(connection) == set()
        finally:
            engine.dispose()
