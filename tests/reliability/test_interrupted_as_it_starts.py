"""Ctrl-C or SIGTERM while a command is still starting: exit 130, said, nothing written.

A command spends its first tenth of a second (seconds, on a busy machine)
importing the command line. Before, Ctrl-C then printed Python's traceback
of whatever import it landed in, and SIGTERM killed the process without a
word (status -15), where the docs promise exit code 130 and a sentence. The
signal is forced at that moment: a real process is started with an import
hook that sends it to itself as ``portfolio_ledger.cli`` begins to load.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

STARTED = """
import os, signal, sys

# Ctrl-C as a terminal delivers it: a run started in the background (nohup, "&" without job
# control, as CI may be) has SIGINT ignored, and this process would inherit that.
signal.signal(signal.SIGINT, signal.default_int_handler)

STOP = getattr(signal, sys.argv[1])

class SignalOnImport:
    def find_spec(self, name, path=None, target=None):
        if name == "portfolio_ledger.cli":
            sys.meta_path.remove(self)
            os.kill(os.getpid(), STOP)
        return None

sys.meta_path.insert(0, SignalOnImport())
sys.argv[1:] = sys.argv[2:]
from portfolio_ledger.__main__ import main
main()
"""


@pytest.mark.parametrize("stop", ["SIGINT", "SIGTERM"])
def test_a_command_stopped_while_it_starts_says_so_and_exits_130(stop: str, tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.db"
    command = [sys.executable, "-c", STARTED, stop, "--db", str(ledger), "item", "propose"]
    command += ["PRJ-1", "--kind", "project", "--title", "T", "--owner", "O", "--sponsor", "S"]
    command += ["--category", "C", "--actor", "a", "--role", "r", "-m", "why"]

    started = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)

    assert started.returncode == 130, (started.returncode, started.stderr)
    assert "Traceback" not in started.stderr
    assert "Interrupted as the command started" in started.stderr
    assert "nothing was read or written" in started.stderr
    assert not ledger.exists()  # nothing made, nothing written
