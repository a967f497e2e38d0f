"""The roles docs/verification.md sets up on PostgreSQL: an owner who is no superuser, a reader.

The page says to run the ledger's tables under one role (the owner, who runs 'init')
and 'grant' the application's role from it. An owner that is no superuser could not:
'grant' hands the read models' tables to the application's role, which PostgreSQL
allows only to a member of that role, and the failure was said as "this connection
may not write to the database". A role given SELECT alone (a reader, an auditor) lost
its SELECT on every read model at the application's first rebuild (fresh tables), and
was then told, for a read, that "nothing can be recorded through it".
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from uuid import uuid4

import pytest
from sqlalchemy import text

from tests.behaviour.test_least_privilege import as_role
from tests.conftest import Cli
from tests.pg_schemas import admin_engine, schema_of

PROPOSE = ("--kind", "project", "--title", "T", "--owner", "O", "--sponsor", "S", "-m", "why")


@contextmanager
def login_role(kind: str) -> Iterator[str]:
    """A login role of this test's own (no superuser), dropped afterwards (its schema kept)."""
    role = f"pl_{kind}_{uuid4().hex[:10]}"
    with admin_engine().begin() as connection:
        connection.execute(text(f'CREATE ROLE "{role}" LOGIN'))
    try:
        yield role
    finally:
        with admin_engine().begin() as connection:
            connection.execute(text(f'REASSIGN OWNED BY "{role}" TO CURRENT_USER'))
            connection.execute(text(f'DROP OWNED BY "{role}" CASCADE'))
            connection.execute(text(f'DROP ROLE "{role}"'))


def admin(*statements: str) -> None:
    with admin_engine().begin() as connection:
        for statement in statements:
            connection.execute(text(statement))


def may(role: str, table: str, privilege: str) -> bool:
    with admin_engine().connect() as connection:
        allowed = connection.execute(
            text("SELECT has_table_privilege(:role, :table, :privilege)"),
            {"role": role, "table": table, "privilege": privilege},
        ).scalar_one()
    return bool(allowed)


@pytest.mark.postgres
def test_an_owner_no_superuser_is_told_to_be_made_a_member_of_the_role(
    postgres_url: str,
) -> None:
    schema = schema_of(postgres_url)
    with login_role("owner") as owner_role, login_role("app") as app_role:
        admin(f'ALTER SCHEMA "{schema}" OWNER TO "{owner_role}"')  # as the ledger's owner owns it
        owner = Cli(as_role(postgres_url, owner_role))
        assert owner("init").exit_code == 0

        refused = owner("grant", app_role)

        said = " ".join(refused.output.split())
        assert refused.exit_code == 1, said
        assert f"not a member of role {app_role}" in said
        assert f"GRANT {app_role} TO {owner_role}" in said
        assert "may not write" not in said
        assert not may(app_role, f'"{schema}".portfolio_ledger_events', "INSERT")  # nothing done
        admin(f'GRANT "{app_role}" TO "{owner_role}"')  # as the refusal says
        granted = owner("grant", app_role)
        assert granted.exit_code == 0, granted.output
        app = Cli(as_role(postgres_url, app_role))
        assert app("item", "propose", "PRJ-1", *PROPOSE, "--category", "C").exit_code == 0
        assert app("projections", "rebuild").exit_code == 0


