"""The governance rules: was a decision within the authority it names, on its effective date.

Pure: the facts come from the governance events (people, boards,
delegations), which the caller provides through :class:`History`. Each
aggregate's state on a day is the fold of its decisions effective by then
(corrected, annulled ones left out), and for an auditor's "as recorded
then", of those recorded by a moment.

The ledger runs :func:`authorise` before recording an approval, a funding
change or a tolerance, and ``audit authority`` runs it again on every
recorded decision, so both answer with the same code.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol, TypeVar
from uuid import UUID

from portfolio_ledger.domain.authority import BoardResolution, DelegatedAuthority, Mandate, Vote
from portfolio_ledger.domain.boards import Board, describe_limit
from portfolio_ledger.domain.decision import MAX_NAME, DecisionEvent
from portfolio_ledger.domain.delegations import Delegation
from portfolio_ledger.domain.errors import (
    AuthorityExceeded,
    DelegationNotValid,
    GovernanceRecordNotFound,
    GovernanceRefused,
    InvalidDecision,
    NoMajority,
    NotABoardMember,
    QuorumNotMet,
    SegregationOfDuties,
    UnknownPerson,
)
from portfolio_ledger.domain.keys import (
    board_id,
    delegation_id,
    normalise_key,
    normalise_person_key,
    person_id,
)
from portfolio_ledger.domain.money import Money
from portfolio_ledger.domain.people import Person

T = TypeVar("T")


class History(Protocol):
    """Every recorded event of one aggregate, oldest first (none if it does not exist)."""

    def __call__(self, aggregate_id: UUID, /) -> Sequence[DecisionEvent]:
        """The aggregate's events."""
        ...


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
        aggregate = event.mutate(aggregate)
    if aggregate is None or on is None:
        return aggregate
    return aggregate.as_on(on)


@dataclass(frozen=True)
class Governance:
    """Governance as it stood on a day (as recorded by a moment, or as known now)."""

    history: History
    on: date
    recorded_by: datetime | None = None
    _seen: dict[UUID, Any] = field(default_factory=dict, compare=False, repr=False)
    states: dict[tuple[Any, ...], Any] | None = field(default=None, compare=False, repr=False)
    """States already worked out, shared between decisions (a batch keeps one), keyed by
    aggregate, day, recorded moment and history length, so a longer history misses."""

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
        if aggregate_id not in self._seen:
            events = self.history(aggregate_id)
            if not events:
                raise GovernanceRecordNotFound(kind, key, _HINTS[kind])
            known = (aggregate_id, self.on, self.recorded_by, len(events))
            if self.states is not None and known in self.states:
                state = self.states[known]
            else:
                state = as_at(events, self.on, self.recorded_by)
                if self.states is not None:
                    self.states[known] = state
            if state is None:
                first = events[0].decision.effective_date.isoformat()
                raise not_yet(
                    f"{kind} {key} takes effect from {first}; on {self.on.isoformat()} "
                    f"there was no such {kind}"
                )
            self._seen[aggregate_id] = state
        return self._seen[aggregate_id]


_HINTS = {
    "person": "register them with 'portfolio-ledger person add KEY --name NAME'",
    "board": "see the boards with 'portfolio-ledger board list'",
    "delegation": "see the delegations with 'portfolio-ledger authority list'",
}


@dataclass(frozen=True, slots=True)
class Subject:
    """The item a governed decision is on, as it stood just before the decision."""

    key: str
    category: str
    currency: str
    proposer: str
    sponsor: str

    def conflict_of(self, person: Person) -> str | None:
        """How ``person`` is conflicted on the item ("proposed", "sponsors"); None if not."""
        if person.answers_to(self.proposer):
            return "proposed"
        if person.answers_to(self.sponsor):
            return "sponsors"
        return None


@dataclass(frozen=True, slots=True)
class Authorised:
    """A decision within the authority it names: in words, who decided, the limit applied."""

    authority: str
    actor: Person
    limit: Money | None


def authorise(
    mandate: Mandate,
    governance: Governance,
    subject: Subject | None = None,
    amount: Money | None = None,
) -> Authorised:
    """Check a governed decision; raise the rule it breaks, naming the limit and where to go.

    ``amount`` is the item's authorised budget once the decision is made
    (cumulative: an approval's budget, or the budget after a funding change).
    """
    if isinstance(mandate, BoardResolution):
        return _by_board(mandate, governance, subject, amount)
    return _by_delegation(mandate, governance, subject, amount)


