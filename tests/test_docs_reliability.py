"""docs/reliability.md's command prints the figures the page quotes."""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_the_figures_command_runs_in_one_process_so_its_figures_are_printed() -> None:
    """It was 'pytest -q -s tests/reliability': with pyproject's '-n auto', pytest-xdist keeps
    each worker's output, and the run printed none of the [reliability] lines quoted."""
    text = (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")
    figures = text.split("## Figures from a run", 1)[1]
    [block] = re.findall(r"```sh\n(.*?)```", figures, re.DOTALL)[:1]
    argv = shlex.split(block.replace("\\\n", " "))
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    addopts = pyproject["tool"]["pytest"]["ini_options"]["addopts"]

    assert "-s" in argv
    assert "-n" in addopts  # else the page need not say -n0
    assert "-n0" in argv or " -n 0 " in f" {' '.join(argv)} "


def test_the_count_of_commands_the_hostile_input_test_covers_is_the_registry_s() -> None:
    """The page said every command that can be recorded is '(26 commands)', the count when it
    was written; test_hostile_input samples every command the registry declares, 40 now."""
    from portfolio_ledger.application.registry import commands

    text = " ".join((ROOT / "docs" / "reliability.md").read_text(encoding="utf-8").split())
    said = re.search(r"every field of every command that can be recorded \((\d+) commands", text)

    assert said, "docs/reliability.md no longer counts the commands test_hostile_input covers"
    assert int(said[1]) == len(commands())
