"""On PostgreSQL, the application's role can append events but never change or delete them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from portfolio_ledger.storage.urls import normalise_url
from tests.behaviour.test_tamper import forge_linked_event
from tests.conftest import Cli
from tests.reliability.test_setup_lock import run_beside, session

PROPOSE = ("--kind", "project", "--title", "T", "--owner", "O", "--sponsor", "S", "-m", "why")


@pytest.fixture
def app_role(postgres_url: str) -> Iterator[str]:
    """A login role of this test's own, dropped afterwards."""
    role = f"pl_app_{uuid4().hex[:10]}"
    admin = create_engine(normalise_url(postgres_url))
    with admin.begin() as connection:
        connection.execute(text(f'CREATE ROLE "{role}" LOGIN'))
    try:
        yield role
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP OWNED BY "{role}" CASCADE'))
            connection.execute(text(f'DROP ROLE "{role}"'))
        admin.dispose()


def as_role(url: str, role: str) -> str:
    return make_url(url).set(username=role).render_as_string(hide_password=False)


@pytest.mark.postgres
def test_the_granted_role_records_and_rebuilds_but_cannot_update_or_delete(
    postgres_url: str, app_role: str
) -> None:
    owner = Cli(postgres_url)
    assert owner("init").exit_code == 0
    assert owner("item", "propose", "PRJ-1", *PROPOSE, "--category", "C").exit_code == 0
    printed = owner("grant", app_role, "--print-sql")
    assert printed.exit_code == 0
    assert "GRANT SELECT, INSERT ON TABLE" in printed.output
    assert "UPDATE" not in printed.output.split("portfolio_ledger_tracking")[0]
    granted = owner("grant", app_role)
    assert granted.exit_code == 0, granted.output

    app = Cli(as_role(postgres_url, app_role))
    recorded = app("item", "propose", "PRJ-2", *PROPOSE, "--category", "C")
    assert recorded.exit_code == 0, recorded.output
    assert app("projections", "rebuild").exit_code == 0
    assert app("audit", "verify").exit_code == 0

    assert_refused(
        as_role(postgres_url, app_role),
        "UPDATE portfolio_ledger_events SET topic = 'forged' WHERE id = 1",
        "DELETE FROM portfolio_ledger_events WHERE id = 2",
        "UPDATE portfolio_ledger_chain SET hash = repeat('0', 64)",
        "DELETE FROM portfolio_ledger_chain",
        "TRUNCATE portfolio_ledger_events",
    )
    assert app.events() == 2


def assert_refused(url: str, *statements: str) -> None:
    """Each statement, run on its own at ``url``, is refused: permission denied."""
    engine = create_engine(normalise_url(url))
    try:
        for statement in statements:
            with engine.begin() as connection, pytest.raises(ProgrammingError) as refused:
                connection.execute(text(statement))
            assert "permission denied" in str(refused.value)
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_grant_refuses_what_it_cannot_do_safely(postgres_url: str, app_role: str) -> None:
    owner = Cli(postgres_url)
    assert owner("init").exit_code == 0

    unknown = owner("grant", "no_such_role_here")
    assert unknown.exit_code == 1
    assert "no role 'no_such_role_here'" in unknown.output

    assert owner("grant", app_role).exit_code == 0
    from_app = Cli(as_role(postgres_url, app_role))("grant", app_role)
    assert from_app.exit_code == 1
    assert "only the ledger's owner" in from_app.output


def test_grant_on_an_sqlite_ledger_explains_and_creates_nothing(tmp_path: Path) -> None:
    result = Cli(f"sqlite:///{tmp_path / 'never.db'}")("grant", "someone")

    assert result.exit_code == 1
    assert "file permissions" in result.output
    assert not (tmp_path / "never.db").exists()


