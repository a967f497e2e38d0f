"""The governance rules: was a decision within the authority it names, on its effective date.

Pure: the facts (people, boards, delegations as they stood on the day) come
from :class:`~portfolio_ledger.domain.governance_facts.Governance`, which
reads them from the governance events the caller provides.

The ledger runs :func:`authorise` before recording an approval, a funding
change or a tolerance, and ``audit authority`` runs it again on every
recorded decision, so both answer with the same code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple, TypeVar

from portfolio_ledger.domain.authority import BoardResolution, DelegatedAuthority, Mandate, Vote
from portfolio_ledger.domain.boards import Board, describe_limit
from portfolio_ledger.domain.change_words import names_in_words
from portfolio_ledger.domain.decision import MAX_NAME
from portfolio_ledger.domain.errors import (
    AuthorityExceeded,
    DelegationNotValid,
    GovernanceRefused,
    InvalidDecision,
    NoMajority,
    NotABoardMember,
    QuorumNotMet,
    SegregationOfDuties,
)
from portfolio_ledger.domain.governance_facts import Governance, History, as_at
from portfolio_ledger.domain.interests import Interest, OwnDelegation, Subject
from portfolio_ledger.domain.money import Money, within_limit
from portfolio_ledger.domain.people import Person
from portfolio_ledger.domain.quorum import quorum_unreachable

__all__ = [
    "Authorised",
    "Governance",
    "History",
    "OwnDelegation",
    "Subject",
    "as_at",
    "authorise",
    "check_sets_tolerances",
]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Authorised:
    """A decision within the authority it names: in words, who decided, the limit applied."""

    authority: str
    actor: Person
    limit: Money | None


def authorise(
    mandate: Mandate,
    governance: Governance,
    subject: Interest | None = None,
    amount: Money | None = None,
) -> Authorised:
    """Check a governed decision; raise the rule it breaks, naming the limit and where to go.

    ``subject`` is what it decides on: an item (a :class:`Subject`), or a delegation its
    board grants or revokes (an :class:`OwnDelegation`, whose delegate neither records
    nor votes on it). ``amount`` is the item's authorised budget once the decision is
    made (cumulative: an approval's budget, or the budget after a funding change).
    """
    if isinstance(mandate, BoardResolution):
        return _by_board(mandate, governance, subject, amount)
    item = subject if isinstance(subject, Subject) else None
    return _by_delegation(mandate, governance, item, amount)


# -- boards ---------------------------------------------------------------------


def _by_board(
    mandate: BoardResolution, gov: Governance, subject: Interest | None, amount: Money | None
) -> Authorised:
    # By its fields, as its dataclass __eq__ compares them: a tuple hashes in C, a dataclass not.
    as_held = (mandate.board, mandate.actor, mandate.present, mandate.votes)
    meeting = gov.meetings.get(as_held)
    if meeting is None:
        meeting = gov.meetings[as_held] = _meeting(mandate, gov)
    board, above, onward, actor, present, (votes_for, against), *_ = meeting
    conflicted = _conflicts(meeting, mandate, subject)
    quorate = [p for p in present if p.key not in conflicted]
    if len(quorate) < board.quorum:
        raise QuorumNotMet(
            f"{board.label()} needs {board.quorum} members present to decide (its quorum on "
            f"{gov.on.isoformat()}); {len(quorate)} counted: "
            f"{', '.join(p.key for p in quorate) or 'none'}"
            + (f" ({', '.join(conflicted)} conflicted, not counted)" if conflicted else "")
            + _unreachable(board)
            + f". Record the decision of a quorate meeting.{onward}"
        )
    if votes_for <= against:
        raise NoMajority(
            f"the decision of {board.label()}{_on(subject)} was not carried: {votes_for} for, "
            f"{against} against, {mandate.count(Vote.ABSTAIN)} abstained; a decision needs "
            "more votes for than against. Nothing was decided."
        )
    if amount is not None and isinstance(subject, Subject):
        _within(board.label(), board.limit, subject, amount, _escalation(board, above, amount))
    return Authorised(_words(board.label(), board.key), actor, board.limit)


def _unreachable(board: Board) -> str:
    short = quorum_unreachable(board)
    return f"; on that day its quorum of {board.quorum} {short}" if short else ""


class _Meeting(NamedTuple):
    """What a board's resolution names, as it stood on the day, with the checks it passed."""

    board: Board
    above: list[Board]
    onward: str
    actor: Person
    present: list[Person]
    votes: tuple[int, int]
    """Votes for, and against."""
    actor_names: frozenset[str]
    present_names: tuple[frozenset[str], ...]
    """Each one's ``Person.names()``, for ``Subject.conflicts``."""


def _meeting(mandate: BoardResolution, gov: Governance) -> _Meeting:
    """The board, the actor and the members present, each checked as ``_by_board`` checks them.

    A function of the resolution and the day's governance alone (not of the item), so a
    day's governance keeps it for the next decision of the same meeting (see
    ``Governance.meetings``); a refusal is not kept, and is raised again, the same, the
    next time.
    """
    board = gov.board(mandate.board)
    above = gov.chain_above(board)
    onward = f" Escalate to {above[0].label()}." if above else ""
    actor = gov.person(mandate.actor)  # everyone a person first (UnknownPerson), then
    present = [gov.person(key) for key in mandate.present]  # a member: governance.md's order
    _require_member(board, actor, gov, "acts for", onward)
    for person in present:
        _require_member(board, person, gov, "was counted present at", onward)
    _require_present(mandate)
    votes = (mandate.count(Vote.FOR), mandate.count(Vote.AGAINST))
    names = tuple(person.names() for person in present)
    return _Meeting(board, above, onward, actor, present, votes, actor.names(), names)


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
        ).naming_fields("present")
    present = mandate.present
    absent = [person for person, _vote in mandate.votes if person not in present]  # the voters
    if absent:
        raise InvalidDecision(
            f"{', '.join(absent)} voted but {'is' if len(absent) == 1 else 'are'} not among "
            "the members present; list everyone present with --present"
        ).naming_fields("present")


