"""The steps every handler shares: loading what a command is about, and checking its authority."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate

from portfolio_ledger.application import commands as c
from portfolio_ledger.application.governance import check_authority
from portfolio_ledger.application.namesakes import check_no_namesake
from portfolio_ledger.application.nested_limits import nested_limits
from portfolio_ledger.application.registered import again_when_stored
from portfolio_ledger.application.taken_away import check_grant
from portfolio_ledger.application.unit_of_work import UnitOfWork
from portfolio_ledger.domain.authority import Mandate
from portfolio_ledger.domain.decided import DecidedAggregate, Recheck
from portfolio_ledger.domain.decision import Decision, DecisionEvent
from portfolio_ledger.domain.errors import GovernanceRecordNotFound, ItemNotFound
from portfolio_ledger.domain.governance import (
    Authorised,
    Governance,
    OwnDelegation,
    Subject,
    authorise,
)
from portfolio_ledger.domain.item import PortfolioItem
from portfolio_ledger.domain.keys import ORGANISATIONS_ID, item_id, normalise_key
from portfolio_ledger.domain.lifecycle import Action
from portfolio_ledger.domain.money import Money
from portfolio_ledger.domain.people import PersonRegistered
from portfolio_ledger.domain.resolutions import recheck_governance

if TYPE_CHECKING:  # loaded by the repository when the list is read: most decisions never do
    from portfolio_ledger.domain.organisations import Organisations

A = TypeVar("A", bound=Aggregate)

HINTS = {
    "person": "see the people with 'portfolio-ledger person list'",
    "board": "see the boards with 'portfolio-ledger board list'",
    "delegation": "see the delegations with 'portfolio-ledger authority list'",
}


def item(uow: UnitOfWork, key: str) -> PortfolioItem:
    """The item with this key; :class:`ItemNotFound` if there is none.

    Its decisions' authority is checked again, with the ledger's rules, if
    a decision recorded late, a correction or an annulment moves them.
    """
    key = normalise_key(key)
    try:
        found: PortfolioItem = uow.get(item_id(key))
    except AggregateNotFoundError:
        raise ItemNotFound(key) from None
    recheck = uow.recheck
    if recheck is None:
        recheck = uow.recheck = recheck_authority(uow)
    found.recheck = recheck
    return found


def recheck_authority(uow: UnitOfWork) -> Recheck:
    """Check a decision's authority again, as at its effective date.

    On an item, a governed decision's mandate; on a person, board or delegation,
    what the ledger checked against the rest of governance when it was recorded.
    """

    def recheck(event: DecisionEvent, before: Any) -> None:
        mandate = event.decision.mandate
        if isinstance(before, PortfolioItem):
            if mandate is not None:
                on = uow.governance(event.decision.effective_date)
                check_authority(event, mandate, before, on)
        elif event.subject_kind in {"person", "board", "delegation"}:
            day = event.decision.effective_date
            recheck_governance(event, uow.governance(day), before)
            if isinstance(event, PersonRegistered):  # its name corrected: not another's
                check_no_namesake(uow, event.key, event.name)

    return recheck


def organisation(uow: UnitOfWork, name: str | None) -> str | None:
    """The organisation as recorded: its key, if the ledger keeps a list; else as written."""
    if name is None:
        return None
    try:
        organisations: Organisations = uow.get(ORGANISATIONS_ID)
    except AggregateNotFoundError:
        return " ".join(name.split())
    return organisations.resolve(name)


def record(uow: UnitOfWork, kind: type[A], aggregate_id: UUID, name: str, key: str) -> A:
    """A person, board or delegation; :class:`GovernanceRecordNotFound` if there is none."""
    try:
        found = uow.get(aggregate_id)
    except AggregateNotFoundError:
        raise GovernanceRecordNotFound(name, key, HINTS[name]) from None
    assert isinstance(found, kind)
    if isinstance(found, DecidedAggregate):  # a board's limits: within its parent's, each day
        found.admitting = nested_limits(uow)
    return found


def authorised(
    uow: UnitOfWork, cmd: c.Mandated, subject: PortfolioItem, amount: Money | None, governs: str
) -> Decision:
    """Check the authority a decision on ``subject`` names; the decision as it will be recorded.

    ``governs`` is what the decision does to it (``ItemApproved.governs``), as a refusal says.
    """
    decision = cmd.decision()
    mandate = cmd.claimed()
    assert mandate is not None  # a board or a delegation: the command's validation
    then = (subject.as_on(decision.effective_date) or subject).as_subject(
        governs, capacity=decision.role
    )
    granted = _granted(uow, mandate, decision.effective_date, then, amount)
    again_when_stored(uow, lambda: _granted(uow, mandate, decision.effective_date, then, amount))
    return c.with_mandate(
        decision,
        actor=granted.actor.name,
        authority=granted.authority,
        mandate=naming(mandate, granted.actor.key),
    )


def decided(
    uow: UnitOfWork, cmd: c.Authorisation, subject: PortfolioItem, action: Action, governs: str
) -> Decision:
    """An authorisation's decision: its authority in words as said, or a board's or delegation's.

    A board's meeting or a delegation is checked (after the lifecycle, as an approval
    is: ``action`` on the effective date), as :func:`authorised` checks it, with no limit.
    """
    if cmd.claimed() is None:
        return cmd.decision()
    subject.check_allowed(action, on=cmd.effective_date)
    return authorised(uow, cmd, subject, None, governs)


def resolved(
    uow: UnitOfWork, cmd: c.Resolved, board: str, on: OwnDelegation | None = None
) -> tuple[Decision, Governance]:
    """Check a board's own resolution (quorum, membership, majority) on its effective date.

    ``on``: the delegation it grants or revokes, whose delegate neither records it nor
    votes on it (present without a vote, not counted towards the quorum).
    """
    decision = cmd.decision()
    governance = uow.governance(decision.effective_date)
    resolution = cmd.resolution(board, cmd.actor_key())
    granted = authorise(resolution, governance, on)
    again_when_stored(
        uow, lambda: authorise(resolution, uow.governance(decision.effective_date), on)
    )
    recorded = c.with_mandate(
        decision,
        actor=granted.actor.name,
        authority=granted.authority,
        mandate=naming(resolution, granted.actor.key),
    )
    return recorded, governance


def _granted(
    uow: UnitOfWork, mandate: Mandate, on: date, subject: Subject, amount: Money | None
) -> Authorised:
    """What ``mandate`` authorises on ``subject`` on the day ``on``, by governance as stored now."""
    governance = uow.governance(on)
    granted = authorise(mandate, governance, subject, amount)
    check_grant(mandate, governance)  # a delegation rests on its grant, as its audit says
    return granted


def naming(mandate: Mandate, actor: str) -> Mandate:
    """The mandate with ``actor`` as its actor: itself if that is its actor already.

    Both kinds are frozen, with no check on making, and hold only immutable
    values, so the mandate is as good as the copy ``dataclasses.replace`` makes.
    """
    if type(mandate.actor) is str and mandate.actor == actor:
        return mandate
    return dataclasses.replace(mandate, actor=actor)
