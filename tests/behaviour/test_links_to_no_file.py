"""A FILE given as a symbolic link that leads to no file is said to be one.

Before, ``import loop1`` where ``loop1`` and ``loop2`` link to each other, or
a link to a file since moved, said *File 'loop1' does not exist.*, while
``ls`` lists it: the user looked for a typo that was not there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Cli

COMMANDS = [("import",), ("returns", "import", "--mapping", "gmpp")]


@pytest.mark.parametrize("command", COMMANDS)
def test_a_link_in_a_loop_is_said_to_be_one(
    sqlite_url: str, tmp_path: Path, command: tuple[str, ...]
) -> None:
    (tmp_path / "loop1").symlink_to(tmp_path / "loop2")
    (tmp_path / "loop2").symlink_to(tmp_path / "loop1")

    result = Cli(sqlite_url)(*command, str(tmp_path / "loop1"))

    assert result.exit_code == 2, result.output
    assert "is a symbolic link in a loop" in result.output
    assert "name the file itself, or mend the link" in result.output
    assert not Path(sqlite_url.removeprefix("sqlite:///")).exists()


@pytest.mark.parametrize("command", COMMANDS)
def test_a_link_to_a_file_not_there_names_where_it_leads(
    sqlite_url: str, tmp_path: Path, command: tuple[str, ...]
) -> None:
    link = tmp_path / "decisions.jsonl"
    link.symlink_to(tmp_path / "moved" / "decisions.jsonl")

    result = Cli(sqlite_url)(*command, str(link))

    assert result.exit_code == 2, result.output
    assert f"is a symbolic link to '{tmp_path / 'moved' / 'decisions.jsonl'}'" in result.output
    assert "which does not exist" in result.output


def test_a_file_not_there_is_still_said_so(sqlite_url: str, tmp_path: Path) -> None:
    result = Cli(sqlite_url)("import", str(tmp_path / "nothing.jsonl"))

    assert result.exit_code == 2, result.output
    assert "does not exist" in result.output
    assert "symbolic link" not in result.output
