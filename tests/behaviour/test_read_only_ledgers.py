"""A ledger an auditor may only read: its events verified, its read models refused in words.

A backup opened with ``mode=ro`` (as docs/verification.md says to look
around in one), a PostgreSQL read-only transaction or a role with SELECT
alone. Where the read models must first be written (made by an earlier
version, or behind the events), before: every command failed, ``audit
verify`` too, with *cannot set up the read models: the database failed:
attempt to write a readonly database*, or the driver's words alone
(*(psycopg.errors.ReadOnlySqlTransaction) cannot execute UPDATE ...*).
On PostgreSQL the views are refused in words; on SQLite they now read a copy
of the ledger (tests/behaviour/test_read_only_views_copied.py).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.storage.urls import normalise_url, sqlite_file
from tests import builders
from tests.conftest import Cli
from tests.pg_schemas import schema_of

PROPOSE = ("--kind", "project", "--title", "T", "--owner", "O", "--sponsor", "S", "-m", "why")


def read_only(url: str) -> str:
    """The same ledger, through a connection that may only read."""
    path = sqlite_file(url)
    if path is not None:
        return f"sqlite:///file:{path}?mode=ro&uri=true"
    parsed = make_url(url)
    options = f"{parsed.query['options']} -cdefault_transaction_read_only=on"
    return parsed.update_query_dict({"options": options}).render_as_string(hide_password=False)


def execute(url: str, *statements: str) -> list[tuple[object, ...]]:
    """Run statements at ``url`` in one transaction; the rows of the last, if it gives any."""
    engine = create_engine(normalise_url(url))
    try:
        with engine.begin() as connection:
            for statement in statements:
                result = connection.execute(text(statement))
            return [tuple(row) for row in result] if result.returns_rows else []
    finally:
        engine.dispose()


def tracking(url: str) -> list[tuple[object, ...]]:
    return execute(url, "SELECT * FROM portfolio_ledger_tracking ORDER BY application_name")


def recorded(url: str) -> Cli:
    run = Cli(url)
    for key in ("PRJ-1", "PRJ-2"):
        result = run("item", "propose", key, *PROPOSE, "--category", "C")
        assert result.exit_code == 0, result.output
    return run


def recorded_past_the_read_models(url: str) -> None:
    """One decision more, recorded with no read models attached: they are one event behind."""
    ledger = PortfolioLedger(url)
    try:
        ledger.handle(builders.propose("PRJ-3"))
    finally:
        ledger.close()


def as_an_earlier_version_left_it(url: str) -> None:
    """economics tracked under the version before this one's, as after an upgrade."""
    (key,) = execute(url, "SELECT application_name FROM portfolio_ledger_tracking "
                     "WHERE application_name LIKE 'economics@v%'")[0]  # fmt: skip
    name, _, version = str(key).partition("@v")
    execute(url, f"UPDATE portfolio_ledger_tracking SET application_name = "
            f"'{name}@v{int(version) - 1}' WHERE application_name = '{key}'")  # fmt: skip


COPIED = "so this command reads a copy of the ledger taken now"


def assert_refused_or_copied(result: object, url: str, *said: str) -> None:
    """On PostgreSQL, refused in words; on SQLite, answered from a copy of the ledger."""
    if sqlite_file(url) is None:
        assert_refused_in_words(result, url, *said)
        return
    assert getattr(result, "exit_code") == 0, getattr(result, "output")  # noqa: B009
    assert COPIED in getattr(result, "stderr")  # noqa: B009


def assert_refused_in_words(result: object, url: str, *said: str) -> None:
    output = getattr(result, "output")  # noqa: B009 - a click Result
    assert getattr(result, "exit_code") == 1, output  # noqa: B009
    assert "cannot use the read models" in output, output
    assert "may not write to the database" in output
    for words in said:
        assert words in output
    fix = "Open the ledger once with write access" if sqlite_file(url) else "Connect once as a role"
    assert fix in output
    assert "'audit verify' and 'audit digest' read them" in output
    for driver in ("Traceback", "(sqlite3.", "(psycopg."):
        assert driver not in output


