"""docs/returns.md's "Programmes and their projects in one return" prints what it shows.

Each ``<!-- file: NAME -->`` block is written as NAME, and each ``$`` command of a console
block run in turn, what it prints compared with the lines after it (the seconds taken
aside), as ``test_docs_returns_steps`` runs the steps: the refusal of a programme's row
holding its projects' sums and of a parent misspelt, the return put right recorded, and
``economics`` counting each pound once.
"""

from __future__ import annotations

import shlex
from pathlib import Path

from tests.conftest import Cli
from tests.test_docs_returns_steps import BLOCK, DOC, SETTINGS, commands, steady

TITLE = "## Programmes and their projects in one return\n"


def _section() -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index(TITLE)
    return text[start : text.index("\n## ", start + len(TITLE))]


def test_the_programmes_section_prints_what_it_shows(run: Cli) -> None:
    ran = []
    for block in BLOCK.finditer(_section()):
        if block["name"]:
            Path(block["name"]).write_text(block["body"], encoding="utf-8")
            continue
        assert block["kind"] == "console", block["body"]
        for command, shown in commands(block["body"]):
            if command.startswith("export "):
                assert command == SETTINGS
                continue
            words = shlex.split(command)
            assert words[0] == "portfolio-ledger", command
            result = run(*words[1:], actor="Sam Patel", role="PMO")
            assert steady(result.output) == steady(shown), command
            ran.append(result.exit_code)

    assert ran == [2, 0, 0]
