"""Turn stored events into :class:`Applied` records, replaying each aggregate's state as it goes."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from typing import Any, cast
from uuid import UUID

from eventsourcing.domain import CanMutateAggregate
from eventsourcing.persistence import Notification
from sqlalchemy import Connection

from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.application.ports import ReadModelError
from portfolio_ledger.application.repository import loaded_together
from portfolio_ledger.domain.creation import created_by
from portfolio_ledger.domain.decided import DecidedAggregate, HistoryNeeded
from portfolio_ledger.domain.decision import DecisionEvent
from portfolio_ledger.domain.errors import FIND_THE_FORGED, LedgerError
from portfolio_ledger.domain.item import PortfolioItem
from portfolio_ledger.domain.out_of_place import expected, which
from portfolio_ledger.projections.base import Applied, Stood
from portfolio_ledger.projections.event_reader import EventReader, StoredRow
from portfolio_ledger.projections.state import ItemState, item_state
from portfolio_ledger.projections.state_changes import MOVES_ON

LOADED_AT_ONCE = 100
"""Events folded at a time, the aggregates they find missing loaded together first: each whole,
its decisions held until the part is folded (an item of a million-event ledger holds about a
hundred, some 170 KB)."""
STATES_AT_ONCE = 5_000
"""New states a part of a replay may make before it is written (``Replayer.parts``): each an
item's 29 columns, about 2.5 KB while held."""
_MUTATE = CanMutateAggregate.mutate
_APPLY = DecisionEvent.apply


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a replay, and restore it after.

    A replay makes millions of short-lived objects (events, states, rows)
    and a few thousand long-lived ones (the aggregates); the collector
    would walk the long-lived ones again and again, a sixth of the time.
    Reference counting still frees every page's objects as it goes: a
    rebuild of 20,000 events leaves about a hundred objects in cycles,
    collected once the collector runs again.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


