"""Finding every person or board reads an index of their making, not the whole events table.

A person registered (one person, one key) or a board's limits changed (within
its parent's, around the boards under it) asks for every aggregate made by one
topic. Before, that was a scan of every event on each such decision; now a
partial index holds only those rows, on both databases, and a ledger made
before it gains it when a command that writes next opens it.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from eventsourcing.utils import get_topic
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine

from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.domain.people import PersonRegistered
from portfolio_ledger.storage.recorder import LedgerRecorder
from portfolio_ledger.storage.urls import normalise_url
from tests.behaviour.test_least_privilege import app_role, as_role
from tests.conftest import Cli
from tests.pg_schemas import schema_of

__all__ = ["app_role"]  # the fixture, used by name

INDEX = "portfolio_ledger_events_made_idx"
PERSON = ("person", "add", "zz1", "--name", "Zed Zulu", "-m", "Joins")


def has_index(engine: Engine, index: str = INDEX) -> bool:
    """Whether the ledger's database holds the index (this module's, unless named)."""
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            return connection.execute(text(f"SELECT to_regclass('{index}')")).scalar() is not None
        found = f"SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = '{index}'"
        return connection.execute(text(found)).scalar() is not None


def plan_of_finding_people(run: Cli, engine: Engine) -> str:
    """The plan of the query the ledger sent to find every person, as the database makes it."""
    sent: list[str] = []

    def keep(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if "topic" in statement and "WHERE" in statement:
            sent.append(statement)

    ledger, _ = open_ledger(run.url)
    try:
        recorder = ledger.recorder
        assert isinstance(recorder, LedgerRecorder)
        event.listen(recorder.datastore.engine, "before_cursor_execute", keep)
        people = recorder.select_notifications(0, 1000, topics=[get_topic(PersonRegistered)])
    finally:
        ledger.close()
    assert people
    assert {p.topic for p in people} == {get_topic(PersonRegistered)}
    [statement] = sent
    assert get_topic(PersonRegistered) in statement  # named literally, so the index serves it
    return plan(engine, statement, "1000")  # the plan, whatever the values


def plan(engine: Engine, statement: str, value: str) -> str:
    """The database's plan of ``statement`` the ledger sent, each parameter given ``value``."""
    query = re.sub(r"\?|%\(\w+\)s", value, statement)
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SET enable_seqscan = off"))  # a small table: force the choice
            rows = connection.exec_driver_sql(f"EXPLAIN {query}")
        else:
            rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {query}")
        return "\n".join(str(row[-1]) for row in rows)


def test_finding_every_person_reads_the_index(run: Cli, engine: Engine) -> None:
    assert run("demo").exit_code == 0

    assert has_index(engine)
    assert INDEX in plan_of_finding_people(run, engine)


# Made by checkfirst, SQLAlchemy reflected the table's indexes and warned (on a user's stderr)
# that it could not read the merged index's expression: made by IF NOT EXISTS, it reads none.
@pytest.mark.filterwarnings("error::sqlalchemy.exc.SAWarning")
def test_a_ledger_made_before_the_index_gains_it_when_next_written(
    run: Cli, engine: Engine
) -> None:
    assert run("demo").exit_code == 0
    with engine.begin() as connection:
        connection.execute(text(f"DROP INDEX {INDEX}"))
    assert run("item", "show", "PRJ-001", "--json").exit_code == 0  # a read makes nothing
    assert not has_index(engine)

    added = run(*PERSON)

    assert added.exit_code == 0, added.output
    assert has_index(engine)
    assert "Zed Zulu" in run("person", "list").output
    namesake = run("person", "add", "zz2", "--name", "zed  zulu", "-m", "x")
    assert namesake.exit_code == 1
    assert "is the name of Zed Zulu (zz1)" in namesake.output


@pytest.mark.postgres
def test_a_role_that_may_not_make_the_index_records_as_before(
    postgres_url: str, app_role: str
) -> None:
    owner = Cli(postgres_url)
    assert owner("demo").exit_code == 0
    assert owner("grant", app_role).exit_code == 0
    engine = create_engine(normalise_url(postgres_url))
    try:
        with engine.begin() as connection:
            connection.execute(text(f"DROP INDEX {INDEX}"))
        app = Cli(as_role(postgres_url, app_role))

        added = app(*PERSON)
        namesake = app("person", "add", "zz2", "--name", "Zed Zulu", "-m", "x")

        assert added.exit_code == 0, added.output
        assert namesake.exit_code == 1
        assert "is the name of Zed Zulu (zz1)" in namesake.output
        assert not has_index(engine)  # not the table's owner: found by a scan, as before
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_an_index_of_that_name_in_another_schema_on_the_path_is_not_the_ledgers(
    postgres_url: str,
) -> None:
    """A search path of the ledger's schema, then another with an index of the same name."""
    mine = schema_of(postgres_url)
    other = f"{mine}_other"
    admin = create_engine(normalise_url(postgres_url))
    try:
        assert Cli(postgres_url)("demo").exit_code == 0
        with admin.begin() as connection:
            connection.execute(text(f'DROP INDEX "{mine}".{INDEX}'))
            connection.execute(text(f'CREATE SCHEMA "{other}"'))
            connection.execute(text(f'CREATE TABLE "{other}".notes (id int)'))
            connection.execute(text(f'CREATE INDEX {INDEX} ON "{other}".notes (id)'))
        both = postgres_url.replace(f"search_path%3D{mine}", f"search_path%3D{mine}%2C{other}")
        both = both.replace(f"search_path={mine}", f"search_path={mine},{other}")
        assert both != postgres_url
        run = Cli(both)

        assert run(*PERSON).exit_code == 0

        with admin.connect() as connection:
            found = connection.execute(
                text("SELECT 1 FROM pg_indexes WHERE schemaname = :s AND indexname = :i"),
                {"s": mine, "i": INDEX},
            ).scalar()
        assert found == 1
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{other}" CASCADE'))
        admin.dispose()
