"""Files named to be read that never give their bytes: refused naming them, never waited on.

A named pipe (FIFO) no program writes to, named as a key, a checkpoint, a rules file or a
mapping, kept the command waiting for ever (the open waits for a writer); a file whose
read the system refuses part way (EIO: a failing disk, ``/proc/self/mem``) named to
``import`` or ``returns import`` was an internal error, exit 70. The files are read
before the database is opened, so this runs on SQLite alone.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.behaviour.test_cli import PROPOSE
from tests.conftest import Cli


@pytest.fixture
def run(sqlite_url: str) -> Cli:
    return Cli(sqlite_url)


def _in_a_process(run: Cli, *args: str) -> subprocess.CompletedProcess[str]:
    """The command line in a process of its own: one that waits is stopped, and fails."""
    environment = {
        **os.environ,
        "PORTFOLIO_LEDGER_DB": run.url,
        "PORTFOLIO_LEDGER_ACTOR": "Sam Patel",
        "PORTFOLIO_LEDGER_ROLE": "PMO",
    }
    return subprocess.run(
        [sys.executable, "-m", "portfolio_ledger", *args],
        check=False, capture_output=True, text=True, timeout=60, env=environment,
    )  # fmt: skip


UNWRITTEN = {
    "verify --key": ["audit", "verify", "--key", "{fifo}"],
    "checkpoint --key": ["audit", "checkpoint", "--key", "{fifo}"],
    "consistency OLD": ["audit", "consistency", "{fifo}"],
    "verify-export --manifest": ["audit", "verify-export", "{file}", "--manifest", "{fifo}"],
    "board-pack --rules": [
        "report", "board-pack", "--as-at", "2026-01-05", "--rules", "{fifo}", "--out", "{pack}",
    ],
    "returns import --mapping": [
        "returns", "import", "{file}", "--as-at", "2026-01-05", "--authority", "PMO",
        "--mapping", "{fifo}",
    ],
}  # fmt: skip


@pytest.mark.parametrize("args", UNWRITTEN.values(), ids=UNWRITTEN.keys())
def test_a_named_pipe_no_program_writes_to_is_refused_not_waited_on(
    run: Cli, tmp_path: Path, args: list[str]
) -> None:
    assert run(*PROPOSE).exit_code == 0
    fifo, file, pack = tmp_path / "named.pipe", tmp_path / "given.csv", tmp_path / "pack.html"
    os.mkfifo(fifo)
    file.write_text("key,title\nRX-1,Payroll\n", encoding="utf-8")
    given = [a.format(fifo=fifo, file=file, pack=pack) for a in args]

    try:
        result = _in_a_process(run, *given)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{' '.join(args)} waited for a program to write to the pipe")

    said = " ".join((result.stdout + result.stderr).split())
    assert result.returncode in (1, 2), said
    assert f"{fifo}: it is a named pipe (FIFO) that no program is writing to" in said
    assert "give the file itself" in said
    assert "Traceback" not in said
    assert "Internal error" not in said
    assert run.events() == 1
    assert not pack.exists()


_WRITES_LATE = (
    "import time; f = open({fifo!r}, 'w'); time.sleep(1); f.write('# the defaults\\n'); f.close()"
)


def test_a_pipe_a_program_writes_to_is_read_as_it_comes(run: Cli, tmp_path: Path) -> None:
    """The refusal is of a pipe with no writer: one written to (``<(...)``) is waited on."""
    assert run(*PROPOSE).exit_code == 0
    fifo = tmp_path / "named.pipe"
    os.mkfifo(fifo)
    writer = subprocess.Popen(  # opens the pipe for writing, then writes a moment later
        [sys.executable, "-c", _WRITES_LATE.format(fifo=str(fifo))],
    )  # fmt: skip
    try:
        result = _in_a_process(
            run, "report", "board-pack", "--as-at", "2026-01-05", "--rules", str(fifo),
            "--out", str(tmp_path / "pack.html"),
        )  # fmt: skip
    finally:
        writer.wait(timeout=30)

    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "pack.html").exists()


UNREADABLE = {
    "import": ["import", "/proc/self/mem"],
    "returns import": [
        "returns", "import", "/proc/self/mem", "--as-at", "2026-01-05", "--authority", "PMO",
    ],
}  # fmt: skip


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="no /proc/self/mem here")
@pytest.mark.parametrize("args", UNREADABLE.values(), ids=UNREADABLE.keys())
def test_a_file_the_system_cannot_read_is_said_not_an_internal_error(
    run: Cli, args: list[str]
) -> None:
    """Reading /proc/self/mem from its start is refused with EIO, as a failing disk's is."""
    assert run(*PROPOSE).exit_code == 0

    result = run(*args)

    said = " ".join(result.output.split())
    assert result.exit_code == 2, result.output
    assert "cannot read the " in said
    assert "/proc/self/mem: Input/output error" in said
    assert "nothing was written" in said
    assert "Check that it can be read" in said
    assert run.events() == 1
