"""A real import killed with SIGKILL: the next command removes the folder it left.

As a user meets it: a long ``import --dry-run`` into a ledger not made yet (checked on
a new ledger in a temporary folder), or an ``import -`` reading a pipe (kept in one),
killed with ``kill -9``. Its folder, ``portfolio-ledger-KIND-PID@HOST~NS-...``, is left
in TMPDIR, and nothing is written where the ledger would be; the next such command
removes it, while a live import's folder is left. A TMPDIR naming a file, or a folder
that does not exist, is refused naming it, nothing made (exit 1 for a dry run, 2 for
standard input). SQLite: the dry run into a new file is SQLite's case.
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
from tests.conftest import stored_events

LINE = (
    '{"command": "person add", "key": "x1", "name": "X One", "roles": ["PMO"], "actor": "x1", '
    '"role": "PMO", "rationale": "Registered", "effective_date": "2025-07-13"}\n'
)
CLI = [sys.executable, "-m", "portfolio_ledger"]


@pytest.fixture
def tmpdir_env(tmp_path: Path) -> dict[str, str]:
    """The environment with TMPDIR a folder of this test's own."""
    (tmp_path / "tmp").mkdir()
    return {**os.environ, "TMPDIR": str(tmp_path / "tmp"), "PORTFOLIO_LEDGER_ACTOR": "x1"}


def _folders(env: dict[str, str]) -> list[Path]:
    return sorted(Path(env["TMPDIR"]).iterdir())


def _killed_once_its_folder_is_made(
    process: subprocess.Popen[bytes], env: dict[str, str], kind: str
) -> Path:
    named = f"portfolio-ledger-{kind}-{process.pid}@"
    deadline = time.monotonic() + 60
    while not (made := [f for f in _folders(env) if f.name.startswith(named)]):
        assert process.poll() is None, "the command ended before it could be killed"
        assert time.monotonic() < deadline, "no temporary folder was made"
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=60) == -signal.SIGKILL
    (folder,) = made
    assert folder.exists()
    return folder


def _run(
    env: dict[str, str], *args: str, given: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], env=env, input=given, capture_output=True, text=True,
                          check=False, timeout=120)  # fmt: skip


def test_a_killed_dry_run_s_folder_is_removed_by_the_next(
    tmp_path: Path, tmpdir_env: dict[str, str]
) -> None:
    big = tmp_path / "big.jsonl"
    generate.write(big, 20000)
    new = tmp_path / "new.db"
    args = [*CLI, "import", str(big), "--dry-run", "--db", f"sqlite:///{new}"]
    process = subprocess.Popen(args, env=tmpdir_env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)  # fmt: skip

    left = _killed_once_its_folder_is_made(process, tmpdir_env, "dry-run")

    assert not new.exists()
    (tmp_path / "small.jsonl").write_text(LINE, encoding="utf-8")
    checked = _run(tmpdir_env, "import", str(tmp_path / "small.jsonl"), "--dry-run",
                   "--db", f"sqlite:///{tmp_path / 'other.db'}")  # fmt: skip
    assert checked.returncode == 0, checked.stderr
    assert "Nothing was written (dry run)" in checked.stdout
    assert not left.exists()
    assert _folders(tmpdir_env) == []
    assert not (tmp_path / "other.db").exists()


def test_a_killed_import_from_a_pipe_leaves_nothing_once_the_next_has_run(
    tmp_path: Path, tmpdir_env: dict[str, str]
) -> None:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    process = subprocess.Popen([*CLI, "import", "-", "--db", url], env=tmpdir_env,
                               stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)  # fmt: skip
    assert process.stdin is not None
    process.stdin.write(LINE.encode() * 1000)  # the pipe held open: still reading
    process.stdin.flush()
    live = subprocess.Popen([*CLI, "import", "-", "--db", url], env=tmpdir_env,
                            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)  # fmt: skip
    assert live.stdin is not None
    live.stdin.write(LINE.encode() * 1000)  # read, and its folder made, once bytes come
    live.stdin.flush()
    try:
        left = _killed_once_its_folder_is_made(process, tmpdir_env, "import")
        process.stdin.close()
        deadline = time.monotonic() + 60
        while len(_folders(tmpdir_env)) < 2:  # the live import's own
            assert time.monotonic() < deadline
            time.sleep(0.01)

        imported = _run(tmpdir_env, "import", "-", "--db", url, given=LINE)

        assert imported.returncode == 0, imported.stderr
        assert not left.exists()
        (kept,) = _folders(tmpdir_env)
        assert kept.name.startswith(f"portfolio-ledger-import-{live.pid}@")
        assert stored_events(url) == 1
    finally:
        live.kill()
        live.wait(timeout=60)
        live.stdin.close()


@pytest.mark.parametrize("named", ["a-file", "missing"])
def test_a_tmpdir_that_is_no_folder_to_write_is_refused_naming_it(
    tmp_path: Path, tmpdir_env: dict[str, str], named: str
) -> None:
    folder = tmp_path / named
    if named == "a-file":
        folder.write_text("not a folder", encoding="utf-8")
    env = {**tmpdir_env, "TMPDIR": str(folder)}
    (tmp_path / "small.jsonl").write_text(LINE, encoding="utf-8")
    new = tmp_path / "new.db"

    checked = _run(env, "import", str(tmp_path / "small.jsonl"), "--dry-run",
                   "--db", f"sqlite:///{new}")  # fmt: skip
    piped = _run(env, "import", "-", "--db", f"sqlite:///{new}", given=LINE)

    for result, code in ((checked, 1), (piped, 2)):
        said = " ".join(result.stderr.split())
        assert result.returncode == code, said
        assert f"cannot make a temporary folder in {folder} (TMPDIR names it" in said
        assert "set TMPDIR to a folder you may write" in said
        assert "Traceback" not in said
    assert not new.exists()
