"""Every command explains itself with an example; the package runs as a module and a script."""

from __future__ import annotations

import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from portfolio_ledger import __version__
from portfolio_ledger.cli import cli
from tests.conftest import Cli


def commands(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from commands(command, (*path, name))
        else:
            yield (*path, name)


@pytest.mark.parametrize("path", list(commands(cli.loaded())), ids=" ".join)
def test_every_command_has_help_with_an_example(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"])

    assert result.exit_code == 0
    assert "Example" in result.output
    assert "portfolio-ledger " + " ".join(path) in result.output


def test_python_dash_m_runs_the_same_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "portfolio_ledger", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0
    assert __version__ in result.stdout


def test_the_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "portfolio-ledger"
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True, check=False)

    assert result.returncode == 0
    assert "Record portfolio decisions" in result.stdout


def help_example(run: Cli, *path: str) -> list[str]:
    """The command a command's --help gives as its example, as a user would type it."""
    text = run(*path, "--help").output.split("Example", 1)[1].split("\n", 1)[1]
    lines = text.split("Options:", 1)[0].strip().replace("\\\n", " ")
    return shlex.split(lines.splitlines()[0])[1:]


def test_the_onboard_and_transfer_examples_run_one_after_another(run: Cli) -> None:
    """A user who types the examples in turn moves the item the first one onboarded."""
    for key in ("DFE", "DWP"):
        added = run("organisation", "add", key, "--name", key, "-m", "Departments")
        assert added.exit_code == 0, added.output

    for path in (("item", "onboard"), ("item", "transfer")):
        example = help_example(run, *path)
        result = run(*example)
        assert result.exit_code == 0, (example, result.output)


def test_returns_import_help_gives_the_sheet_default_it_uses() -> None:
    """It said 'the first'; the mapping's sheet comes first, and a hidden sheet is skipped."""
    result = CliRunner().invoke(cli, ["returns", "import", "--help"])

    said = " ".join(result.output.split())
    assert "Default: the mapping's sheet, else the first visible one" in said
