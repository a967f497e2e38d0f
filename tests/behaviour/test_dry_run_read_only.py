"""A dry run on an SQLite ledger opened read-only checks its lines against a copy of it.

A dry run records each line in a transaction it rolls back, so it needs to
write. Given the ledger read-only (``mode=ro``, ``immutable=1``, or a file
this user may not write), an analyst's ``import --dry-run`` was refused
(*opened read-only, so nothing can be recorded through it*), though it records
nothing. It now runs against a copy taken at that moment, and says so; the
ledger's files are only read. A real import is refused as before. On a
PostgreSQL connection that may only read, a dry run is refused, saying why a
dry run needs to write.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from portfolio_ledger.domain.clock import utc_today
from tests.behaviour.test_read_only_ledgers import as_a_user, read_only, recorded
from tests.conftest import Cli

LINE = {"command": "item onboard", "key": "PRJ-900", "title": "Estates", "category": "C",
        "budget": "GBP 5", "authority": "Baseline", "rationale": "Onboarded",
        "actor": "Ada", "role": "PMO"}  # fmt: skip
NOTE = "is opened read-only, so the dry run checks each line against a copy of the ledger"


def lines(path: Path, *changes: dict[str, str]) -> Path:
    path.write_text("".join(json.dumps({**LINE, **change}) + "\n" for change in changes))
    return path


def held(ledger: Path) -> tuple[str, bytes]:
    """The ledger file's SHA-256, and what its WAL holds (a reader leaves it empty)."""
    wal = ledger.with_name(f"{ledger.name}-wal")
    return hashlib.sha256(
        ledger.read_bytes()
    ).hexdigest(), wal.read_bytes() if wal.exists() else b""


def test_a_dry_run_on_a_read_only_ledger_checks_every_line_and_writes_nothing(
    sqlite_url: str, tmp_path: Path
) -> None:
    recorded(sqlite_url)
    good = lines(tmp_path / "good.jsonl", {}, {"key": "PRJ-901"})
    bad = lines(tmp_path / "bad.jsonl", {}, {"key": "PRJ-1"}, {"key": "PRJ-902", "budget": "-5"})
    ledger = Path(sqlite_url.removeprefix("sqlite:///"))
    reader = Cli(read_only(sqlite_url))
    before = held(ledger)

    checked = reader("import", "--dry-run", str(good))
    refused = reader("import", "--dry-run", str(bad))
    recording = reader("import", str(good))

    assert checked.exit_code == 0, checked.output
    assert "all 2 decisions would be recorded. Nothing was written (dry run)." in checked.stdout
    assert NOTE in checked.stderr
    assert refused.exit_code == 1, refused.output
    assert "line 2: item PRJ-1 already exists" in refused.output
    assert "line 3: budget: -5 is negative" in refused.output
    assert recording.exit_code == 1
    assert "nothing can be recorded through it" in recording.output
    assert held(ledger) == before
    assert Cli(sqlite_url).events() == 2
    writable = Cli(sqlite_url)("import", "--dry-run", str(bad))  # says the same, but the note
    assert (refused.exit_code, refused.stdout) == (writable.exit_code, writable.stdout)


