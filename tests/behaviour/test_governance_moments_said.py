"""Governance asked of a moment says which: board show, board list and authority list."""

from __future__ import annotations

import json

import pytest

from portfolio_ledger.cli.moments import AS_OF
from portfolio_ledger.domain.clock import utc_text
from tests.conftest import Cli

MEETING = ["--present", "hcarter,mlee", "--vote", "hcarter=for,mlee=for", "--actor", "hcarter"]


@pytest.fixture
def delegated(run: Cli) -> Cli:
    steps = [
        ["person", "add", "hcarter", "--name", "Helen Carter", "-m", "r"],
        ["person", "add", "mlee", "--name", "Marcus Lee", "-m", "r"],
        ["person", "add", "rdas", "--name", "Ravi Das", "-m", "r"],
        ["board", "create", "IC", "--name", "Investment Committee", "--terms", "T",
         "--unlimited", "--quorum", "2", "--authority", "Articles", "-m", "c"],
        ["board", "appoint", "IC", "hcarter", "--as", "chair", "--authority", "EXB", "-m", "c"],
        ["board", "appoint", "IC", "mlee", "--authority", "EXB", "-m", "m"],
        ["authority", "delegate", "DEL-1", "--board", "IC", "--to", "rdas",  # not a member
         "--limit", "GBP 1,000", *MEETING, "-m", "d"],
    ]  # fmt: skip
    for step in steps:
        result = run(*step, "--effective-date", "2026-01-05")
        assert result.exit_code == 0, result.output
    return run


def recorded_at(run: Cli, key: str) -> str:
    trail = json.loads(run("audit", "trail", "--item", key, "--json").output)
    return str(trail[-1]["recorded_at"])


def meant(moment: str) -> str:
    """The moment as --as-of reads it (a whole second means its end), written as views say it.

    As asked: a recorded time's fraction of a second too (a second alone names its end).
    """
    return utc_text(AS_OF.convert(moment, None, None), asked=True)


def test_authority_list_as_of_says_the_recorded_moment_beside_the_day(delegated: Cli) -> None:
    # Before: "1 delegation (status on 2026-03-01)" whether or not --as-of was given: the
    # same title over different answers.
    moment = recorded_at(delegated, "DEL-1")
    result = delegated("authority", "list", "--as-of", moment, "--effective-on", "2026-03-01")

    assert result.exit_code == 0, result.output
    title = result.output.splitlines()[0]
    assert title == f"1 delegation (status on 2026-03-01, as recorded by {meant(moment)})"


def test_board_show_and_list_at_a_moment_say_which(delegated: Cli) -> None:
    moment = recorded_at(delegated, "IC")
    shown = delegated("board", "show", "IC", "--as-of", moment, "--effective-on", "2026-01-05")
    listed = delegated("board", "list", "--effective-on", "2026-01-05")
    now = delegated("board", "show", "IC")

    assert shown.exit_code == 0, shown.output
    said = f"as recorded by {meant(moment)}, in effect on 2026-01-05"
    assert ["As", "at", *said.split()] in [line.split() for line in shown.output.splitlines()]
    assert listed.output.splitlines()[0] == "1 board, in effect on 2026-01-05"
    assert "As at" not in now.output
