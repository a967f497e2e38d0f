"""Handlers of the commands on the portfolio as a whole: its envelope."""

from __future__ import annotations

from eventsourcing.application import AggregateNotFoundError

from portfolio_ledger.application import commands as c
from portfolio_ledger.application.registry import command
from portfolio_ledger.application.unit_of_work import UnitOfWork
from portfolio_ledger.application.views import Recorded
from portfolio_ledger.domain.portfolio import PORTFOLIO_ID, Portfolio


@command("portfolio envelope", c.SetEnvelope)
def set_envelope(uow: UnitOfWork, cmd: c.SetEnvelope) -> Recorded:
    """Set or change the portfolio's envelope."""
    try:
        portfolio: Portfolio = uow.get(PORTFOLIO_ID)
    except AggregateNotFoundError:
        portfolio = Portfolio.set_up(envelope=cmd.money(), decision=cmd.decision())
    else:
        held = portfolio.envelope  # a plain amount is in the envelope's own currency
        currency = "GBP" if held is None else held.currency
        portfolio.change_envelope(envelope=cmd.money(currency), decision=cmd.decision())
    return uow.save(portfolio)
