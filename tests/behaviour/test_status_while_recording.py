"""`projections status` and the read-model check while another process records: no false alarm.

Both compare how far the read models have read with the ledger's head and
the rows they hold. Read in separate transactions, a decision another process
records (and catches up) between two of those reads showed a read model
past the ledger's last event, or an audit trail with more rows than the
positions it had read: *WRONG*, exit 1, "changed outside portfolio-ledger",
over a sound ledger. Each test records the decision at exactly that moment,
through a second ledger on the same database, in a thread of its own (as
another process would, on a connection of its own).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.projections.check import check_read_models
from portfolio_ledger.projections.replay import Replayer
from portfolio_ledger.storage.tracking import ProjectionTracking
from tests.builders import propose
from tests.conftest import Cli


@pytest.fixture
def writer(db_url: str) -> Iterator[PortfolioLedger]:
    """Another ledger on the same database (another process's), with one decision recorded."""
    ledger, _ = open_ledger(db_url)
    try:
        ledger.handle(propose("PRJ-001"))
        yield ledger
    finally:
        ledger.close()


def _elsewhere(record: Callable[[], object]) -> None:
    """Record, and catch up, on a thread of its own (its own connection), and wait for it."""
    failed: list[BaseException] = []

    def run() -> None:
        try:
            record()
        except BaseException as error:  # noqa: BLE001 - handed to the test's thread
            failed.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failed:
        raise failed[0]


def test_status_counting_rows_as_a_decision_lands_is_no_false_alarm(
    db_url: str, writer: PortfolioLedger
) -> None:
    recorded: list[str] = []

    def record_before_the_first_count(*args: Any) -> None:
        statement = str(args[2])
        if not recorded and statement.lstrip().lower().startswith("select count("):
            recorded.append(statement)
            _elsewhere(lambda: writer.handle(propose("PRJ-002")))

    event.listen(Engine, "before_cursor_execute", record_before_the_first_count)
    try:
        result = Cli(db_url)("projections", "status", "--json")
    finally:
        event.remove(Engine, "before_cursor_execute", record_before_the_first_count)

    assert recorded, "the decision was never recorded mid-status"
    assert result.exit_code == 0, result.output
    assert "WRONG" not in result.output
    assert writer.event_count() == 2
    again = Cli(db_url)("projections", "status")
    assert again.exit_code == 0, again.output


def test_the_read_model_check_as_a_decision_lands_is_no_false_alarm(
    db_url: str, writer: PortfolioLedger, monkeypatch: pytest.MonkeyPatch
) -> None:
    checker, models = open_ledger(db_url)
    recorded: list[int] = []
    positions = ProjectionTracking.positions

    def record_before_reading_positions(tracking: Any, session: Any) -> dict[str, int]:
        if not recorded:
            recorded.append(1)
            _elsewhere(lambda: writer.handle(propose("PRJ-002")))
        return positions(tracking, session)

    try:
        models.catch_up()
        monkeypatch.setattr(ProjectionTracking, "positions", record_before_reading_positions)
        found = check_read_models(models)
    finally:
        checker.close()

    assert recorded
    assert found.ok, found.problem
    assert (found.position, found.head) == (2, 2)


def test_the_read_model_check_under_steady_recording_compares_one_record(
    db_url: str, writer: PortfolioLedger, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A decision recorded and caught up while every page is replayed for the comparison.

    The check compared the live rows with a replay, then found the read models
    had moved on meanwhile and began again, three times at most; under steady
    recording it then failed: "the ledger kept changing ... run 'projections
    rebuild'", over read models that were right. It now compares the live rows
    as they stood in one snapshot, at the position that snapshot says.
    """
    checker, models = open_ledger(db_url)
    recorded: list[int | None] = []
    advance = Replayer.advance

    def record_while_replaying(replayer: Replayer, notifications: Any) -> Any:
        number = len(recorded) + 2
        _elsewhere(lambda: recorded.append(writer.handle(propose(f"PRJ-{number:03d}")).position))
        return advance(replayer, notifications)

    try:
        models.catch_up()
        monkeypatch.setattr(Replayer, "advance", record_while_replaying)
        found = check_read_models(models)
        monkeypatch.undo()
        again = check_read_models(models)
    finally:
        checker.close()

    assert recorded  # decisions landed while the check ran
    assert found.ok, found.problem
    assert found.position == 1  # the record as it stood when the check began
    assert again.ok, again.problem
    assert again.position == 1 + len(recorded)
