"""The governance metadata every decision records: who, role, authority, why, when effective."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from typing import Any, ClassVar

from eventsourcing.domain import Aggregate, AggregateEvent

from portfolio_ledger.domain.authority import BoardResolution, DelegatedAuthority, Mandate
from portfolio_ledger.domain.errors import InvalidDecision

MAX_NAME = 200
MAX_RATIONALE = 1_000_000
MAX_REFERENCES = 50


@dataclass(frozen=True, slots=True)
class Decision:
    """Who decided, in what role, under which authority, why, and with effect from when.

    The recorded time is not here: the ledger stamps it on the event when the
    decision is recorded, and no caller can set it. ``authority`` says in
    words what the decision was made under; governed decisions (approvals,
    funding changes, tolerances, delegations) also carry the ``mandate``: the
    board resolution or delegation itself, which the ledger checked.
    """

    actor: str
    role: str
    rationale: str
    effective_date: date
    authority: str | None = None
    references: tuple[str, ...] = ()
    mandate: Mandate | None = None

    def __post_init__(self) -> None:
        for field, value in (("actor", self.actor), ("role", self.role)):
            _require_text(field, value, MAX_NAME)
        _require_text("rationale", self.rationale, MAX_RATIONALE)
        if self.authority is not None:
            _require_text("authority", self.authority, MAX_NAME)
        if not isinstance(self.effective_date, date):
            raise InvalidDecision("effective date must be a date (YYYY-MM-DD)")
        if len(self.references) > MAX_REFERENCES:
            raise InvalidDecision(f"at most {MAX_REFERENCES} references per decision")
        for reference in self.references:
            _require_text("reference", reference, MAX_NAME)
        if self.mandate is not None and not isinstance(
            self.mandate, BoardResolution | DelegatedAuthority
        ):
            raise InvalidDecision("a mandate is a board resolution or a delegated authority")

    @classmethod
    def as_recorded(cls, **fields: Any) -> Decision:
        """A decision read back from the store: it was checked when recorded, not again.

        Replaying millions of events re-checking every rationale would cost
        seconds and could refuse history recorded under rules since changed.
        """
        decision = object.__new__(cls)
        for name, slot, default in _DECISION_SLOTS:
            slot.__set__(decision, fields.get(name, default))  # past the frozen __setattr__
        return decision


_DECISION_SLOTS = tuple(
    (field.name, Decision.__dict__[field.name], field.default)
    for field in dataclasses.fields(Decision)
)


def _require_text(field: str, value: object, limit: int) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidDecision(f"{field} is required and must not be blank")
    if len(value) > limit:
        raise InvalidDecision(f"{field} is longer than {limit:,} characters")


@dataclass(frozen=True)
class DecisionEvent(AggregateEvent):
    """Base of every event in the ledger: a decision, recorded at ``timestamp``.

    Subclasses name the decision in ``label`` and say what it changed in
    ``describe()``; the audit trail shows both for every event.
    """

    decision: Decision
    label: ClassVar[str] = "decision"
    subject_kind: ClassVar[str] = "item"
    """What the event is about: item, portfolio, person, board or delegation."""

    def __post_init__(self) -> None:
        super().__post_init__()
        # Sequences are tuples, so events stay immutable even when a caller
        # passes lists (the store's mapper does the same for stored events).
        for name in _field_names(type(self)):
            value = getattr(self, name)
            if isinstance(value, list):
                object.__setattr__(self, name, tuple(value))

    def describe(self) -> str:
        """A short account of what changed, for histories and the audit trail."""
        return self.label


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    """An event class's field names (asked for at every event created: kept)."""
    return tuple(field.name for field in dataclasses.fields(cls))


def utc_today() -> date:
    """Today's date in UTC: the calendar every recorded decision is checked against.

    Recorded times are UTC, so "not in the future" means not after the UTC
    date of the moment the decision is recorded, wherever the machine is
    (a machine in Kiritimati, UTC+14, may not record tomorrow's UTC date).
    """
    return datetime.now(UTC).date()


def check_effective_date(
    subject: str,
    decision: Decision,
    recorded: datetime,
    latest: tuple[str, date] | None = None,
) -> None:
    """Refuse an effective date in the future, or before the subject's latest decision.

    "Future" is after the UTC date of the moment the decision is recorded
    (see :func:`utc_today`). ``latest`` is the subject's latest decision and its
    effective date: decisions on one subject take effect in recorded order.
    """
    today = recorded.astimezone(UTC).date()
    if decision.effective_date > today:
        raise InvalidDecision(
            f"effective date {decision.effective_date.isoformat()} of the decision on "
            f"{subject} is in the future; record decisions once they are taken (today is "
            f"{today.isoformat()} in UTC, the ledger's calendar)"
        )
    if latest is not None and decision.effective_date < latest[1]:
        label, effective = latest
        raise InvalidDecision(
            f"effective date {decision.effective_date.isoformat()} is before "
            f"{subject}'s latest decision ({label}, effective {effective.isoformat()}); "
            f"decisions on {subject} take effect in the order they are recorded. Use that "
            "date or a later one."
        )


class DecidedAggregate(Aggregate):
    """Base of the governance aggregates: a key, and decisions recorded in effective order."""

    def __init__(self) -> None:
        self.key: str = ""
        self.last_decision: str = ""
        self.last_effective_date: date = date.min

    def _record(self, event_class: type[DecisionEvent], decision: Decision, **fields: Any) -> None:
        # As for items: the recorded time is the system's, never earlier than
        # the previous event; decisions take effect in the order recorded.
        timestamp = max(event_class.create_timestamp(), self.modified_on)
        check_effective_date(
            self.key, decision, timestamp, (self.last_decision, self.last_effective_date)
        )
        self.trigger_event(event_class, timestamp=timestamp, decision=decision, **fields)


@dataclass(frozen=True)
class DecidedEvent(DecisionEvent):
    """Base of the events of a :class:`DecidedAggregate`: keeps its latest decision."""

    def apply(self, aggregate: Any) -> None:
        """Record the decision as the latest; subclasses change more in ``change``."""
        aggregate.last_decision = self.label
        aggregate.last_effective_date = self.decision.effective_date
        self.change(aggregate)

    def change(self, aggregate: Any) -> None:
        """Change the aggregate's state; nothing else (this runs on every replay)."""


def require_authority(what: str, decision: Decision) -> None:
    """Refuse an authorisation that does not say what authority it is made under."""
    if decision.authority is None:
        raise InvalidDecision(
            f"to {what} name the authority it is decided under (a board, or the "
            "organisation's scheme of delegation) with --authority"
        )
