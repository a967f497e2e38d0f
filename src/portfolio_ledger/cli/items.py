"""``portfolio-ledger items list``: the portfolio's items, in priority order."""

from __future__ import annotations

from typing import Any

import click

from portfolio_ledger.cli.context import LedgerContext, pass_context
from portfolio_ledger.cli.filters import by_option, item_filter, item_filter_options
from portfolio_ledger.cli.options import json_option


@click.group()
def items() -> None:
    """List the portfolio's items."""


@items.command("list")
@item_filter_options
@by_option
@json_option
@pass_context
def list_items(ctx: LedgerContext, /, by: str | None, as_json: bool, **filters: Any) -> None:
    """List items now, in priority order (unranked last); the same as 'portfolio'.

    \b
    Examples:
      portfolio-ledger items list
      portfolio-ledger items list --stage pipeline --by organisation
      portfolio-ledger items list --stage in-delivery --rag red,amber --json
    """
    from portfolio_ledger.cli.portfolio import list_portfolio

    list_portfolio(ctx, item_filter(**filters), by, None, None, as_json=as_json)
