"""A URL naming a database or a role the server has none of says which, and how to make it.

A mistyped database (``/portfolo``) or user was refused with the server's words and *Check
the URL ... and, for a server, that it is running and reachable*: it was running, and it
had answered. Now the refusal names the database or role it lacks, and the command that
makes it, reading or recording (exit 1, nothing made).
"""

from __future__ import annotations

from uuid import uuid4

import pytest
from sqlalchemy import make_url

from tests.conftest import Cli

pytestmark = pytest.mark.postgres

PROPOSE = ("item", "propose", "PRJ-1", "--kind", "project", "--title", "T", "--owner", "O",
           "--sponsor", "S", "--category", "C", "-m", "Need")  # fmt: skip


@pytest.mark.parametrize(
    ("part", "said", "make"),
    [
        ("database", "holds no database named {}", "createdb -E UTF8 -T template0 {}"),
        ("username", "knows no role (user) named {}", "CREATE ROLE {} LOGIN"),
    ],
)
def test_a_database_or_role_the_server_lacks_is_named_with_how_to_make_it(
    postgres_url: str, part: str, said: str, make: str
) -> None:
    name = f"pl_missing_{uuid4().hex[:10]}"
    url = make_url(postgres_url)
    url = url.set(database=name) if part == "database" else url.set(username=name)
    run = Cli(url.render_as_string(hide_password=False))

    for command in (("portfolio",), PROPOSE, ("init",)):
        result = run(*command)

        text = " ".join(result.output.split())
        assert result.exit_code == 1, (command, text)
        assert said.format(name) in text, (command, text)
        assert make.format(name) in text, (command, text)
        assert "running and reachable" not in text
        assert "Nothing was read or written" in text
