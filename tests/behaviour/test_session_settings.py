"""A PostgreSQL session set otherwise than the test server's gives the answers SQLite gives.

The test server's sessions are in UTC with ISO dates, as the fixtures' schemas
are; a team's server, database or role, or a URL's options, may set them
otherwise. Here sessions 14 hours ahead of UTC (Kiritimati) and 11 behind
(Pago Pago), sessions whose DateStyle is ``SQL, DMY`` (a British
server's), ``German`` or ``Postgres``, one whose client encoding is
``LATIN1`` and one whose ``standard_conforming_strings`` is off (where the
Merkle tree's rows were stored as the text of their hex escape, and the next
decision refused), record and read a ledger (titles with an emoji): every recorded
time is said in UTC, and the recorded clock's days, moments and the read
models' check are as on SQLite. Under another DateStyle the driver could not
read a recorded time (an internal error, exit 70, from ``audit trail``,
``portfolio --as-of`` and the rest), nor under LATIN1 an emoji:
``storage/date_style.py``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from uuid import uuid4

import pytest
from click.testing import Result
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from portfolio_ledger.storage.urls import normalise_url
from tests.conftest import Cli
from tests.pg_schemas import POSTGRES_ENV, postgres_schema

SETTINGS = [
    "timezone=Pacific/Kiritimati",
    "timezone=Pacific/Pago_Pago",
    "datestyle=SQL,DMY",
    "datestyle=German",
    "datestyle=Postgres,MDY",
    "client_encoding=LATIN1",
    "standard_conforming_strings=off",
]
TITLE = "Launch \U0001f680"
"""Text LATIN1 has no letter for."""


@pytest.fixture(
    params=["sqlite", *(pytest.param(setting, marks=pytest.mark.postgres) for setting in SETTINGS)]
)
def run(request: pytest.FixtureRequest, sqlite_url: str) -> Iterator[Cli]:
    """An SQLite file, or a PostgreSQL schema whose sessions have another setting."""
    if request.param == "sqlite":
        yield Cli(sqlite_url)
        return
    with postgres_schema() as base:
        url = make_url(base)
        options = f"{url.query['options']} -c{request.param}"
        yield Cli(url.update_query_dict({"options": options}).render_as_string(False))


def _json(result: Result) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _moment(text: str, microseconds: int) -> str:
    moment = datetime.fromisoformat(text) + timedelta(microseconds=microseconds)
    return moment.isoformat(timespec="microseconds").replace("+00:00", "Z")


def test_recorded_times_days_and_moments_are_as_on_sqlite_whatever_the_session_s_settings(
    run: Cli,
) -> None:
    for key in ("TZ-1", "TZ-2"):
        proposed = run("item", "propose", key, "--kind", "project", "--title", TITLE, "--owner",
                       "O", "--sponsor", "S", "--category", "C", "-m", "Proposed")  # fmt: skip
        assert proposed.exit_code == 0, proposed.output
    trail = _json(run("audit", "trail", "--json"))
    first, second = (row["recorded_at"] for row in trail)
    assert first.endswith("Z")
    assert second.endswith("Z")
    shown = _json(run("item", "show", "TZ-2", "--json"))
    assert shown["last_recorded_at"] == second
    assert shown["title"] == TITLE
    history = _json(run("item", "history", "TZ-1", "--json"))
    assert [row["recorded_at"] for row in history] == [first]

    # The recorded clock's days are UTC days: the day each was recorded holds it.
    for recorded in (first, second):
        day = recorded[:10]
        on_the_day = _json(run("audit", "trail", "--from", day, "--to", day, "--json"))
        assert recorded in [row["recorded_at"] for row in on_the_day]
        day_before = (datetime.fromisoformat(day) - timedelta(days=1)).date().isoformat()
        assert _json(run("audit", "trail", "--to", day_before, "--json")) == []

    # A moment to the microsecond, as --json writes it, and the microsecond before.
    def keys(moment: str) -> list[str]:
        listed = _json(run("portfolio", "--as-of", moment, "--json"))
        return [row["key"] for row in listed]

    assert keys(second) == ["TZ-1", "TZ-2"]
    assert keys(_moment(second, -1)) == ["TZ-1"]
    trail_from = _json(run("audit", "trail", "--from", second, "--json"))
    assert [row["recorded_at"] for row in trail_from] == [second]

    verified = run("audit", "verify", "--read-models")
    assert verified.exit_code == 0, verified.output


@pytest.fixture(params=["sqlite", pytest.param("postgres-latin1", marks=pytest.mark.postgres)])
def latin1(request: pytest.FixtureRequest, sqlite_url: str) -> Iterator[str]:
    """An SQLite file, or a PostgreSQL database of its own encoded in LATIN1."""
    if request.param == "sqlite":
        yield sqlite_url
        return
    yield from _latin1_database()


@pytest.fixture
def latin1_server() -> Iterator[str]:
    """A PostgreSQL database of its own encoded in LATIN1 (for what only a server has)."""
    yield from _latin1_database()


def _latin1_database() -> Iterator[str]:
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        pytest.skip(f"PostgreSQL tests need {POSTGRES_ENV} (.ci/run sets it)")
    name = f"pl_latin1_{uuid4().hex[:10]}"
    admin = create_engine(normalise_url(base), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(
                text(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'LATIN1' LOCALE 'C'")
            )
    except DBAPIError as error:
        admin.dispose()
        pytest.skip(f"this PostgreSQL server cannot make a LATIN1 database: {error.orig}")
    try:
        yield make_url(normalise_url(base)).set(database=name).render_as_string(False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
        admin.dispose()


def test_a_ledger_is_made_only_where_any_text_can_be_kept(latin1: str) -> None:
    """A LATIN1 database stored the events, but its read models never caught up again."""
    run = Cli(latin1)

    proposed = run("item", "propose", "L-1", "--kind", "project", "--title", TITLE, "--owner",
                   "O", "--sponsor", "S", "--category", "C", "-m", "Proposed")  # fmt: skip

    if latin1.startswith("sqlite"):
        assert proposed.exit_code == 0, proposed.output
        assert _json(run("item", "show", "L-1", "--json"))["title"] == TITLE
        return
    assert proposed.exit_code == 1, proposed.output
    said = " ".join(proposed.output.split())
    assert "is encoded in LATIN1, which cannot hold every text a decision may carry" in said
    assert "CREATE DATABASE" in said
    assert "ENCODING 'UTF8'" in said
    assert "Traceback" not in proposed.output
    engine = create_engine(normalise_url(latin1))
    with engine.connect() as connection:
        tables = connection.execute(
            text("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
        ).scalar()
    engine.dispose()
    assert tables == 0


@pytest.mark.postgres
@pytest.mark.parametrize("date_style", ["SQL, DMY", "German", "Postgres, MDY"])
def test_a_client_s_pgdatestyle_changes_nothing_a_command_reads(
    postgres_url: str, date_style: str
) -> None:
    """libpq sends PGDATESTYLE after the options asking for ISO, and the server applied it
    last: ``audit trail``, ``portfolio --as-of`` and the rest failed with an internal error.

    The commands run in-process with PGDATESTYLE in the environment while each runs: libpq
    reads it as each connection opens, as it does in a process of the command's own.
    """

    def cli(*args: str) -> Result:
        done = Cli(postgres_url)(*args, actor="Sam", env={"PGDATESTYLE": date_style})
        assert done.exit_code == 0, done.output
        return done

    cli("item", "propose", "DS-1", "--kind", "project", "--title", TITLE, "--owner", "O",
        "--sponsor", "S", "--category", "C", "-m", "Proposed")  # fmt: skip
    (row,) = json.loads(cli("audit", "trail", "--json").stdout)
    assert row["recorded_at"].endswith("Z")
    shown = json.loads(cli("item", "show", "DS-1", "--json").stdout)
    assert shown["last_recorded_at"] == row["recorded_at"]
    listed = json.loads(cli("portfolio", "--as-of", row["recorded_at"], "--json").stdout)
    assert [item["key"] for item in listed] == ["DS-1"]
    cli("projections", "rebuild")
    cli("audit", "verify", "--read-models")
    cli("grant", "pg_monitor", "--print-sql")


@pytest.mark.postgres
def test_a_ledger_an_older_version_made_in_latin1_is_read_but_not_written(
    latin1_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: a decision whose text LATIN1 lacks was recorded with only a warning, and
    from then on the read models could never catch up (every listing failed)."""
    run = Cli(latin1_server)
    for older in (
        "datastore.refuse_a_database_not_in_utf8",
        "recorder.refuse_to_record_outside_utf8",
    ):
        # as made, and written, before either was refused
        monkeypatch.setattr(f"portfolio_ledger.storage.{older}", lambda _: None, raising=False)
    made = run("item", "propose", "L-1", "--kind", "project", "--title", "Café", "--owner",
               "O", "--sponsor", "S", "--category", "C", "-m", "Proposed")  # fmt: skip
    assert made.exit_code == 0, made.output
    monkeypatch.undo()
    events = run.events()

    for title in (TITLE, "Plain"):
        refused = run("item", "propose", "L-2", "--kind", "project", "--title", title,
                      "--owner", "O", "--sponsor", "S", "--category", "C", "-m", "P")  # fmt: skip
        assert refused.exit_code == 1, refused.output
        said = " ".join(refused.output.split())
        assert "is encoded in LATIN1" in said
        assert "nothing was written" in said
        assert "ENCODING 'UTF8'" in said
        assert "pg_dump" in said
        assert "Traceback" not in refused.output
        assert run.events() == events

    assert _json(run("item", "show", "L-1", "--json"))["title"] == "Café"
    assert [row["key"] for row in _json(run("portfolio", "--json"))] == ["L-1"]
    verified = run("audit", "verify", "--read-models")
    assert verified.exit_code == 0, verified.output


@pytest.mark.postgres
def test_a_latin1_ledger_whose_views_cannot_catch_up_says_how_to_move_it(
    latin1_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An older version recorded an emoji there: every listing failed with the driver's words
    alone (UntranslatableCharacter), not what to do."""
    run = Cli(latin1_server)
    for older in (
        "datastore.refuse_a_database_not_in_utf8",
        "recorder.refuse_to_record_outside_utf8",
    ):
        monkeypatch.setattr(f"portfolio_ledger.storage.{older}", lambda _: None, raising=False)
    made = run("item", "propose", "L-1", "--kind", "project", "--title", TITLE, "--owner",
               "O", "--sponsor", "S", "--category", "C", "-m", "Proposed")  # fmt: skip
    assert "the read models could not catch up" in made.output
    monkeypatch.undo()

    listed = run("portfolio")

    assert listed.exit_code == 1, listed.output
    said = " ".join(listed.output.split())
    assert "is not encoded in UTF-8" in said
    assert "ENCODING 'UTF8'" in said
    assert "pg_dump -n public" in said
    verified = run("audit", "verify")
    assert verified.exit_code == 0, verified.output
