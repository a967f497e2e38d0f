"""The composition root: open a ledger with its read models attached and caught up."""

from __future__ import annotations

from portfolio_ledger.application.errors import NotALedger
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.application.ports import ReadModelError
from portfolio_ledger.projections.adopting import refuse_tables_in_the_way
from portfolio_ledger.projections.runner import Projections


def open_ledger(url: str, *, adopt: bool = False) -> tuple[PortfolioLedger, Projections]:
    """Open (creating if need be) the ledger at ``url`` and its read models.

    Raises the ledger's own errors when the URL is wrong or the database
    cannot be reached, or holds another application's tables (unless
    ``adopt``: see :class:`PortfolioLedger`; even then, not where another
    application's table has a read model's name).
    """
    if adopt:
        refuse_tables_in_the_way(url)
    try:
        ledger = PortfolioLedger(url, adopt=adopt)
    except NotALedger:
        # Refused for holding other tables, it says to adopt them with 'init --force',
        # which refuses one of a read model's name: say that instead (the fix that works).
        refuse_tables_in_the_way(url)
        raise
    try:
        projections = Projections(ledger)
    except ReadModelError:
        ledger.close()
        raise
    ledger.attach_read_models(projections)
    return ledger, projections
