"""Ctrl-C or SIGTERM as a command writes its ``--out`` file: the file is not written, and said so.

The message an interruption gave spoke only of decisions (*a decision or an
import is recorded whole or not at all*), so a compliance officer whose
export was stopped could not tell from it whether a half-written trail lay
at ``--out``. Files are written beside their place and renamed into it once
whole (``application/files.py``): the signal is sent here from within that
last flush, before the rename, so it lands there every time.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Cli

SIGNALLED_AS_IT_FLUSHES = """
import os, runpy, signal, sys
from portfolio_ledger.application import files
synced = files.synced
SENT = getattr(signal, sys.argv[1])
def signalled(path):
    os.kill(os.getpid(), SENT)
    return synced(path)
files.synced = signalled
sys.argv = ["portfolio-ledger", *sys.argv[2:]]
runpy.run_module("portfolio_ledger", run_name="__main__")
"""


def _propose(run: Cli) -> None:
    assert run("init").exit_code == 0
    proposed = run(
        "item", "propose", "PRJ-042", "--kind", "project", "--title", "Payroll",
        "--owner", "Dana Okafor", "--sponsor", "CFO", "--category", "Corporate systems",
        "-m", "Payroll contract ends",
    )  # fmt: skip
    assert proposed.exit_code == 0, proposed.output


@pytest.mark.parametrize("name", ["SIGTERM", "SIGINT"])
@pytest.mark.parametrize(
    ("out", "args"),
    [
        ("trail.csv", ["audit", "export", "--out"]),
        ("items.csv", ["portfolio", "--format", "csv", "--out"]),
    ],
)
def test_a_file_interrupted_as_it_is_written_is_not_there(
    run: Cli, tmp_path: Path, name: str, out: str, args: list[str]
) -> None:
    _propose(run)
    place = tmp_path / "out" / out
    place.parent.mkdir()
    command = [sys.executable, "-c", SIGNALLED_AS_IT_FLUSHES, name, "--db", run.url]

    done = subprocess.run(
        [*command, *args, str(place)], capture_output=True, text=True, env={**os.environ},
        check=False, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip

    assert done.returncode == 130, done.stderr
    assert "a file --out names is written whole or not at all" in done.stderr
    assert "Traceback" not in done.stderr
    assert list(place.parent.iterdir()) == []  # nothing at --out, no hidden part left
