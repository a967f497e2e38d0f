"""``portfolio-ledger grant ROLE``: least privilege on PostgreSQL: append, never change."""

from __future__ import annotations

from typing import cast

import click

from portfolio_ledger.cli.context import LedgerContext, pass_context


@click.command()
@click.argument("role")
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
    from portfolio_ledger.application.errors import LeastPrivilegeError
    from portfolio_ledger.application.persistence import (
        LedgerRecorder,
        execute_all,
        is_postgres,
        least_privilege_statements,
        normalise_url,
    )

    if not is_postgres(normalise_url(ctx.url)):
        raise LeastPrivilegeError(
            "grants are for a PostgreSQL ledger; an SQLite ledger is one file, protected by "
            "its file permissions (let only the ledger's users write to it)."
        )
    ledger, models = ctx.open()
    recorder = cast(LedgerRecorder, ledger.recorder)
    statements = least_privilege_statements(
        models.engine,
        role,
        append_only=[
            recorder.events_table.name,
            recorder.chain_table.name,
            recorder.requests_table.name,
        ],
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
