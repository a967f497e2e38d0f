"""A board's limits checked against its parent's and those of the boards under it, every day.

The rule is the domain's (``domain.board_limits``); here the other boards' limits
are found, as recorded (a batch's own included): the parent by its key, the boards
under it among every board recorded (``registered``: the log is read once per unit
of work, then only what was added since).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from portfolio_ledger.application.registered import checked_again_when_stored, registered
from portfolio_ledger.application.unit_of_work import UnitOfWork
from portfolio_ledger.domain.board_limits import (
    Limits,
    changes_limits,
    check_limits_nest,
    in_effect_with,
    limits_of,
)
from portfolio_ledger.domain.boards import Board, BoardConstituted
from portfolio_ledger.domain.decided import Admitting
from portfolio_ledger.domain.decision import DecisionEvent
from portfolio_ledger.domain.errors import AuthorityExceeded
from portfolio_ledger.domain.governance_facts import as_at
from portfolio_ledger.domain.keys import board_id
from portfolio_ledger.domain.record_keeping import DecisionAnnulled, DecisionCorrected


def check_board_limits(
    uow: UnitOfWork, board: Board, limits: Limits, was: Limits = (), dated: bool = True
) -> None:
    """Refuse ``board``'s ``limits`` (``was`` before: none, for a new board) if they break the rule.

    Every day on which its limit is other than it was is judged; ``dated``: the change
    has a date that could be later (not an annulment). Checked again as the board is
    stored, under the append lock: its parent's limit lowered, or a board under it
    made, at the same moment is not missed.
    """
    checked_again_when_stored(uow, partial(_check, uow, board, limits, was, dated))


def _check(uow: UnitOfWork, board: Board, limits: Limits, was: Limits, dated: bool) -> None:
    parent = None if board.escalates_to is None else _limits(uow, board.escalates_to)
    under: list[tuple[Board, Limits]] = []
    if was:  # a new board has none under it yet
        boards: list[Board] = registered(uow, BoardConstituted)
        under = [
            _limits(uow, other.key)
            for other in boards
            if other.escalates_to == board.key and other.key != board.key
        ]
    check_limits_nest(board, (limits, was), parent, under, dated=dated)


def _limits(uow: UnitOfWork, key: str) -> tuple[Board, Limits]:
    """A board as recorded, and its limits.

    Folded from its events: a batch keeps the boards it saved without their decisions.
    """
    board = as_at(uow.history(board_id(key)))
    assert isinstance(board, Board)  # the key of a board recorded: a parent, or one under it
    return board, limits_of(board.in_effect())


def nested_limits(uow: UnitOfWork) -> Admitting:
    """The check a board's every new decision, correction or annulment passes (others: none)."""

    def admitting(aggregate: Any, event: DecisionEvent) -> None:
        if not isinstance(aggregate, Board) or not changes_limits(aggregate, event):
            return
        limits, was = limits_of(in_effect_with(aggregate, event)), limits_of(aggregate.in_effect())
        if limits == was:
            return
        # Checked again under the append lock in the same words (a correction's, an annulment's).
        checked_again_when_stored(uow, partial(_admitted, uow, aggregate, event, limits, was))

    return admitting


def _admitted(
    uow: UnitOfWork, board: Board, event: DecisionEvent, limits: Limits, was: Limits
) -> None:
    """:func:`_check` of ``board`` given ``event``; a refusal names a correction, an annulment."""
    try:
        _check(uow, board, limits, was, not isinstance(event, DecisionAnnulled))
    except AuthorityExceeded as error:
        if isinstance(event, DecisionCorrected):
            error.args = (f"corrected so, {event.where()} on {board.key}: {error}",)
        elif isinstance(event, DecisionAnnulled):
            error.args = (f"with {event.where()} on {board.key} annulled, {error}",)
        raise
