"""An import into a new SQLite file, killed: the next import clears what it left, not a live one's.

The import builds the ledger in a hidden file beside the one named
(storage/staging.py). A real process killed with SIGKILL leaves that file,
and SQLite's beside it; the next import into the same ledger removes them,
or, if the killed one had committed, puts its ledger in place. A hidden file
whose builder still runs (it holds its lock) is left alone. Each kill is
forced at a known moment: while the import writes its rollback journal, or
just where it would link the ledger into place.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench import generate
from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.storage import staging
from tests.builders import propose
from tests.conftest import Cli
from tests.reliability.test_kill_import import check_whole, generate_count, import_command

KILLED_BEFORE_THE_LINK = """
import os, signal, sys
from portfolio_ledger.storage import staging
staging.publish = lambda *given: os.kill(os.getpid(), signal.SIGKILL)  # committed, not linked
from portfolio_ledger.cli import main
sys.argv[0] = "portfolio-ledger"
main()
"""

PAUSED_WHILE_BUILDING = """
import sys
from portfolio_ledger.application import importer
imported = importer.run_import
def paused(*given, **named):
    print("building", flush=True)
    sys.stdin.readline()  # until the test says go on
    return imported(*given, **named)
importer.run_import = paused
from portfolio_ledger.cli import main
sys.argv[0] = "portfolio-ledger"
main()
"""


def _listing(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def _hidden(folder: Path) -> list[str]:
    return [name for name in _listing(folder) if name.startswith(".")]


def _patched(script: str, url: str, file: Path) -> list[str]:
    return [sys.executable, "-c", script, *import_command(url, file)[3:]]


def _import(url: str, file: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(import_command(url, file), capture_output=True, text=True, check=False)


def test_a_bulk_import_killed_mid_write_leaves_nothing_once_the_next_import_runs(
    tmp_path: Path,
) -> None:
    file = tmp_path / "decisions.jsonl"
    generate.write(file, 3000)
    ledger = tmp_path / "new.db"
    url = f"sqlite:///{ledger}"
    bulk = {**os.environ, "PORTFOLIO_LEDGER_BULK_IMPORT_BYTES": "0"}  # one rollback journal
    quiet = subprocess.DEVNULL
    process = subprocess.Popen(import_command(url, file), stdout=quiet, stderr=quiet, env=bulk)
    deadline = time.monotonic() + 120
    while not any(name.endswith(".importing-journal") for name in _hidden(tmp_path)):
        assert process.poll() is None, "the import ended before it was seen writing"
        assert time.monotonic() < deadline, "the import never wrote its rollback journal"
        time.sleep(0.01)  # a poll: the kill waits for the journal, however long it takes
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=60)
    left = _hidden(tmp_path)
    assert any(name.endswith(".importing") for name in left), left  # what the kill left
    assert not ledger.exists()

    finished = subprocess.run(
        import_command(url, file), capture_output=True, text=True, check=False, env=bulk
    )

    assert finished.returncode == 0, finished.stderr
    assert "Warning" not in finished.stderr
    assert _listing(tmp_path) == ["decisions.jsonl", "new.db"]  # before: the leftovers stayed
    assert check_whole(url) == generate_count(file)


def test_an_import_killed_after_its_commit_is_put_in_place_by_the_next(tmp_path: Path) -> None:
    file = tmp_path / "decisions.jsonl"
    generate.write(file, 300)
    ledger = tmp_path / "new.db"
    url = f"sqlite:///{ledger}"
    killed = subprocess.run(
        _patched(KILLED_BEFORE_THE_LINK, url, file), capture_output=True, text=True, check=False
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert not ledger.exists()
    assert [name for name in _hidden(tmp_path) if name.endswith(".importing")]

    again = _import(url, file)

    assert again.returncode == 0, again.stderr
    assert "Already imported" in again.stdout  # what the killed one recorded, in place
    assert _listing(tmp_path) == ["decisions.jsonl", "new.db"]
    assert check_whole(url) == generate_count(file)


def test_a_killed_import_whose_place_was_taken_meanwhile_is_kept_and_named(
    tmp_path: Path,
) -> None:
    file, other = tmp_path / "decisions.jsonl", tmp_path / "other.jsonl"
    generate.write(file, 300)
    generate.write(other, 20)
    ledger = tmp_path / "new.db"
    url = f"sqlite:///{ledger}"
    killed = subprocess.run(
        _patched(KILLED_BEFORE_THE_LINK, url, file), capture_output=True, text=True, check=False
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    (hidden,) = [name for name in _hidden(tmp_path) if name.endswith(".importing")]
    ledger.touch()  # a ledger made in place meanwhile (an empty file is one to be)

    again = _import(url, other)

    assert again.returncode == 0, again.stderr
    assert f"Warning: {tmp_path / hidden} holds a ledger that an import into" in again.stderr
    assert "it is kept as it is" in again.stderr
    assert _hidden(tmp_path) == [hidden]  # the hidden ledger alone: its WAL folded in
    assert check_whole(f"sqlite:///{tmp_path / hidden}") == generate_count(file)
    assert check_whole(url) == generate_count(other)


def test_a_live_imports_hidden_file_is_left_alone(tmp_path: Path) -> None:
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    generate.write(first, 40)
    generate.write(second, 20)
    ledger = tmp_path / "new.db"
    url = f"sqlite:///{ledger}"
    building = subprocess.Popen(
        _patched(PAUSED_WHILE_BUILDING, url, first),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert building.stdout is not None
    assert building.stdin is not None
    assert building.stderr is not None
    assert building.stdout.readline() == "building\n"  # its hidden file made, tables in it
    (hidden,) = [name for name in _hidden(tmp_path) if name.endswith(".importing")]

    beside = _import(url, second)  # clears leftovers first: this one is not one

    assert beside.returncode == 0, beside.stderr
    assert hidden in _hidden(tmp_path)
    building.stdin.write("go on\n")
    building.stdin.close()
    assert building.wait(timeout=120) == 1  # it finished its work, then found new.db there
    assert "a ledger appeared at" in building.stderr.read()
    building.stdout.close()
    building.stderr.close()
    assert _listing(tmp_path) == ["first.jsonl", "new.db", "second.jsonl"]
    assert check_whole(url) == generate_count(second)


def test_a_killed_import_under_a_name_cut_short_is_kept_not_put_in_another_s_place(
    tmp_path: Path,
) -> None:
    """A name of 64 characters or more shares its hidden files' names with longer ones."""
    file = tmp_path / "decisions.jsonl"
    generate.write(file, 50)
    ledger = tmp_path / f"{'x' * 61}.db"  # 64 characters: 'x' * 61 + '.db2' makes the same
    url = f"sqlite:///{ledger}"
    killed = subprocess.run(
        _patched(KILLED_BEFORE_THE_LINK, url, file), capture_output=True, text=True, check=False
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    (hidden,) = [name for name in _hidden(tmp_path) if name.endswith(".importing")]

    again = _import(url, file)

    assert again.returncode == 0, again.stderr
    assert "too long to tell whose it is" in again.stderr
    assert hidden in _hidden(tmp_path)
    assert check_whole(url) == generate_count(file)  # imported afresh, beside it


def _another_ledger(folder: Path) -> tuple[Path, int]:
    """A ledger of one event in ``folder`` (another's), its size."""
    other = folder / "other.db"
    ledger, _ = open_ledger(f"sqlite:///{other}")
    try:
        ledger.handle(propose("PRJ-1"))
    finally:
        ledger.close()
    return other, other.stat().st_size


@pytest.mark.parametrize("link", ["symbolic", "hard"])
def test_a_link_named_like_a_leftover_is_not_taken_for_the_new_ledger(
    tmp_path: Path, link: str
) -> None:
    other, size = _another_ledger(tmp_path)
    hidden = tmp_path / ".new.db.0123456789abcdef.importing"
    if link == "symbolic":
        hidden.symlink_to(other.name)
    else:
        hidden.hardlink_to(other)
    file = tmp_path / "decisions.jsonl"
    generate.write(file, 5)
    ledger = tmp_path / "new.db"

    done = _import(f"sqlite:///{ledger}", file)

    assert done.returncode == 0, done.stderr
    # Before, the link was put at new.db, and the import went into the other ledger.
    assert not ledger.is_symlink()
    assert not ledger.samefile(other)
    assert Cli(f"sqlite:///{other}").events() == 1
    assert other.stat().st_size == size
    assert hidden.is_symlink() if link == "symbolic" else hidden.samefile(other)


def test_a_hidden_file_removed_while_its_import_ran_is_never_put_in_place_empty(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = tmp_path / "decisions.jsonl"
    generate.write(file, 5)
    ledger = tmp_path / "new.db"
    published = staging.publish

    def removed_first(staged: Path, target: Path) -> None:
        # Removed meanwhile: by hand, or by a clean-up on another machine that did not see
        # its lock (an NFS share mounted with local_lock=flock).
        staged.unlink()
        published(staged, target)

    monkeypatch.setattr(staging, "publish", removed_first)
    done = Cli(f"sqlite:///{ledger}")("import", str(file))

    # Before, an empty ledger was made under the removed name, put in place, and the
    # import said its decisions were recorded.
    assert done.exit_code == 1, done.output
    assert "could not be finished" in done.output
    assert "Traceback" not in done.output
    assert not ledger.exists()
    assert _hidden(tmp_path) == []
