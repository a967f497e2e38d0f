"""A docs page's ``console`` blocks, run in order and compared with what the page shows.

Each ``$ `` line (with its ``\\`` continuations) is a command; the lines under it, to
the next one, are what it shows. ``portfolio-ledger ARGS`` runs in-process on the
test's ledger (``Cli``); a pipe after it (``| jq ...``) runs in bash on its standard
output, which then shows that and the command's standard error after it.
``sqlite3 FILE "SQL"`` and ``psql URL ... -c "SQL"`` run their SQL on the test's
database (the one of their kind only), shown as ``sqlite3`` and ``psql -At`` show rows,
columns joined by ``|``. What changes from run to run (days, times, hashes, the
seconds a command took) is compared as its shape; a line ``...`` stands for any lines.
"""

from __future__ import annotations

import re
import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text

from tests.conftest import Cli
from tests.pg_schemas import schema_of

VARYING = [
    (re.compile(r"\b[0-9a-f]{64}\b"), "<sha256>"),
    (re.compile(r"[A-Za-z0-9+/]{43}="), "<base64>"),
    (re.compile(r"\d{4}-\d{2}-\d{2}"), "YYYY-MM-DD"),
    (re.compile(r"\d{2}:\d{2}:\d{2}(\.\d+)?"), "hh:mm:ss"),
    (re.compile(r"in \d+\.\d+ s\b"), "in N s"),
    (re.compile(r"\(\d[\d,]* bytes"), "(N bytes"),
    (re.compile(r"\S*/portfolio-ledger/signing\.key"), "<signing key>"),
    (re.compile(r"SQLite file [^\s:,]+(?: \([^\s)]+\))?"), "<ledger>"),
    (re.compile(r"postgresql(?:\+\w+)?://\S*?(?=:?\s|$)"), "<ledger>"),
    (re.compile(r"pl_test_[0-9a-f]+"), "team_a"),
]


@dataclass(frozen=True)
class Step:
    """One command of a page and what the page shows it answering."""

    command: str
    shown: str
    block: int
    """Which ``console`` block of the page it is in: one for another database is passed over."""


def steps(page: Path) -> list[Step]:
    """Every ``$`` command of the page's ``console`` blocks, in order, with its output."""
    found = []
    blocks = re.findall(r"```console\n(.*?)```", page.read_text(encoding="utf-8"), re.DOTALL)
    for number, block in enumerate(blocks):
        lines = block.splitlines()
        while lines:
            line = lines.pop(0)
            assert line.startswith("$ "), line
            command = line[2:]
            while command.endswith("\\"):
                command = command[:-1] + " " + lines.pop(0).strip()
            shown = []
            while lines and not lines[0].startswith("$ "):
                shown.append(lines.pop(0))
            found.append(Step(command, "\n".join(shown), number))
    return found


def shape(said: str) -> str:
    """The text with what varies from run to run put as its kind, spacing kept."""
    for pattern, kind in VARYING:
        said = pattern.sub(kind, said)
    return "\n".join(line.rstrip() for line in said.strip("\n").splitlines())


def matches(shown: str, said: str) -> bool:
    """Whether the output has the page's shape: a line ``...`` stands for any lines, and
    ``...`` in a line for any text."""
    want, got = shape(shown).splitlines(), shape(said).splitlines()
    # ends[j]: the page's lines so far can end just before the output's line j
    ends = [True] + [False] * len(got)
    for line in want:
        if line == "...":
            ends = [any(ends[: j + 1]) for j in range(len(got) + 1)]
            continue
        pattern = re.compile(".*".join(map(re.escape, line.split("..."))))
        ends = [False] + [ends[j] and bool(pattern.fullmatch(got[j])) for j in range(len(got))]
    return ends[-1]


def _sql(run: Cli, sql: str) -> str:
    if not run.url.startswith("sqlite"):  # the page's schema is the test's own
        sql = sql.replace("team_a", schema_of(run.url))
    engine = create_engine(run.url)
    try:
        with engine.begin() as connection:
            result = connection.execute(text(sql))
            if not result.returns_rows:
                return sql.split()[0].upper() + " " + sql.split()[1].upper()
            rows = result.all()
    finally:
        engine.dispose()
    return "\n".join("|".join("" if v is None else str(v) for v in row) for row in rows)


def answer(run: Cli, command: str) -> tuple[int, str] | None:
    """The exit status and what the command shows, or None: a command of the other database."""
    words = shlex.split(command.split(" | ", maxsplit=1)[0])
    if words[0] == "rm":
        if not run.url.startswith("sqlite"):
            return None
        Path(run.url.removeprefix("sqlite:///")).unlink()
        return 0, ""
    if words[0] in ("sqlite3", "psql"):
        if (words[0] == "sqlite3") != run.url.startswith("sqlite"):
            return None
        return 0, _sql(run, words[-1])
    assert words[0] == "portfolio-ledger", command
    result = run(*words[1:], actor="Priya Raman", role="Head of Portfolio Office")
    if " | " not in command:
        return result.exit_code, result.output
    rest = command.split(" | ", 1)[1]
    piped = subprocess.run(
        ["bash", "-o", "pipefail", "-c", rest],
        input=result.stdout,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.exit_code or piped.returncode, piped.stdout + result.stderr
