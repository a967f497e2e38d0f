"""Turn stored events into :class:`Applied` records, replaying each aggregate's state as it goes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast
from uuid import UUID

from eventsourcing.persistence import Notification

from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.application.ports import ReadModelError
from portfolio_ledger.domain.decided import DecidedAggregate, HistoryNeeded
from portfolio_ledger.domain.decision import DecisionEvent
from portfolio_ledger.domain.errors import LedgerError
from portfolio_ledger.domain.item import PortfolioItem
from portfolio_ledger.domain.portfolio import Portfolio
from portfolio_ledger.projections.base import Applied, Stood
from portfolio_ledger.projections.state import ItemState, item_state


class Replayer:
    """Decodes events in ledger order and keeps each aggregate's state just past them.

    States are kept between pages, so a long replay loads nothing twice; if
    an aggregate is not at the version just before an event (another
    process moved on, or this one starts cold), it is loaded from the store.
    Aggregates are kept without their decisions, so memory grows with the
    number of subjects, not of events; a decision recorded late, a
    correction or an annulment, which make an aggregate fold its decisions
    again, loads that one aggregate whole.
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
            try:
                page.append(self._apply(notification.id, event))
            except LedgerError:
                raise
            except Exception as error:
                raise _unreplayable(notification, event, error) from error
        return page

    def _apply(self, position: int, event: DecisionEvent) -> Applied:
        aggregate_id = event.originator_id
        before = self._before(event)
        previous = None
        if isinstance(before, PortfolioItem):
            previous = self._states.get(aggregate_id) or item_state(before)
        after = self._mutate(event, before)
        timeline = _timeline(event, after)
        common: dict[str, Any] = {
            "timeline": timeline,
            "changed_from": after.changed_from,
            "in_order": not after.refolded,
        }
        if not isinstance(after, PortfolioItem):
            self._keep(after)
            self._states.pop(aggregate_id, None)
            return Applied(position, event, str(getattr(after, "key", "")), **common)
        state = timeline[-1].state if not after.refolded else _item(after, after.in_effect()[-1])
        self._keep(after)
        self._states[aggregate_id] = state
        return Applied(position, event, after.key, state, previous, **common)

    def _keep(self, aggregate: DecidedAggregate) -> None:
        aggregate.forget_history()
        self._aggregates[aggregate.id] = aggregate

    def _before(self, event: DecisionEvent) -> Any:
        version = event.originator_version - 1
        if version == 0:
            return None
        aggregate = self._aggregates.get(event.originator_id)
        if aggregate is None or aggregate.version != version:
            self._states.pop(event.originator_id, None)
            aggregate = self._load(event.originator_id, version)
        return aggregate

    def _mutate(self, event: DecisionEvent, before: Any) -> DecidedAggregate:
        try:
            return cast(DecidedAggregate, event.mutate(before))
        except HistoryNeeded:
            # Kept without its decisions, and this one makes it fold them again.
            whole = self._load(event.originator_id, event.originator_version - 1)
            return cast(DecidedAggregate, event.mutate(whole))

    def _load(self, aggregate_id: UUID, version: int) -> Any:
        return self.ledger.repository.get(aggregate_id, version=version)


def _unreplayable(
    notification: Notification, event: DecisionEvent, error: Exception
) -> ReadModelError:
    """The read models cannot be built past an event that does not follow from those before it."""
    return ReadModelError(
        f"the event at ledger position {notification.id:,} ({type(event).__qualname__}, "
        f"version {notification.originator_version} of its subject) does not follow from "
        f"the events before it ({type(error).__name__}: {str(error) or 'no detail'}); the read "
        "models stop before it. The stored events may have been altered: run "
        "'portfolio-ledger audit verify' to find where"
    )


def _timeline(event: DecisionEvent, after: DecidedAggregate) -> tuple[Stood, ...]:
    """The states ``after`` stood in from the earliest point the event changed, on."""
    state_of = _STATES.get(type(after))
    if state_of is None:
        return ()
    if not after.refolded:
        return (Stood(event.effective_key, event.timestamp, state_of(after, event)),)
    assert after.changed_from is not None
    return tuple(
        Stood(decision.effective_key, decision.timestamp, state_of(scratch, decision))
        for decision, scratch in after.timeline_from(after.changed_from)
    )


def _item(item: Any, decision: DecisionEvent) -> ItemState:
    """The item's state after ``decision``: its version and recorded time are the decision's."""
    state = item_state(item)
    state["version"] = decision.originator_version
    state["recorded_at"] = decision.timestamp
    return state


def _envelope(portfolio: Any, _decision: DecisionEvent) -> dict[str, Any]:
    envelope = portfolio.envelope
    return {"amount": envelope.amount, "currency": envelope.currency}


_STATES = {PortfolioItem: _item, Portfolio: _envelope}
"""How each aggregate's state is flattened for the bitemporal read models."""
