"""Handlers of the commands on governance: people, boards and delegations."""

from __future__ import annotations

import copy

from portfolio_ledger.application import commands as c
from portfolio_ledger.application.founding_dates import made_by
from portfolio_ledger.application.handlers.authority import record, resolved
from portfolio_ledger.application.namesakes import check_no_namesake
from portfolio_ledger.application.nested_limits import check_board_limits
from portfolio_ledger.application.registry import command
from portfolio_ledger.application.unit_of_work import SingleCommand, UnitOfWork
from portfolio_ledger.application.views import Recorded
from portfolio_ledger.domain.board_limits import limits_of
from portfolio_ledger.domain.boards import Board
from portfolio_ledger.domain.delegations import Delegation
from portfolio_ledger.domain.errors import DuplicateKey
from portfolio_ledger.domain.governance import OwnDelegation
from portfolio_ledger.domain.keys import board_id, delegation_id
from portfolio_ledger.domain.money import Money
from portfolio_ledger.domain.people import Person
from portfolio_ledger.domain.quorum import quorum_lost


@command("person add", c.RegisterPerson)
def register_person(uow: UnitOfWork, cmd: c.RegisterPerson) -> Recorded:
    """Register a person."""
    person = Person.register(key=cmd.key, name=cmd.name, roles=cmd.roles, decision=cmd.decision())
    if uow.exists(person.id):
        raise DuplicateKey("person", person.key)
    check_no_namesake(uow, person.key, person.name)
    return uow.save(person)


@command("board create", c.ConstituteBoard)
def constitute_board(uow: UnitOfWork, cmd: c.ConstituteBoard) -> Recorded:
    """Constitute a board, under the board it escalates to (as that stands then)."""
    decision = cmd.decision()
    on = decision.effective_date
    parent = uow.governance(on).board(cmd.escalates_to) if cmd.escalates_to else None
    board = Board.constitute(
        key=cmd.key,
        name=cmd.name,
        terms_of_reference=cmd.terms_of_reference,
        limit=cmd.limit_money(),
        escalates_to=parent,
        quorum=cmd.quorum,
        decision=decision,
    )
    if uow.exists(board.id):
        raise DuplicateKey("board", board.key)
    if cmd.escalates_to:  # constituted by then, checked again as this board is stored
        made_by(uow, "board", cmd.escalates_to, on)
    check_board_limits(uow, board, limits_of(board.in_effect()))  # within its parent's, each day
    return uow.save(board)


@command("board appoint", c.AppointMember)
def appoint_member(uow: UnitOfWork, cmd: c.AppointMember) -> Recorded:
    """Appoint a person (registered by the effective date) to a board."""
    board = record(uow, Board, board_id(cmd.key), "board", cmd.key)
    decision = cmd.decision()
    person = uow.governance(decision.effective_date).person(cmd.person)
    made_by(uow, "person", cmd.person, decision.effective_date)  # again, as it is stored
    board.appoint(person=person, role=cmd.seat, decision=decision)
    return uow.save(board)


@command("board stand-down", c.StandDownMember)
def stand_down_member(uow: UnitOfWork, cmd: c.StandDownMember) -> Recorded:
    """A member leaves a board."""
    board = record(uow, Board, board_id(cmd.key), "board", cmd.key)
    before = copy.copy(board)
    board.stand_down(person=cmd.person, decision=cmd.decision())
    return warned_of_quorum(uow.save(board), before, board)


@command("board set-quorum", c.SetQuorum)
def set_quorum(uow: UnitOfWork, cmd: c.SetQuorum) -> Recorded:
    """Set a board's quorum."""
    board = record(uow, Board, board_id(cmd.key), "board", cmd.key)
    before = copy.copy(board)
    board.set_quorum(quorum=cmd.quorum, decision=cmd.decision())
    return warned_of_quorum(uow.save(board), before, board)


def warned_of_quorum(recorded: Recorded, before: object, after: object) -> Recorded:
    """``recorded``, warning if the decision left a board unable to meet its quorum."""
    if isinstance(before, Board) and isinstance(after, Board):
        warning = quorum_lost(before, after)
        if warning is not None:
            recorded.warnings.append(warning)
    return recorded


@command("board set-limit", c.SetBoardLimit)
def set_board_limit(uow: UnitOfWork, cmd: c.SetBoardLimit) -> Recorded:
    """Set the most a board may authorise for one item."""
    board = record(uow, Board, board_id(cmd.key), "board", cmd.key)
    decision = cmd.decision()  # a plain amount is in the limit it changes: the one on its day
    then = board.as_on(decision.effective_date) or board
    # Within its parent's and above those under it, each day: checked as the board admits it.
    board.set_limit(limit=cmd.limit_money(currency_of(then.limit)), decision=decision)
    return uow.save(board)


@command("report board-pack", c.TablePack)
def table_pack(uow: UnitOfWork, cmd: c.TablePack) -> Recorded:
    """Record that a board pack was put before a board."""
    board = record(uow, Board, board_id(cmd.board), "board", cmd.board)
    board.table_pack(pack=cmd.pack(), decision=cmd.decision())
    return uow.save(board)


def currency_of(limit: Money | None) -> str:
    """The currency an amount that names none is read in: the board's limit's, else GBP."""
    return "GBP" if limit is None else limit.currency


@command("authority delegate", c.DelegateAuthority)
def delegate_authority(uow: UnitOfWork, cmd: c.DelegateAuthority) -> Recorded:
    """A board's resolution delegates authority to a person."""
    delegation = _granted(uow, cmd)
    if isinstance(uow, SingleCommand):

        def again() -> None:
            # Granted again as it is stored, under the append lock, in a unit of work of its
            # own: its board's limit lowered (its meeting changed) meanwhile is not missed.
            _granted(SingleCommand(uow.ledger), cmd)

        uow.rechecks.append(again)
    return uow.save(delegation)


def _granted(uow: UnitOfWork, cmd: c.DelegateAuthority) -> Delegation:
    """The delegation the resolution grants, checked against governance (not yet saved)."""
    if uow.exists(delegation_id(cmd.key)):
        raise DuplicateKey("delegation", cmd.key)
    own = OwnDelegation(f"delegation {cmd.key}", cmd.to)  # its delegate is recused
    decision, governance = resolved(uow, cmd, cmd.board, own)
    board = governance.board(cmd.board)
    for kind, key in (("board", cmd.board), ("person", cmd.to)):  # again, as it is stored
        made_by(uow, kind, key, decision.effective_date)
    return Delegation.grant(
        key=cmd.key,
        board=board,
        delegate=governance.person(cmd.to),
        limit=cmd.limit_money(currency_of(board.limit)),
        categories=cmd.categories,
        valid_from=cmd.valid_from,
        valid_to=cmd.valid_to,
        decision=decision,
    )


@command("authority revoke", c.RevokeDelegation)
def revoke_delegation(uow: UnitOfWork, cmd: c.RevokeDelegation) -> Recorded:
    """A resolution of the board that made a delegation revokes it."""
    delegation = record(uow, Delegation, delegation_id(cmd.key), "delegation", cmd.key)
    own = OwnDelegation(delegation.label(), delegation.delegate, "record its revocation")
    decision, _governance = resolved(uow, cmd, delegation.board, own)
    delegation.revoke(decision=decision)
    return uow.save(delegation)
