"""A search path naming two schemas: the ledger is the first schema's, never a later one's.

PostgreSQL finds a table by its name in the first schema of the search path
that holds it. With ``-csearch_path=mine,other``, ``other`` already holding a
ledger and ``mine`` none, opening the ledger found the events' table it was to
create already there (SQLAlchemy's check asks whether the name is visible, not
whether ``mine`` holds it), so made nothing in ``mine``: ``demo`` said the
empty ledger *already holds 314 events*, ``init`` said *Ledger ready ... It
holds 314 events* and a decision went into ``other``'s ledger, while the
ledger's locks and checks were ``mine``'s. Now the command is refused naming
both schemas and what to write instead (exit 1), and nothing is written in
either.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from uuid import uuid4

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from tests.conftest import Cli
from tests.pg_schemas import postgres_schema, schema_of
from tests.reliability.test_setup_lock import session

COMMANDS = {
    "demo": ("demo",),
    "init": ("init",),
    "a read": ("items", "list"),
    "a decision": ("item", "reprioritise", "PGM-002", "--rank", "7", "--authority",
                   "Portfolio Board", "-m", "Moved up"),
}  # fmt: skip


@pytest.fixture(scope="module")
def other() -> Iterator[str]:
    """A schema holding the demo ledger; no test here changes it."""
    with postgres_schema() as url:
        assert Cli(url)("demo").exit_code == 0
        yield url


def searching(mine: str, other: str) -> str:
    """``mine``'s URL with the search path ``mine, other``."""
    options = str(make_url(mine).query["options"]).replace(
        f"-csearch_path={schema_of(mine)}", f"-csearch_path={schema_of(mine)},{schema_of(other)}"
    )
    return make_url(mine).update_query_dict({"options": options}).render_as_string(False)


def held(url: str) -> tuple[int, int]:
    """The tables of the URL's first schema, and the events its search path finds."""
    with session(url) as connection:
        tables = connection.execute(
            text("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()")
        ).scalar_one()
        events = connection.execute(text("SELECT count(*) FROM portfolio_ledger_events"))
        return int(tables), int(events.scalar_one())


@pytest.mark.postgres
@pytest.mark.parametrize("args", COMMANDS.values(), ids=COMMANDS)
def test_a_later_schemas_ledger_is_never_taken_for_the_first_schemas(
    postgres_url: str, other: str, args: tuple[str, ...]
) -> None:
    url = searching(postgres_url, other)
    before = held(other)

    result = Cli(url)(*args)

    said = " ".join(result.output.split())
    assert result.exit_code == 1, said
    assert "Traceback" not in said
    mine, theirs = schema_of(postgres_url), schema_of(other)
    assert f"the schema {mine}, first on its search path, holds no ledger" in said
    assert f"but the schema {theirs}, later on it, holds one" in said
    assert f"-csearch_path%3D{theirs} to use that ledger" in said
    assert f"-csearch_path%3D{mine} to make a new ledger in {mine}" in said
    assert held(other) == before  # nothing written there
    with session(postgres_url) as connection:  # nor here
        assert not connection.execute(
            text("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()")
        ).scalar_one()


@pytest.mark.postgres
def test_a_ledger_in_the_first_schema_is_used_whatever_a_later_one_holds(
    postgres_url: str, other: str
) -> None:
    assert Cli(postgres_url)("init").exit_code == 0
    before = held(other)

    result = Cli(searching(postgres_url, other))("demo")

    assert result.exit_code == 0, result.output
    assert held(postgres_url)[1] == before[1]  # the demo's events, in the first schema
    assert held(other) == before


@pytest.mark.postgres
def test_a_rebuild_drops_no_table_of_a_later_schema(postgres_url: str, other: str) -> None:
    """A table named as a killed rebuild's leftover, in ``other``: before, the rebuild in
    ``mine`` found it on the search path and dropped it."""
    assert Cli(postgres_url)("init").exit_code == 0
    with session(other) as connection:
        connection.execute(text("CREATE TABLE portfolio_items__r0123abcd (id int)"))
        connection.commit()
    try:
        result = Cli(searching(postgres_url, other))("projections", "rebuild")

        assert result.exit_code == 0, result.output
        with session(other) as connection:
            assert connection.execute(
                text("SELECT to_regclass('portfolio_items__r0123abcd')")
            ).scalar()
    finally:
        with session(other) as connection:
            connection.execute(text("DROP TABLE IF EXISTS portfolio_items__r0123abcd"))
            connection.commit()


def on_path(url: str, *schemas: str) -> str:
    """``url`` with the search path ``schemas`` (each written as ``search_path`` takes it)."""
    path = ",".join(schemas).replace(" ", "\\ ")  # libpq's options: a space escaped
    return (
        make_url(url)
        .update_query_dict({"options": f"-csearch_path={path}"})
        .render_as_string(False)
    )


def current_schema(url: str, options: str) -> str:
    """The schema a connection to ``url``'s server with ``?options=...`` (as said) works in."""
    base = make_url(url).set(query={}).render_as_string(False)
    with session(base + options) as connection:
        return str(connection.execute(text("SELECT current_schema()")).scalar_one())


