"""A role that may not use the ledger's schema is told so, not to create the schema.

PostgreSQL leaves a schema a role has no USAGE privilege on out of its search path,
as if it did not exist: a role not yet granted the ledger, pointed at its schema,
was told "no schema its search path names exists. Create the schema first", and
CREATE SCHEMA then fails, as it exists. Now the refusal names the schema, the role
and the grant it lacks, reading or recording (exit 1, nothing written).
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import text

from tests.behaviour.test_least_privilege import app_role, as_role
from tests.behaviour.test_search_path_schemas import awkward, on_path
from tests.conftest import Cli
from tests.reliability.test_setup_lock import session

__all__ = ["app_role", "awkward"]  # the fixtures, used by name


@pytest.mark.postgres
def test_a_role_not_granted_the_schema_is_told_to_ask_for_the_grant(
    postgres_url: str, app_role: str
) -> None:
    owner = Cli(postgres_url)
    assert owner("demo").exit_code == 0
    before = owner("audit", "digest").stdout
    app = Cli(as_role(postgres_url, app_role))

    for command in (("item", "show", "PRJ-001"), ("portfolio",), ("person", "add", "zz1",
                    "--name", "Zed Zulu", "--authority", "PMO", "-m", "Joins")):  # fmt: skip
        result = app(*command)

        said = " ".join(result.output.split())
        assert result.exit_code == 1, (command, result.output)
        assert f"exists, but role {app_role} may not use it" in said, command
        assert f"'portfolio-ledger grant {app_role}'" in said
        assert "CREATE SCHEMA" not in said
        assert "Traceback" not in said
    assert owner("audit", "digest").stdout == before
    assert owner("grant", app_role).exit_code == 0
    assert app("item", "show", "PRJ-001").exit_code == 0


@pytest.mark.postgres
def test_the_grant_it_gives_is_sql_the_server_takes_for_a_schema_that_needs_quotes(
    postgres_url: str, app_role: str, awkward: str
) -> None:
    # Before, the hint read GRANT USAGE ON SCHEMA Ledger ...-x TO ...: not SQL a server takes
    owner_url = on_path(postgres_url, f'"{awkward}"')
    assert Cli(owner_url)("demo").exit_code == 0

    result = Cli(as_role(owner_url, app_role))("portfolio")

    said = " ".join(result.output.split())
    assert result.exit_code == 1, said
    grant = re.search(r"\(or (GRANT USAGE ON SCHEMA .+? TO \S+)\)", said)
    assert grant, said
    with session(postgres_url) as connection:
        connection.execute(text(grant[1]))
        usable = connection.execute(
            text("SELECT has_schema_privilege(:role, :schema, 'USAGE')"),
            {"role": app_role, "schema": awkward},
        ).scalar_one()
        connection.commit()
    assert usable
