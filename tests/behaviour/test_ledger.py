"""The ledger application on real databases: each test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from uuid import uuid4

import pytest
from eventsourcing.persistence import IntegrityError, StoredEvent

from portfolio_ledger.application import commands as c
from portfolio_ledger.application.errors import ItemChanged
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.application.selection import ItemFilter, Moment
from portfolio_ledger.application.unit_of_work import SingleCommand
from portfolio_ledger.domain.clock import utc_today
from portfolio_ledger.domain.errors import DuplicateItem, IllegalTransition, ItemNotFound
from portfolio_ledger.domain.item import PortfolioItem
from portfolio_ledger.domain.keys import item_id
from portfolio_ledger.domain.money import Money
from portfolio_ledger.projections import queries
from portfolio_ledger.projections.runner import Projections
from portfolio_ledger.projections.state import ItemState
from portfolio_ledger.storage.recorder import MAX_ROWS_PER_STATEMENT
from tests.builders import (
    DAY0,
    appraise,
    approve,
    approved_item,
    decision,
    governance,
    live_item,
    propose,
)
from tests.conftest import stored_events


def test_a_full_round_trip_is_recorded_and_read_back_in_order(ledger: PortfolioLedger) -> None:
    n = governance(ledger)
    ledger.handle(propose())
    ledger.handle(appraise())
    ledger.handle(approve())
    ledger.handle(decision(c.ReprioritiseItem, rank=3))
    ledger.handle(
        decision(
            c.ReportStatus, overall="amber", cost="amber", forecast_cost="1310000", authority=None
        )
    )
    escalated = ledger.handle(
        decision(
            c.EscalateIssue,
            issue="Supplier late",
            severity="high",
            escalated_to="Investment Committee",
        )
    )
    ledger.handle(decision(c.ResolveEscalation))
    ledger.handle(decision(c.GoLive))
    retired = ledger.handle(decision(c.RetireItem))

    history = ledger.queries.history("prj-001")
    item = ledger.queries.item("PRJ-001")

    assert [h.event for h in history] == [
        "proposed",
        "appraised",
        "approved",
        "reprioritised",
        "status reported",
        "escalated",
        "escalation resolved",
        "went live",
        "retired",
    ]
    assert [h.version for h in history] == list(range(1, 10))
    assert escalated.detail == {"escalation": 1}
    assert retired.position == ledger.event_count() == n + 9
    assert item.stage == "retired"
    assert item.view == "retired"
    assert isinstance(item.authorised_budget, Money)
    assert item.authorised_budget.amount == Decimal(1200000)
    assert str(item.forecast_cost) == "GBP 1,310,000"
    assert all(h.recorded_at.tzinfo is not None for h in history)
    assert history[2].authority == "Investment Committee (IC)"
    assert history[2].actor == "Helen Carter"  # named by key (hcarter), recorded by name
    assert history[2].rationale == "Board decision, see minutes."
    assert history[2].effective_date == DAY0


def test_a_duplicate_key_is_refused_and_nothing_is_written(ledger: PortfolioLedger) -> None:
    ledger.handle(propose("PRJ-001"))

    with pytest.raises(DuplicateItem, match="PRJ-001 already exists"):
        ledger.handle(propose("prj-001", title="Something else"))

    assert ledger.event_count() == 1
    assert ledger.queries.item("PRJ-001").title == "Payroll replacement"


def test_an_unknown_item_is_named_in_the_error(ledger: PortfolioLedger) -> None:
    with pytest.raises(ItemNotFound, match="no item PRJ-404"):
        ledger.handle(approve("PRJ-404"))
    with pytest.raises(ItemNotFound):
        ledger.queries.history("PRJ-404")


def test_an_illegal_transition_writes_nothing(ledger: PortfolioLedger) -> None:
    live_item(ledger)
    before = ledger.event_count()

    with pytest.raises(IllegalTransition, match="cannot approve PRJ-001: it is live"):
        ledger.handle(approve())

    assert ledger.event_count() == before


def test_concurrent_changes_to_one_item_surface_as_item_changed(
    ledger: PortfolioLedger, db_url: str
) -> None:
    n = governance(ledger)
    approved_item(ledger)
    other = PortfolioLedger(db_url)
    try:
        # Both read version 3; the first save wins, the second must not be lost
        # silently nor doubled.
        mine: PortfolioItem = ledger.repository.get(item_id("PRJ-001"))
        theirs: PortfolioItem = other.repository.get(item_id("PRJ-001"))
        theirs.reprioritise(rank=1, decision=decision(c.ReprioritiseItem, rank=1).decision())
        other.save(theirs)
        mine.reprioritise(rank=2, decision=decision(c.ReprioritiseItem, rank=2).decision())
        with pytest.raises(ItemChanged, match="changed since you read it"):
            SingleCommand(ledger).save(mine)
    finally:
        other.close()

    history = ledger.queries.history("PRJ-001")
    assert [h.summary for h in history if h.event == "reprioritised"] == ["rank unranked -> 1"]
    assert ledger.event_count() == n + 4


def test_a_save_of_many_events_is_split_into_bounded_statements_and_stays_atomic(
    ledger: PortfolioLedger, db_url: str
) -> None:
    # 20,000 events in one save once hung psycopg's pipeline mode; the
    # recorder now sends at most MAX_ROWS_PER_STATEMENT rows per statement.
    count = 40 * MAX_ROWS_PER_STATEMENT
    stored = [
        StoredEvent(originator_id=uuid4(), originator_version=1, topic="tests:Filler", state=b"{}")
        for _ in range(count)
    ]
    positions = ledger.recorder.insert_events(stored)

    assert positions is not None
    assert len(positions) == count
    assert list(positions) == sorted(positions)
    assert stored_events(db_url) == count

    clash = [*stored[:3], stored[0]]  # the last repeats the first: the whole save must fail
    with pytest.raises(IntegrityError):
        ledger.recorder.insert_events(clash)
    assert stored_events(db_url) == count


def test_read_models_are_caught_up_after_every_write(
    ledger: PortfolioLedger, projections: Projections
) -> None:
    approved_item(ledger)
    positions = projections.positions()

    assert set(positions.values()) == {ledger.event_count()}
    [row] = items(projections)
    assert row["key"] == "PRJ-001"
    assert row["stage"] == "approved"
    assert row["authorised_budget"] == Decimal("1200000.00")


def test_items_list_orders_by_rank_and_filters_by_stage(
    ledger: PortfolioLedger, projections: Projections
) -> None:
    for key, rank in (("PRJ-001", 2), ("PRJ-002", 1)):
        approved_item(ledger, key)
        ledger.handle(decision(c.ReprioritiseItem, key, rank=rank))
    ledger.handle(propose("PRJ-003"))

    assert [r["key"] for r in items(projections)] == ["PRJ-002", "PRJ-001", "PRJ-003"]
    assert [r["key"] for r in items(projections, ["proposed"])] == ["PRJ-003"]


def test_effective_dates_may_be_past_and_are_kept_separately_from_recorded_time(
    ledger: PortfolioLedger,
) -> None:
    long_ago = utc_today() - timedelta(days=900)
    recorded = ledger.handle(propose(effective_date=long_ago))

    [entry] = ledger.queries.history("PRJ-001")
    assert entry.effective_date == long_ago
    assert entry.recorded_at == recorded.recorded_at
    assert entry.recorded_at.date() >= utc_today() - timedelta(days=1)


def items(models: Projections, stages: list[str] | None = None) -> list[ItemState]:
    with models.reading() as session:
        return queries.portfolio(session, models, Moment(), ItemFilter(stages=tuple(stages or ())))
