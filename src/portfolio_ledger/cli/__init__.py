"""The ``portfolio-ledger`` command line: parse, call the ledger, render. Nothing else.

Heavy libraries (SQLAlchemy, eventsourcing, pydantic, rich) are imported
inside the commands that need them, so ``--help`` and simple commands start
fast.
"""

from __future__ import annotations

import os
import sys
from contextlib import suppress
from typing import Any, NoReturn

import click

from portfolio_ledger import __version__
from portfolio_ledger.application.settings import settings_problem
from portfolio_ledger.cli.context import LedgerContext, default_database_path
from portfolio_ledger.cli.errors import (
    INTERNAL,
    INTERRUPTED,
    explain,
    output_error,
    report_internal_error,
)
from portfolio_ledger.cli.given_once import refuse_different_repeats
from portfolio_ledger.cli.lazy import LazyGroup, ListedGroup
from portfolio_ledger.cli.locale_text import misread
from portfolio_ledger.cli.missing_options import name_every_missing
from portfolio_ledger.cli.negative_arguments import read_negative_numbers
from portfolio_ledger.cli.options import DatabaseURL
from portfolio_ledger.cli.render import said
from portfolio_ledger.cli.streams import (
    OutputError,
    begin_command,
    end_at_once_when_interrupted,
    guard_streams,
    hold_interruptions,
    leave,
    quiet_drivers,
    stop_on_terminate,
)
from portfolio_ledger.domain.clock import one_day
from portfolio_ledger.domain.errors import quoted


class LedgerGroup(ListedGroup):
    """The top group: loads each command when it is used; turns errors into messages."""

    def list_commands(self, ctx: click.Context) -> list[str]:  # noqa: ARG002 - click signature
        """Every command's name, loaded or not."""
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:  # noqa: ARG002
        """The command, imported the first time it is asked for."""
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self.add_command(_load(cmd_name), cmd_name)
        return self.commands.get(cmd_name)

    def loaded(self) -> LedgerGroup:
        """This group with every command loaded (for tools that walk them all)."""
        for name in COMMANDS:
            command = self.get_command(click.Context(self), name)
            if isinstance(command, LazyGroup):
                command.load_all()
        return self

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        """The group's context; a refusal of its own options shown as :meth:`invoke` shows one."""
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.exceptions.ClickException as error:
            _show(error)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Refuse, before anything else, arguments and settings that are not valid UTF-8."""
        for number, arg in enumerate(args, start=1):
            if said := misread(f"argument {number}", arg):
                raise click.UsageError(said)
            if not _is_utf8(arg):
                raise click.UsageError(
                    f"argument {number} ({arg.encode('utf-8', 'backslashreplace').decode()}) "
                    "is not valid UTF-8 text; the ledger records text as UTF-8. Retype it, or "
                    "set the terminal's locale to UTF-8."
                )
        for name in sorted(os.environ):
            if not name.startswith("PORTFOLIO_LEDGER_"):
                continue
            if said := misread(f"the environment variable {name}", os.environ[name]):
                raise click.UsageError(said)
            if not _is_utf8(os.environ[name]):
                raise click.UsageError(
                    f"the environment variable {name} is not valid UTF-8 text; set it again"
                )
        problem = settings_problem()
        if problem is not None:
            raise click.UsageError(problem)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; errors become messages and exit codes, never tracebacks.

        Its "today" is the day it began, however long it runs (``clock.one_day``).
        """
        begin_command()
        try:
            with one_day():
                return super().invoke(ctx)
        except click.exceptions.ClickException as error:  # said as ours are
            setattr(error, "message", said(error.message))  # noqa: B010 - typed Final, not so
            _show(error)
        except (click.exceptions.Exit, click.exceptions.Abort):
            raise
        except BrokenPipeError:
            # Only reached where stdout is not the guarded one (see main): stop quietly.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(1)
        except KeyboardInterrupt as interrupted:
            _say(_interrupted(interrupted))
            ctx.exit(INTERRUPTED)
        except Exception as error:  # noqa: BLE001 - the edge: every error is explained here
            behind = _interruption_behind(error)
            if behind is not None:  # the driver failed as the interruption unwound it
                _say(_interrupted(behind))
                ctx.exit(INTERRUPTED)
            obj = ctx.find_object(LedgerContext)
            error = error if obj is None else obj.said_of_its_copy(error)
            explained = explain(error, None if obj is None else obj.named_url())
            if explained is None:
                report_internal_error(error)
                ctx.exit(INTERNAL)
            message, code = explained
            _say(said(message))
            ctx.exit(code)
        finally:
            hold_interruptions()  # the outcome is decided: what follows is tidying
            obj = ctx.find_object(LedgerContext)
            try:
                if obj is not None:  # refused: ended by an error, or an exit other than 0
                    done = sys.exc_info()[1]
                    obj.close(refused=done is not None and getattr(done, "exit_code", 1) != 0)
            finally:
                end_at_once_when_interrupted()


