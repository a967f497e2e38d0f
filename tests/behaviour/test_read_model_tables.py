"""A read model's tables are named without being defined, and a read defines only what it reads.

Defining a table (SQLAlchemy's ``Table`` and its columns) is a part of what a
read command pays to start; ``item history`` reads the audit trail alone,
``portfolio --json`` the listed texts. Whether the read models are current
is checked by the tables' names, which each projection knows without them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from sqlalchemy import MetaData

from portfolio_ledger.projections.read_models import ReadModelTables
from tests.behaviour.test_read_start import demo  # noqa: F401 - a fixture
from tests.conftest import Cli

PROBE = """
import atexit, json, runpy, sys
sys.argv = ["portfolio-ledger", *sys.argv[1:]]
def defined():
    from portfolio_ledger.projections.base import SHARED_METADATA
    print(json.dumps(sorted(SHARED_METADATA.tables)), file=sys.stderr)
atexit.register(defined)
runpy.run_module("portfolio_ledger", run_name="__main__")
"""
PORTFOLIO_ITEMS = ["portfolio_items", "portfolio_items_listed", "portfolio_items_shown"]


@pytest.mark.parametrize("suffix", ["", "__fresh"])
def test_each_projection_names_the_tables_it_defines(suffix: str) -> None:
    for projection in ReadModelTables().all:
        again = type(projection)(MetaData(), suffix)
        defined = [table.name for table in again.tables]

        assert again.table_names == defined
        assert len(defined) == len(set(defined))


@pytest.mark.parametrize(
    ("command", "tables"),
    [
        (("item", "history", "PGM-002", "--json"), ["audit_trail"]),
        (("audit", "trail", "--item", "PGM-002"), ["audit_trail", "held_values"]),
        (("portfolio", "--json"), PORTFOLIO_ITEMS),
        (("item", "show", "PGM-002", "--json"), PORTFOLIO_ITEMS),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, tuple) else None,
)
def test_a_read_defines_the_tables_it_reads_and_says_what_the_ledger_says(
    demo: Cli,  # noqa: F811 - the fixture
    command: tuple[str, ...],
    tables: list[str],
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *command],
        capture_output=True,
        text=True,
        env={**os.environ, "PORTFOLIO_LEDGER_DB": demo.url},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    defined = json.loads(done.stderr.strip().splitlines()[-1])

    assert defined == tables  # a projection's tables are defined together
    assert done.stdout == demo(*command).output
