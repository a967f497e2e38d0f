"""A refused command's new SQLite file, taken away while another process makes the same ledger.

A command refused on an SQLite file it made removes the file if nothing is
recorded in it (``staging.remove_unrecorded``). Another process may open the
same new path at the same moment and record in it. Each way round is forced
here, the refused command in this process (the CLI), the other through a
ledger of its own:

- the other has the ledger open (its connections idle in its pool) as the
  refused one cleans up: the file stays, and the other records into it;
- the other opens the file while the refused one holds it alone to look at
  it: the file goes, and the other is refused by SQLite (the file is gone),
  in words, nothing recorded anywhere; run again, it makes a ledger anew;
- the other recorded and closed before: the file stays, its decision in it,
  and in WAL mode, as every ledger is. The clean-up takes it out of WAL mode to
  have it alone, and left it so until a command that records put WAL back:
  meanwhile a reader's snapshot held up any writer's commit, as WAL never does.

PostgreSQL has no file to remove (its empty tables stay): nothing to race.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import pytest

from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.storage import staging
from portfolio_ledger.storage.errors import explain_database_error
from tests.behaviour.test_refused_leaves_no_file import NO_SUCH_ITEM
from tests.builders import propose
from tests.conftest import Cli

WAIT = 120
"""Seconds a step waits for the other before the test gives up (a hang, never a pass)."""


def _propose(url: str) -> int:
    """Record one proposal through a ledger of its own (another process); its position."""
    ledger, _ = open_ledger(url)
    try:
        position = ledger.handle(propose("PRJ-001")).position
        assert position is not None
        return position
    finally:
        ledger.close()


def _cleaning_up(monkeypatch: pytest.MonkeyPatch, meanwhile: Any) -> list[bool]:
    """Run ``meanwhile`` as the refused command starts to clean up; True once it has."""
    removing, ran = staging.remove_unrecorded, list[bool]()

    def after_meanwhile(made: Path) -> None:
        meanwhile()
        ran.append(True)
        removing(made)

    monkeypatch.setattr(staging, "remove_unrecorded", after_meanwhile)
    return ran


def _journal_mode(path: Path) -> str:
    with closing(sqlite3.connect(path)) as asking:
        return str(asking.execute("PRAGMA journal_mode").fetchone()[0])


def test_a_ledger_another_process_has_open_is_left_to_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "new.db"
    run = Cli(str(path))
    other = list[Any]()
    ran = _cleaning_up(monkeypatch, lambda: other.append(open_ledger(run.url)))

    refused = run(*NO_SUCH_ITEM)

    assert refused.exit_code == 1, refused.output
    assert ran
    assert path.exists()  # the other had it open: not taken away
    ledger, _ = other[0]
    try:
        assert ledger.handle(propose("PRJ-001")).position == 1
    finally:
        ledger.close()
    assert run.events() == 1
    assert _journal_mode(path) == "wal"


def test_a_ledger_another_process_recorded_in_is_left_as_a_ledger_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "new.db"
    run = Cli(str(path))
    ran = _cleaning_up(monkeypatch, lambda: _propose(run.url))

    refused = run(*NO_SUCH_ITEM)

    assert refused.exit_code == 1, refused.output
    assert ran
    assert run.events() == 1
    assert _journal_mode(path) == "wal"  # as the other left it
    shown = run("item", "show", "PRJ-001")
    assert shown.exit_code == 0, shown.output


@contextmanager
def _opened_by(thread: list[threading.Thread], opened: threading.Event) -> Iterator[None]:
    """Tell ``opened`` when the thread in ``thread`` first connects to a database file.

    SQLAlchemy connects through ``sqlite3.dbapi2``; the ledger's own reads through ``sqlite3``.
    """
    connect = sqlite3.connect

    def connecting(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        connection: sqlite3.Connection = connect(*args, **kwargs)
        if thread and threading.current_thread() is thread[0]:
            opened.set()  # the file is open: its first statement waits for the lock
        return connection

    sqlite3.connect = sqlite3.dbapi2.connect = connecting  # type: ignore[assignment]
    try:
        yield
    finally:
        sqlite3.connect = sqlite3.dbapi2.connect = connect


def test_a_ledger_opened_as_it_is_taken_away_refuses_the_other_in_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "new.db"
    run = Cli(str(path))
    outcome, opened, thread = list[Any](), threading.Event(), list[threading.Thread]()

    def other() -> None:
        try:
            outcome.append(_propose(run.url))
        except Exception as error:  # noqa: BLE001 - what it was refused with is the point
            outcome.append(error)

    looking, ran = staging.holds_recorded, list[bool]()

    def opened_meanwhile(made: Path, driver: sqlite3.Connection | None = None) -> bool:
        if driver is not None and not ran:  # held alone, out of WAL mode, about to go
            ran.append(True)
            thread.append(threading.Thread(target=other))
            thread[0].start()
            assert opened.wait(WAIT)
        return looking(made, driver)

    monkeypatch.setattr(staging, "holds_recorded", opened_meanwhile)
    with _opened_by(thread, opened):
        refused = run(*NO_SUCH_ITEM)
        thread[0].join(WAIT)

    assert refused.exit_code == 1, refused.output
    assert ran
    assert not thread[0].is_alive()
    [error] = outcome
    # SQLite refuses a write to a file unlinked since it was opened (SQLITE_READONLY_DBMOVED).
    assert isinstance(error, Exception), "recorded into a file taken away"
    said = explain_database_error(error, run.url)
    assert said is not None, repr(error)  # in words, not a traceback
    assert "Nothing more was written" in said
    assert list(tmp_path.iterdir()) == []  # nothing of either left
    assert _propose(run.url) == 1  # run again: a ledger made anew
