"""Storing a unit of work's events: under the append lock, in recorded order."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.persistence import Recording

from portfolio_ledger.domain.decision import DecisionEvent

if TYPE_CHECKING:
    from portfolio_ledger.application.ledger import PortfolioLedger
    from portfolio_ledger.application.ports import Request


def append(
    ledger: PortfolioLedger,
    events: Sequence[Any],
    request: Request | None = None,
    checks: Sequence[Callable[[], object]] = (),
) -> list[Recording[UUID]]:
    """Store events under the append lock, each recorded no earlier than the one before.

    ``checks`` run first under the lock, in its transaction: a check across
    aggregates made again where no other process can record meanwhile
    (``registered.checked_again_when_stored``); one that refuses stores nothing.

    Recorded times are stamped when an event is made, before the lock is
    held; a writer that waited for the lock may hold events stamped before
    the ledger's head. Those take the head's time instead, so the recorded
    clock never goes back along the ledger's positions, and ``audit verify``
    can refuse any event that does.
    """
    with ledger.event_log.appending() as head:
        for check in checks:
            check()
        stamped = in_recorded_order(events, head.recorded_at)
        return ledger.events.put(stamped, request=request)


def store(ledger: PortfolioLedger, events: Sequence[Any]) -> list[tuple[int, Any]]:
    """As :func:`append`, for a batch: each event as stored, with its ledger position."""
    mapper = ledger.mapper
    # The ledger's mapper stores them all in one call; the library's (if the environment
    # names it) one at a time.
    many = getattr(mapper, "to_stored_events", None)
    with ledger.event_log.appending() as head:
        stamped = in_recorded_order(events, head.recorded_at)
        if many is not None:
            stored = many(stamped)
        else:
            stored = [mapper.to_stored_event(event) for event in stamped]
        positions = ledger.recorder.insert_events(stored)
        return list(zip(positions or (), stamped, strict=True))


def in_recorded_order(
    events: Sequence[DecisionEvent], floor: datetime | None
) -> list[DecisionEvent]:
    """The events, any stamped before ``floor`` or before the one ahead of them restamped to it."""
    stamped: list[DecisionEvent] = []
    for event in events:
        kept = event
        if floor is not None and event.timestamp < floor:
            kept = dataclasses.replace(event, timestamp=floor)
        floor = kept.timestamp
        stamped.append(kept)
    return stamped
