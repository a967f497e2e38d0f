"""Backing up and restoring a ledger, as docs/verification.md's section of that name says.

Each procedure the page gives is run here on a small signed ledger: the
copy must be the same ledger (the digest from the minutes, the signed
checkpoint, an export and a receipt made before the backup all hold, and
its read models equal a replay); a copy taken while another process
records holds a whole prefix of the history; and a ledger restored in part
(its events without their chain, or the reverse) is refused, naming what
is missing and the fix, with nothing made afresh over the lost evidence.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from uuid import uuid4

import pytest
from sqlalchemy import create_engine, inspect, make_url, text

from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.storage.urls import normalise_url
from tests.behaviour.test_proofs import Signed, signed_ledger
from tests.behaviour.test_tamper import first_part, record_items
from tests.conftest import Cli
from tests.pg_schemas import POSTGRES_ENV, schema_of


@dataclass
class Evidence:
    """What an auditor holds from before the backup: the minutes' digest, files made then."""

    digest: str
    checkpoint: Path
    export: Path
    receipt: Path


def _evidence(signed: Signed) -> Evidence:
    """A checkpoint (signing every write), an export, a receipt, a decision more, the digest."""
    checkpoint = signed.checkpoint("--every", "1")
    export = signed.folder / "trail.csv"
    receipt = signed.folder / "receipt-5.json"
    assert signed("audit", "export", "--out", str(export)).exit_code == 0
    assert signed("audit", "prove", "5", "--out", str(receipt)).exit_code == 0
    assert signed.propose("PRJ-900").exit_code == 0
    digest = signed.run("audit", "digest")
    assert digest.exit_code == 0, digest.output
    return Evidence(digest.stdout.strip(), checkpoint, export, receipt)


def _is_the_same_ledger(copy: Cli, signed: Signed, evidence: Evidence) -> None:
    """Every check docs/verification.md says to run after a restore passes on ``copy``."""
    key = str(signed.public)
    checks = {
        "digest": copy("audit", "verify", "--digest", evidence.digest),
        "checkpoint": copy(
            "audit", "verify", "--checkpoint", str(evidence.checkpoint), "--key", key
        ),
        "read models": copy("audit", "verify", "--read-models"),
        "export": copy("audit", "verify-export", str(evidence.export)),
        "receipt": copy("audit", "verify-receipt", str(evidence.receipt), "--key", key),
    }
    for name, result in checks.items():
        assert result.exit_code == 0, f"{name}: {result.output}"
    assert "still holds exactly the history of the digest given" in checks["digest"].output
    assert copy("audit", "digest").stdout.strip() == evidence.digest


@pytest.fixture
def signed(sqlite_url: str, tmp_path: Path) -> Signed:
    """Eighteen events on an SQLite file, a key, and a checkpoint of them."""
    return signed_ledger(Cli(sqlite_url), tmp_path, first_part)


def _path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def _sqlite3_backup(source: Path, target: Path) -> None:
    """``sqlite3 ledger.db ".backup copy.db"``, as the page says."""
    if shutil.which("sqlite3") is None:
        pytest.skip("the sqlite3 command-line shell is not installed")
    subprocess.run(["sqlite3", str(source), f".backup {target}"], check=True)


def _backup_api(source: Path, target: Path) -> None:
    with sqlite3.connect(source) as live, sqlite3.connect(target) as copy:
        live.backup(copy)
    live.close()
    copy.close()


def _vacuum_into(source: Path, target: Path) -> None:
    live = sqlite3.connect(source)
    live.execute("VACUUM INTO ?", (str(target),))
    live.close()


@pytest.mark.parametrize(
    "backup", [_sqlite3_backup, _backup_api, _vacuum_into], ids=["shell", "api", "vacuum"]
)
def test_an_sqlite_backup_restored_elsewhere_is_the_same_ledger(
    signed: Signed, tmp_path: Path, backup: object
) -> None:
    evidence = _evidence(signed)
    moved = tmp_path / "elsewhere" / "ledger.db"
    moved.parent.mkdir()

    backup(_path(signed.run.url), moved)  # type: ignore[operator]

    _is_the_same_ledger(Cli(f"sqlite:///{moved}"), signed, evidence)


def test_a_backup_opened_read_only_is_checked_read_models_and_all(
    signed: Signed, tmp_path: Path
) -> None:
    """Inspecting a copy without writing to it: the SQLite URI with mode=ro, as the page says."""
    evidence = _evidence(signed)
    copy = tmp_path / "inspect" / "ledger.db"
    copy.parent.mkdir()
    _backup_api(_path(signed.run.url), copy)
    read_only = Cli(f"sqlite:///file:{copy}?mode=ro&uri=true")

    checked = read_only("audit", "verify", "--read-models", "--digest", evidence.digest)

    assert checked.exit_code == 0, checked.output  # before: the lock's folder was "file:/..."
    assert "Read models: all" in checked.output
    recording = read_only(*("person", "add", "zz", "--name", "Z", "-m", "in the copy"))
    assert recording.exit_code == 1, recording.output
    assert stored(copy) == 19


