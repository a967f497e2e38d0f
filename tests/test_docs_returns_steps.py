"""docs/returns.md's "Mapping a new export, step by step" prints what it shows.

Each ``<!-- file: NAME -->`` block is written as NAME; each ``$`` command of a console block
is run in turn (``python -m tests.returns_steps_workbooks .`` as that module, the export
of settings as the ones the test's command line runs with), and what it prints is compared
with the lines after it, the seconds taken aside. The file's SHA-256 is compared too:
the workbooks are the same bytes every time, so a reader gets the one shown.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from tests.conftest import Cli
from tests.returns_steps_workbooks import write_all

DOC = Path(__file__).parents[1] / "docs" / "returns.md"
TITLE = "## Mapping a new export, step by step\n"
BLOCK = re.compile(
    r"(?:<!-- file: (?P<name>\S+) -->\n)?```(?P<kind>\w+)\n(?P<body>.*?)```", re.DOTALL
)
SETTINGS = (
    'export PORTFOLIO_LEDGER_DB=sqlite:///ledger.db PORTFOLIO_LEDGER_ACTOR="Sam Patel" '
    "PORTFOLIO_LEDGER_ROLE=PMO"
)
"""The settings the section exports: the actor and role ``Cli`` runs with."""


def section() -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index(TITLE)
    return text[start : text.index("\n## ", start + len(TITLE))]


def steady(text: str) -> str:
    """What a run prints, less what differs from run to run."""
    return re.sub(r" in \d+\.\d s", " in ... s", text).rstrip("\n")


def commands(body: str) -> list[tuple[str, str]]:
    """Each ``$`` command of a console block and the lines it is shown printing."""
    runs: list[tuple[str, list[str]]] = []
    for line in body.splitlines():
        if line.startswith("$ "):
            runs.append((line[2:], []))
        else:
            runs[-1][1].append(line)
    return [(command, "\n".join(shown)) for command, shown in runs]


def test_every_command_of_the_steps_prints_what_they_show(run: Cli) -> None:
    ran = 0
    for block in BLOCK.finditer(section()):
        if block["name"]:
            Path(block["name"]).write_text(block["body"], encoding="utf-8")
            continue
        assert block["kind"] == "console", block["body"]
        for command, shown in commands(block["body"]):
            if command == "python -m tests.returns_steps_workbooks .":
                write_all(Path.cwd())
            elif command.startswith("export "):
                assert command == SETTINGS
            else:
                words = shlex.split(command)
                assert words[0] == "portfolio-ledger", command
                result = run(*words[1:], actor="Sam Patel", role="PMO")
                assert result.exit_code == 0, result.output
                assert steady(result.output) == steady(shown), command
                ran += 1

    assert ran == 4