def test_an_earlier_versions_ledger_is_verified_read_only_and_its_views_refused_or_copied(
    db_url: str,
) -> None:
    writable = recorded(db_url)
    digest = writable("audit", "digest").stdout
    as_an_earlier_version_left_it(db_url)
    before = tracking(db_url)
    reader = Cli(read_only(db_url))

    verified = reader("audit", "verify")
    digested = reader("audit", "digest")
    economics = reader("economics")
    status = reader("projections", "status")

    assert verified.exit_code == 0, verified.output
    assert digested.exit_code == 0, digested.output
    assert digested.stdout == digest
    assert_refused_or_copied(economics, db_url, "the read model economics must be rebuilt",
                            "made by an earlier version of portfolio-ledger")  # fmt: skip
    # status shows the read models as they are (it was refused, as the views are)
    assert status.exit_code == 0, status.output
    assert [line.split()[-1] for line in status.stdout.splitlines() if line.startswith("econ")] == [
        "rebuild"
    ]
    assert (
        "To rebuild: economics, made by an earlier version of portfolio-ledger: rebuilt from "
        "the events when the ledger is next opened with write access"
    ) in status.stderr
    assert tracking(db_url) == before  # nothing was written
    opened = writable("economics")  # with write access, as the refusal says
    assert opened.exit_code == 0, opened.output
    assert "read model economics was made by an earlier version" in opened.stderr
    assert reader("economics").exit_code == 0


def test_read_models_behind_on_a_read_only_connection_say_how_far(db_url: str) -> None:
    writable = recorded(db_url)
    recorded_past_the_read_models(db_url)
    before = tracking(db_url)
    reader = Cli(read_only(db_url))

    listed = reader("portfolio")
    verified = reader("audit", "verify")

    assert_refused_or_copied(listed, db_url, "the read models are 1 event behind the ledger")
    assert verified.exit_code == 0, verified.output
    assert tracking(db_url) == before
    assert writable("portfolio").exit_code == 0
    assert reader("portfolio").exit_code == 0


def test_read_models_are_checked_as_they_stand_on_a_read_only_connection(db_url: str) -> None:
    """Before: 'FAILED: read models: the read models cannot catch up: ... The events are
    intact; the read models (a cache of them) are not ... run projections rebuild': a
    verdict of damage on read models merely behind, which a reader may not catch up."""
    recorded(db_url)
    recorded_past_the_read_models(db_url)
    before = tracking(db_url)

    checked = Cli(read_only(db_url))("audit", "verify", "--read-models")

    assert checked.exit_code == 0, checked.output
    assert "Verified: the hash chain is intact over 3 positions" in checked.stdout
    assert "are what the events give, up to position 2. The 1 event after it is not in " in (
        checked.stdout
    )
    assert "this connection may not write them" in checked.stdout
    assert "FAILED" not in checked.output
    assert tracking(db_url) == before


def test_read_models_of_an_earlier_version_are_not_checked_and_the_events_are(
    db_url: str,
) -> None:
    """Before: only 'Error: cannot use the read models ...': the events' check made was not
    said, and the read models' check not made was an error of the whole command."""
    recorded(db_url)
    as_an_earlier_version_left_it(db_url)

    checked = Cli(read_only(db_url))("audit", "verify", "--read-models")

    assert checked.exit_code == 1, checked.output
    assert "Verified: the hash chain is intact over 2 positions" in checked.stdout
    assert (
        "Read models: not checked: cannot use the read models: the read model economics must "
        "be rebuilt from the events first"
    ) in checked.stdout
    assert "FAILED" not in checked.output
    assert "are not." not in checked.output


@pytest.fixture
def ledger_then_role(postgres_url: str) -> Iterator[tuple[str, str]]:
    """A ledger, then a login role of this test's own that may only read its tables."""
    recorded(postgres_url)
    role = f"pl_read_{uuid4().hex[:10]}"
    schema = schema_of(postgres_url)
    execute(postgres_url, f'CREATE ROLE "{role}" LOGIN',
            f'GRANT USAGE ON SCHEMA "{schema}" TO "{role}"',
            f'GRANT SELECT ON ALL TABLES IN SCHEMA "{schema}" TO "{role}"')  # fmt: skip
    try:
        yield postgres_url, role
    finally:
        execute(postgres_url, f'DROP OWNED BY "{role}" CASCADE', f'DROP ROLE "{role}"')


