"""Two changes of a ledger setting at the same moment: each is kept, neither fails on the other.

A setting (``audit checkpoint --every N``) is kept as its next revision. Read
apart from the append lock, two changes at once both took the same next
revision, and the second failed on the table's key with the driver's words
("the database failed: (sqlite3.IntegrityError) UNIQUE constraint failed:
portfolio_ledger_settings.name, ...", after its checkpoint was already
signed). Here the second change is sent, from another ledger on its own
thread (another process's), just after the first has read the latest
revision: it now waits for the first, and is told plainly if it waits too
long; the first is kept.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import event, select
from sqlalchemy.engine import Engine

from portfolio_ledger.application.errors import LedgerBusy
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.audit.signing import EVERY
from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.storage.recorder import LedgerRecorder
from tests.builders import propose


@pytest.fixture
def ledgers(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[PortfolioLedger]]:
    """Two ledgers on one database (two processes'), waiting a second for each other's lock."""
    monkeypatch.setenv("PORTFOLIO_LEDGER_LOCK_TIMEOUT", "1")
    opened = [open_ledger(db_url)[0] for _ in range(2)]
    try:
        opened[0].handle(propose("PRJ-001"))
        yield opened
    finally:
        for ledger in opened:
            ledger.close()


def test_a_setting_changed_while_another_change_reads_its_revision_is_kept(
    ledgers: list[PortfolioLedger],
) -> None:
    first, second = ledgers
    outcome: list[object] = []
    sent: list[bool] = []

    def change_elsewhere() -> None:
        try:
            second.checkpoints.change_setting(EVERY, "5")
            outcome.append("kept")
        except LedgerBusy as busy:
            outcome.append(busy)

    def after_the_latest_revision_is_read(*args: object) -> None:
        statement = str(args[2]).lower()
        if not sent and "max(" in statement and "settings" in statement:
            sent.append(True)
            thread = threading.Thread(target=change_elsewhere)
            thread.start()
            thread.join()

    event.listen(Engine, "after_cursor_execute", after_the_latest_revision_is_read)
    try:
        first.checkpoints.change_setting(EVERY, "1")
    finally:
        event.remove(Engine, "after_cursor_execute", after_the_latest_revision_is_read)

    assert len(outcome) == 1  # the other change was sent, mid-change
    assert isinstance(outcome[0], LedgerBusy), outcome  # it waited for this one, then said so
    assert "another" in str(outcome[0])
    assert first.checkpoints.setting(EVERY) == "1"
    recorder = first.recorder
    assert isinstance(recorder, LedgerRecorder)
    table = recorder.settings_table
    with recorder.transaction(commit=False) as session:
        revisions = list(session.execute(select(table.c.revision, table.c.value)).all())
    assert [tuple(row) for row in revisions] == [(1, "1")]
    second.checkpoints.change_setting(EVERY, "5")  # sent again, once the first is done: kept
    assert first.checkpoints.setting(EVERY) == "5"
