"""Handlers that keep the record itself: corrections, annulments, the list of organisations."""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import partial
from typing import Any, cast

from eventsourcing.application import AggregateNotFoundError

from portfolio_ledger.application import commands as c
from portfolio_ledger.application.corrections import read_changes
from portfolio_ledger.application.founding_dates import founding_dates
from portfolio_ledger.application.handlers.authority import item, organisation, recheck_authority
from portfolio_ledger.application.handlers.governance import warned_of_quorum
from portfolio_ledger.application.handlers.items import dependency_target, merge_target
from portfolio_ledger.application.interested import check_not_interested
from portfolio_ledger.application.mergers import closed_too_soon, note_merger, still_open
from portfolio_ledger.application.nested_limits import nested_limits
from portfolio_ledger.application.registered import checked_again_when_stored
from portfolio_ledger.application.registry import command
from portfolio_ledger.application.unit_of_work import SingleCommand, UnitOfWork
from portfolio_ledger.application.views import Recorded
from portfolio_ledger.domain.boards import Board
from portfolio_ledger.domain.correction_limits import DECISION_FIELDS
from portfolio_ledger.domain.decided import DecidedAggregate
from portfolio_ledger.domain.decision import Decision, DecisionEvent
from portfolio_ledger.domain.delegations import Delegation
from portfolio_ledger.domain.dependencies import check_not_left
from portfolio_ledger.domain.errors import InvalidDecision, LedgerError, SegregationOfDuties
from portfolio_ledger.domain.events import DependencyDeclared, ItemLeft
from portfolio_ledger.domain.governance import OwnDelegation
from portfolio_ledger.domain.governance_facts import as_at
from portfolio_ledger.domain.item import PortfolioItem
from portfolio_ledger.domain.keys import ORGANISATIONS_ID, person_id
from portfolio_ledger.domain.organisations import Organisations
from portfolio_ledger.domain.people import Person, check_not_by_themselves
from portfolio_ledger.domain.record_keeping import (
    WORDS,
    DecisionCorrected,
    RecordKeeping,
    put_right,
)
from portfolio_ledger.domain.widening import PuttingRight, check_widened_by


def _at(uow: UnitOfWork, position: int) -> tuple[DecidedAggregate, int]:
    """The aggregate a decision at a ledger position is on (with its checks), and its version."""
    aggregate_id, version = uow.at_position(position)
    aggregate: DecidedAggregate = uow.get(aggregate_id)
    aggregate.recheck = recheck_authority(uow)
    limits, founding = nested_limits(uow), founding_dates(uow)

    def admitting(subject: Any, event: DecisionEvent) -> None:
        limits(subject, event)
        founding(subject, event)

    aggregate.admitting = admitting
    puts_right = next(
        (e for e in uow.history(aggregate_id) if e.originator_version == version), None
    )
    if isinstance(puts_right, RecordKeeping):
        raise InvalidDecision(
            f"position {position:,} on {aggregate.key} is not a decision of its own but "
            f"{'a correction' if isinstance(puts_right, DecisionCorrected) else 'an annulment'}"
            f" of {puts_right.where()}; a correction or an annulment is never itself "
            f"corrected or annulled. To put {puts_right.where()} right, correct it again "
            "(the latest correction of each field stands); an annulled decision is recorded "
            "again instead."
        )
    return aggregate, version


@command("decision correct", c.CorrectDecision)
def correct(uow: UnitOfWork, cmd: c.CorrectDecision) -> Recorded:
    """Correct the decision at a position: checked as if made right, with every later one."""
    aggregate, before = _corrected(uow, cmd)
    _again_when_stored(uow, aggregate, partial(_corrected, cmd=cmd))
    if isinstance(aggregate, PortfolioItem) and aggregate.merged_into is not None:
        note_merger(uow, aggregate.merged_into, aggregate.id)  # once kept, as 'item leave'
    return warned_of_quorum(uow.save(aggregate), before, aggregate)


