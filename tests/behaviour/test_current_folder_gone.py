"""A command run from a folder removed since: a relative ledger path is refused, said so.

A cron job or a shell left in a folder deleted meanwhile (a release's folder
replaced) has no current folder: ``--db demo.db`` names no file there. It
was an internal error (exit 70), and ``init`` printed Python's traceback; an
absolute path works as it does anywhere.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Cli

pytestmark = pytest.mark.sqlite_only(
    "a relative path is an SQLite file's, refused before any database is reached"
)


def from_a_removed_folder(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The command run by a shell standing in ``folder``, which is removed first."""
    folder.mkdir()
    command = " ".join(f"'{arg}'" for arg in [sys.executable, "-m", "portfolio_ledger", *args])
    env = {**os.environ, "PORTFOLIO_LEDGER_ACTOR": "cron", "PORTFOLIO_LEDGER_ROLE": "PMO"}
    env.pop("PORTFOLIO_LEDGER_DEBUG", None)
    return subprocess.run(
        ["sh", "-c", f"cd '{folder}' && rmdir '{folder}' && exec {command}"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


@pytest.mark.parametrize(
    "args",
    [
        ("--db", "ledger.db", "items", "list"),
        ("--db", "sqlite:///ledger.db", "init"),
        ("--db", "sqlite:///file:ledger.db?mode=ro&uri=true", "items", "list"),
        ("--db", "ledger.db", "item", "propose", "PRJ-1", "--kind", "project", "--title", "T",
         "--owner", "O", "--sponsor", "S", "--category", "C", "-m", "Why"),
    ],
)  # fmt: skip
def test_a_relative_ledger_path_is_refused_naming_the_folder_gone(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    done = from_a_removed_folder(tmp_path / "release", *args)

    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "the current folder no longer exists" in done.stderr
    assert "give the ledger's absolute path" in done.stderr
    assert done.stdout == ""


def test_an_absolute_ledger_path_is_read_from_a_removed_folder(run: Cli, tmp_path: Path) -> None:
    assert run("init").exit_code == 0

    done = from_a_removed_folder(tmp_path / "release", "--db", run.url, "items", "list")

    assert done.returncode == 0, done.stderr
    assert "no items" in (done.stdout + done.stderr).lower()


@pytest.mark.parametrize(
    "args",
    [
        ("audit", "trail", "--out", "trail.csv"),
        ("audit", "export", "--format", "csv", "--out", "export.csv"),
        ("report", "board-pack", "--as-at", "2026-01-01", "--out", "pack.html"),
        ("audit", "keygen", "--name", "ledger.example.org/portfolio", "--out", "signing.key"),
    ],
)
def test_a_relative_out_is_refused_naming_the_folder_gone(
    run: Cli, tmp_path: Path, args: tuple[str, ...]
) -> None:
    """It said *No such file or directory; ... Choose another --out*, naming no folder."""
    assert run("init").exit_code == 0

    done = from_a_removed_folder(tmp_path / "release", "--db", run.url, *args)

    assert done.returncode == 1, done.stderr
    assert "the current folder no longer exists" in done.stderr
    assert "give --out an absolute path" in done.stderr