def test_a_copy_of_the_file_alone_while_it_is_open_misses_what_its_wal_holds(
    signed: Signed, tmp_path: Path
) -> None:
    """The documented "do not": the file without its -wal is an earlier ledger, and says so."""
    evidence = _evidence(signed)
    ledger, _ = open_ledger(signed.run.url)  # a process holding the ledger open
    try:
        assert signed.propose("PRJ-901").exit_code == 0
        latest = signed.run("audit", "digest").stdout.strip()
        copied = tmp_path / "copied.db"
        shutil.copyfile(_path(signed.run.url), copied)
    finally:
        ledger.close()

    verified = Cli(f"sqlite:///{copied}")("audit", "verify", "--digest", latest)

    assert verified.exit_code == 1, verified.output
    position = latest.split()[1].removeprefix("position=")
    ends = evidence.digest.split()[1].removeprefix("position=")
    said = " ".join(verified.output.split())
    assert f"FAILED at position {position}: missing." in said  # as docs/verification.md says
    assert f"the digest names position {position} but the ledger ends at {ends}" in said
    assert Cli(f"sqlite:///{copied}")("audit", "verify", "--digest", evidence.digest).exit_code == 0


def test_after_a_killed_process_the_file_alone_misses_what_its_wal_holds(
    signed: Signed, tmp_path: Path
) -> None:
    """No command running is not enough: a killed one leaves its decisions in the -wal."""
    live = _path(signed.run.url)
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"{WRITER}print('done', flush=True)\ntime.sleep(60)",
            signed.run.url,
            "5",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None
    assert [writer.stdout.readline().strip() for _ in range(2)] == ["open", "done"]
    writer.kill()
    writer.wait()
    assert Path(f"{live}-wal").stat().st_size > 0  # left by the killed process
    alone, pair, backed_up = tmp_path / "alone.db", tmp_path / "pair.db", tmp_path / "backed-up.db"
    shutil.copyfile(live, alone)
    shutil.copyfile(live, pair)
    shutil.copyfile(f"{live}-wal", f"{pair}-wal")  # the two together, no process running
    _backup_api(live, backed_up)
    verified = Cli(f"sqlite:///{pair}")("audit", "verify")

    assert stored(alone) == 18
    assert stored(backed_up) == 18 + 5
    assert verified.exit_code == 0, verified.output
    assert stored(pair) == 18 + 5


def stored(path: Path) -> int:
    """Events in an SQLite file, read without its -wal (none beside a copy)."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        (count,) = connection.execute("SELECT count(*) FROM portfolio_ledger_events").fetchone()
    connection.close()
    return int(count)


def test_a_copy_and_its_original_both_recording_are_two_ledgers_a_checkpoint_tells_apart(
    signed: Signed, tmp_path: Path
) -> None:
    """Restored for inspection, a copy must not go on recording beside the original."""
    signed.checkpoint("--every", "1")
    copy = tmp_path / "copy.db"
    _backup_api(_path(signed.run.url), copy)
    forked = Signed(Cli(f"sqlite:///{copy}"), tmp_path / "fork", signed.key, [])
    forked.folder.mkdir()
    assert forked.propose("PRJ-COPY").exit_code == 0
    assert signed.propose("PRJ-ORIGINAL").exit_code == 0

    verified = signed.verify("--checkpoint", str(forked.checkpoint()))

    assert verified.exit_code == 1, verified.output
    assert "FAILED at position 1: rewritten" in verified.output


WRITER = """
import sys, time
from portfolio_ledger.application.commands.governance import RegisterPerson
from portfolio_ledger.bootstrap import open_ledger
ledger, _ = open_ledger(sys.argv[1])
print("open", flush=True)
for number in range(int(sys.argv[2])):
    ledger.handle(RegisterPerson(key=f"p{number}", name=f"P {number}", actor="A", role="R",
                                 rationale="why"))