@pytest.mark.postgres
def test_an_event_the_granted_role_forges_through_sql_is_named_by_the_last_checkpoint(
    postgres_url: str, app_role: str, tmp_path: Path
) -> None:
    owner = Cli(postgres_url)
    assert owner("init").exit_code == 0
    assert owner("grant", app_role).exit_code == 0
    app_url = as_role(postgres_url, app_role)
    app = Cli(app_url)
    key = tmp_path / "signing.key"
    signing = {"PORTFOLIO_LEDGER_SIGNING_KEY": str(key)}
    assert (
        app(
            "audit", "keygen", "--name", "ledger.example.org/portfolio", "--out", str(key)
        ).exit_code
        == 0
    )
    assert app("item", "propose", "PRJ-1", *PROPOSE, "--category", "C", env=signing).exit_code == 0
    assert app("audit", "checkpoint", "--every", "1", env=signing).exit_code == 0
    assert app("item", "propose", "PRJ-2", *PROPOSE, "--category", "C", env=signing).exit_code == 0
    deferred = app("item", "defer", "PRJ-2", "--authority", "IC", "-m", "Later", env=signing)
    assert deferred.exit_code == 0, deferred.output
    last = tmp_path / "last-checkpoint.txt"
    signed = app("audit", "checkpoint", env=signing)
    last.write_text(signed.stdout, encoding="utf-8")

    # The application's own role, which may insert but not update or delete,
    # appends a decision through SQL, its chain link and tree row computed as
    # docs/verification.md says.
    forged = forge_linked_event(app_url, copied_from=app.events())
    plain = app("audit", "verify")
    verdict = app("audit", "verify", "--checkpoint", str(last), "--key", f"{key}.pub")
    next_write = app("item", "propose", "PRJ-3", *PROPOSE, "--category", "C", env=signing)
    assert_refused(
        app_url,
        "UPDATE portfolio_ledger_tree SET hashes = hashes",
        "DELETE FROM portfolio_ledger_checkpoints",
        "UPDATE portfolio_ledger_settings SET value = '0'",
    )

    assert forged == 4
    assert plain.exit_code == 0, plain.output
    assert verdict.exit_code == 1, verdict.output
    assert "FAILED at position 4: not signed." in verdict.output
    assert next_write.exit_code == 0, next_write.output
    assert "position 5 was recorded but not signed" in next_write.output
    assert "position 4 is from before this write" in next_write.output


HELD_BY_THE_OWNER = {
    "a read": ("items", "list"),
    "a decision": ("item", "reprioritise", "PGM-002", "--rank", "7", "--authority",
                   "Portfolio Board", "-m", "Moved up"),
}  # fmt: skip


@pytest.mark.postgres
@pytest.mark.parametrize("args", HELD_BY_THE_OWNER.values(), ids=HELD_BY_THE_OWNER)
def test_the_granted_role_told_who_holds_a_table_says_what_it_may_not_see(
    postgres_url: str, app_role: str, args: tuple[str, ...]
) -> None:
    """pg_stat_activity shows another user's session's state and query only to an administrator
    (or a member of pg_read_all_stats): the granted role sees '<insufficient privilege>'."""
    owner = Cli(postgres_url)
    assert owner("demo").exit_code == 0
    assert owner("grant", app_role).exit_code == 0
    app = Cli(as_role(postgres_url, app_role))

    with session(postgres_url) as holder:
        holder.execute(text("LOCK TABLE portfolio_ledger_events IN ACCESS EXCLUSIVE MODE"))
        pid = holder.execute(text("SELECT pg_backend_pid()")).scalar_one()
        result = run_beside(app, holder, *args)

    said = " ".join(result.output.split())
    assert result.exit_code == 1, said
    assert f"PostgreSQL process {pid} (user postgres" in said
    assert "insufficient privilege" not in said  # before: last query '<insufficient privilege>'
    assert f"role {app_role} may not see what that session is doing" in said
    assert f"SELECT state, xact_start, query FROM pg_stat_activity WHERE pid = {pid}" in said
    assert "holding the table portfolio_ledger_events" in said
    assert f"(or end it: SELECT pg_terminate_backend({pid}))" in said


@pytest.mark.postgres
def test_a_granted_role_with_a_schema_of_its_own_is_told_which_schema_holds_the_ledger(
    postgres_url: str, app_role: str
) -> None:
    """PostgreSQL's default search path, ``"$user", public``, puts a schema named after the
    role first (the pattern PostgreSQL's docs suggest for each user): its ledger is that
    schema's, empty, so the ledger's schema must be named, and the refusal offers it."""
    owner = Cli(postgres_url)
    assert owner("demo").exit_code == 0
    assert owner("grant", app_role).exit_code == 0
    with session(postgres_url) as connection:
        connection.execute(text(f'CREATE SCHEMA "{app_role}" AUTHORIZATION "{app_role}"'))
        connection.commit()
    ledger = str(make_url(postgres_url).query["options"]).split()[0].removeprefix("-csearch_path=")
    app = as_role(postgres_url, app_role)
    searching = make_url(app).update_query_dict({"options": f'-csearch_path="$user",{ledger}'})

    refused = Cli(searching.render_as_string(False))("items", "list")

    said = " ".join(refused.output.split())
    assert refused.exit_code == 1, said
    assert f"the schema {app_role}, first on its search path, holds no ledger" in said
    offered = f"?options=-csearch_path%3D{ledger}"
    assert f"{offered} to use that ledger" in said
    base = make_url(app).set(query={}).render_as_string(False)
    assert Cli(base + offered)("items", "list").exit_code == 0
