"""A full disk: the append fails with a clear error, nothing partial is stored, and the
ledger works again once space is freed. On SQLite the ledger lives on a tiny tmpfs; on
PostgreSQL the test schema lives in a tablespace on one. Both need root (to mount);
elsewhere the tests are skipped with that reason.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from portfolio_ledger.storage.urls import normalise_url
from tests.conftest import Cli
from tests.pg_schemas import POSTGRES_ENV

PROPOSE = ("--kind", "project", "--title", "T", "--owner", "O", "--sponsor", "S", "-m")


@contextlib.contextmanager
def tiny_disk(where: Path, size: str) -> Iterator[Path]:
    """A tmpfs of ``size`` mounted at ``where``, unmounted afterwards."""
    where.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {mounted.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def fill(disk: Path) -> Path:
    """Fill the disk to the last byte with a file; return it (delete it to free the space)."""
    filler = disk / "filler"
    descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        for size in (1 << 16, 1 << 12, 1 << 9, 1):
            block = b"\0" * size
            while True:
                try:
                    os.write(descriptor, block)
                except OSError as error:
                    if error.errno != errno.ENOSPC:
                        raise
                    break  # nothing more of this size fits: try smaller pieces
    finally:
        os.close(descriptor)
    return filler


def decide(run: Cli, key: str, rationale: str) -> tuple[int, str]:
    result = run("item", "propose", key, *PROPOSE, rationale, "--category", "C")
    return result.exit_code, result.output


def assert_recovers(run: Cli, filler: Path, before: int) -> None:
    """Nothing partial was stored; once space is freed, the ledger records and verifies."""
    assert run.events() == before
    filler.unlink()
    code, output = decide(run, "PRJ-AFTER", "Recorded once space was freed.")
    assert code == 0, output
    assert run.events() == before + 1
    verified = run("audit", "verify")
    assert verified.exit_code == 0, verified.output
    status = run("projections", "status", "--json")
    assert status.exit_code == 0, status.output
    assert "Traceback" not in status.output


def test_sqlite_on_a_full_disk_refuses_cleanly_and_recovers(tmp_path: Path) -> None:
    with tiny_disk(tmp_path / "disk", "3m") as disk:
        run = Cli(f"sqlite:///{disk / 'ledger.db'}")
        for number in range(3):
            assert decide(run, f"PRJ-{number}", "Before the disk filled.")[0] == 0
        before = run.events()
        reserve = disk / "reserve"
        reserve.write_bytes(b"\0" * 256 * 1024)
        filler = fill(disk)

        code, output = decide(run, "PRJ-FULL", "x" * 200_000)

        assert code == 1, output
        assert "the disk holding the ledger is full" in output
        assert "Free some space" in output
        assert "Traceback" not in output
        # Room for a reader's WAL index (the -shm file SQLite makes to read), no more.
        reserve.unlink()
        with sqlite3.connect(disk / "ledger.db") as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert_recovers(run, filler, before)


@pytest.fixture
def postgres_on_a_tiny_disk() -> Iterator[tuple[str, Path]]:
    """A schema of this test's own whose tables live in a tablespace on an 8 MB tmpfs."""
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        pytest.skip(f"PostgreSQL tests need {POSTGRES_ENV} (.ci/run sets it)")
    owner = shutil.which("pg_ctlcluster") and "postgres"
    name = f"pl_tiny_{uuid4().hex[:10]}"
    admin = create_engine(normalise_url(base), isolation_level="AUTOCOMMIT")
    # Not under tmp_path: the server's own user must be able to reach the directory.
    mount_point = Path(tempfile.gettempdir()) / name
    with tiny_disk(mount_point, "8m") as disk:
        disk.chmod(0o755)
        location = disk / "pg"
        location.mkdir()
        if owner:
            shutil.chown(location, user=owner, group=owner)
        with admin.connect() as connection:
            try:
                connection.execute(text(f"CREATE TABLESPACE {name} LOCATION '{location}'"))
            except Exception as error:  # noqa: BLE001 - any refusal means: cannot test here
                pytest.skip(f"cannot create a tablespace on the tmpfs: {error}")
            connection.execute(text(f"CREATE SCHEMA {name}"))
        url = make_url(normalise_url(base)).update_query_dict(
            {"options": f"-csearch_path={name} -cdefault_tablespace={name}"}
        )
        try:
            yield url.render_as_string(hide_password=False), disk
        finally:
            with admin.connect() as connection:
                connection.execute(text(f"DROP SCHEMA {name} CASCADE"))
                connection.execute(text(f"DROP TABLESPACE {name}"))
            admin.dispose()
    mount_point.rmdir()


@pytest.mark.postgres
def test_postgres_on_a_full_disk_refuses_cleanly_and_recovers(
    postgres_on_a_tiny_disk: tuple[str, Path],
) -> None:
    url, disk = postgres_on_a_tiny_disk
    run = Cli(url)
    for number in range(3):
        assert decide(run, f"PRJ-{number}", "Before the disk filled.")[0] == 0
    before = run.events()
    filler = fill(disk)

    code, output = decide(run, "PRJ-FULL", "x" * 200_000)

    assert code == 1, output
    assert "the disk holding the ledger is full" in output
    assert "Free some space" in output
    assert "Traceback" not in output
    assert_recovers(run, filler, before)
