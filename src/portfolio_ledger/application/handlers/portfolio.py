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
        # A plain amount is in the currency of the envelope it changes: the one on its day.
        decision = cmd.decision()
        held = (portfolio.as_on(decision.effective_date) or portfolio).envelope
        currency = "GBP" if held is None else held.currency
        portfolio.change_envelope(envelope=cmd.money(currency), decision=decision)
    return uow.save(portfolio)
