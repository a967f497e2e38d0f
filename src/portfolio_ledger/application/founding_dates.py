"""The decisions on other subjects that name a person, board or item being moved later.

The rule is the domain's (``domain.founding``); here the decisions naming it are
found, as recorded (a batch's own included): appointments on every board, boards
constituted under a board, delegations granted by a board or to a person, and
dependencies declared on an item and mergers into it by other items.

Those are aggregates the correction does not save, as the person or board is to
the decision naming it: each side is checked again as it is stored, under the
append lock (``registered.checked_again_when_stored``), so a registration moved
later and an earlier appointment of that person recorded at the same moment are
not both recorded.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from functools import partial
from itertools import chain
from typing import Any

from portfolio_ledger.application.mergers import merged_into
from portfolio_ledger.application.registered import checked_again_when_stored, registered
from portfolio_ledger.application.unit_of_work import UnitOfWork
from portfolio_ledger.domain.boards import Board, BoardConstituted, MemberAppointed
from portfolio_ledger.domain.decided import Admitting
from portfolio_ledger.domain.decision import DecisionEvent
from portfolio_ledger.domain.delegations import AuthorityDelegated
from portfolio_ledger.domain.events import DependencyDeclared
from portfolio_ledger.domain.founding import check_named_after_made
from portfolio_ledger.domain.governance_facts import as_at
from portfolio_ledger.domain.item import PortfolioItem
from portfolio_ledger.domain.people import Person
from portfolio_ledger.domain.record_keeping import DecisionCorrected


def founding_dates(uow: UnitOfWork) -> Admitting:
    """The check a correction of the day a person, board or item was made passes."""

    def admitting(aggregate: Any, event: DecisionEvent) -> None:
        if not isinstance(event, DecisionCorrected) or event.target != 1:
            return
        if "effective_date" not in event.corrected:
            return
        made_on = event.correct(aggregate.corrected(1)).decision.effective_date
        if isinstance(aggregate, PortfolioItem):
            depended = partial(_depended_on_after, uow, aggregate.key, made_on)
            checked_again_when_stored(uow, depended)
            return
        if not isinstance(aggregate, Person | Board):
            return
        kind = "person" if isinstance(aggregate, Person) else "board"
        checked_again_when_stored(uow, partial(_named_after, uow, kind, aggregate.key, made_on))

    return admitting


def _named_after(uow: UnitOfWork, kind: str, key: str, made_on: date) -> None:
    check_named_after_made(kind, key, made_on, _naming(uow, kind, key))


def _depended_on_after(uow: UnitOfWork, key: str, made_on: date) -> None:
    """Refuse item ``key`` made on ``made_on`` after another depended on it or merged into it.

    As ``item declare-dependency`` refuses a dependency on an item not yet in the ledger,
    and ``item leave --merged-into`` a merger into one.
    """
    naming = chain(_depending_on(uow, key), merged_into(uow, key))
    check_named_after_made("item", key, made_on, naming)


def _depending_on(uow: UnitOfWork, key: str) -> Iterator[tuple[str, DecisionEvent]]:
    """Each dependency declared on item ``key``, in effect on another item."""
    seen: set[Any] = set()
    for dependent in registered(uow, DependencyDeclared):
        if dependent.id in seen:
            continue
        seen.add(dependent.id)
        whole = as_at(uow.history(dependent.id))
        if whole is None:
            continue
        for decision in whole.in_effect():
            if isinstance(decision, DependencyDeclared) and decision.depends_on == key:
                yield whole.key, decision


def made_by(uow: UnitOfWork, kind: str, key: str, on: date) -> None:
    """Refuse naming the ``person`` or ``board`` ``key`` on ``on`` unless made by then.

    As the handler found it (``Governance.person``, ``Governance.board``), and again
    under the append lock: its registration or constitution moved later meanwhile.
    """
    checked_again_when_stored(uow, partial(_made_by, uow, kind, key, on))


def _made_by(uow: UnitOfWork, kind: str, key: str, on: date) -> None:
    governance = uow.governance(on)
    if kind == "person":
        governance.person(key)
    else:
        governance.board(key)


def _naming(uow: UnitOfWork, kind: str, key: str) -> Iterator[tuple[str, DecisionEvent]]:
    """Each decision in effect on another board or delegation that names ``key``."""
    for board in _standing(uow, BoardConstituted):
        for decision in board.in_effect():
            names = (
                (kind == "person" and isinstance(decision, MemberAppointed))
                and decision.person == key
            ) or (
                kind == "board"
                and isinstance(decision, BoardConstituted)
                and decision.escalates_to == key
            )
            if names and board.key != key:
                yield board.key, decision
    for delegation in _standing(uow, AuthorityDelegated):
        grant = delegation.corrected(1)
        if (grant.delegate if kind == "person" else grant.board) == key:
            yield delegation.key, grant


def _standing(uow: UnitOfWork, making: type) -> Iterator[Any]:
    """Every aggregate ``making`` makes, folded whole from its events.

    (A batch keeps some without their decisions.)
    """
    for found in registered(uow, making):
        yield as_at(uow.history(found.id))
