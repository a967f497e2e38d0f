"""docs/personal-data.md's commands, run in order on the demo, show what the page shows.

The page answers a subject access request with the commands that exist, corrects a
name, rebuilds and verifies, and drops the ledger: each ``$`` line of its ``console``
blocks runs here (a pipe through ``jq`` in bash), on SQLite and on PostgreSQL (the
SQL of the page's own database: ``sqlite3`` on one, ``psql`` on the other), and what it
shows is compared with the page (tests/behaviour/docs_console.py). Its tables of where
personal data lies name every table the ledger has, and its prose's commands run too.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from sqlalchemy import inspect
from sqlalchemy.engine import Engine

from tests.behaviour.docs_console import answer, matches, steps
from tests.conftest import Cli
from tests.ledger_copies import copy_of, demo

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "personal-data.md"


@pytest.fixture
def office(run: Cli, request: pytest.FixtureRequest) -> Cli:
    """The CLI on a copy of the demo ledger (built once per module and database)."""
    # Not skipped: the page would go unchecked. .ci/run installs jq where it can.
    assert shutil.which("jq") is not None, (
        "the page's examples pipe JSON through jq: apt-get install jq"
    )
    copy_of(demo, run.url, request)
    return run


def test_the_pages_examples_run_in_order_and_show_what_it_shows(office: Cli) -> None:
    other_database: set[int] = set()
    ran = 0
    for step in steps(PAGE):
        if step.block in other_database:
            continue
        got = answer(office, step.command)
        if got is None:  # a block for the other database
            other_database.add(step.block)
            continue
        status, said = got
        ran += 1
        assert status == (1 if step.shown.startswith("Error:") else 0), (step.command, said)
        assert matches(step.shown, said), (step.command, step.shown, said)
    assert ran >= 25


def test_the_page_says_where_the_ledger_holds_what_and_names_every_table(
    office: Cli, engine: Engine
) -> None:
    text = PAGE.read_text(encoding="utf-8")
    where = text[text.index("| where |") : text.index("People, boards and delegations")]
    named = set(re.findall(r"`((?:portfolio|audit|item|economics|held)_?\w*)`", where))
    assert named >= set(inspect(engine).get_table_names()) > set()


def test_a_pseudonymous_registration_as_the_page_gives_it_is_recorded(office: Cli) -> None:
    text = " ".join(PAGE.read_text(encoding="utf-8").split())
    (given,) = re.findall(r"`(person add e10423 [^`]*)`", text)
    recorded = office(*shlex.split(given))
    assert recorded.exit_code == 0, recorded.output
    shown = office("person", "list")
    assert "e10423   Member E10423" in shown.output


def test_the_page_is_linked_from_the_readme_and_the_concepts() -> None:
    for linking, target in (
        ("README.md", "docs/personal-data.md"),
        ("docs/concepts.md", "personal-data.md"),
    ):
        assert f"]({target})" in (ROOT / linking).read_text(encoding="utf-8"), linking