@click.group(
    cls=LedgerGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    # \b: the path on a line of its own, never wrapped (at a '-' of /home/sam-lee, say).
    epilog=f"\b\nThe ledger lives in an SQLite file by default:\n  {default_database_path()}",
)
@click.option(
    "--db",
    envvar="PORTFOLIO_LEDGER_DB",
    metavar="URL",
    type=DatabaseURL(),
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
    if value is None:
        return
    root = ctx.find_root()
    given = root.params.get("db")
    if root.get_parameter_source("db") is click.core.ParameterSource.COMMANDLINE and given != value:
        raise click.UsageError(
            f"--db was given twice ({quoted(given)} before the command, {quoted(value)} after "
            "it); it takes one value, and only the last would be used. Give it once.",
            ctx,
        )
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
            type=DatabaseURL(),
            expose_value=False,
            is_eager=True,
            callback=_use_database,
            help="The ledger's database (as for portfolio-ledger --db).",
        )
    )


# Each command's module, and the name it has there; loaded only when used, so a
# command starts without importing every other command's code. "item", "audit"
# and "portfolio" load their own commands alike (``lazy.py``).
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("init", "init"),
    "grant": ("grant", "grant"),
    "import": ("imports", "import_"),
    "item": ("item", "item"),
    "items": ("items", "items"),
    "portfolio": ("portfolio", "portfolio"),
    "economics": ("economics", "economics"),
    "person": ("people", "person"),
    "board": ("boards", "board"),
    "authority": ("authority", "authority"),
    "audit": ("audit", "audit"),
    "projections": ("projections", "projections"),
    "demo": ("demo", "demo"),
    "decision": ("decision", "decision"),
    "organisation": ("organisation", "organisation"),
    "returns": ("returns", "returns"),
    "report": ("report", "report"),
}


def _load(name: str) -> click.Command:
    from importlib import import_module

    module, attribute = COMMANDS[name]
    command: click.Command = getattr(import_module(f"portfolio_ledger.cli.{module}"), attribute)
    _prepare(command)
    if isinstance(command, LazyGroup):
        command.then_prepare(_prepare)
    return command


def _prepare(command: click.Command) -> None:
    _accept_db_anywhere(command)
    refuse_different_repeats(command)
    name_every_missing(command)
    read_negative_numbers(command)  # after: it rearranges the words the others read


def _is_utf8(text: str) -> bool:
    # Bytes that are not UTF-8 reach Python as lone surrogates (surrogateescape).
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def main() -> None:
    """Console-script entry point: run the command, then leave without tearing down."""
    guard_streams()
    quiet_drivers()
    stop_on_terminate()
    try:
        cli(prog_name="portfolio-ledger")
    except SystemExit as done:
        leave(done.code)
    except OutputError as error:  # the group's --help or --version refused, or "Aborted!"
        if error.stream == "standard output":  # said as a command's own --help is
            _say(said(output_error(error)))
        leave(1)
    leave(0)


def _show(error: click.exceptions.ClickException) -> NoReturn:
    """Show click's refusal (a usage error) and exit with its status, said or not (:func:`_say`)."""
    with suppress(OutputError):
        error.show()
    raise click.exceptions.Exit(error.exit_code)


def _say(message: str) -> None:
    """The command's refusal, on stderr; where stderr refuses it too, its exit status alone.

    Standard error sent to a full disk (``2> log`` there, or ``2>/dev/full``):
    the message cannot be written, and the status still tells; before, the
    failure to write it ended in Python's traceback, and the status was 1 for every refusal.
    """
    with suppress(OutputError):
        click.echo(message, err=True)


def _interruption_behind(error: BaseException) -> KeyboardInterrupt | None:
    """The Ctrl-C or SIGTERM an error was raised while handling, if any.

    SIGTERM in the middle of a driver's work (psycopg's pipeline, say) can
    make the driver fail as the interruption unwinds ("cannot exit pipeline
    mode while busy"): the command was interrupted, and says so.
    """
    seen: set[int] = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, KeyboardInterrupt):
            return cause
        seen.add(id(cause))
        cause = cause.__context__ or cause.__cause__
    return None


def _interrupted(interrupted: KeyboardInterrupt) -> str:
    """What an interruption left: nothing of what it was recording, or all of it."""
    from portfolio_ledger.application.errors import InterruptedAfterRecording

    if isinstance(interrupted, InterruptedAfterRecording):
        return (
            "\nInterrupted after the command's decisions were recorded: they are in the "
            "ledger, whole (an import run again says it was already imported). The read "
            "models had not caught up with them; they catch up on the next command."
        )
    return (
        "\nInterrupted. Whatever was not yet committed was rolled back: a decision or an "
        "import is recorded whole or not at all, and a file --out names is written whole "
        "or not at all (an earlier one left as it was)."
    )


refuse_different_repeats(cli)  # its own --db; each command's as it is loaded
