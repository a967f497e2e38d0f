"""What a new user met walking README.md and every command's --help, put right.

A reference list a reader could not split, a mistyped command given no
suggestion, options and commands that did not say what they were, help
examples the ledger refused on the day they were read, and database URLs with
too few slashes that made a file or named nothing typed.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import Cli

PROPOSAL = (
    "item", "propose", "PRJ-042", "--kind", "project", "--title", "Payroll replacement",
    "--owner", "Dana Okafor", "--sponsor", "CFO", "--category", "Corporate systems",
    "-m", "Payroll contract ends March 2028",
)  # fmt: skip


def test_item_history_shows_each_reference_on_a_row_of_its_own(run: Cli) -> None:
    # Joined with ", ", "budget GBP 1,200,000.00, ref X" could be one reference or
    # two or three: the comma in the amount read as the end of one.
    refs = ("budget GBP 1,200,000.00", "ref X", "IC minutes, item 4")
    proposed = run(*PROPOSAL, *(arg for ref in refs for arg in ("--ref", ref)))
    assert proposed.exit_code == 0, proposed.output

    shown = run("item", "history", "PRJ-042")

    assert shown.exit_code == 0, shown.output
    lines = [line.strip() for line in shown.output.splitlines()]
    assert [line for line in lines if line.startswith("Ref")] == [
        "Ref 1      budget GBP 1,200,000.00",
        "Ref 2      ref X",
        "Ref 3      IC minutes, item 4",
    ]
    assert "1,200,000.00, ref X" not in shown.output
    history = json.loads(run("item", "history", "PRJ-042", "--json").output)
    assert history[0]["references"] == list(refs)  # the JSON is as it was


def test_one_reference_is_a_ref_and_none_a_dash(run: Cli) -> None:
    assert run(*PROPOSAL, "--ref", "IC minutes, item 4").exit_code == 0
    assert run("item", "reprioritise", "PRJ-042", "--rank", "1", "--authority", "PDG",
               "-m", "Ranked").exit_code == 0  # fmt: skip

    lines = [line.strip() for line in run("item", "history", "PRJ-042").output.splitlines()]

    assert [line for line in lines if line.startswith("Ref")] == [
        "Ref        IC minutes, item 4",
        "Refs       -",
    ]


@pytest.mark.parametrize(
    ("typed", "wrong", "meant"),
    [(["portfolo"], "portfolo", "portfolio"),
     (["item", "histroy", "PRJ-042"], "histroy", "history"),
     (["audit", "trial"], "trial", "trail")],
)  # fmt: skip
def test_a_mistyped_command_is_answered_with_the_one_meant(
    typed: list[str], wrong: str, meant: str
) -> None:
    # A real process, as a user runs it: click suggested only among the commands
    # already loaded, and the top group and 'item' load theirs when asked for one.
    result = subprocess.run(
        [sys.executable, "-m", "portfolio_ledger", *typed],
        capture_output=True, text=True, check=False,
    )  # fmt: skip

    assert result.returncode == 2
    assert f"No such command '{wrong}'." in result.stderr
    assert f"Did you mean '{meant}'?" in result.stderr
    assert "Traceback" not in result.stderr
