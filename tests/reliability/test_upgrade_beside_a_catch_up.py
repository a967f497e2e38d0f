"""An upgrade's set-up forgets old tracking rows in the order a catch-up claims them.

A process of the new version, opening a ledger whose read models were kept
by an earlier version's projections, forgets their tracking rows (and begins
those read models again). It deleted them in one statement, which PostgreSQL
runs in the order the rows lie in the table, while a process of the earlier
version still running claims them one by one in the order of its read models.
Rows out of step (each row moved by an update lies last) let the set-up hold
a row that catch-up was to claim next while it waited for the one the catch-up
held: PostgreSQL ended one of the two as a deadlock. Here a real session plays
the earlier version's catch-up: it holds its first claim until the set-up is
seen waiting behind it, then claims the next.
"""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import Connection, text

from portfolio_ledger.bootstrap import open_ledger
from tests.builders import approved_item
from tests.reliability.test_setup_lock import session

BLOCKED_BY = text("SELECT count(*) FROM pg_stat_activity WHERE :pid = ANY(pg_blocking_pids(pid))")
CLAIM = text(
    "UPDATE portfolio_ledger_tracking SET notification_id = notification_id "
    "WHERE application_name = :key"
)


def _as_kept_by_an_earlier_version(url: str, *names: str) -> None:
    """These read models' rows renamed to an earlier version's, one after the other."""
    with session(url) as connection:
        for name in names:
            connection.execute(
                text(
                    "UPDATE portfolio_ledger_tracking SET application_name = :old "
                    "WHERE application_name LIKE :name"
                ),
                {"old": f"{name}@v0", "name": f"{name}@%"},
            )
        connection.commit()


def _seen_blocked(watcher: Connection, pid: int) -> None:
    deadline = time.monotonic() + 120
    while not watcher.execute(BLOCKED_BY, {"pid": pid}).scalar_one():
        watcher.rollback()
        assert time.monotonic() < deadline, "the set-up was never seen waiting"
        time.sleep(0.05)
    watcher.rollback()


@pytest.mark.postgres
def test_an_upgrade_beside_an_earlier_versions_catch_up_waits_for_it(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PORTFOLIO_LEDGER_LOCK_TIMEOUT", "300")  # bounded, past a slow start
    ledger, _ = open_ledger(postgres_url)
    approved_item(ledger)
    ledger.close()
    # item_timeline's row moved first, portfolio_items's after it: the later lies last.
    _as_kept_by_an_earlier_version(postgres_url, "item_timeline", "portfolio_items")
    failed: dict[str, BaseException] = {}

    def upgrade() -> None:
        try:
            opened, _ = open_ledger(postgres_url)  # forgets the @v0 rows, begins both again
            opened.close()
        except Exception as error:  # noqa: BLE001 - reported by the assertions below
            failed["upgrade"] = error

    with session(postgres_url) as earlier, session(postgres_url) as watcher:
        earlier.execute(text("SET lock_timeout = '300s'"))
        pid = earlier.execute(text("SELECT pg_backend_pid()")).scalar_one()
        earlier.execute(CLAIM, {"key": "portfolio_items@v0"})  # its first claim
        opening = threading.Thread(target=upgrade, name="upgrade")
        opening.start()
        try:
            _seen_blocked(watcher, pid)
            earlier.execute(CLAIM, {"key": "item_timeline@v0"})  # its next (a deadlock before)
            earlier.commit()
        finally:
            earlier.rollback()
            opening.join(120)
    assert not opening.is_alive(), "the set-up never finished"
    assert failed == {}
    ledger, models = open_ledger(postgres_url)
    try:
        models.catch_up()  # the two begun again are filled from the first event
        assert set(models.positions().values()) == {ledger.event_count()}
    finally:
        ledger.close()