def test_a_dry_run_of_a_return_on_a_read_only_ledger_runs_too(
    sqlite_url: str, tmp_path: Path
) -> None:
    recorded(sqlite_url)
    Path("m.toml").write_text(
        '[columns]\nkey = "Ref"\ntitle = "Project"\n[defaults]\ncategory = "C"\nkind = "project"\n',
        encoding="utf-8",
    )
    Path("q2.csv").write_text("Ref,Project\nPRJ-1,T\nPRJ-77,New one\n", encoding="utf-8")

    result = Cli(read_only(sqlite_url))(
        "returns", "import", "q2.csv", "--mapping", "m.toml", "--as-at", utc_today().isoformat(),
        "--authority", "PMO", "--dry-run", "--actor", "Ada", "--role", "PMO",
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    assert NOTE in result.stderr
    assert "dry run" in result.stdout
    assert Cli(sqlite_url).events() == 2


def test_a_dry_run_on_a_file_this_user_may_not_write(sqlite_url: str, tmp_path: Path) -> None:
    recorded(sqlite_url)
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    good = lines(tmp_path / "good.jsonl", {})
    path.chmod(0o444)
    try:
        checked = as_a_user(sqlite_url, "import", "--dry-run", str(good))
    finally:
        path.chmod(0o644)

    assert checked.returncode == 0, checked.stderr
    assert "the 1 decision would be recorded" in checked.stdout
    assert NOTE in checked.stderr


@pytest.mark.postgres
def test_a_dry_run_on_a_postgresql_connection_that_may_only_read_says_why_it_needs_to_write(
    postgres_url: str, tmp_path: Path
) -> None:
    recorded(postgres_url)
    good = lines(tmp_path / "good.jsonl", {})

    refused = Cli(read_only(postgres_url))("import", "--dry-run", str(good))

    assert refused.exit_code == 1, refused.output
    assert "this connection may not write to the database" in refused.output
    assert (
        "A dry run needs that too: it checks each line by recording it in a transaction it "
        "then rolls back"
    ) in refused.output
    assert Cli(postgres_url).events() == 2


def _with_files_up_to(size: int) -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))


def test_a_copy_with_no_room_for_it_says_so_and_where(sqlite_url: str, tmp_path: Path) -> None:
    """Before: the copy's failure was taken for an unreadable ledger, and the dry run refused
    as 'opened read-only, so nothing can be recorded through it', naming no copy or folder."""
    recorded(sqlite_url)
    good = lines(tmp_path / "good.jsonl", {})
    ledger = Path(sqlite_url.removeprefix("sqlite:///"))
    small = tmp_path / "small"
    small.mkdir()

    checked = subprocess.run(
        [sys.executable, "-m", "portfolio_ledger", "--db", read_only(sqlite_url),
         "import", "--dry-run", str(good)],
        capture_output=True, text=True, check=False, env={**os.environ, "TMPDIR": str(small)},
        preexec_fn=lambda: _with_files_up_to(ledger.stat().st_size // 2),
    )  # fmt: skip

    assert checked.returncode == 1, checked.stderr
    assert f"cannot check the file against a copy of the ledger {ledger}" in checked.stderr
    assert f"could not be written in the temporary folder {small}" in checked.stderr
    assert "set TMPDIR to a folder with room for the copy" in checked.stderr
    assert "nothing can be recorded through it" not in checked.stderr
    assert "Internal error" not in checked.stderr
    assert list(small.iterdir()) == []  # the temporary folder is removed all the same


def test_the_note_says_the_size_of_the_copy_before_it_is_taken(
    sqlite_url: str, tmp_path: Path
) -> None:
    recorded(sqlite_url)
    good = lines(tmp_path / "good.jsonl", {})
    ledger = Path(sqlite_url.removeprefix("sqlite:///"))

    checked = Cli(read_only(sqlite_url))("import", "--dry-run", str(good))

    assert checked.exit_code == 0, checked.output
    assert f"taken now ({ledger.stat().st_size / 1_000_000:,.1f} MB, in a temporary" in (
        checked.stderr
    )


def test_no_temporary_folder_at_all_is_said(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorded(sqlite_url)
    good = lines(tmp_path / "good.jsonl", {})

    def no_folder(*_: object, **__: object) -> None:
        raise FileNotFoundError(2, "No usable temporary directory found")

    monkeypatch.setattr(tempfile, "TemporaryDirectory", no_folder)
    checked = Cli(read_only(sqlite_url))("import", "--dry-run", str(good))

    assert checked.exit_code == 1, checked.output
    assert "could not be written in a temporary folder (" in checked.output
    assert "Internal error" not in checked.output
