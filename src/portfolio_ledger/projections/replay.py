"""Turn stored events into :class:`Applied` records, replaying each aggregate's state as it goes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast
from uuid import UUID

from eventsourcing.persistence import Notification

from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.domain.decision import DecisionEvent
from portfolio_ledger.domain.item import PortfolioItem
from portfolio_ledger.projections.base import Applied
from portfolio_ledger.projections.state import ItemState, item_state


class Replayer:
    """Decodes events in ledger order and keeps each aggregate's state just past them.

    States are kept between pages, so a long replay loads nothing twice; if
    an aggregate is not at the version just before an event (another
    process moved on, or this one starts cold), it is loaded from the store.
    """

    def __init__(self, ledger: PortfolioLedger) -> None:
        self.ledger = ledger
        self._aggregates: dict[UUID, Any] = {}
        self._states: dict[UUID, ItemState] = {}

    def forget(self) -> None:
        """Drop every cached state (after a transaction that used them rolled back)."""
        self._aggregates.clear()
        self._states.clear()

    def advance(self, notifications: Sequence[Notification]) -> list[Applied]:
        """Decode these events and move each aggregate past them, in order."""
        page = []
        for notification in notifications:
            event = self.ledger.mapper.to_domain_event(notification)
            if not isinstance(event, DecisionEvent):
                continue
            page.append(self._apply(notification.id, event))
        return page

    def _apply(self, position: int, event: DecisionEvent) -> Applied:
        aggregate_id = event.originator_id
        before = self._before(event)
        previous = None
        if isinstance(before, PortfolioItem):
            previous = self._states.get(aggregate_id) or item_state(before)
        after = event.mutate(before)
        self._aggregates[aggregate_id] = after
        if not isinstance(after, PortfolioItem):
            self._states.pop(aggregate_id, None)
            return Applied(position, event, str(getattr(after, "key", "")))
        state = item_state(after)
        self._states[aggregate_id] = state
        return Applied(position, event, after.key, state, previous)

    def _before(self, event: DecisionEvent) -> Any:
        version = event.originator_version - 1
        if version == 0:
            return None
        aggregate = self._aggregates.get(event.originator_id)
        if aggregate is None or aggregate.version != version:
            self._states.pop(event.originator_id, None)
            aggregate = self.ledger.repository.get(event.originator_id, version=version)
        return cast(Any, aggregate)
