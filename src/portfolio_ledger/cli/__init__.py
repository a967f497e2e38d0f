"""The ``portfolio-ledger`` command line: parse, call the ledger, render. Nothing else.

Heavy libraries (SQLAlchemy, eventsourcing, pydantic, rich) are imported
inside the commands that need them, so ``--help`` and simple commands start
fast.
"""

from __future__ import annotations

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


def _register() -> None:
    from portfolio_ledger.cli import demo, init, item, items

    cli.add_command(init.init)
    cli.add_command(item.item)
    cli.add_command(items.items)
    cli.add_command(demo.demo)


_register()


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="portfolio-ledger")
