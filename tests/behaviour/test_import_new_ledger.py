"""An import (or a return) into an SQLite file not there yet: made only when it is recorded.

The ledger is built in a hidden file beside the one named and linked into
place on success (storage/staging.py), so a refused import leaves nothing, and
a ledger another process makes at that path meanwhile is never touched.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from portfolio_ledger.application import importer
from portfolio_ledger.application.errors import InterruptedAfterRecording
from tests.behaviour.test_import import PREAMBLE, write
from tests.conftest import Cli


def _listing(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def test_a_refused_import_into_a_new_sqlite_file_creates_nothing(tmp_path: Path) -> None:
    file = write(tmp_path / "d.jsonl", [{**PREAMBLE[0], "effective_date": "2999-01-01"}])
    ledger = tmp_path / "new.db"
    run = Cli(f"sqlite:///{ledger}")

    refused = run("import", str(file))

    assert refused.exit_code == 2, refused.output  # a line's own value: a usage error
    assert "nothing from" in refused.output
    assert not ledger.exists()
    assert _listing(tmp_path) == ["d.jsonl"]  # no hidden file, no -wal, -shm or -journal


def test_an_import_into_a_new_sqlite_file_leaves_the_ledger_there_and_nothing_else(
    tmp_path: Path,
) -> None:
    file = write(tmp_path / "d.jsonl", PREAMBLE)
    ledger = tmp_path / "new.db"
    run = Cli(f"sqlite:///{ledger}")

    imported = run("import", str(file))

    assert imported.exit_code == 0, imported.output
    assert _listing(tmp_path) == ["d.jsonl", "new.db"]
    with closing(sqlite3.connect(ledger)) as connection:  # in WAL mode, as every ledger is
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert run.events() == len(PREAMBLE)
    verified = run("audit", "verify")
    assert verified.exit_code == 0, verified.output
    assert run("person", "list").output.count("Helen Carter") == 1


def test_a_bulk_import_into_a_new_sqlite_file_leaves_the_ledger_there_and_nothing_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under the rollback journal, with the rebuild lock a bulk import takes beside its file."""
    monkeypatch.setenv("PORTFOLIO_LEDGER_BULK_IMPORT_BYTES", "1")
    file = write(tmp_path / "d.jsonl", PREAMBLE)
    ledger = tmp_path / "new.db"
    run = Cli(f"sqlite:///{ledger}")

    imported = run("import", str(file))

    assert imported.exit_code == 0, imported.output
    assert _listing(tmp_path) == ["d.jsonl", "new.db"]
    assert run.events() == len(PREAMBLE)
    assert run("audit", "verify").exit_code == 0


def test_an_import_through_a_link_to_no_file_yet_makes_the_ledger_it_points_to(
    tmp_path: Path,
) -> None:
    """A dangling symlink (a ledger kept elsewhere, not made yet) is no ledger made meanwhile."""
    file = write(tmp_path / "d.jsonl", PREAMBLE)
    (tmp_path / "kept").mkdir()
    link = tmp_path / "new.db"
    link.symlink_to(tmp_path / "kept" / "ledger.db")
    run = Cli(f"sqlite:///{link}")

    imported = run("import", str(file))

    assert imported.exit_code == 0, imported.output
    assert link.is_symlink()
    assert _listing(tmp_path / "kept") == ["ledger.db"]
    assert _listing(tmp_path) == ["d.jsonl", "kept", "new.db"]
    assert run.events() == len(PREAMBLE)
    refused = write(tmp_path / "e.jsonl", [{**PREAMBLE[0], "effective_date": "2999-01-01"}])
    (tmp_path / "kept" / "ledger.db").unlink()
    assert run("import", str(refused)).exit_code == 2
    assert _listing(tmp_path / "kept") == []  # refused: nothing made where the link points


def test_an_import_into_a_new_file_of_a_long_name_is_recorded(tmp_path: Path) -> None:
    """A name that fits the file system is not refused for the hidden one's being longer."""
    file = write(tmp_path / "d.jsonl", PREAMBLE)
    ledger = tmp_path / f"{'portfolio-' * 24}.db"  # 243 bytes, within NAME_MAX (255)
    run = Cli(f"sqlite:///{ledger}")

    imported = run("import", str(file))

    assert imported.exit_code == 0, imported.output
    assert _listing(tmp_path) == sorted(["d.jsonl", ledger.name])
    assert run.events() == len(PREAMBLE)


