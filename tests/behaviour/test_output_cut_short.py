"""Output redirected to a file the disk cannot hold whole is refused, exit 1, never cut unsaid.

``audit trail --format csv > trail.csv`` on a disk with room for part of it:
Python's buffered writer gave a large text to one write(), the disk took
part, and the rest was dropped without a word: a CSV cut short, exit 0. A
file size limit (``ulimit -f``) cuts a write short as a full disk does, so
these tests need no disk to fill: the command says it could not write
standard output, exit 1.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Cli

LIMIT = 40_000
"""Bytes a file may hold: less than each output, more than an SQLite ledger's -shm (32 KiB)."""


@pytest.fixture
def demo(shared_demo: Cli) -> Cli:
    """The demo ledger, made once for the module: the tests only read it."""
    return shared_demo


def limited() -> None:
    """In the child: files of at most LIMIT bytes, a write past it failing (EFBIG), not killed."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


@pytest.mark.parametrize(
    "args",
    [
        ("audit", "trail", "--format", "csv"),
        ("audit", "trail", "--json"),
        ("audit", "trail"),
        ("portfolio", "--json"),
    ],
)
def test_output_the_file_cannot_hold_whole_is_said_and_exits_1(
    demo: Cli, tmp_path: Path, args: tuple[str, ...]
) -> None:
    whole = demo(*args)  # as a pipe gets it; the read models caught up, nothing left to write
    assert whole.exit_code == 0
    assert len(whole.output.encode()) > LIMIT
    command = [sys.executable, "-m", "portfolio_ledger", "--db", demo.url, *args]
    out = tmp_path / "out.txt"

    with out.open("wb") as file:
        done = subprocess.run(
            command, stdout=file, stderr=subprocess.PIPE, text=True, check=False,
            env=dict(os.environ), preexec_fn=limited,
        )  # fmt: skip

    assert out.stat().st_size == LIMIT, done.stderr  # cut short, as a full disk cuts it
    assert done.returncode == 1, done.stderr
    assert "cannot write to standard output" in done.stderr
    assert "Traceback" not in done.stderr
