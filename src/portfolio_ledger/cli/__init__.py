"""The ``portfolio-ledger`` command line: parse, call the ledger, render. Nothing else.

Heavy libraries (SQLAlchemy, eventsourcing, pydantic, rich) are imported
inside the commands that need them, so ``--help`` and simple commands start
fast.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from portfolio_ledger import __version__
from portfolio_ledger.cli.context import LedgerContext, default_database_path
from portfolio_ledger.cli.errors import INTERNAL, explain, report_internal_error


class LedgerGroup(click.Group):
    """A group that turns the errors a user can cause into one-line messages."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; errors become messages and exit codes, never tracebacks."""
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except BrokenPipeError:
            # The reader went away (``... | head``): stop quietly, as other tools do,
            # with stdout pointed at nothing so the interpreter's last flush cannot fail.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(1)
        except Exception as error:  # noqa: BLE001 - the edge: every error is explained here
            explained = explain(error)
            if explained is None:
                report_internal_error(error)
                ctx.exit(INTERNAL)
            message, code = explained
            click.echo(message, err=True)
            ctx.exit(code)
        finally:
            obj = ctx.find_object(LedgerContext)
            if obj is not None:
                obj.close()


@click.group(
    cls=LedgerGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=f"The ledger lives in an SQLite file by default: {default_database_path()}",
)
@click.option(
    "--db",
    envvar="PORTFOLIO_LEDGER_DB",
    metavar="URL",
    help=(
        "The ledger's database: a file path or sqlite:///PATH, or "
        "postgresql://USER@HOST:PORT/DB. Default: $PORTFOLIO_LEDGER_DB, else the "
        "SQLite file named below."
    ),
)
@click.version_option(__version__, prog_name="portfolio-ledger")
@click.pass_context
def cli(ctx: click.Context, db: str | None) -> None:
    """Record portfolio decisions as immutable events; read the portfolio back.

    \b
    Start with the demo, then look around:
      portfolio-ledger demo
      portfolio-ledger items list --stage pipeline
      portfolio-ledger item history PRJ-001
    """
    ctx.obj = LedgerContext(db=db)


def _use_database(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.ensure_object(LedgerContext).db = value


def _accept_db_anywhere(command: click.Command) -> None:
    """Let ``--db`` follow the command too (``portfolio-ledger demo --db demo.db``)."""
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _accept_db_anywhere(sub)
        if not command.invoke_without_command:
            return
    command.params.append(
        click.Option(
            ["--db"],
            metavar="URL",
            expose_value=False,
            is_eager=True,
            callback=_use_database,
            help="The ledger's database (as for portfolio-ledger --db).",
        )
    )


def _register() -> None:
    from portfolio_ledger.cli import (
        audit,
        audit_chain,  # noqa: F401 - registers audit digest and audit verify
        audit_export,  # noqa: F401 - registers audit export and audit verify-export
        authority,
        boards,
        demo,
        economics,
        grant,
        imports,
        init,
        item,
        items,
        people,
        portfolio,
    )
    from portfolio_ledger.cli import projections as projections_cli

    for command in (
        init.init,
        grant.grant,
        imports.import_,
        item.item,
        items.items,
        portfolio.portfolio,
        economics.economics,
        people.person,
        boards.board,
        authority.authority,
        audit.audit,
        projections_cli.projections,
        demo.demo,
    ):
        _accept_db_anywhere(command)
        cli.add_command(command)


_register()


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="portfolio-ledger")