def _corrected(
    uow: UnitOfWork, cmd: c.CorrectDecision
) -> tuple[DecidedAggregate, DecidedAggregate]:
    """The aggregate corrected (not yet saved), and a copy of it as it was before."""
    aggregate, version = _at(uow, cmd.position)
    target = aggregate.corrected(version)
    currency: Any = getattr(aggregate, "currency", None) or None
    changes = read_changes(target, currency, dict(cmd.changes), aggregate.key)
    if isinstance(aggregate, PortfolioItem):
        changes = _as_its_command_reads(uow, aggregate, target, changes, cmd.position)
    decision, before = cmd.decision(), copy.copy(aggregate)
    what = f"correct {_place(cmd.position, target)}"
    if not set(changes) <= WORDS:  # words alone decide nothing
        _not_by_its_delegate(uow, aggregate, decision, what)
        if isinstance(aggregate, PortfolioItem):
            check_not_interested(uow, aggregate, target, decision, what, changes=set(changes))
    # Closed no sooner than an item merged into it; one recorded so already (before the rule)
    # is no reason to refuse a correction that leaves it so.
    moved = isinstance(aggregate, PortfolioItem) and "effective_date" in changes
    already = moved and closed_too_soon(uow, cast(PortfolioItem, aggregate))
    aggregate.correct(version=version, position=cmd.position, changes=changes, decision=decision)
    if moved and not already:
        _still_open_as_corrected(uow, cast(PortfolioItem, aggregate), _place(cmd.position, target))
    if isinstance(aggregate, Person) and not set(changes) <= WORDS:
        check_not_by_themselves((cast(Person, before), aggregate), decision.actor, what)
    _widened_by_its_board(
        uow, (before, aggregate), PuttingRight(decision.actor, what, decision.effective_date)
    )
    return aggregate, before


def _still_open_as_corrected(uow: UnitOfWork, subject: PortfolioItem, place: str) -> None:
    """:func:`still_open` of ``subject`` as corrected (``place``: the decision put right).

    Checked again as it is stored with the rest of the correction (``_again_when_stored``).
    """
    refused = f"corrected so, {place} on {subject.key} would be refused"
    try:
        still_open(uow, subject, refused, "(--set effective_date=DAY)")
    except InvalidDecision as error:  # on an import's line, its "changes", not --set
        raise error.naming_fields("set") from None


def _again_when_stored(
    uow: UnitOfWork, aggregate: DecidedAggregate, put_right: Callable[[UnitOfWork], object]
) -> None:
    """Put a decision right again as it is stored.

    Checked as if made right, it is held to the rules it was recorded under
    against the rest of governance (an appointee registered by its day, a board's
    parent constituted by then, a delegation's resolution; an item decision's
    board meeting or delegation, as it and every later one stand): those read
    aggregates it does not save. Under the append lock, on a copy read afresh
    through a unit of work of its own (whose checks to make again are not kept),
    a registration moved later, or a member of the meeting stood down, meanwhile
    is not missed, and the refusal is in the same words.
    """
    kinds = Person | Board | Delegation | PortfolioItem
    if isinstance(uow, SingleCommand) and isinstance(aggregate, kinds):

        def again() -> None:
            put_right(SingleCommand(uow.ledger))

        uow.rechecks.append(again)


def _as_its_command_reads(
    uow: UnitOfWork,
    subject: PortfolioItem,
    target: DecisionEvent,
    changes: dict[str, Any],
    position: int,
) -> dict[str, Any]:
    """``changes`` read against the ledger's other records, as the decision's command reads them.

    An organisation is one on the ledger's list, by key or name, kept as its key (as
    'item propose', 'onboard' and 'transfer' take it); the item merged into is one in
    the portfolio on the day of the merger, as corrected (as 'item leave' takes it).
    """
    read = dict(changes)
    if not set(read) <= target.correctable | DECISION_FIELDS:
        return read  # the domain names the fields it may change
    if read.get("organisation") is not None:
        read["organisation"] = organisation(uow, read["organisation"])
    fixed = put_right(target, read)
    if isinstance(fixed, DependencyDeclared) and "effective_date" in read:
        at = (target, position)
        checked_again_when_stored(uow, partial(_depends_as_corrected, uow, fixed, subject, at))
    if not isinstance(fixed, ItemLeft):
        return read
    if fixed.merged_into is not None and {"merged_into", "effective_date", "reason"} & set(read):
        # Again as it is stored, under the append lock: that item merged meanwhile is not missed.
        at = (target, position)
        checked_again_when_stored(uow, partial(_merges_as_corrected, uow, fixed, subject, at))
    return read


def _merges_as_corrected(
    uow: UnitOfWork, fixed: ItemLeft, subject: PortfolioItem, at: tuple[DecisionEvent, int]
) -> None:
    """:func:`merge_target` of ``fixed`` (``at``: the decision it puts right, its position)."""
    target, position = at
    assert fixed.merged_into is not None
    try:
        merge_target(
            item(uow, fixed.merged_into), subject, fixed.decision, "(--set effective_date=DAY)"
        )
    except LedgerError as error:
        raise InvalidDecision(
            f"corrected so, position {position:,} ({target.label}) on {subject.key} would "
            f"itself be refused: {str(error).rstrip('.')}. Nothing was written."
        ).naming_fields("set", *error.fields) from None