def _conflicts(meeting: _Meeting, mandate: BoardResolution, subject: Interest | None) -> list[str]:
    """Refuse a conflicted approver or voter; return the conflicted members present."""
    board, actor = meeting.board, meeting.actor
    if subject is None:
        return []
    conflict_of = subject.conflicts()
    why = conflict_of(actor, meeting.actor_names)
    if why is not None:
        raise SegregationOfDuties(
            f"{actor.label()} {why} {subject.key} and so may not {subject.decides} "
            f"({subject.rule}); another member of {board.label()} must record the decision."
        )  # not escalated: the board may decide it, recorded by another
    if isinstance(subject, Subject):
        _check_capacity(subject, actor, f"another member of {board.label()} must record it")
    conflicted = []
    for person, names in zip(meeting.present, meeting.present_names, strict=True):
        why = conflict_of(person, names)
        if why is None:
            continue
        if person.key in mandate.voters():
            raise SegregationOfDuties(
                f"{person.label()} {why} {subject.key} and so may not vote on it as a member "
                f"of {board.label()} ({subject.rule}); record them present without a vote: "
                "they do not count towards the quorum."
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
    if within_limit(parent.limit, amount):
        return f"{advice}, which may authorise up to {parent.limit}."
    covering = next((b for b in bodies[1:] if within_limit(b.limit, amount)), None)
    currency = parent.limit.currency
    advice += (
        f"; its limit ({describe_limit(parent.limit)}) is not enough either"
        if currency == amount.currency  # else no amount of it is: nothing is converted
        else f"; its limit ({describe_limit(parent.limit)}) is in {currency}, which the ledger "
        f"does not convert to {amount.currency}"
    )
    if covering is None:
        return f"{advice}, nor is any board's above it."
    return f"{advice}: {covering.label()} may authorise it."


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
            f"{delegation.label()} covers {names_in_words(delegation.categories)} only; "
            f"{subject.key} is in {subject.category}.{onward}"
        )
    why = subject.conflict_of(actor) if subject is not None else None
    if subject is not None and why is not None:
        raise SegregationOfDuties(
            f"{actor.label()} {why} {subject.key} and so may not {subject.decides} under "
            f"{delegation.label()} (segregation of duties).{onward}"
        )
    if subject is not None:
        _check_capacity(subject, actor, f"escalate to {board.label()}{_BY}")
    # The limit that applies: its board's where that bounds it (a tolerance's too, with no amount).
    bounded = delegation.bounded_by(board.limit) is not None
    limit: Money | None = board.limit if bounded else delegation.limit
    if amount is not None and subject is not None:
        holder = f"{delegation.label()}, delegated to {actor.label()},"
        bodies = [board, *gov.chain_above(board)]
        _within(holder, delegation.limit, subject, amount, _escalate_to(bodies, amount, _BY))
        if bounded:
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


def _check_capacity(subject: Subject, actor: Person, instead: str) -> None:
    """Refuse a decision recorded in the role (``--role``) that proposed or sponsors the item."""
    why = subject.in_capacity()
    if why is None:
        return
    raise SegregationOfDuties(
        f"{actor.label()} records it as '{subject.capacity}', which {why} {subject.key}, "
        f"and so may not {subject.decides} in that role ({subject.rule}: a decision is "
        f"recorded in the capacity its role gives); give the role {actor.key} decides in "
        f"(--role), or, if they decide as '{subject.capacity}', {instead}."
    ).naming_fields("role")


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


def _on(subject: Interest | None) -> str:
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
        body, above = f"delegation {authorised_under.delegation}", [approving]
    else:
        approving = governance.board(authorised_under.board)
        body, above = approving.label(), []
    above += governance.chain_above(approving)
    if isinstance(mandate, BoardResolution) and mandate.board in {
        approving.key,
        *(b.key for b in above),
    }:
        return
    named = mandate.board if isinstance(mandate, BoardResolution) else mandate.describe()
    boards = ", ".join(b.label() for b in above)
    where = f" or a board above it ({boards})" if above else ", which has no board above it"
    raise GovernanceRefused(
        f"tolerances on {key} are set by the authority that last authorised its budget "
        f"({body}){where}; {named} may not set them."
    )