class Replayer:
    """Decodes events in ledger order and keeps each aggregate's state just past them.

    States are kept between pages, so a long replay loads nothing twice; if
    an aggregate is not at the version just before an event (another
    process moved on, or this one starts cold), it is loaded from the store.
    Between pages, aggregates are kept without their decisions, so memory
    grows with the number of subjects, not of events; a decision recorded
    late, a correction or an annulment, which make an aggregate fold its
    decisions again, loads that one aggregate whole. The aggregates each
    :data:`LOADED_AT_ONCE` events find missing, or need whole, are loaded
    together before they are folded (a query, not one each).
    """

    def __init__(self, ledger: PortfolioLedger) -> None:
        self.ledger = ledger
        # Keyed by the id's number: a UUID's hash is computed in Python, the number's is not,
        # and a replay looks an aggregate up four times per event.
        self._aggregates: dict[int, Any] = {}
        self._states: dict[int, ItemState] = {}
        self._whole: list[DecidedAggregate] = []
        """Aggregates kept whole while a part is folded; kept without their decisions at its end."""
        self._plain: dict[type, bool] = {}
        self._events = EventReader(ledger)

    def forget(self) -> None:
        """Drop every cached state (after a transaction that used them rolled back)."""
        self._aggregates.clear()
        self._states.clear()

    def rows(self, connection: Connection, start: int, limit: int) -> list[StoredRow]:
        """Up to ``limit`` stored events from ledger position ``start`` on, in ledger order."""
        return self._events.rows(connection, start, limit)

    def advance(self, notifications: Sequence[Notification]) -> list[Applied]:
        """Decode these events and move each aggregate past them, in order."""
        return self.advance_rows(
            [(n.id, n.originator_id, n.originator_version, n.topic, n.state) for n in notifications]
        )

    def advance_rows(self, rows: Sequence[StoredRow]) -> list[Applied]:
        """As :meth:`advance`, for events as rows read by :meth:`rows`."""
        decode = self._events.event
        return self.advance_events((row[0], decode(row)) for row in rows)

    def parts(
        self, events: Iterable[tuple[int, Any]], most_events: int
    ) -> Iterator[tuple[int, list[Applied]]]:
        """As :meth:`advance_events`, given back in parts, each with the position it reaches.

        A part ends after ``most_events`` events, or with the event whose new
        states bring its own to :data:`STATES_AT_ONCE`. A decision recorded
        late carries every state of its item from the point it changed: in a
        ledger whose items have a hundred decisions, a thousand late ones made
        some 50,000 states, and a rebuild held them all at once (398 MB at a
        million events). Each part is emptied when the next is asked for (use
        it, do not keep it), so no two are held at once. The last part reaches
        the last event given, even if it applies nothing (events that are no
        decisions are passed over).
        """
        events = iter(events)
        part: list[Applied] = []
        states = 0
        given = reached = 0
        while chunk := list(islice(events, LOADED_AT_ONCE)):
            decisions = [(p, event) for p, event in chunk if isinstance(event, DecisionEvent)]
            for applied in self._advance_part(decisions):
                part.append(applied)
                states += len(applied.timeline)
                if len(part) >= most_events or states >= STATES_AT_ONCE:
                    given = applied.position
                    yield given, part
                    part.clear()
                    states = 0
            reached = chunk[-1][0]
        if reached > given:
            yield reached, part
            part.clear()

    def parts_of_rows(
        self, rows: Sequence[StoredRow], most_events: int
    ) -> Iterator[tuple[int, list[Applied]]]:
        """As :meth:`parts`, for events as rows read by :meth:`rows` (each made as it comes)."""
        decode = self._events.event
        return self.parts(((row[0], decode(row)) for row in rows), most_events)

    def advance_events(self, events: Iterable[tuple[int, Any]]) -> list[Applied]:
        """As :meth:`advance`, for events already made, each with its ledger position.

        An import gives the events it has just stored, so they need not be read again.
        """
        page: list[Applied] = []
        for _, part in self.parts(events, sys.maxsize):
            page.extend(part)  # each part is emptied once the next is asked for
        return page

    def _advance_part(self, part: list[tuple[int, DecisionEvent]]) -> Iterator[Applied]:
        """Fold a part of a page, its missing aggregates loaded together first."""
        self._load_together(event for _, event in part)
        try:
            for position, event in part:
                try:
                    applied = self._apply(position, event)
                except LedgerError:
                    raise
                except Exception as error:
                    raise _unreplayable(position, event, error) from error
                yield applied
        finally:
            # Kept whole to the end of the part: a subject's later decision here, late
            # or putting one right, folds again without loading it again.
            for aggregate in self._whole:
                aggregate.forget_history()
            self._whole.clear()

    def _apply(self, position: int, event: DecisionEvent) -> Applied:
        aggregate_id = event.originator_id.int
        before = self._before(event)
        previous = None
        if isinstance(before, PortfolioItem):
            previous = self._states.get(aggregate_id) or item_state(before)
        after = self._mutate(event, before)
        in_order = not after.refolded
        if not isinstance(after, PortfolioItem):
            timeline = _timeline(event, after)  # before it is kept without its decisions
            self._keep(aggregate_id, after)
            self._states.pop(aggregate_id, None)
            subject = str(getattr(after, "key", ""))
            return Applied(
                position, event, subject, None, None, timeline, after.changed_from, in_order
            )
        if in_order:  # most events: the state it leaves is the one state it adds
            state = _moved_on(previous, after, event)
            timeline = (Stood(event.effective_key, event.timestamp, state),)
        else:
            timeline = _timeline(event, after)
            state = _item(after, after.in_effect()[-1])
        self._keep(aggregate_id, after)
        self._states[aggregate_id] = state
        return Applied(
            position,
            event,
            after.key,
            state,
            previous,
            timeline,
            after.changed_from,
            in_order,
            item=after,
        )

    def _keep(self, aggregate_id: int, aggregate: DecidedAggregate) -> None:
        self._whole.append(aggregate)
        self._aggregates[aggregate_id] = aggregate  # the event's id: the aggregate's (``_fold``)

    def _before(self, event: DecisionEvent) -> Any:
        version = event.originator_version - 1
        if version == 0:
            return None
        aggregate = self._aggregates.get(event.originator_id.int)
        if aggregate is None or aggregate.version != version:
            self._states.pop(event.originator_id.int, None)
            aggregate = self._load(event.originator_id, version)
        return aggregate

    def _load_together(self, events: Iterable[DecisionEvent]) -> None:
        """Load, in a query per few hundred, the aggregates these events find missing.

        Each subject's first event here needs its aggregate at the version just
        before it; one not kept at that version (a catch-up after another
        process's import, say) would otherwise be loaded by a query of its own.
        """
        wanted: dict[UUID, int] = {}
        seen = set()
        for event in events:
            key = event.originator_id.int
            if key in seen:
                continue
            seen.add(key)
            version = event.originator_version - 1
            kept = self._aggregates.get(key)
            if version and (kept is None or kept.version != version or kept.needs_history(event)):
                wanted[event.originator_id] = version
        if wanted:
            for key, aggregate in loaded_together(
                self.ledger.event_log, wanted, self._events.stored
            ).items():
                self._aggregates[key] = aggregate
                self._states.pop(key, None)

    def _mutate(self, event: DecisionEvent, before: Any) -> DecidedAggregate:
        try:
            return self._fold(event, before)
        except HistoryNeeded:
            # Kept without its decisions, and this one makes it fold them again.
            whole = self._load(event.originator_id, event.originator_version - 1)
            return cast(DecidedAggregate, event.mutate(whole))

    def _fold(self, event: DecisionEvent, before: Any) -> DecidedAggregate:
        """``event.mutate(before)``, with the library's steps made directly where they are the same.

        The library's ``mutate`` checks the event is the aggregate's (by id) and
        its next (by version), calls ``apply`` (a decision's hands it to
        ``take``), then sets the version and time. ``_before`` found ``before``
        by the event's id at the version before it, so the checks hold; a
        creation event's aggregate is made as ``creation.created_by`` says.
        An event class with a ``mutate`` or ``apply`` of its own is left to them.
        """
        kind = type(event)
        plain = self._plain.get(kind)
        if plain is None:
            plain = self._plain[kind] = kind.mutate is _MUTATE and kind.apply is _APPLY
        if before is None:
            made = created_by(event)
            return cast(DecidedAggregate, event.mutate(None) if made is None else made)
        if not plain:
            return cast(DecidedAggregate, event.mutate(before))
        before.take(event)
        before.version = event.originator_version
        before.modified_on = event.timestamp
        return cast(DecidedAggregate, before)

    def _load(self, aggregate_id: UUID, version: int) -> Any:
        return self.ledger.repository.get(aggregate_id, version=version)


