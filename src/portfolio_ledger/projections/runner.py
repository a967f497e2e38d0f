"""Catch projections up with the ledger: page through events, claim, apply, commit.

Each page is applied in one transaction that first claims the page for
every projection that needs it (a conditional update of its tracking
position) and then writes the projection rows, so every event is applied
exactly once however many processes catch up at the same time.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast
from uuid import UUID

from eventsourcing.persistence import Notification, PersistenceError
from sqlalchemy import MetaData
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.application.persistence import LedgerFactory
from portfolio_ledger.application.ports import ReadModelError
from portfolio_ledger.domain.events import ItemEvent
from portfolio_ledger.domain.item import PortfolioItem
from portfolio_ledger.domain.lifecycle import Stage
from portfolio_ledger.projections.base import Applied, Projection
from portfolio_ledger.projections.portfolio_items import PortfolioItems, list_items
from portfolio_ledger.projections.state import ItemState, item_state
from portfolio_ledger.projections.tracking import ProjectionTracking

PAGE_SIZE = 1000


class ClaimLost(Exception):  # noqa: N818 - an internal signal, not an error
    """Another process applied part of this page first; re-read and retry."""


class Projections:
    """The ledger's read models, kept in its own database, caught up on demand."""

    def __init__(self, ledger: PortfolioLedger) -> None:
        self.ledger = ledger
        self.metadata = MetaData()
        self.portfolio_items = PortfolioItems(self.metadata)
        self.all: list[Projection] = [self.portfolio_items]
        factory = cast(LedgerFactory, ledger.factory)
        self.tracking = factory.tracking_recorder(ProjectionTracking)
        assert factory.datastore.engine is not None
        self.engine = cast(Engine, factory.datastore.engine)
        self._states: dict[UUID, PortfolioItem] = {}
        try:
            self.metadata.create_all(self.engine, checkfirst=True)
            self.tracking.ensure([p.name for p in self.all])
        except (SQLAlchemyError, PersistenceError) as error:
            raise ReadModelError(f"cannot set up the read models: {error}") from error

    def catch_up(self) -> int:
        """Apply every event recorded since each projection last read; return how many."""
        try:
            return self._catch_up()
        except (SQLAlchemyError, PersistenceError) as error:
            self._states.clear()
            raise ReadModelError(str(error).splitlines()[0]) from error

    def items(self, stages: list[str] | None = None) -> list[ItemState]:
        """The portfolio now, in priority order; caught up first."""
        self.catch_up()
        with self.tracking.transaction(commit=False) as session:
            return list_items(session, self.portfolio_items.table, stages)

    def stage_counts(self) -> dict[str, int]:
        """How many items are in each stage, in lifecycle order; caught up first."""
        counts: dict[str, int] = {}
        for row in self.items():
            counts[row["stage"]] = counts.get(row["stage"], 0) + 1
        order = [stage.value for stage in Stage]
        return {stage: counts[stage] for stage in order if stage in counts}

    def positions(self) -> dict[str, int]:
        """How far each projection has read."""
        with self.tracking.transaction(commit=False) as session:
            return self.tracking.positions(session)

    def _catch_up(self) -> int:
        applied = 0
        while True:
            positions = self.positions()
            start = min(positions[p.name] for p in self.all)
            notifications = self.ledger.recorder.select_notifications(
                start=start + 1, limit=PAGE_SIZE
            )
            if not notifications:
                return applied
            page = self._advance(notifications)
            try:
                self._apply(page, positions, notifications[-1].id)
            except ClaimLost:
                self._states.clear()
                continue
            applied += len(notifications)

    def _advance(self, notifications: Sequence[Notification]) -> list[Applied]:
        """Decode events and move each item's state past them, in ledger order."""
        page = []
        for notification in notifications:
            event = self.ledger.mapper.to_domain_event(notification)
            if not isinstance(event, ItemEvent):
                continue
            item = self._state_before(event)
            item = cast(PortfolioItem, event.mutate(item))
            self._states[item.id] = item
            page.append(Applied(notification.id, event, item_state(item)))
        return page

    def _state_before(self, event: ItemEvent) -> PortfolioItem | None:
        version = event.originator_version - 1
        if version == 0:
            return None
        item: PortfolioItem | None = self._states.get(event.originator_id)
        if item is None or item.version != version:
            item = self.ledger.repository.get(event.originator_id, version=version)
        return item

    def _apply(self, page: list[Applied], positions: dict[str, int], last: int) -> None:
        with self.tracking.transaction(commit=True) as session:
            for projection in self.all:
                position = positions[projection.name]
                if position >= last:
                    continue
                if not self.tracking.claim(session, projection.name, position, last):
                    raise ClaimLost
                projection.apply(session, [a for a in page if a.position > position])
