"""docs/governance.md's commands run as written, in order, on a new ledger.

People, boards and delegations, then the item whose tolerances the doc sets:
its ``item set-tolerance`` example named an item the doc never made, at a
meeting (today) whose member had stood down with effect from 31 October, so
it was refused however it was run.
"""

from __future__ import annotations

import re
import shlex
from datetime import date
from pathlib import Path

import pytest

from portfolio_ledger.domain.clock import utc_today
from tests.conftest import Cli

DOC = Path(__file__).resolve().parents[2] / "docs" / "governance.md"


def commands() -> list[list[str]]:
    """Every command of the doc's shell blocks, as argv."""
    text = DOC.read_text(encoding="utf-8")
    lines = "\n".join(re.findall(r"```sh\n(.*?)```", text, re.DOTALL)).replace("\\\n", " ")
    return [shlex.split(line)[1:] for line in lines.splitlines() if line.strip()]


def test_the_governance_examples_run_in_order_on_a_new_ledger(run: Cli) -> None:
    argvs = commands()
    effective = re.findall(r"--effective-(?:date|on) (\S+)", " ".join(map(shlex.join, argvs)))
    if max(map(date.fromisoformat, effective)) > utc_today():
        pytest.skip("the doc's effective dates are after today")
    assert len(argvs) >= 15
    assert argvs[-1][:2] == ["item", "set-tolerance"]

    for argv in argvs:
        result = run(*argv)
        assert result.exit_code == 0, (argv, result.output)