"""


def test_a_backup_taken_while_another_process_records_holds_a_whole_prefix(
    signed: Signed, tmp_path: Path
) -> None:
    live = _path(signed.run.url)
    writer = subprocess.Popen(
        [sys.executable, "-c", f"{WRITER}ledger.close()", signed.run.url, "15"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None
    assert writer.stdout.readline().strip() == "open"
    copies: list[Path] = []
    while writer.poll() is None and len(copies) < 4:
        copies.append(tmp_path / f"copy-{len(copies)}.db")
        _backup_api(live, copies[-1])
        time.sleep(0.2)
    assert writer.wait() == 0
    copies.append(tmp_path / "after.db")
    _backup_api(live, copies[-1])

    positions = []
    for copy in copies:
        verified = Cli(f"sqlite:///{copy}")("audit", "verify", "--read-models")
        assert verified.exit_code == 0, verified.output
        positions.append(int(verified.output.split("position=")[1].split()[0]))
    assert positions == sorted(positions)
    assert positions[-1] == 18 + 15


POSTGRES = os.environ.get(POSTGRES_ENV, "")


@pytest.fixture
def another_database() -> Iterator[str]:
    """A database of this test's own on the test server (libpq URL), dropped afterwards."""
    if not POSTGRES:
        pytest.skip(f"PostgreSQL tests need {POSTGRES_ENV}")
    for tool in ("pg_dump", "pg_restore", "psql"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (PostgreSQL's client programs)")
    admin = create_engine(normalise_url(POSTGRES), isolation_level="AUTOCOMMIT")
    name = f"pl_restore_{uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield name
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def _libpq(url: str, database: str | None = None) -> str:
    """The server as pg_dump and psql take it: postgresql://USER@HOST:PORT/DATABASE."""
    parsed = make_url(normalise_url(url)).set(drivername="postgresql", query={})
    if database is not None:
        parsed = parsed.set(database=database)
    return parsed.render_as_string(hide_password=False)


@pytest.mark.postgres
@pytest.mark.parametrize("dump_format", ["plain", "custom"])
def test_a_pg_dump_restored_into_another_database_and_schema_is_the_same_ledger(
    postgres_url: str, tmp_path: Path, another_database: str, dump_format: str
) -> None:
    signed = signed_ledger(Cli(postgres_url), tmp_path, first_part)
    evidence = _evidence(signed)
    schema = schema_of(postgres_url)
    dump = tmp_path / ("ledger.sql" if dump_format == "plain" else "ledger.dump")
    options = ["--format=plain" if dump_format == "plain" else "--format=custom"]
    subprocess.run(
        ["pg_dump", "-n", schema, *options, "-f", str(dump), _libpq(POSTGRES)],
        check=True,
    )
    target = _libpq(POSTGRES, another_database)
    restore = (
        ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", str(dump), target]
        if dump_format == "plain"
        else ["pg_restore", "--exit-on-error", "-d", target, str(dump)]
    )
    subprocess.run(restore, check=True, stdout=subprocess.DEVNULL)
    moved = f"{schema}_moved"
    subprocess.run(
        ["psql", "-X", "-q", "-c", f'ALTER SCHEMA "{schema}" RENAME TO "{moved}"', target],
        check=True,
    )
    url = make_url(postgres_url).set(database=another_database)
    url = url.update_query_dict({"options": f"-csearch_path={moved}"})

    _is_the_same_ledger(Cli(url.render_as_string(hide_password=False)), signed, evidence)


def _drop(url: str, table: str) -> None:
    engine = create_engine(normalise_url(url))
    with engine.begin() as connection:
        connection.execute(text(f"DROP TABLE {table}"))
    engine.dispose()


def _tables(url: str) -> set[str]:
    engine = create_engine(normalise_url(url))
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("dropped", "said"),
    [
        ("portfolio_ledger_events", "but not portfolio_ledger_events, which holds the decisions"),
        ("portfolio_ledger_chain", "but not their hash chain (portfolio_ledger_chain)"),
    ],
)
def test_a_ledger_restored_in_part_is_refused_naming_what_is_missing(
    run: Cli, dropped: str, said: str
) -> None:
    record_items(run.url, first_part)
    _drop(run.url, dropped)

    answers = [
        run(*command)
        for command in (
            ("audit", "verify"),
            ("audit", "digest"),
            ("portfolio",),
            ("init", "--force"),
            (*("person", "add", "zz", "--name", "Z", "-m", "after the restore"),),
        )
    ]

    for answer in answers:
        assert answer.exit_code == 1, answer.output
        assert said in answer.output
        assert "restored in part" in answer.output
        assert "Restore every table of the ledger from the same backup" in answer.output
        assert "Traceback" not in answer.output
    assert dropped not in _tables(run.url)  # nothing made afresh over the lost evidence


def test_a_read_model_left_out_of_a_restore_is_rebuilt_from_the_events_with_a_warning(
    run: Cli,
) -> None:
    record_items(run.url, first_part)
    assert run("audit", "trail").exit_code == 0  # the read models caught up
    _drop(run.url, "audit_trail")

    checked = run("audit", "verify", "--read-models")

    assert checked.exit_code == 0, checked.output
    assert "the read model audit_trail was incomplete" in checked.output
    assert "being rebuilt from the events" in checked.output
    assert "Read models: all" in checked.output


def test_events_restored_without_their_chain_rows_are_given_no_digest_and_no_export(
    run: Cli, tmp_path: Path
) -> None:
    """The chain's table restored empty: before, the digest was the empty ledger's, position=0."""
    record_items(run.url, first_part)
    engine = create_engine(normalise_url(run.url))
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM portfolio_ledger_chain"))
    engine.dispose()
    out = tmp_path / "trail.csv"

    answers = [run("audit", "digest"), run("audit", "export", "--out", str(out))]

    for answer in answers:
        assert answer.exit_code == 1, answer.output
        assert "hash chain ends at position 0 but its events run to 18" in answer.output
        assert "Backing up and restoring a ledger" in answer.output
    assert not out.exists()
