"""``PGOPTIONS`` is heard as libpq hears it: when the URL gives no ``options`` of its own.

Every connection the ledger opens sends libpq's ``options`` (for ISO dates), and libpq
takes ``PGOPTIONS`` from the environment only when it is sent none: an operator who set
``PGOPTIONS=-csearch_path=team_a`` (as psql and pg_dump heed it) and gave ``--db`` the
database alone had it dropped. A read said the database held no ledger, and a decision
made a new ledger in the database's ``public`` schema, beside the team's. Run in a
database of the test's own, whose ``public`` that would have been.
"""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, make_url, text

from portfolio_ledger.storage.urls import normalise_url
from tests.behaviour.test_backup_restore import (  # noqa: F401 - a fixture
    POSTGRES,
    another_database,
)
from tests.conftest import Cli

pytestmark = pytest.mark.postgres

PROPOSE = ("item", "propose", "PRJ-2", "--kind", "project", "--title", "T", "--owner", "O",
           "--sponsor", "S", "--category", "C", "-m", "Need")  # fmt: skip


def _tables_in_public(url: str) -> int:
    engine = create_engine(normalise_url(url))
    try:
        with engine.connect() as connection:
            query = "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
            return int(connection.execute(text(query)).scalar_one())
    finally:
        engine.dispose()


def test_a_search_path_in_pgoptions_names_the_ledger_a_bare_url_opens(
    another_database: str,  # noqa: F811 - the fixture
) -> None:
    bare = make_url(POSTGRES).set(database=another_database, query={})
    database = bare.render_as_string(hide_password=False)
    schema = Cli(
        bare.update_query_dict({"options": "-csearch_path=team_a"}).render_as_string(False)
    )
    engine = create_engine(normalise_url(database))
    with engine.begin() as connection:
        connection.execute(text("CREATE SCHEMA team_a"))
    engine.dispose()
    assert schema(*PROPOSE[:2], "PRJ-1", *PROPOSE[3:]).exit_code == 0
    heard = {"PGOPTIONS": "-csearch_path=team_a"}
    run = Cli(database)

    read = run("items", "list", env=heard)
    recorded = run(*PROPOSE, env=heard)

    assert read.exit_code == 0, read.output
    assert "PRJ-1" in read.output
    assert recorded.exit_code == 0, recorded.output
    assert "ledger position 2," in recorded.output
    assert schema.events() == 2
    assert _tables_in_public(database) == 0
