"""A table on a terminal is laid out to the terminal's width, and never cuts a column.

Two faults met together: the width was always read as 80 (``shutil`` asks
``sys.__stdout__``, which the guarded stdout detached, and fell back), and
where a table is wider than the terminal even with its free text wrapped,
rich cut every column to fit, the keys too: ``items list`` on the demo
showed ``PGM-0`` for each of PGM-001, PGM-002, ... Now the width is the
terminal's, and a table too wide for it is printed plain, one line a row, as
a pipe gets it (the terminal wraps it; ``| less -S`` scrolls it).
"""

from __future__ import annotations

import fcntl
import json
import os
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from portfolio_ledger.cli import render
from tests.conftest import Cli


@pytest.fixture
def demo(shared_demo: Cli) -> Cli:
    """The demo ledger, made once for the module: the tests only read it."""
    return shared_demo


def on_a_terminal(url: str, columns: int, *args: str, lines: int = 50) -> str:
    """What the command writes (stdout and stderr) to a terminal ``columns`` by ``lines``."""
    return terminal_bytes(url, columns, *args, lines=lines).decode()


def terminal_bytes(
    url: str, columns: int, *args: str, lines: int = 50, more: dict[str, str] | None = None
) -> bytes:
    """:func:`on_a_terminal`'s bytes, with ``more`` in the command's environment."""
    leader, follower = os.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in {"COLUMNS", "LINES"}} | (more or {})
    command = [sys.executable, "-m", "portfolio_ledger", "--db", url, *args]
    with subprocess.Popen(command, stdout=follower, stderr=follower, env=env) as done:
        os.close(follower)
        written = b""
        while True:
            try:
                part = os.read(leader, 65536)
            except OSError:  # the terminal closed as the command ended (EIO)
                break
            if not part:
                break
            written += part
    os.close(leader)
    assert done.returncode == 0, written
    return written


def test_a_table_is_laid_out_to_the_terminals_own_width(demo: Cli) -> None:
    shown = on_a_terminal(demo.url, 200, "items", "list", "--limit", "3")

    assert "━" in shown  # laid out by rich, not plain
    assert "PGM-001" in shown
    assert "PGM-003" in shown


def test_a_table_wider_than_the_terminal_is_printed_plain_not_cut(demo: Cli) -> None:
    shown = on_a_terminal(demo.url, 80, "items", "list", "--limit", "3")

    assert "PGM-001" in shown
    assert "PGM-003" in shown
    assert "Whole-life" in shown


def test_a_terminal_that_gives_no_size_is_taken_as_80_by_24(demo: Cli) -> None:
    # A pseudo-terminal not yet sized (docker exec -t, a serial console, an editor's shell)
    # says 0 by 0: the table was laid out to no width, and three rows said to be more
    # than the screen holds.
    shown = on_a_terminal(demo.url, 0, "items", "list", "--limit", "3", lines=0)

    assert "PGM-003" in shown
    assert "page through them" not in shown


@pytest.mark.parametrize("columns", ["40", "80", "1000"])
def test_no_key_is_cut_at_any_width(
    demo: Cli, monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    listed = demo("items", "list", "--limit", "5", "--json")
    keys = [row["key"] for row in json.loads(listed.output)]
    assert len(keys) == 5
    monkeypatch.setattr(render, "_on_terminal", lambda _stream: True)

    shown = demo("items", "list", "--limit", "5", env={"COLUMNS": columns})

    assert shown.exit_code == 0, shown.output
    for key in keys:
        assert key in shown.output


def test_no_progress_bar_flashes_when_nothing_is_behind(demo: Cli) -> None:
    # ``audit authority`` opens the ledger, which catches the read models up: with nothing
    # behind, the terminal still showed "Catching up read models 0/?" for a moment.
    shown = on_a_terminal(demo.url, 200, "audit", "authority", "PRJ-002")

    assert "PRJ-002" in shown
    assert "Catching up" not in shown


def test_a_progress_bar_starts_at_its_first_figure(run: Cli, tmp_path: Path) -> None:
    # Started on the first step with something to do, the bar was drawn before it was told
    # the figures: every import of 1,000 lines or more on a terminal began "Importing 0/?".
    line = {
        "command": "item propose",
        "kind": "project",
        "owner": "Dana Okafor",
        "sponsor": "CFO",
        "category": "Corporate systems",
        "actor": "Sam Patel",
        "role": "Portfolio Manager",
        "rationale": "Contract ends",
    }
    lines = (json.dumps(line | {"key": f"PRJ-{n:04d}", "title": f"T{n}"}) for n in range(1200))
    (tmp_path / "many.jsonl").write_text("\n".join(lines) + "\n")

    shown = on_a_terminal(run.url, 200, "import", str(tmp_path / "many.jsonl"))

    assert "Importing" in shown  # the bar was shown
    assert "0/?" not in shown
    assert "Imported 1,200 lines" in shown
