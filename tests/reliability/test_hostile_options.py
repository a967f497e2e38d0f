"""Any text given to an option of a write command: recorded and read back exactly, or refused.

Hypothesis draws an option of a write command (a name, a title, an owner, a
rationale, a role, a reference, a description, a key) and a value for it, from
plain text to control characters, lone surrogates, invisible and right-to-left marks,
numbers and dates written as text, SQL, 100,000 characters. Through the command line, on
a fresh copy of one small SQLite ledger each time:

- no traceback, and an exit status of 0, 1 or 2;
- refused (1 or 2): every row of every table of the SQLite file as it was, and the
  message names the option (or the key) refused;
- recorded (0): the value comes back exactly through the read command that shows it.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Cli
from tests.reliability.conftest import HEAVY, report

HOSTILE = [
    "",
    " ",
    "\t",
    "\u200b",
    "\u200f\u200e",
    "\ufeffBOM first",
    "a\x00b",
    "a\x07b",
    "\x1b[31mred\x1b[0m",
    "\ud800 lone surrogate",
    "line one\r\nline two",
    "para\u2028graph",
    "\u202eevil override\u202c",
    "مرحبا بالعالم",
    "emoji 🎉 and ZWJ 👩‍👩‍👧",
    "1e309",
    "NaN",
    "Infinity",
    "-0",
    "9" * 400,
    "0.1234567890123456789",
    "0000-01-01",
    "2026-02-30",
    "2026-01-01T10:00+02:00",
    "x'; DROP TABLE portfolio_ledger_events; --",
    "%s%n%x%%",
    "a/b\\c",
    "\"quoted\" and 'apostrophes'",
    '=HYPERLINK("http://evil.example")',
    "--help",
    "x" * 201,
    "y" * 100_000,
]
VALUES = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
    st.text(st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs", "Zl", "Zp"]), max_size=6),
)
TRIED = {"examples": 0, "recorded": 0}


def _items(run: Cli, key: str) -> dict[str, Any]:
    shown: dict[str, Any] = json.loads(run("item", "show", key, "--json").output)
    return shown


def _trail(run: Cli) -> dict[str, Any]:
    rows: list[dict[str, Any]] = json.loads(run("audit", "trail", "--json").output)
    return rows[-1]


def _person(run: Cli, key: str) -> dict[str, Any]:
    people = json.loads(run("person", "list", "--json").output)
    person: dict[str, Any] = next(p for p in people if p["key"] == key)
    return person


PROPOSE = ["item", "propose", "NEW-1", "--kind", "project", "--title", "T", "--owner", "O",
           "--sponsor", "S", "--category", "C", "-m", "why"]  # fmt: skip
PERSON = ["person", "add", "newp", "--name", "N", "-m", "why"]
# (command with a slot for the value, the option named in a refusal, what reads it back)
Target = tuple[list[str], str, Callable[[Cli], Any]]
TARGETS: dict[str, Target] = {
    "title": (
        [*PROPOSE[:6], "{}", *PROPOSE[7:]],
        "--title",
        lambda r: _items(r, "NEW-1")["title"],
    ),
    "owner": (
        [*PROPOSE[:8], "{}", *PROPOSE[9:]],
        "--owner",
        lambda r: _items(r, "NEW-1")["owner"],
    ),
    "category": (
        [*PROPOSE[:12], "{}", *PROPOSE[13:]],
        "--category",
        lambda r: _items(r, "NEW-1")["category"],
    ),
    "rationale": ([*PROPOSE[:14], "{}"], "--rationale", lambda r: _trail(r)["rationale"]),
    "reference": ([*PROPOSE, "--ref", "{}"], "--ref", lambda r: _trail(r)["refs"][0]),
    "role": ([*PERSON, "--role", "{}"], "--role", lambda r: _trail(r)["role"]),
    "name": ([*PERSON[:4], "{}", *PERSON[5:]], "--name", lambda r: _person(r, "newp")["name"]),
    "holds": ([*PERSON, "--holds", "{}"], "--holds", lambda r: _person(r, "newp")["roles"][0]),
    "description": (
        [*PROPOSE, "--description", "{}"],
        "--description",
        lambda r: _items(r, "NEW-1")["description"],
    ),
    "key": (
        [*PROPOSE[:2], "{}", *PROPOSE[3:]],
        "KEY",
        lambda r: _trail(r)["subject"],
    ),
}


def _not_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of the SQLite file, in a stable order."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [
            n for (n,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        return {
            name: sorted(connection.execute(f'SELECT * FROM "{name}"'), key=repr) for name in names
        }
    finally:
        connection.close()


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A small ledger: an item in the pipeline. Each example works on a copy of it."""
    path = tmp_path_factory.mktemp("base") / "ledger.db"
    run = Cli(f"sqlite:///{path}")
    assert run(*PROPOSE[:2], "PRJ-1", *PROPOSE[3:]).exit_code == 0
    yield path
    report("hostile options", **TRIED)


@settings(
    max_examples=200 if HEAVY else 50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(target=st.sampled_from(sorted(TARGETS)), value=VALUES)
def test_a_value_is_recorded_exactly_or_refused_leaving_every_table_as_it_was(
    base: Path, tmp_path: Path, target: str, value: str
) -> None:
    args, option, read_back = TARGETS[target]
    ledger = tmp_path / f"copy-{TRIED['examples']}.db"
    TRIED["examples"] += 1
    shutil.copy(base, ledger)
    run = Cli(f"sqlite:///{ledger}")
    before = dump(ledger)

    result = run(*(value if a == "{}" else a for a in args))

    assert "Traceback" not in result.output
    assert result.exit_code in {0, 1, 2}, result.output
    if result.exit_code != 0 or result.output.startswith("Usage:"):  # or --help as the KEY
        assert dump(ledger) == before, result.output
        # Text that is not UTF-8 is refused before the options are read, by its place.
        named = "argument " if _not_utf8(value) else option
        assert named in result.output or option == "KEY" or result.exit_code == 0, result.output
        return
    TRIED["recorded"] += 1
    shown = read_back(run)
    if target == "key":  # a key is read without regard to case or spaces around it
        assert shown.casefold() == value.strip().casefold()
    elif target in {"name", "holds"}:  # a person's name and posts are kept without spaces around
        assert shown == value.strip()
    else:
        assert shown == value
