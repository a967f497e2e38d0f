"""Read models that cannot catch up because the disk holding the ledger is full.

The decision stands and the command says so; a read says the disk is full and what to
do, in words, not the driver's class (``(sqlite3.OperationalError) database or disk is
full``); ``audit verify --read-models`` is refused, the check not made, not *FAILED* with
advice to rebuild read models that are behind, not wrong; once there is room, the next
command catches them up. The full disk is the driver's error raised where a catch-up
writes (tests/reliability/test_disk_full.py fills a real one, where it may mount).
"""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from portfolio_ledger.projections.runner import Projections
from tests.conftest import Cli

PROPOSE = (
    "item", "propose", "PRJ-1", "--kind", "project", "--title", "Payroll", "--owner", "O",
    "--sponsor", "S", "--category", "C", "-m", "Needed",
)  # fmt: skip
DRIVER = "(sqlite3.OperationalError)"


def _no_room(*_args: Any, **_kwargs: Any) -> int:
    raise OperationalError("INSERT INTO audit_trail ...", {}, sqlite3.OperationalError(
        "database or disk is full"
    ))  # fmt: skip


@pytest.fixture
def full(run: Cli, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """A ledger whose read models find no room to catch up (until the test undoes it)."""
    assert run("init").exit_code == 0
    monkeypatch.setattr(Projections, "_catch_up", _no_room)
    return run


def test_a_decision_stands_and_says_the_disk_is_full(full: Cli) -> None:
    recorded = full(*PROPOSE)

    assert recorded.exit_code == 0, recorded.output
    assert "Recorded PRJ-1" in recorded.output
    assert "the disk holding the ledger is full (database or disk is full)" in recorded.output
    assert "free some space there" in recorded.output
    assert DRIVER not in recorded.output
    assert full.events() == 1


def test_a_read_says_the_disk_is_full_and_what_to_do(full: Cli) -> None:
    assert full(*PROPOSE).exit_code == 0

    read = full("items", "list")

    assert read.exit_code == 1
    assert "the disk holding the ledger is full (database or disk is full)" in read.output
    assert "free some space there" in read.output
    assert DRIVER not in read.output


def test_the_read_model_check_is_refused_not_failed(
    full: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert full(*PROPOSE).exit_code == 0

    checked = full("audit", "verify", "--read-models")

    assert checked.exit_code == 1
    assert "the disk holding the ledger is full" in checked.output
    assert "FAILED" not in checked.output
    assert "projections rebuild" not in checked.output
    assert DRIVER not in checked.output

    monkeypatch.undo()  # room again: the next command catches up
    assert "PRJ-1" in full("items", "list").output
    assert full("audit", "verify", "--read-models").exit_code == 0
