"""A PostgreSQL schema of its own for each size the benchmark measures there."""

from __future__ import annotations

import os
from uuid import uuid4


def drop_schema(url: str) -> None:
    """Remove a size's PostgreSQL schema once it has been measured."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    options = make_url(url).query.get("options", "")
    schema = str(options).removeprefix("-csearch_path=")
    engine = create_engine(make_url(url).difference_update_query(["options"]))
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    engine.dispose()


def postgres_url() -> str:
    """A fresh schema on the test server, for one size."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = os.environ.get("PORTFOLIO_LEDGER_TEST_POSTGRES_URL")
    if not base:
        raise SystemExit("--db postgres needs PORTFOLIO_LEDGER_TEST_POSTGRES_URL")
    schema = f"pl_bench_{uuid4().hex[:8]}"
    engine = create_engine(base)
    with engine.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    engine.dispose()
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)