@pytest.fixture
def awkward(postgres_url: str) -> Iterator[str]:
    """A schema whose name a search path must quote: upper case, a space and a dash."""
    name = f"Ledger {uuid4().hex[:8]}-x"
    with session(postgres_url) as connection:
        connection.execute(text(f'CREATE SCHEMA "{name}"'))
        connection.commit()
    try:
        yield name
    finally:
        with session(postgres_url) as connection:
            connection.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
            connection.commit()


@pytest.mark.postgres
def test_the_search_paths_the_refusal_offers_name_the_schemas_meant(
    postgres_url: str, other: str, awkward: str
) -> None:
    """Before, the offer was ``-csearch_path%3DLedger ...-x``: refused by the server (a space
    ends libpq's option), and without quotes upper case is read as lower case."""
    result = Cli(on_path(postgres_url, f'"{awkward}"', schema_of(other)))("items", "list")

    said = " ".join(result.output.split())
    assert result.exit_code == 1, said
    use = re.search(r"(\?options=\S+) to use that ledger", said)
    make = re.search(r"(\?options=\S+) to make a new ledger in", said)
    assert use, said
    assert make, said
    assert current_schema(postgres_url, use[1]) == schema_of(other)
    assert current_schema(postgres_url, make[1]) == awkward


@pytest.mark.postgres
@pytest.mark.parametrize("system", ["pg_catalog", "pg_temp"])
@pytest.mark.parametrize("args", [("demo",), ("items", "list")], ids=["demo", "a read"])
def test_a_system_schema_first_on_the_path_is_refused_naming_the_schema_to_use(
    postgres_url: str, other: str, system: str, args: tuple[str, ...]
) -> None:
    """Before, with ``pg_temp`` first the demo said it recorded 314 events, into temporary
    tables dropped as the command ended; with ``pg_catalog`` first it said the database held
    64 tables (pg_aggregate, ...) and to run ``init --force``, or offered to make a ledger in
    ``pg_catalog``."""
    later = schema_of(other) if args != ("demo",) else schema_of(postgres_url)
    before = held(other)

    result = Cli(on_path(postgres_url, system, later))(*args)

    said = " ".join(result.output.split())
    assert result.exit_code == 1, said
    assert "Traceback" not in said
    assert f"the schema {system}" in said
    assert "first on its search path, is PostgreSQL's" in said
    assert "cannot hold a ledger" in said
    assert f"?options=-csearch_path%3D{later}" in said
    assert "a new ledger in pg_" not in said
    assert held(other) == before
    with session(postgres_url) as connection:  # nothing made in the empty schema
        assert not connection.execute(
            text("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()")
        ).scalar_one()


TREE_TABLES = ("portfolio_ledger_tree", "portfolio_ledger_checkpoints", "portfolio_ledger_settings")


@pytest.mark.postgres
def test_a_first_schemas_ledger_gains_its_missing_tables_in_its_own_schema(
    postgres_url: str, other: str
) -> None:
    """A ledger made before it had a tree (docs/verification.md) gains the tree's tables from
    whoever opens it first. Before, with a later schema's ledger on the path, they were taken
    as there (SQLAlchemy's checkfirst sees every visible table): none was made, and the first
    schema's ledger read the later one's tree, so a decision was refused as 'the record was
    changed outside portfolio-ledger'."""
    assert Cli(postgres_url)("init").exit_code == 0
    with session(postgres_url) as connection:  # as a ledger made before the tree
        connection.execute(text(f"DROP TABLE {', '.join(TREE_TABLES)}"))
        connection.commit()
    before = held(other)

    result = Cli(searching(postgres_url, other))(
        "person", "add", "hc", "--name", "H", "--holds", "Chair", "-m", "R"
    )

    assert result.exit_code == 0, result.output
    with session(postgres_url) as connection:
        made = connection.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        ).scalars()
        assert set(TREE_TABLES) <= set(made)
        assert connection.execute(text("SELECT count(*) FROM portfolio_ledger_tree")).scalar()
    assert held(other) == before


@pytest.mark.postgres
def test_a_first_schema_holding_other_tables_is_offered_what_making_a_ledger_there_takes(
    postgres_url: str, other: str
) -> None:
    """Before, the refusal offered the first schema alone "to make a new ledger" there; with
    another application's table in it, every command on that path then refused to add the
    ledger beside it and asked for ``init --force``, which the first refusal had not said."""
    with session(postgres_url) as connection:
        connection.execute(text("CREATE TABLE customers (id integer)"))
        connection.commit()

    result = Cli(searching(postgres_url, other))("items", "list")

    said = " ".join(result.output.split())
    assert result.exit_code == 1, said
    mine = schema_of(postgres_url)
    assert (
        f"to make a new ledger in {mine}, which holds 1 other table (customers): there, run "
        "'portfolio-ledger init --force' once to put the ledger beside them"
    ) in said
    offered = re.search(r"(\?options=\S+) to make a new ledger in", said)
    assert offered, said
    assert current_schema(postgres_url, offered[1]) == mine
    alone = (
        make_url(postgres_url)
        .update_query_dict({"options": f"-csearch_path={mine}"})
        .render_as_string(False)
    )
    assert Cli(alone)("init", "--force").exit_code == 0
    assert Cli(alone)("items", "list").exit_code == 0
