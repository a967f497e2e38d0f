"""Items come in one order on SQLite and on a PostgreSQL whose collation is linguistic.

PostgreSQL sorts text by its database's collation: the test server's is C (by
code point, as SQLite sorts), but many servers' is a language's, where
punctuation is weighed last. The portfolio's order of unranked items, by key,
then differed from SQLite's (``storage/ordering.py``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from uuid import uuid4

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from portfolio_ledger.storage.urls import normalise_url
from tests.conftest import Cli
from tests.pg_schemas import POSTGRES_ENV

KEYS = ["PRJ-10", "PRJ.1", "PRJ1", "PRJA1", "PRJ_1"]
"""By code point; an English ICU collation puts PRJ_1 first."""


@pytest.fixture(params=["sqlite", pytest.param("postgres-icu", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, sqlite_url: str) -> Iterator[str]:
    """An SQLite file, or a PostgreSQL database of its own with an English ICU collation."""
    if request.param == "sqlite":
        yield sqlite_url
        return
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        pytest.skip(f"PostgreSQL tests need {POSTGRES_ENV} (.ci/run sets it)")
    name = f"pl_icu_{uuid4().hex[:10]}"
    admin = create_engine(normalise_url(base), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(
                text(
                    f"CREATE DATABASE {name} TEMPLATE template0 LOCALE_PROVIDER icu "
                    "ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'"
                )
            )
    except DBAPIError as error:
        admin.dispose()
        pytest.skip(f"this PostgreSQL server cannot make an ICU database: {error.orig}")
    try:
        yield make_url(normalise_url(base)).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
        admin.dispose()


def test_unranked_items_are_in_key_order_by_code_point_on_every_database(url: str) -> None:
    run = Cli(url)
    for key in reversed(KEYS):
        proposed = run("item", "propose", key, "--kind", "project", "--title", "T", "--owner",
                       "O", "--sponsor", "S", "--category", "C", "-m", "Proposed")  # fmt: skip
        assert proposed.exit_code == 0, proposed.output
    now = datetime.now(UTC).isoformat()

    def keys(*options: str) -> list[str]:
        listed = run("portfolio", *options, "--json")
        assert listed.exit_code == 0, listed.output
        return [row["key"] for row in json.loads(listed.stdout)]

    assert keys() == KEYS
    assert keys("--category", "c") == KEYS
    assert keys("--as-of", now) == KEYS
