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

from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from tests.conftest import Cli, postgres_schema, schema_of
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
