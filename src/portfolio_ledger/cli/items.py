"""``portfolio-ledger items list``: the portfolio's items, in priority order."""

from __future__ import annotations

from typing import Any

import click

from portfolio_ledger.cli.context import LedgerContext, pass_context
from portfolio_ledger.cli.filters import by_option, item_filter, item_filter_options
from portfolio_ledger.cli.output import Output, output_options


@click.group()
def items() -> None:
    """List the portfolio's items."""


@items.command("list")
@item_filter_options
@by_option
@output_options(listing=True)
@pass_context
def list_items(ctx: LedgerContext, /, by: str | None, output: Output, **filters: Any) -> None:
    """List items now, in priority order (unranked last); the same as 'portfolio'.

    \b
    Examples:
      portfolio-ledger items list
      portfolio-ledger items list --stage pipeline --by organisation
      portfolio-ledger items list --stage in-delivery --rag red,amber --json
      portfolio-ledger items list --limit 20 --offset 40
      portfolio-ledger items list --out items.csv
    """
    from portfolio_ledger.cli.portfolio import list_portfolio, moment_of

    list_portfolio(ctx, item_filter(**filters), by, moment_of(None, None), output)