@pytest.mark.postgres
def test_a_role_that_may_only_select_verifies_and_is_told_what_to_ask_for(
    ledger_then_role: tuple[str, str],
) -> None:
    postgres_url, reading_role = ledger_then_role
    as_an_earlier_version_left_it(postgres_url)
    auditor = Cli(make_url(postgres_url).set(username=reading_role).render_as_string(False))

    verified = auditor("audit", "verify")
    economics = auditor("economics")

    assert verified.exit_code == 0, verified.output
    assert_refused_in_words(economics, postgres_url, "permission denied")


def assert_write_refused_in_words(result: object) -> None:
    output = getattr(result, "output")  # noqa: B009 - a click Result
    assert getattr(result, "exit_code") == 1, output  # noqa: B009
    assert "this connection may not write to the database" in output, output
    assert "nothing can be recorded through it" in output
    assert "connect as a role that may (the ledger's owner, or a role given" in output
    assert "Nothing was written." in output
    for said in ("the database failed", "check the database and re-run", "(psycopg."):
        assert said not in output


@pytest.mark.postgres
def test_a_decision_on_a_read_only_connection_says_the_connection_may_not_write(
    ledger_then_role: tuple[str, str],
) -> None:
    """Before: 'the database failed: cannot execute INSERT in a read-only transaction ...

    check the database and re-run the command', which re-running does not mend.
    """
    postgres_url, reading_role = ledger_then_role
    before = execute(postgres_url, "SELECT count(*) FROM portfolio_ledger_events")
    readers = (
        Cli(read_only(postgres_url)),
        Cli(make_url(postgres_url).set(username=reading_role).render_as_string(False)),
    )

    for reader in readers:
        proposed = reader("item", "propose", "PRJ-9", *PROPOSE, "--category", "C")
        rebuilt = reader("projections", "rebuild")

        assert_write_refused_in_words(proposed)
        assert_write_refused_in_words(rebuilt)
        assert "the rebuild failed and the previous read models are still in place" in (
            rebuilt.output
        )
    assert execute(postgres_url, "SELECT count(*) FROM portfolio_ledger_events") == before


def as_a_user(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """The command as a process of its own, root's power to ignore permissions dropped."""
    command = [sys.executable, "-m", "portfolio_ledger", "--db", url, *args]
    if os.geteuid() == 0:
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--",
                   *command]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, check=False)


def test_a_backup_in_a_folder_this_user_may_not_write_says_how_to_read_it(
    tmp_path: Path,
) -> None:
    """Before: 'make it writable (chmod u+w ...)', or with mode=ro 'to record, give --db the
    file's path': every command refused, audit digest too, and neither mends a read."""
    made = f"sqlite:///{tmp_path / 'ledger.db'}"
    digest = recorded(made)("audit", "digest").stdout
    backups = tmp_path / "backups"
    backups.mkdir()
    backup = backups / "ledger.db"
    source, copy = sqlite3.connect(tmp_path / "ledger.db"), sqlite3.connect(backup)
    source.backup(copy)
    source.close()
    copy.close()
    assert backup.read_bytes()[18:20] == b"\x02\x02"  # in WAL mode, as every ledger is
    as_it_stands = f"sqlite:///file:{backup}?mode=ro&immutable=1&uri=true"
    backup.chmod(0o444)
    backups.chmod(0o555)
    try:
        plain, read_only_uri = str(backup), f"sqlite:///file:{backup}?mode=ro&uri=true"
        refused = [as_a_user(url, "audit", "digest") for url in (plain, read_only_uri)]
        read = as_a_user(as_it_stands, "audit", "digest")
        checked = as_a_user(as_it_stands, "audit", "verify", "--read-models")
        not_recorded = as_a_user(as_it_stands, "item", "propose", "PRJ-3", *PROPOSE,
                                 "--category", "C", "--actor", "A", "--role", "R")  # fmt: skip
    finally:
        backups.chmod(0o755)

    for result in refused:
        assert result.returncode == 1, result.stderr
        assert (
            f"the folder {backups} is not writable by this user, and SQLite must create "
            "ledger.db-wal and ledger.db-shm there to open the ledger, even to read it"
        ) in result.stderr
        assert f"give --db '{as_it_stands}'" in result.stderr
        assert "Traceback" not in result.stderr
    assert read.returncode == 0, read.stderr
    assert read.stdout == digest
    # its rebuild lock cannot be made beside it: none is needed for a file that never changes
    assert checked.returncode == 0, checked.stderr
    assert "are what the events give, up to position 2." in checked.stdout
    assert not_recorded.returncode == 1
    assert "opened read-only (mode=ro in its SQLite URI)" in not_recorded.stderr
    assert sorted(p.name for p in backups.iterdir()) == ["ledger.db"]