def test_a_ledger_made_at_the_path_while_an_import_builds_one_is_left_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process makes the ledger (and records in it) while the import runs."""
    file = write(tmp_path / "d.jsonl", PREAMBLE)
    ledger = tmp_path / "new.db"
    run = Cli(f"sqlite:///{ledger}")
    real = importer.run_import

    def with_another_process(*args: Any, **kwargs: Any) -> Any:
        result = real(*args, **kwargs)
        other = subprocess.run(
            [
                *(sys.executable, "-m", "portfolio_ledger", "--db", str(ledger), "person", "add"),
                *("zoe", "--name", "Zoe Other", "--holds", "Auditor", "-m", "Registered"),
            ],
            env={**os.environ, "PORTFOLIO_LEDGER_ACTOR": "Zoe", "PORTFOLIO_LEDGER_ROLE": "PMO"},
            capture_output=True,
            text=True,
            check=False,
        )
        assert other.returncode == 0, other.stderr
        return result

    monkeypatch.setattr(importer, "run_import", with_another_process)

    imported = run("import", str(file))

    assert imported.exit_code == 1, imported.output
    assert f"a ledger appeared at {ledger}" in imported.output
    assert run.events() == 1  # the other process's decision, and none of the import's
    people = run("person", "list").output
    assert "Zoe Other" in people
    assert "Helen Carter" not in people
    # The import's hidden file is gone; the other process's SQLite files are its own.
    assert set(_listing(tmp_path)) <= {"d.jsonl", "new.db", "new.db-wal", "new.db-shm"}


def test_the_same_file_imported_meanwhile_by_another_process_is_already_imported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two imports of one file into a new file at once: the second in place says so, exit 0.

    Before, it was refused (exit 1, *a ledger appeared ...: import the file again*), where
    the same two imports into a ledger already there give *Already imported*.
    """
    file = write(tmp_path / "d.jsonl", PREAMBLE)
    ledger = tmp_path / "new.db"
    run = Cli(f"sqlite:///{ledger}")
    real = importer.run_import

    def with_the_same_import(*args: Any, **kwargs: Any) -> Any:
        result = real(*args, **kwargs)
        other = subprocess.run(
            [sys.executable, "-m", "portfolio_ledger", "--db", str(ledger), "import", str(file)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert other.returncode == 0, other.stderr
        assert other.stdout.startswith("Imported")
        return result

    monkeypatch.setattr(importer, "run_import", with_the_same_import)

    imported = run("import", str(file))

    assert imported.exit_code == 0, imported.output
    assert imported.output.startswith(f"Already imported: {file} (sha256 ")
    assert f"ending at ledger position {len(PREAMBLE)}; nothing new was written" in imported.output
    assert run.events() == len(PREAMBLE)  # the other process's import, once
    assert set(_listing(tmp_path)) <= {"d.jsonl", "new.db", "new.db-wal", "new.db-shm"}


def test_where_files_cannot_be_linked_the_import_builds_the_ledger_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file system without hard links (some network shares): the import works as before."""
    file = write(tmp_path / "d.jsonl", PREAMBLE)
    ledger = tmp_path / "new.db"

    def no_links(source: Any, target: Any) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    run = Cli(f"sqlite:///{ledger}")

    imported = run("import", str(file))

    assert imported.exit_code == 0, imported.output
    assert run.events() == len(PREAMBLE)
    assert not [name for name in _listing(tmp_path) if name.startswith(".")]


def test_a_ledger_that_cannot_be_given_its_name_is_kept_and_the_error_says_where(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Linking fails only at the end (the probe passed): the recorded import is not thrown away."""
    file = write(tmp_path / "d.jsonl", PREAMBLE)
    ledger = tmp_path / "new.db"
    real = os.link

    def fails_at_the_end(source: Any, target: Any) -> None:
        if Path(target) == ledger:
            raise OSError(28, "No space left on device")
        real(source, target)

    monkeypatch.setattr(os, "link", fails_at_the_end)
    run = Cli(f"sqlite:///{ledger}")

    imported = run("import", str(file))

    assert imported.exit_code == 1, imported.output
    assert "No space left on device" in imported.output
    assert not ledger.exists()
    kept = [name for name in _listing(tmp_path) if name.startswith(".new.db.")]
    assert len(kept) == 1, _listing(tmp_path)
    assert f"mv '{tmp_path / kept[0]}' '{ledger}'" in " ".join(imported.output.split())
    (tmp_path / kept[0]).rename(ledger)
    assert run.events() == len(PREAMBLE)


class _AfterTheCommitError(RuntimeError):
    """A failure of any kind once the import has committed (raised new each time: an
    exception made once and kept would keep its traceback's frames, and the ledger's
    aggregates in them, alive for the rest of the test run)."""


@pytest.mark.parametrize(
    "after_the_commit",
    [
        pytest.param(InterruptedAfterRecording, id="ctrl-c-said-to-be-after-the-commit"),
        pytest.param(_AfterTheCommitError, id="any-failure-after-the-commit"),
    ],
)
def test_an_import_that_fails_after_its_commit_keeps_what_it_recorded_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, after_the_commit: type[BaseException]
) -> None:
    """Ctrl-C while the read models catch up, a bug, any failure: the ledger goes in place."""
    file = write(tmp_path / "d.jsonl", PREAMBLE)
    ledger = tmp_path / "new.db"
    run = Cli(f"sqlite:///{ledger}")
    real = importer.run_import

    def fails_after_the_commit(*args: Any, **kwargs: Any) -> Any:
        real(*args, **kwargs)
        raise after_the_commit

    monkeypatch.setattr(importer, "run_import", fails_after_the_commit)

    failed = run("import", str(file))  # (click's runner: "Aborted!"; main() words it)

    assert failed.exit_code != 0
    assert _listing(tmp_path) == ["d.jsonl", "new.db"]
    assert run.events() == len(PREAMBLE)
    assert run("audit", "verify").exit_code == 0


def test_an_import_interrupted_before_its_commit_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C before anything is committed: no ledger, no hidden file."""
    file = write(tmp_path / "d.jsonl", PREAMBLE)
    ledger = tmp_path / "new.db"
    run = Cli(f"sqlite:///{ledger}")

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(importer, "run_import", interrupted)

    assert run("import", str(file)).exit_code != 0
    assert _listing(tmp_path) == ["d.jsonl"]


RETURN_HEADER = (
    "key,title,kind,organisation,category,owner,sponsor,stage,whole_life_cost,forecast_cost,rag\n"
)
RETURN_ROW = "NEW-1,{title},project,CORP,Infra,O,S,in delivery,1000,1000,green\n"


def test_a_refused_return_into_a_new_sqlite_file_creates_nothing_and_a_recorded_one_does(
    tmp_path: Path,
) -> None:
    twice = tmp_path / "twice.csv"  # refused when reconciled: the ledger was opened (built)
    twice.write_text(
        RETURN_HEADER + RETURN_ROW.format(title="One") + RETURN_ROW.format(title="Two"),
        encoding="utf-8",
    )
    once = tmp_path / "once.csv"
    once.write_text(RETURN_HEADER + RETURN_ROW.format(title="One"), encoding="utf-8")
    ledger = tmp_path / "new.db"
    run = Cli(f"sqlite:///{ledger}")
    as_at = ("--as-at", "2026-01-31", "--authority", "Portfolio office")

    refused = run("returns", "import", str(twice), *as_at)

    assert refused.exit_code != 0, refused.output
    assert "its id, 'NEW-1', is also on row 2" in refused.output
    assert _listing(tmp_path) == ["once.csv", "twice.csv"]

    recorded = run("returns", "import", str(once), *as_at)

    assert recorded.exit_code == 0, recorded.output
    assert _listing(tmp_path) == ["new.db", "once.csv", "twice.csv"]
    assert run.events() == 1


def test_the_same_return_imported_meanwhile_by_another_process_is_already_imported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As an import's file: the return imported at once by two processes is recorded once."""
    from portfolio_ledger.returns import importing

    once = tmp_path / "once.csv"
    once.write_text(RETURN_HEADER + RETURN_ROW.format(title="One"), encoding="utf-8")
    ledger = tmp_path / "new.db"
    run = Cli(f"sqlite:///{ledger}")
    asked = ("returns", "import", str(once), "--as-at", "2026-01-31", "--authority", "PMO")
    real = importing.reconcile_return

    def with_the_same_return(*args: Any, **kwargs: Any) -> Any:
        found = real(*args, **kwargs)
        other = subprocess.run(
            [sys.executable, "-m", "portfolio_ledger", "--db", str(ledger), *asked],
            env={**os.environ, "PORTFOLIO_LEDGER_ACTOR": "Zoe", "PORTFOLIO_LEDGER_ROLE": "PMO"},
            capture_output=True,
            text=True,
            check=False,
        )
        assert other.returncode == 0, other.stderr
        return found

    monkeypatch.setattr(importing, "reconcile_return", with_the_same_return)

    recorded = run(*asked)

    assert recorded.exit_code == 0, recorded.output
    assert "Already imported: this return, as at 2026-01-31" in recorded.output
    assert "nothing new was written" in recorded.output
    assert run.events() == 1  # the other process's onboarding, once
    assert set(_listing(tmp_path)) <= {"once.csv", "new.db", "new.db-wal", "new.db-shm"}
