"""Governance as it stood on a day: the people, boards and delegations a decision names.

Pure: the facts come from the governance events, which the caller provides
through :class:`History`. Each aggregate's state on a day is the fold of its
decisions effective by then (corrected, annulled ones left out), and for an
auditor's "as recorded then", of those recorded by a moment. The rules that
judge a decision against these facts are in ``governance.py``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol
from uuid import UUID

from portfolio_ledger.domain.boards import Board
from portfolio_ledger.domain.decision import DecisionEvent
from portfolio_ledger.domain.delegations import Delegation
from portfolio_ledger.domain.errors import (
    DelegationNotValid,
    EventsDoNotFollow,
    GovernanceRecordNotFound,
    GovernanceRefused,
    InvalidDecision,
    LedgerError,
    UnknownPerson,
)
from portfolio_ledger.domain.keys import (
    board_id,
    delegation_id,
    normalise_key,
    normalise_person_key,
    person_id,
)
from portfolio_ledger.domain.people import Person


class History(Protocol):
    """Every recorded event of one aggregate, oldest first (none if it does not exist)."""

    def __call__(self, aggregate_id: UUID, /) -> Sequence[DecisionEvent]:
        """The aggregate's events."""
        ...


class CachedHistory:
    """Reads each aggregate's events once, however many decisions ask about it."""

    def __init__(self, history: History) -> None:
        self._history = history
        self._cache: dict[UUID, Sequence[DecisionEvent]] = {}
        self.states: dict[tuple[Any, ...], Any] = (
            history.states if isinstance(history, CachedHistory) else {}
        )
        """Governance aggregates folded from these histories (``Governance.states``), shared
        by every decision judged with them, and with a cache of this cache."""

    def __call__(self, aggregate_id: UUID, /) -> Sequence[DecisionEvent]:
        """The aggregate's events."""
        if aggregate_id not in self._cache:
            self._cache[aggregate_id] = self._history(aggregate_id)
        return self._cache[aggregate_id]


def as_at(
    events: Iterable[DecisionEvent], on: date | None = None, recorded_by: datetime | None = None
) -> Any | None:
    """An aggregate as it stood: its events recorded by ``recorded_by``, effective by ``on``.

    Recorded times never go back within an aggregate, so the events recorded
    by a moment are a prefix of its history; their fold in effective order,
    up to ``on``, is the aggregate on that day as known then. None if it did
    not exist yet.
    """
    aggregate: Any = None
    for event in events:
        if recorded_by is not None and event.timestamp > recorded_by:
            break
        try:
            aggregate = event.mutate(aggregate)
        except (LedgerError, MemoryError):  # said as they are: no sign of the record altered
            raise
        except Exception as error:  # stored behind the ledger's back (or a bug), said
            raise EventsDoNotFollow(event, error, aggregate) from error
    if aggregate is None or on is None:
        return aggregate
    return aggregate.as_on(on)


@dataclass(frozen=True)
class Governance:
    """Governance as it stood on a day (as recorded by a moment, or as known now)."""

    history: History
    on: date
    recorded_by: datetime | None = None
    _seen: dict[int, Any] = field(default_factory=dict, compare=False, repr=False)
    """By ``UUID.int``: an int's hash is no call into Python (a UUID's is)."""
    states: dict[tuple[Any, ...], Any] | None = field(default=None, compare=False, repr=False)
    """Aggregates already folded, shared between decisions and days (a batch keeps one), keyed
    by aggregate, recorded moment and history length, so a longer history misses."""
    meetings: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)
    """Board resolutions (by their fields) already checked against this day's governance, with
    what they name (``governance._meeting``): like the states seen, the same for as long as this
    is."""
    grants: set[str] = field(default_factory=set, compare=False, repr=False)
    """Delegations whose grant was found a valid resolution by this governance's histories
    (``taken_away.check_grant``), kept as the meetings are; a refusal is not kept."""

    def person(self, key: str) -> Person:
        """The person with this key, as registered on the day; refuses anyone else."""
        try:
            key = normalise_person_key(key)
        except InvalidDecision:
            raise UnknownPerson(
                f"{key!r} is not a person key: governed decisions name people by the key "
                "they were registered under (e.g. hcarter); see 'portfolio-ledger person list'"
            ) from None
        person: Person = self._get(person_id(key), "person", key, UnknownPerson)
        return person

    def board(self, key: str) -> Board:
        """The board with this key, as it stood on the day."""
        key = normalise_key(key, "board", "IC")
        board: Board = self._get(board_id(key), "board", key, GovernanceRefused)
        return board

    def delegation(self, key: str) -> Delegation:
        """The delegation with this key, as it stood on the day."""
        key = normalise_key(key, "delegation", "DEL-001")
        delegation: Delegation = self._get(
            delegation_id(key), "delegation", key, DelegationNotValid
        )
        return delegation

    def chain_above(self, board: Board) -> list[Board]:
        """The boards ``board`` escalates to, nearest first, as they stood on the day."""
        above: list[Board] = []
        parent = board.escalates_to
        while parent is not None and len(above) < 50:
            above.append(self.board(parent))
            parent = above[-1].escalates_to
        return above

    def _get(self, aggregate_id: UUID, kind: str, key: str, not_yet: type[Exception]) -> Any:
        seen = self._seen.get(aggregate_id.int)
        if seen is not None:
            return seen
        events = self.history(aggregate_id)
        if not events:
            raise GovernanceRecordNotFound(kind, key, _HINTS[kind])
        whole = self._whole(aggregate_id, events)  # as corrected by then
        state = None if whole is None else whole.as_on(self.on)  # as_at(events, on, ...)
        if state is None:
            made = events[0] if whole is None else whole.corrected(1)
            first = made.decision.effective_date.isoformat()
            refusal = not_yet(
                f"{kind} {key} takes effect from {first}; on {self.on.isoformat()} "
                f"there was no such {kind}: a decision that names it takes effect on or after "
                f"that day, so give an effective date of {first} or later{_BEFORE.get(kind, '')}"
            )
            if kind in _BEFORE and isinstance(refusal, LedgerError):
                refusal.naming_fields("board", "present", "vote=votes")  # an import line's
            raise refusal
        self._seen[aggregate_id.int] = state
        return state

    def _whole(self, aggregate_id: UUID, events: Sequence[DecisionEvent]) -> Any | None:
        """The aggregate as recorded by the moment, every decision in: ``as_on`` a day, that day's.

        Kept in ``states`` for every day's governance (``as_on`` leaves it as it is), so a
        person or board is folded once, not again for each new day, nor for each moment
        by which the same events were recorded (an audit's "as recorded then", a moment
        for each decision judged).
        """
        recorded = len(events)
        if self.recorded_by is not None:  # recorded times never go back within an aggregate
            recorded = bisect_right(events, self.recorded_by, key=_recorded_at)
        known = (aggregate_id, recorded, len(events))
        if self.states is not None and known in self.states:
            return self.states[known]
        whole = as_at(events, None, self.recorded_by)
        if self.states is not None:
            self.states[known] = whole
        return whole


def _recorded_at(event: DecisionEvent) -> datetime:
    return event.timestamp


_BEFORE = {
    "delegation": (
        "; a decision taken before then (minutes recorded late) was not taken under it: "
        "record it as its board's, at the meeting that took it (--board, --present, --vote)"
    )
}
"""What a decision dated before a delegation was made is, if its date is right: the board's."""

_HINTS = {
    "person": "register them with 'portfolio-ledger person add KEY --name NAME'",
    "board": "see the boards with 'portfolio-ledger board list'",
    "delegation": "see the delegations with 'portfolio-ledger authority list'",
}
