"""``portfolio-ledger items list``: the portfolio's items, in priority order."""

from __future__ import annotations

import click

from portfolio_ledger.cli import render
from portfolio_ledger.cli.context import LedgerContext, pass_context
from portfolio_ledger.cli.options import json_option, stage_option, stages_for


@click.group()
def items() -> None:
    """List the portfolio's items."""


@items.command("list")
@stage_option
@json_option
@pass_context
def list_items(ctx: LedgerContext, stage: str | None, as_json: bool) -> None:
    """List items now, in priority order (unranked last); the same as 'portfolio'.

    \b
    Examples:
      portfolio-ledger items list
      portfolio-ledger items list --stage pipeline
      portfolio-ledger items list --stage in-delivery --json
    """
    from portfolio_ledger.application.views import Moment
    from portfolio_ledger.cli.views import show_portfolio

    rows = ctx.reader.portfolio(Moment(), stages_for(stage))
    if as_json:
        render.as_json(rows)
        return
    show_portfolio(
        rows, f"{len(rows)} item{'s' if len(rows) != 1 else ''}" + (f" ({stage})" if stage else "")
    )