def test_a_decision_on_a_ledger_opened_immutable_says_it_is_opened_read_only(
    sqlite_url: str,
) -> None:
    """Before: 'the database failed: attempt to write a readonly database ... check the
    database and re-run the command', which does nothing (so did an export that signs)."""
    recorded(sqlite_url)
    path = sqlite_file(sqlite_url)
    before = tracking(sqlite_url)

    refused = Cli(f"sqlite:///file:{path}?immutable=1&uri=true")(
        "item", "propose", "PRJ-3", *PROPOSE, "--category", "C"
    )

    assert refused.exit_code == 1, refused.output
    assert (
        f"the ledger file {path} is opened read-only (immutable=1 in its SQLite URI), so "
        "nothing can be recorded through it; to record, give --db the file's path"
    ) in refused.output
    assert "the database failed" not in refused.output
    assert tracking(sqlite_url) == before


def test_a_tree_build_on_a_read_only_ledger_whose_tree_is_whole_says_so(db_url: str) -> None:
    # Before: refused as a write ("opened read-only ... nothing can be recorded"), though
    # the tree already covers every event and nothing was to be written.
    recorded(db_url)
    before = execute(db_url, "SELECT COUNT(*) FROM portfolio_ledger_tree")

    result = Cli(read_only(db_url))("audit", "tree", "build")

    assert result.exit_code == 0, result.output
    assert result.output == "The Merkle tree already covers all 2 events.\n"
    assert execute(db_url, "SELECT COUNT(*) FROM portfolio_ledger_tree") == before


@pytest.fixture
def read_only_mount(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """A folder (with a ledger in it, and one under the rollback journal) and the same folder
    bind-mounted read-only."""
    folder, mounted = tmp_path / "share", tmp_path / "mounted"
    folder.mkdir()
    mounted.mkdir()
    recorded(f"sqlite:///{tmp_path / 'made.db'}")
    for name, mode in (("ledger.db", "WAL"), ("old.db", "DELETE")):  # the second: no WAL
        with sqlite3.connect(tmp_path / "made.db") as made, sqlite3.connect(folder / name) as copy:
            made.backup(copy)
            copy.execute(f"PRAGMA journal_mode={mode}")
        copy.close()  # closed, its -wal and -shm go: they cannot be made on the mount
    steps = (
        ["mount", "--bind", str(folder), str(mounted)],
        ["mount", "-o", "remount,bind,ro", str(mounted)],
    )
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            subprocess.run(["umount", str(mounted)], capture_output=True, check=False)
            pytest.skip(f"cannot bind-mount a folder read-only here (needs root): {done.stderr}")
    try:
        yield folder, mounted
    finally:
        subprocess.run(["umount", "-l", str(mounted)], check=False)


PROPOSED = ("item", "propose", "PRJ-3", *PROPOSE, "--category", "C")


def test_a_ledger_on_a_read_only_file_system_says_so_not_to_make_it_writable(
    read_only_mount: tuple[Path, Path],
) -> None:
    """Before: 'the folder ... is not writable by this user ... make the folder writable'
    (or 'chmod u+w' the file): no chmod makes a read-only mount writable, root's neither."""
    folder, mounted = read_only_mount
    in_wal = mounted / "ledger.db"
    assert sorted(p.name for p in folder.iterdir()) == ["ledger.db", "old.db"]
    said = {
        "read": Cli(str(in_wal))("audit", "digest"),
        "made": Cli(str(mounted / "new.db"))("init"),
        "recorded": Cli(str(mounted / "old.db"))(*PROPOSED),
    }

    for result in said.values():
        assert result.exit_code == 1, result.output
        assert "mounted read-only" in result.output
        assert "have it mounted read-write" in result.output
        assert "not writable by this user" not in result.output
        assert "chmod" not in result.output
    assert f"the folder {mounted} is on a file system mounted read-only" in said["read"].output
    assert "mode=ro&immutable=1&uri=true'" in said["read"].output  # how to read it as it is
    assert f"the ledger file {mounted / 'old.db'} is on a file system" in said["recorded"].output
    assert sorted(p.name for p in mounted.iterdir()) == ["ledger.db", "old.db"]
