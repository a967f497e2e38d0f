"""``portfolio-ledger init``: create the ledger's tables and say where it lives."""

from __future__ import annotations

import click

from portfolio_ledger.cli.context import LedgerContext, pass_context


@click.command()
@pass_context
def init(ctx: LedgerContext) -> None:
    """Create the ledger (tables and read models) if it does not exist yet.

    Safe to run again: it never changes or removes anything recorded.

    \b
    Examples:
      portfolio-ledger init
      portfolio-ledger --db postgresql://ledger@db.example.org/portfolio init
    """
    from portfolio_ledger.application.persistence import describe_url

    ledger = ctx.ledger
    count = ledger.event_count()
    click.echo(f"Ledger ready: {describe_url(ledger.url)}")
    click.echo(f"It holds {count:,} event{'s' if count != 1 else ''}.")
