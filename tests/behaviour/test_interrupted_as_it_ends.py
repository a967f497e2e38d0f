"""Ctrl-C or SIGTERM landing once the command is done, as it closes: its status, no traceback.

A cron job's timeout, or a Ctrl-C just too late, met the command as it
closed its connections and files: after *Recorded 213 events*, Python's
*Exception ignored in ... KeyboardInterrupt* traceback (a returns import on
the GMPP return, SIGTERM 1.95 s in), or the close stopped half done. The
signal is sent here from within the close itself, so it lands there every time.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from tests.conftest import Cli

SIGNALLED_AS_IT_CLOSES = """
import os, runpy, signal, sys
from portfolio_ledger.cli import context
close = context.LedgerContext.close
SENT = getattr(signal, sys.argv[1])
def signalled(self, *args, **kwargs):
    os.kill(os.getpid(), SENT)
    return close(self, *args, **kwargs)
context.LedgerContext.close = signalled
sys.argv = ["portfolio-ledger", *sys.argv[2:]]
runpy.run_module("portfolio_ledger", run_name="__main__")
"""


@pytest.mark.parametrize("name", ["SIGTERM", "SIGINT"])
def test_a_decision_signalled_as_it_closes_ends_with_its_own_status(run: Cli, name: str) -> None:
    assert run("init").exit_code == 0
    command = [
        sys.executable, "-c", SIGNALLED_AS_IT_CLOSES, name, "--db", run.url,
        "item", "propose", "PRJ-042", "--kind", "project", "--title", "Payroll",
        "--owner", "Dana Okafor", "--sponsor", "CFO", "--category", "Corporate systems",
        "-m", "Payroll contract ends",
    ]  # fmt: skip
    env = {**os.environ, "PORTFOLIO_LEDGER_ACTOR": "cron", "PORTFOLIO_LEDGER_ROLE": "PMO"}

    done = subprocess.run(
        command, capture_output=True, text=True, env=env, check=False,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip

    assert done.returncode == 0, done.stderr
    assert "Recorded PRJ-042" in done.stdout
    assert "Traceback" not in done.stderr
    assert "KeyboardInterrupt" not in done.stderr
    assert '"title": "Payroll"' in run("item", "show", "PRJ-042", "--json").output


@pytest.mark.parametrize("name", ["SIGTERM", "SIGINT"])
def test_a_refusal_signalled_as_it_closes_ends_with_its_own_status(run: Cli, name: str) -> None:
    assert run("init").exit_code == 0
    command = [sys.executable, "-c", SIGNALLED_AS_IT_CLOSES, name, "--db", run.url]
    env = {**os.environ}

    done = subprocess.run(
        [*command, "item", "show", "NOPE-1"], capture_output=True, text=True, env=env,
        check=False, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip

    assert done.returncode == 1, done.stderr
    assert "no item NOPE-1" in done.stderr
    assert "Traceback" not in done.stderr
