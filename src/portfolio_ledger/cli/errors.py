"""Errors become messages here, at the edge, and nowhere else.

Exit codes: 0 done; 1 the ledger refused or could not do it (a rule, an
unknown item, a conflict, an unreachable database); 2 the command line was
wrong (a missing or invalid option or value, a bad database URL); 70 an
internal error, which is a bug to report; 130 interrupted (Ctrl-C, SIGTERM).
"""

from __future__ import annotations

import errno
import os
import traceback
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from collections.abc import Collection

    from portfolio_ledger.cli.streams import OutputError

REFUSED = 1
USAGE = 2
INTERNAL = 70
INTERRUPTED = 130
_PATHS = {
    errno.ENAMETOOLONG, errno.ENOENT, errno.ENOTDIR, errno.EISDIR, errno.EACCES, errno.EPERM,
    errno.EROFS, errno.ELOOP, errno.ENOSPC, errno.EDQUOT,
}  # fmt: skip
"""The errors of a path the user named (not of the ledger's own code): said, not a bug."""


class TypedWrong(click.ClickException):
    """What was typed is wrong (exit 2), said as ``Error: ...`` without click's usage lines."""

    exit_code = USAGE


class InvalidOptions(Exception):  # noqa: N818 - named for what the user gave
    """A command's options refused by its model, worded (``field_errors``) with their spellings."""


def explain(error: Exception, url: str | None = None) -> tuple[str, int] | None:
    """The message and exit code for an error a user can cause; None if it is a bug.

    ``url`` is the ledger's, where known: a database error on an SQLite file
    is then explained by what the file and its folder allow.
    """
    from portfolio_ledger.application.errors import raised_by, unreadable_event
    from portfolio_ledger.domain.errors import LedgerError

    error = unreadable_event(error) or error  # a stored event edited behind the ledger's back
    if isinstance(error, InvalidOptions):
        return str(error), USAGE
    if raised_by(error, "pydantic_core", "ValidationError"):  # pydantic's, a command's fields
        return field_errors(error), USAGE
    if isinstance(error, LedgerError):  # a malformed value or a missing option: bad usage
        return f"Error: {error}", USAGE if error.usage else REFUSED
    if isinstance(error, OSError) and (said := _os_error(error)) is not None:
        return said, REFUSED
    return _database_error(error, url)


def _os_error(error: OSError) -> str | None:
    """The command's output refused, or a path the user named; None for any other."""
    from portfolio_ledger.cli.streams import OutputError

    if isinstance(error, OutputError):
        return output_error(error)
    if error.filename is not None and error.errno in _PATHS:
        return _path_error(error)
    return None


def output_error(error: OutputError) -> str:
    """The command's own output refused (``> /dev/full``, a full disk): said, not a bug."""
    fix = (
        "Give the command somewhere to write (> FILE, or > /dev/null to discard it)"
        if error.errno == errno.EBADF
        else "Free space where the output goes, or send it elsewhere"
    )
    from portfolio_ledger.cli.streams import DONE

    kept = f"; {DONE[-1]}" if DONE else ""  # a read did nothing that stands
    return (
        f"Error: cannot write to {error.stream}: {error.strerror}. What the command printed "
        f"there is cut short{kept}. {fix}."
    )


def _path_error(error: OSError) -> str:
    """A path the file system refused (a name too long, a folder not there), said so."""
    from portfolio_ledger.domain.errors import shown_path

    return (
        f"Error: cannot use {shown_path(error.filename)}: {error.strerror or error}. Check the "
        "path (its "
        "length, its folder, who may write there) and run the command again."
    )


def field_errors(
    error: Any, options: dict[str, str] | None = None, optional: Collection[str] = ()
) -> str:
    """One line per invalid field: the option, what is wrong, what is expected.

    Worded as the import words a line's fields (``application/field_wording.py``).
    ``options`` spells each field as the command line takes it (``roles`` is
    ``--holds``, ``key`` the ``KEY`` argument: see ``option_spellings``); ``optional``
    the fields that may be left out (``field_wording.may_be_left_out``).
    """
    from portfolio_ledger.application.field_wording import problems

    lines = []
    for location, kind, worded in problems(error.errors(), optional):
        field = str(location[0]) if location else ""
        option = (options or {}).get(field) or ("--" + field.replace("_", "-") if field else "")
        message = worded
        if kind == "extra_forbidden":
            message = f"{'.'.join(map(str, location))!r} is not a field of this command"
        # A rule across several options (exactly one of --board and
        # --delegation, say) has no single option to name.
        lines.append(f"  {option}: {message}" if location else f"  {message}")
    count = len(lines)
    heading = f"Error: {count} invalid value{'s' if count > 1 else ''}; nothing was recorded:"
    return "\n".join([heading, *lines])


def option_spellings(
    command: click.Command, context: click.Context | None = None
) -> dict[str, str]:
    """Each of a command's fields (its parameters' names) as the user gave it.

    An option by its long spelling (``--holds`` for ``roles``), an argument by its
    metavar (``KEY``); an option whose value ``context`` took from the environment
    names its variable too (``--actor (from $PORTFOLIO_LEDGER_ACTOR)``): nothing on
    the command line said ``--actor``, so the fix is in the variable.
    """
    spelt: dict[str, str] = {}
    for param in command.params:
        if isinstance(param, click.Argument):
            spelt[param.name] = param.human_readable_name
            continue
        spelt[param.name] = next((o for o in param.opts if o.startswith("--")), param.opts[0])
        source = context.get_parameter_source(param.name) if context and param.name else None
        if source is click.core.ParameterSource.ENVIRONMENT and isinstance(param.envvar, str):
            spelt[param.name] += f" (from ${param.envvar})"
    return spelt


def _database_error(error: Exception, url: str | None) -> tuple[str, int] | None:
    from portfolio_ledger.storage.errors import explain_database_error

    message = explain_database_error(error, url)
    return None if message is None else (f"Error: {message}", REFUSED)


def report_internal_error(error: BaseException) -> None:
    """A bug: say so plainly; the traceback only when asked for."""
    if os.environ.get("PORTFOLIO_LEDGER_DEBUG"):
        traceback.print_exception(error)
    click.echo(
        f"Internal error: {type(error).__name__}: {error}\n"
        "This is a bug in portfolio-ledger. Set PORTFOLIO_LEDGER_DEBUG=1 to see the "
        "traceback, and please report it.",
        err=True,
    )