@pytest.mark.postgres
def test_a_reader_survives_a_rebuild_when_set_up_as_the_page_says(postgres_url: str) -> None:
    schema = schema_of(postgres_url)
    with login_role("app") as app_role, login_role("reader") as reader_role:
        owner = Cli(postgres_url)
        assert owner("item", "propose", "PRJ-1", *PROPOSE, "--category", "C").exit_code == 0
        assert owner("grant", app_role).exit_code == 0
        app, reader = Cli(as_role(postgres_url, app_role)), Cli(as_role(postgres_url, reader_role))
        admin(  # the page's SQL for a role that reads, but for its default privileges
            f'GRANT USAGE ON SCHEMA "{schema}" TO "{reader_role}"',
            f'GRANT SELECT ON ALL TABLES IN SCHEMA "{schema}" TO "{reader_role}"',
        )
        assert reader("portfolio").exit_code == 0
        assert app("projections", "rebuild").exit_code == 0

        refused = reader("portfolio")

        said = " ".join(refused.output.split())
        assert refused.exit_code == 1, said
        assert "role may not read a table of the ledger's" in said
        assert "permission denied for table portfolio_items" in said
        assert "nothing can be recorded" not in said
        admin(  # the rest of the page's SQL: what the application's rebuilds make, it may read
            f'GRANT SELECT ON ALL TABLES IN SCHEMA "{schema}" TO "{reader_role}"',
            f'ALTER DEFAULT PRIVILEGES FOR ROLE "{app_role}" IN SCHEMA "{schema}" '
            f'GRANT SELECT ON TABLES TO "{reader_role}"',
        )
        assert app("projections", "rebuild").exit_code == 0
        for command in (("portfolio",), ("audit", "trail"), ("audit", "verify", "--read-models")):
            read = reader(*command)
            assert read.exit_code == 0, (command, read.output)
        recorded = reader("item", "propose", "PRJ-2", *PROPOSE, "--category", "C")
        assert recorded.exit_code == 1
        assert "nothing can be recorded through it" in recorded.output


@pytest.mark.postgres
def test_an_auditor_with_a_key_at_hand_exports_and_is_told_why_none_was_signed(
    postgres_url: str, tmp_path: Path
) -> None:
    # Before, the key merely found (as an SQLite ledger opened read-only has it) tried to
    # sign, and the export was refused whole: "may not write ... nothing can be recorded"
    schema = schema_of(postgres_url)
    owner = Cli(postgres_url)
    assert owner("item", "propose", "PRJ-1", *PROPOSE, "--category", "C").exit_code == 0
    key = tmp_path / "signing.key"
    assert owner("audit", "keygen", "--out", str(key)).exit_code == 0
    with login_role("auditor") as auditor_role:
        admin(
            f'GRANT USAGE ON SCHEMA "{schema}" TO "{auditor_role}"',
            f'GRANT SELECT ON ALL TABLES IN SCHEMA "{schema}" TO "{auditor_role}"',
        )
        auditor = Cli(as_role(postgres_url, auditor_role))
        at_hand = {"PORTFOLIO_LEDGER_SIGNING_KEY": str(key)}

        exported = auditor("audit", "export", "--out", str(tmp_path / "t.csv"), env=at_hand)

        said = " ".join(exported.output.split())
        assert exported.exit_code == 0, said
        assert "No signed checkpoint in the manifest" in said
        assert "its role may not insert checkpoints" in said
        assert auditor("audit", "verify-export", str(tmp_path / "t.csv")).exit_code == 0
        given = auditor("audit", "export", "--out", str(tmp_path / "k.csv"), "--key", str(key))
        assert given.exit_code == 1  # asked to sign, it cannot keep what it signs: refused
        assert "nothing can be recorded through it" in given.output
        assert not (tmp_path / "k.csv").exists()


@pytest.mark.postgres
def test_a_granted_role_after_the_owner_rebuilt_is_told_to_have_grant_run_again(
    postgres_url: str,
) -> None:
    # Before, it was told to connect as "a role given 'portfolio-ledger grant'": itself
    owner = Cli(postgres_url)
    assert owner("item", "propose", "PRJ-1", *PROPOSE, "--category", "C").exit_code == 0
    with login_role("app") as app_role:
        assert owner("grant", app_role).exit_code == 0
        assert owner("projections", "rebuild").exit_code == 0  # fresh tables: the owner's
        app = Cli(as_role(postgres_url, app_role))
        assert app("item", "propose", "PRJ-2", *PROPOSE, "--category", "C").exit_code == 0

        refused = app("portfolio")

        said = " ".join(refused.output.split())
        assert refused.exit_code == 1, said
        assert f"The table portfolio_items is postgres's, not {app_role}'s" in said
        assert f"run 'portfolio-ledger grant {app_role}' again" in said
        assert owner("grant", app_role).exit_code == 0
        assert app("portfolio").exit_code == 0