def _depends_as_corrected(
    uow: UnitOfWork,
    fixed: DependencyDeclared,
    subject: PortfolioItem,
    at: tuple[DecisionEvent, int],
) -> None:
    """:func:`dependency_target` and :func:`check_not_left` of ``fixed``, as declared so.

    The item depended on was in the ledger by then, and had not left it.
    """
    target, position = at
    other, day = item(uow, fixed.depends_on), fixed.decision.effective_date
    try:
        dependency_target(other, subject, day, "(--set effective_date=DAY)")
        check_not_left(other, subject, day, "with --set effective_date=DAY")
    except LedgerError as error:
        raise InvalidDecision(
            f"corrected so, position {position:,} ({target.label}) on {subject.key} would "
            f"itself be refused: {str(error).rstrip('.')}. Nothing was written."
        ).naming_fields("set", *error.fields) from None


@command("decision annul", c.AnnulDecision)
def annul(uow: UnitOfWork, cmd: c.AnnulDecision) -> Recorded:
    """Annul the decision at a position, if no later decision depends on it."""
    aggregate, before = _annulled(uow, cmd)
    _again_when_stored(uow, aggregate, partial(_annulled, cmd=cmd))
    return warned_of_quorum(uow.save(aggregate), before, aggregate)


def _annulled(uow: UnitOfWork, cmd: c.AnnulDecision) -> tuple[DecidedAggregate, DecidedAggregate]:
    """The aggregate with the decision annulled (not yet saved), and a copy as it was before."""
    aggregate, version = _at(uow, cmd.position)
    decision, target = cmd.decision(), aggregate.decision(version)
    what, before = f"annul {_place(cmd.position, target)}", copy.copy(aggregate)
    _not_by_its_delegate(uow, aggregate, decision, what)
    if isinstance(aggregate, PortfolioItem):
        check_not_interested(uow, aggregate, aggregate.corrected(version), decision, what)
    aggregate.annul(version=version, position=cmd.position, decision=decision)
    _widened_by_its_board(
        uow, (before, aggregate), PuttingRight(decision.actor, what, decision.effective_date)
    )
    return aggregate, before


def _place(position: int, target: DecisionEvent) -> str:
    return f"position {position:,} ({target.label})"


def _not_by_its_delegate(
    uow: UnitOfWork, aggregate: DecidedAggregate, decision: Decision, what: str
) -> None:
    """Refuse a delegate putting right a decision on their own delegation.

    Its grant and revocation are its board's to decide, without the delegate
    (``OwnDelegation``); so is what a correction or annulment changes of them (a
    limit raised, a window extended, a revocation undone). The delegate is the
    correction's actor when its text is their key, name or a post they hold.
    """
    if not isinstance(aggregate, Delegation):
        return
    # Checked again as it is stored, under the append lock: the delegate's name or posts
    # corrected at the same moment are not missed. (Taken now: the correction changes it.)
    of = (aggregate.delegate, aggregate.label(), aggregate.board)
    checked_again_when_stored(uow, partial(_delegate_not, uow, of, decision.actor, what))


def _delegate_not(uow: UnitOfWork, of: tuple[str, str, str], actor: str, what: str) -> None:
    key, delegation, board = of
    delegate = as_at(uow.history(person_id(key)))
    if not isinstance(delegate, Person) or not delegate.answers_to(actor):
        return
    raise SegregationOfDuties(
        f"{delegate.label()} is the delegate of {delegation} and so may not {what} on "
        f"it ({OwnDelegation.rule}); someone else records it (--actor), on the authority of "
        f"board {board}, which delegated it. Nothing was written."
    ).naming_fields("actor")


def _widened_by_its_board(
    uow: UnitOfWork, widening: tuple[DecidedAggregate, DecidedAggregate], put: PuttingRight
) -> None:
    """Refuse a delegation widened (:mod:`~portfolio_ledger.domain.widening`) by a non-member."""
    before, after = widening
    if isinstance(before, Delegation) and isinstance(after, Delegation):
        check_widened_by(uow.history, put, (before, after))


@command("organisation add", c.AddOrganisation)
def add_organisation(uow: UnitOfWork, cmd: c.AddOrganisation) -> Recorded:
    """Add an organisation to the ledger's list (beginning the list with the first)."""
    try:
        organisations: Organisations = uow.get(ORGANISATIONS_ID)
    except AggregateNotFoundError:
        organisations = Organisations.begin(key=cmd.key, name=cmd.name, decision=cmd.decision())
    else:
        organisations.add(key=cmd.key, name=cmd.name, decision=cmd.decision())
    return uow.save(organisations)