# -- boards ---------------------------------------------------------------------


def _by_board(
    mandate: BoardResolution, gov: Governance, subject: Subject | None, amount: Money | None
) -> Authorised:
    board = gov.board(mandate.board)
    above = gov.chain_above(board)
    onward = f" Escalate to {above[0].label()}." if above else ""
    actor = gov.person(mandate.actor)
    _require_member(board, actor, gov, "acts for", onward)
    present = [gov.person(key) for key in mandate.present]
    for person in present:
        _require_member(board, person, gov, "was counted present at", onward)
    _require_present(mandate)
    conflicted = _conflicts(board, actor, present, mandate, subject, onward)
    quorate = [p for p in present if p.key not in conflicted]
    if len(quorate) < board.quorum:
        raise QuorumNotMet(
            f"{board.label()} needs {board.quorum} members present to decide (its quorum on "
            f"{gov.on.isoformat()}); {len(quorate)} counted: "
            f"{', '.join(p.key for p in quorate) or 'none'}"
            + (f" ({', '.join(conflicted)} conflicted, not counted)" if conflicted else "")
            + f". Record the decision of a quorate meeting.{onward}"
        )
    votes_for, against = mandate.count(Vote.FOR), mandate.count(Vote.AGAINST)
    if votes_for <= against:
        raise NoMajority(
            f"the decision of {board.label()}{_on(subject)} was not carried: {votes_for} for, "
            f"{against} against, {mandate.count(Vote.ABSTAIN)} abstained; a decision needs "
            "more votes for than against. Nothing was decided."
        )
    if amount is not None and subject is not None:
        _within(board.label(), board.limit, subject, amount, _escalation(board, above, amount))
    return Authorised(_words(board.label(), board.key), actor, board.limit)


def _require_member(board: Board, person: Person, gov: Governance, how: str, onward: str) -> None:
    if person.key in board.members:
        return
    members = ", ".join(sorted(board.members)) or "none"
    raise NotABoardMember(
        f"{person.label()} {how} {board.label()} but was not a member of it on "
        f"{gov.on.isoformat()} (members then: {members}); only members act for a board and "
        f"count towards its quorum. See 'portfolio-ledger board show {board.key} "
        f"--effective-on {gov.on.isoformat()}'.{onward}"
    )


def _require_present(mandate: BoardResolution) -> None:
    if mandate.actor not in mandate.present:
        raise InvalidDecision(
            f"{mandate.actor} records the decision of {mandate.board} but is not among the "
            "members present; list everyone present with --present"
        )
    absent = [person for person in mandate.voters() if person not in mandate.present]
    if absent:
        raise InvalidDecision(
            f"{', '.join(absent)} voted but {'is' if len(absent) == 1 else 'are'} not among "
            "the members present; list everyone present with --present"
        )


def _conflicts(  # noqa: PLR0917 - private; the facts of one board decision
    board: Board,
    actor: Person,
    present: list[Person],
    mandate: BoardResolution,
    subject: Subject | None,
    onward: str,
) -> list[str]:
    """Refuse a conflicted approver or voter; return the conflicted members present."""
    if subject is None:
        return []
    why = subject.conflict_of(actor)
    if why is not None:
        raise SegregationOfDuties(
            f"{actor.label()} {why} {subject.key} and so may not approve it (segregation of "
            f"duties); another member of {board.label()} must record the decision.{onward}"
        )
    conflicted = []
    for person in present:
        why = subject.conflict_of(person)
        if why is None:
            continue
        if person.key in mandate.voters():
            raise SegregationOfDuties(
                f"{person.label()} {why} {subject.key} and so may not vote on it as a member "
                f"of {board.label()} (segregation of duties); record them present without a "
                "vote: they do not count towards the quorum."
            )
        conflicted.append(person.key)
    return conflicted


def _escalation(board: Board, above: list[Board], amount: Money) -> str:
    if not above:
        return (
            f" {board.label()} has no board above it to escalate to: its limit must be "
            f"raised first ('portfolio-ledger board set-limit {board.key}')."
        )
    return _escalate_to(above, amount)


def _escalate_to(bodies: list[Board], amount: Money, why: str = "") -> str:
    """Advice naming the next body up, and the first that has the authority if that one lacks it."""
    parent = bodies[0]
    advice = f" Escalate to {parent.label()}{why}"
    if parent.limit is None:
        return f"{advice}, which has no limit."
    if _covers(parent.limit, amount):
        return f"{advice}, which may authorise up to {parent.limit}."
    covering = next((b for b in bodies[1:] if _covers(b.limit, amount)), None)
    advice += f"; its limit ({describe_limit(parent.limit)}) is not enough either"
    if covering is None:
        return f"{advice}, nor is any board's above it."
    return f"{advice}: {covering.label()} may authorise it."


