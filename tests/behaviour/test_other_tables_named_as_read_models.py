"""A database holding another application's table of a read model's name is never told to adopt.

A command opening a database with other tables and no ledger says to run
``init --force`` where the ledger is meant to live there; but where one of those
tables has a name the ledger's read models use (``economics``), ``init --force``
refuses it (README.md), so that fix was one that could not work. Every command now
says what ``init --force`` would: keep the ledger in a database of its own.
"""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, inspect

from portfolio_ledger.storage.urls import normalise_url
from tests.conftest import Cli


@pytest.mark.empty_schema("another application's tables where the ledger would make its own")
@pytest.mark.parametrize(
    "command",
    [
        ("items", "list"),
        ("item", "propose", "PRJ-1", "--kind", "project", "--title", "T", "--owner", "O",
         "--sponsor", "S", "--category", "C", "-m", "Why"),
        ("init", "--force"),
    ],
    ids=["read", "decision", "init-force"],
)  # fmt: skip
def test_the_refusal_names_the_clash_not_init_force(db_url: str, command: tuple[str, ...]) -> None:
    engine = create_engine(normalise_url(db_url))
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE economics (id integer PRIMARY KEY)")

    refused = Cli(db_url)(*command)

    try:
        assert refused.exit_code == 1, refused.output
        assert "holds another application's table economics, under a name" in refused.output
        assert "init --force" not in refused.output
        assert set(inspect(engine).get_table_names()) == {"economics"}  # nothing made
    finally:
        engine.dispose()
