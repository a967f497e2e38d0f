"""A board's limit set lower is not below the limit of a board that escalates to it."""

from __future__ import annotations

from datetime import date

from portfolio_ledger.application.registered import registered
from portfolio_ledger.application.unit_of_work import UnitOfWork
from portfolio_ledger.domain.boards import Board, BoardConstituted
from portfolio_ledger.domain.delegations import check_above_subordinate
from portfolio_ledger.domain.money import Money


def check_above_subordinates(
    uow: UnitOfWork, label: str, key: str, limit: Money | None, on: date
) -> None:
    """Refuse ``limit`` for board ``key`` on ``on`` if a board under it then has a higher one."""
    if limit is None:
        return
    governance = uow.governance(on)
    boards: list[Board] = registered(uow, BoardConstituted)
    for other in boards:
        if other.escalates_to != key or other.constituted_on > on:
            continue
        under = governance.board(other.key)
        check_above_subordinate(label, key, limit, under, on)
