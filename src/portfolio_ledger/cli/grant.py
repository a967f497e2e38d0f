"""``portfolio-ledger grant ROLE``: least privilege on PostgreSQL: append, never change."""

from __future__ import annotations

import click

from portfolio_ledger.cli.context import LedgerContext, pass_context


def _named(_ctx: click.Context, _param: click.Parameter, role: str) -> str:
    """A role's name; PostgreSQL has no role without one (``""`` quoted is no identifier)."""
    if not role:
        raise click.BadParameter(
            "a role's name cannot be empty; give the PostgreSQL role the application connects as"
        )
    return role


@click.command()
@click.argument("role", callback=_named)
@click.option("--print-sql", is_flag=True, help="Print the SQL for review instead of running it.")
@pass_context
def grant(ctx: LedgerContext, role: str, print_sql: bool) -> None:
    """Let a PostgreSQL ROLE run the ledger, appending events but never changing or deleting them.

    Run it as the ledger's owner (who ran 'init'); the application then
    connects as ROLE. ROLE may select and insert events and hash-chain rows,
    never update or delete them; it keeps the read models (their tracking
    rows, and the tables themselves, so it can rebuild them). See
    docs/verification.md.

    \b
    Examples:
      portfolio-ledger grant ledger_app --print-sql --db postgresql://owner@db/portfolio
      portfolio-ledger grant ledger_app --db postgresql://owner@db/portfolio
    """
    from portfolio_ledger.storage.grants import execute_all, plan_grants, refuse_unless_postgres

    refuse_unless_postgres(ctx.url)
    ledger, models = ctx.open()
    statements = plan_grants(
        ledger.recorder,
        role,
        kept=[models.tracking.table.name],
        owned=[table.name for projection in models.all for table in projection.tables],
    )
    if print_sql:
        click.echo("\n".join(f"{statement};" for statement in statements))
        return
    execute_all(models.engine, statements)
    click.echo(
        f"Granted: {role} may now select and insert events and chain rows (never update or "
        "delete them), and keeps the read models. Run the application as that role."
    )
