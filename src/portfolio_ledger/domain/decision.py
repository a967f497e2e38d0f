"""The governance metadata every decision records: who, role, authority, why, when effective."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from typing import Any, ClassVar

from eventsourcing.domain import AggregateEvent

from portfolio_ledger.domain.authority import BoardResolution, DelegatedAuthority, Mandate
from portfolio_ledger.domain.errors import AuthorityNotNamed, InvalidDecision

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
        _require_text("actor", self.actor, MAX_NAME)
        _require_text("role", self.role, MAX_NAME)
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


_SET = {name: slot.__set__ for name, slot, _ in _DECISION_SLOTS}


def recorded_decision(
    *,
    actor: Any,
    role: Any,
    authority: Any,
    rationale: Any,
    effective_date: Any,
    references: Any,
    mandate: Any,
) -> Decision:
    """``Decision.as_recorded`` with every field given: the same decision, unchecked.

    A replay reads one per event; without the keywords' dict and a look-up
    per field this takes about a third of the time.
    """
    decision = _new(Decision)
    _set_actor(decision, actor)
    _set_role(decision, role)
    _set_rationale(decision, rationale)
    _set_effective_date(decision, effective_date)
    _set_authority(decision, authority)
    _set_references(decision, references)
    _set_mandate(decision, mandate)
    return decision


_new = object.__new__
_set_actor, _set_role, _set_rationale = _SET["actor"], _SET["role"], _SET["rationale"]
_set_effective_date, _set_authority = _SET["effective_date"], _SET["authority"]
_set_references, _set_mandate = _SET["references"], _SET["mandate"]


def _require_text(field: str, value: object, limit: int) -> None:
    # Blank is empty or all white space: what ``not value.strip()`` finds, without copying
    # a rationale of up to a million characters to find it (isspace stops at the first letter).
    if not isinstance(value, str) or not value or value.isspace():
        raise InvalidDecision(f"{field} is required and must not be blank")
    if len(value) > limit:
        raise InvalidDecision(f"{field} is longer than {limit:,} characters")


Key = tuple[date, int]
"""Where a decision stands in an aggregate's effective order: its effective date, then the
order it was recorded in (its version)."""


@dataclass(frozen=True)
class DecisionEvent(AggregateEvent):
    """Base of every event in the ledger: a decision, recorded at ``timestamp``.

    Subclasses name the decision in ``label``, say what it changed in
    ``describe()``, change the aggregate's state in ``change()`` and nothing
    else (it runs on every replay), and check in ``check()`` whether the
    decision is allowed given the state just before it (run when a
    decision is recorded, and again on every later decision when one is
    recorded late, corrected or annulled). ``correctable`` names the fields
    a correction may put right.
    """

    decision: Decision
    label: ClassVar[str] = "decision"
    subject_kind: ClassVar[str] = "item"
    """What the event is about: item, portfolio, person, board, delegation, organisations."""
    correctable: ClassVar[frozenset[str]] = frozenset()
    """The fields of this event a correction may change (besides the decision's own
    effective date, rationale and references)."""
    called: ClassVar[tuple[tuple[str, str], ...]] = ()
    """A correctable field by the name its command (option or import field) gives it, as
    ``("seat", "role")``: a correction that names it so is told the field's name."""

    def __post_init__(self) -> None:
        super().__post_init__()
        # Sequences are tuples, so events stay immutable even when a caller
        # passes lists (the store's mapper does the same for stored events).
        for name in _field_names(type(self)):
            value = getattr(self, name)
            if isinstance(value, list):
                object.__setattr__(self, name, tuple(value))

    @property
    def effective_key(self) -> Key:
        """Its place in effective order: effective date, then recorded order.

        ``DecidedAggregate.take`` and ``_admit`` make it without this call, at every decision.
        """
        return (self.decision.effective_date, self.originator_version)

    def apply(self, aggregate: Any) -> None:
        """Hand the decision to its aggregate, which folds it in (see ``DecidedAggregate``)."""
        aggregate.take(self)

    def change(self, aggregate: Any) -> None:
        """Change the aggregate's state; nothing else (this runs on every replay)."""

    def check(self, aggregate: Any) -> None:
        """Refuse the decision if the aggregate's state just before it does not allow it."""

    def describe(self) -> str:
        """A short account of what changed, for histories and the audit trail."""
        return self.label

    def kind_of_subject(self) -> str:
        """What the decision is about (a correction says what the decision it corrects is)."""
        return self.subject_kind


DecidedEvent = DecisionEvent
"""The name the governance events were first written against; the same class."""


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    """An event class's field names (asked for at every event created: kept)."""
    return tuple(field.name for field in dataclasses.fields(cls))


def check_not_future(subject: str, decision: Decision, recorded: datetime) -> None:
    """Refuse an effective date after the UTC date of the moment it is recorded."""
    # A time in UTC already (as the ledger stamps them) is its own UTC date: no copy made.
    today = (recorded if recorded.tzinfo is UTC else recorded.astimezone(UTC)).date()
    if decision.effective_date > today:
        raise InvalidDecision(
            f"effective date {decision.effective_date.isoformat()} of the decision on "
            f"{subject} is in the future; record decisions once they are taken (today is "
            f"{today.isoformat()} in UTC, the ledger's calendar)"
        )


def require_authority(what: str, decision: Decision) -> None:
    """Refuse an authorisation that does not say what authority it is made under."""
    if decision.authority is None:
        raise AuthorityNotNamed(
            f"to {what} name the authority it is decided under (a board, or the "
            "organisation's scheme of delegation)"
        )