def _covers(limit: Money | None, amount: Money) -> bool:
    return limit is None or (limit.currency == amount.currency and amount.amount <= limit.amount)


# -- delegations ------------------------------------------------------------------


_BY = ", which delegated it"


def _by_delegation(
    mandate: DelegatedAuthority, gov: Governance, subject: Subject | None, amount: Money | None
) -> Authorised:
    delegation = gov.delegation(mandate.delegation)
    board = gov.board(delegation.board)
    onward = f" Escalate to {board.label()}{_BY}."
    actor = gov.person(mandate.actor)
    if actor.key != delegation.delegate:
        raise DelegationNotValid(
            f"{delegation.label()} was delegated to {delegation.delegate}; {actor.label()} "
            f"cannot decide under it.{onward}"
        )
    invalid = delegation.invalid_on(gov.on)
    if invalid is not None:
        raise DelegationNotValid(
            f"{delegation.label()} gave no authority on {gov.on.isoformat()}: {invalid}.{onward}"
        )
    if subject is not None and not delegation.covers(subject.category):
        raise DelegationNotValid(
            f"{delegation.label()} covers {', '.join(delegation.categories)} only; "
            f"{subject.key} is in {subject.category}.{onward}"
        )
    why = subject.conflict_of(actor) if subject is not None else None
    if subject is not None and why is not None:
        raise SegregationOfDuties(
            f"{actor.label()} {why} {subject.key} and so may not approve it under "
            f"{delegation.label()} (segregation of duties).{onward}"
        )
    limit: Money | None = delegation.limit
    if amount is not None and subject is not None:
        holder = f"{delegation.label()}, delegated to {actor.label()},"
        bodies = [board, *gov.chain_above(board)]
        _within(holder, delegation.limit, subject, amount, _escalate_to(bodies, amount, _BY))
        if not _covers(board.limit, delegation.limit):
            limit = board.limit
            _within(
                f"{board.label()}, which delegated {delegation.key} and whose limit bounds it,",
                board.limit,
                subject,
                amount,
                _escalation(board, gov.chain_above(board), amount),
            )
    authority = _words(f"{delegation.label()} from {board.label()}", delegation.label())
    return Authorised(authority, actor, limit)


# -- shared ---------------------------------------------------------------------------


def _within(holder: str, limit: Money | None, subject: Subject, amount: Money, onward: str) -> None:
    if limit is None:
        return
    if limit.currency != amount.currency:
        raise AuthorityExceeded(
            f"{holder} has its limit in {limit.currency} but {subject.key} is budgeted in "
            f"{amount.currency}, and the ledger does not convert currencies.{onward}"
        )
    if amount.amount > limit.amount:
        raise AuthorityExceeded(
            f"{holder} may authorise up to {limit} cumulative for {subject.key}; this would "
            f"make {amount}.{onward}"
        )


def _on(subject: Subject | None) -> str:
    return f" on {subject.key}" if subject is not None else ""


def _words(text: str, short: str) -> str:
    """The authority in words for the record, within the length a decision allows."""
    return text if len(text) <= MAX_NAME else short


def check_sets_tolerances(
    mandate: Mandate, authorised_under: Mandate | None, governance: Governance, key: str
) -> None:
    """Tolerances are set by the body that authorised the item, or a board above it."""
    if authorised_under is None:
        return  # authorised before the ledger recorded mandates: nothing to compare
    if isinstance(authorised_under, DelegatedAuthority):
        same = getattr(mandate, "delegation", None) == authorised_under.delegation
        if same:
            return
        approving = governance.board(governance.delegation(authorised_under.delegation).board)
        body = f"delegation {authorised_under.delegation}"
    else:
        approving = governance.board(authorised_under.board)
        body = approving.label()
    allowed = [approving, *governance.chain_above(approving)]
    if isinstance(mandate, BoardResolution) and mandate.board in {b.key for b in allowed}:
        return
    named = mandate.board if isinstance(mandate, BoardResolution) else mandate.describe()
    raise GovernanceRefused(
        f"tolerances on {key} are set by the authority that last authorised its budget "
        f"({body}) or a board above it ({', '.join(b.label() for b in allowed)}); {named} "
        "is neither."
    )
