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
import os, sys
import _signal  # not signal: this process has not loaded it, as the console script has not

# Ctrl-C as a terminal delivers it: a run started in the background (nohup, "&" without job
# control, as CI may be) has SIGINT ignored, and this process would inherit that.
_signal.signal(_signal.SIGINT, _signal.default_int_handler)

STOP = getattr(_signal, sys.argv[1])
LOADING = sys.argv.pop(2)

class SignalOnImport:
    def find_spec(self, name, path=None, target=None):
        if name == LOADING:
            sys.meta_path.remove(self)
            os.kill(os.getpid(), STOP)
        return None

sys.meta_path.insert(0, SignalOnImport())
sys.argv[1:] = sys.argv[2:]
from portfolio_ledger.__main__ import main
main()
"""


@pytest.mark.parametrize("loading", ["portfolio_ledger.cli", "signal"])
@pytest.mark.parametrize("stop", ["SIGINT", "SIGTERM"])
def test_a_command_stopped_while_it_starts_says_so_and_exits_130(
    stop: str, loading: str, tmp_path: Path
) -> None:
    # "signal": found soaking, Ctrl-C as the entry point itself imported the signal module
    # (enum's classes built, 8 ms here, far longer on a busy machine) printed its traceback.
    ledger = tmp_path / "ledger.db"
    command = [sys.executable, "-c", STARTED, stop, loading, "--db", str(ledger), "item"]
    command += ["propose"]
    command += ["PRJ-1", "--kind", "project", "--title", "T", "--owner", "O", "--sponsor", "S"]
    command += ["--category", "C", "--actor", "a", "--role", "r", "-m", "why"]

    started = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)

    assert started.returncode == 130, (started.returncode, started.stderr)
    assert "Traceback" not in started.stderr
    assert "Interrupted as the command started" in started.stderr
    assert "nothing was read or written" in started.stderr
    assert not ledger.exists()  # nothing made, nothing written