def _unreplayable(position: int, event: DecisionEvent, error: Exception) -> ReadModelError:
    """The read models cannot be built past an event that does not follow from those before it."""
    return ReadModelError(
        f"the event at ledger position {position:,} ({which(event)}) does not follow from "
        f"the events before it: {expected(event, error)}. The ledger never records such an "
        "event: the stored events were altered outside portfolio-ledger, and the read models "
        f"stop before it. {FIND_THE_FORGED}"
    )


def _timeline(event: DecisionEvent, after: DecidedAggregate) -> tuple[Stood, ...]:
    """The states ``after`` stood in from the earliest point the event changed, on."""
    state_of = _state_of(after)
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


def _moved_on(previous: ItemState | None, item: Any, decision: DecisionEvent) -> ItemState:
    """As ``_item(item, decision)``, from the state just before a decision folded in order.

    Only the columns reading what the decision's class changes are read again
    (``state_changes.py``); a class it does not know, or no state before, the whole state.
    """
    move = MOVES_ON.get(type(decision))
    if move is None or previous is None:
        return _item(item, decision)
    return move(previous, item, decision.originator_version, decision.timestamp)


def _envelope(portfolio: Any, _decision: DecisionEvent) -> dict[str, Any]:
    envelope = portfolio.envelope
    return {"amount": envelope.amount, "currency": envelope.currency}


def _state_of(aggregate: DecidedAggregate) -> Callable[[Any, DecisionEvent], Any] | None:
    """How the aggregate's state is flattened for the bitemporal read models (None: it is not)."""
    if type(aggregate) is PortfolioItem:
        return _item
    # Imported when first needed: the catch-up after a decision on an item never is.
    from portfolio_ledger.domain.portfolio import Portfolio

    return _envelope if type(aggregate) is Portfolio else None
