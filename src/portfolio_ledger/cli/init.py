"""``portfolio-ledger init``: create the ledger's tables and say where it lives."""

from __future__ import annotations

import click

from portfolio_ledger.cli.context import LedgerContext, pass_context


@click.command()
@click.option(
    "--force",
    is_flag=True,
    help="Create the ledger even in a database that already holds other tables.",
)
@pass_context
def init(ctx: LedgerContext, force: bool) -> None:
    """Create the ledger (tables and read models) if it does not exist yet.

    Safe to run again: it never changes or removes anything recorded. A
    database that holds another application's tables and no ledger is
    refused (a --db pointed at the wrong file, say) unless --force says the
    ledger belongs there; its tables are then added beside the others (never
    over them: a table named as a read model's is refused, nothing created).

    \b
    Examples:
      portfolio-ledger init
      portfolio-ledger --db postgresql://ledger@db.example.org/portfolio init
      portfolio-ledger --db shared.db init --force
    """
    from portfolio_ledger.cli.streams import hold_interruptions
    from portfolio_ledger.storage.urls import describe_url

    ctx.adopt = force
    ledger = ctx.writing()
    count = ledger.event_count()
    hold_interruptions(recorded=True)  # made: what follows says so (``recording.record``)
    click.echo(f"Ledger ready: {describe_url(ledger.url)}")
    click.echo(f"It holds {count:,} event{'s' if count != 1 else ''}.")
