"""Once a command has tidied up, Ctrl-C or SIGTERM ends its process at once.

Since a command's outcome is decided, Ctrl-C and SIGTERM do not interrupt its tidying
(``streams.hold_interruptions``: a decision recorded is not said to have failed). But
they were ignored to the very end, through the exit handlers and the last flush of its
output, which a reader that stopped reading (a full pipe) can block for ever: there
``timeout``'s SIGTERM did nothing, and only SIGKILL stopped it. Now, once the ledger is
closed, both are as they are by default: the process ends. Seen from an exit handler,
which the process runs after the command (``streams.leave``).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import Cli

SEEN = """
import atexit, signal, sys
from portfolio_ledger.__main__ import main
path = sys.argv.pop()
def seen():
    with open(path, "w") as out:
        out.write(f"{signal.getsignal(signal.SIGINT)!r} {signal.getsignal(signal.SIGTERM)!r}")
atexit.register(seen)
main()
"""


def test_after_its_tidying_a_command_is_stopped_by_a_signal(run: Cli, tmp_path: Path) -> None:
    assert run("init").exit_code == 0
    seen = tmp_path / "signals.txt"

    command = [sys.executable, "-c", SEEN, "--db", run.url, "projections", "status"]
    done = subprocess.run([*command, str(seen)], capture_output=True, check=False)

    assert done.returncode == 0, done.stderr.decode()
    assert seen.read_text(encoding="utf-8") == ("<Handlers.SIG_DFL: 0> <Handlers.SIG_DFL: 0>")
