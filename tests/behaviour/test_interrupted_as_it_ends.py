"""Ctrl-C or SIGTERM landing once the command is done, as it closes: its status, no traceback.

A cron job's timeout, or a Ctrl-C just too late, met the command as it
closed its connections and files: after *Recorded 213 events*, Python's
*Exception ignored in ... KeyboardInterrupt* traceback (a returns import on
the GMPP return, SIGTERM 1.95 s in), or the close stopped half done. The
signal is sent here from within the close itself, so it lands there every time.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

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


SIGNALLED_AS_IT_SAYS = """
import os, runpy, signal, sys
from portfolio_ledger.cli import {module} as said
say = said.{name}
SENT = getattr(signal, sys.argv[1])
def signalled(*args, **kwargs):
    os.kill(os.getpid(), SENT)
    return say(*args, **kwargs)
said.{name} = signalled
sys.argv = ["portfolio-ledger", *sys.argv[2:]]
runpy.run_module("portfolio_ledger", run_name="__main__")
"""
"""The signal sent as the command says what it recorded: after the commit, before it closes."""


PROPOSED = {
    "command": "item propose", "key": "PRJ-042", "kind": "project", "title": "Payroll",
    "owner": "Dana Okafor", "sponsor": "CFO", "category": "Corporate systems",
    "rationale": "Payroll contract ends",
}  # fmt: skip
DATA = Path(__file__).parents[1] / "data"
SAYING = {  # each command, the function that says what it recorded, and what it says
    "decision": ("render", "when", "Recorded PRJ-042"),
    "import": ("imports", "say_done", "Imported 1 line"),
    "return": ("returns", "show_import", "Recorded 1 event"),
}


@pytest.mark.parametrize("kind", sorted(SAYING))
@pytest.mark.parametrize("name", ["SIGTERM", "SIGINT"])
def test_a_write_signalled_as_it_says_what_it_recorded_says_so(
    run: Cli, tmp_path: Path, name: str, kind: str
) -> None:
    # Found soaking: a decision interrupted as its result was printed said 'Interrupted.
    # Whatever was not yet committed was rolled back', exit 130, when it was recorded.
    assert run("init").exit_code == 0
    (tmp_path / "one.jsonl").write_text(json.dumps(PROPOSED) + "\n")
    rows = (DATA / "ppm_tool_projects.csv").read_text().splitlines(keepends=True)[:2]
    (tmp_path / "one.csv").write_text("".join(rows))  # PRJ0010001, Cloud Migration Wave 3
    args = {
        "decision": ["item", "propose", "PRJ-042", "--kind", "project", "--title", "Payroll",
                     "--owner", "Dana Okafor", "--sponsor", "CFO", "--category",
                     "Corporate systems", "-m", "Payroll contract ends"],
        "import": ["import", str(tmp_path / "one.jsonl")],
        "return": ["returns", "import", str(tmp_path / "one.csv"), "--as-at", "2026-01-31",
                   "--mapping", str(DATA / "ppm_tool.toml"), "--authority", "Quarterly return"],
    }[kind]  # fmt: skip
    module, function, says = SAYING[kind]
    hook = SIGNALLED_AS_IT_SAYS.format(module=module, name=function)
    env = {**os.environ, "PORTFOLIO_LEDGER_ACTOR": "cron", "PORTFOLIO_LEDGER_ROLE": "PMO"}

    done = subprocess.run(
        [sys.executable, "-c", hook, name, "--db", run.url, *args], capture_output=True,
        text=True, env=env, check=False,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip

    assert done.returncode == 0, done.stderr
    assert says in done.stdout
    assert "rolled back" not in done.stderr
    assert "Traceback" not in done.stderr
    key = "PRJ0010001" if kind == "return" else "PRJ-042"
    assert run("item", "show", key).exit_code == 0
