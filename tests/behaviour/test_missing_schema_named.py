"""A search path naming no schema that exists is refused naming the schemas, and the one to make.

An operator who mistyped the team ledger's schema in ``-csearch_path`` (``pl_ledgr``
for ``pl_ledger``) was told *no schema its search path names exists. Create the schema
first (CREATE SCHEMA name)*: the name to check, or to create, was left to be found in
the URL, percent-encoded there. Now the refusal lists the schemas the path names, as
the server reads them (unquoted names folded to lower case), and gives the CREATE
SCHEMA of the first as SQL the server takes; reading or recording, exit 1, nothing
made.
"""

from __future__ import annotations

from uuid import uuid4

import pytest

from tests.behaviour.test_search_path_schemas import on_path
from tests.conftest import Cli

pytestmark = pytest.mark.postgres

PROPOSE = ("item", "propose", "PRJ-1", "--kind", "project", "--title", "T", "--owner", "O",
           "--sponsor", "S", "--category", "C", "-m", "Need")  # fmt: skip


@pytest.mark.parametrize(
    ("typed", "named", "create"),
    [
        ("pl_ledgr_{}", "pl_ledgr_{}", "CREATE SCHEMA pl_ledgr_{}"),
        ("PL_Ledgr_{},pl_other_{}", "pl_ledgr_{}, pl_other_{}", "CREATE SCHEMA pl_ledgr_{}"),
        ('"Ledgr {}-x"', "Ledgr {}-x", 'CREATE SCHEMA "Ledgr {}-x"'),
    ],
    ids=["one", "two, case folded", "quoted"],
)
def test_a_missing_schema_is_named_with_the_sql_that_makes_it(
    postgres_url: str, typed: str, named: str, create: str
) -> None:
    tag = uuid4().hex[:8]
    run = Cli(on_path(postgres_url, typed.format(tag, tag)))

    for command in (("portfolio",), PROPOSE, ("init",)):
        result = run(*command)

        said = " ".join(result.output.split())
        assert result.exit_code == 1, (command, result.output)
        found = f"no schema its search path names exists ({named.format(tag, tag)})"
        assert found in said, (command, said)
        assert f"Create the schema first ({create.format(tag)})" in said, (command, said)
        assert "Traceback" not in said
