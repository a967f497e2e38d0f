"""``portfolio-ledger import FILE``: many decisions from a JSON Lines file, all or nothing."""

from __future__ import annotations

import difflib
import re
import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import click

from portfolio_ledger.application import strict_json
from portfolio_ledger.application.errors import LedgerAppeared
from portfolio_ledger.application.settings import BULK_IMPORT_BYTES
from portfolio_ledger.cli import render
from portfolio_ledger.cli.context import LedgerContext, pass_context
from portfolio_ledger.cli.import_input import (
    CR_ALONE,
    check_kind,
    read_past_line,
    readable,
    refuse_empty,
    shown,
    skip_utf8_bom,
)
from portfolio_ledger.cli.import_report import say_authority_lost, say_done, say_refused
from portfolio_ledger.cli.options import FilePath
from portfolio_ledger.cli.streams import hold_interruptions
from portfolio_ledger.domain.errors import quoted

if TYPE_CHECKING:
    from portfolio_ledger.application.importer import Imported
    from portfolio_ledger.application.ledger import PortfolioLedger
    from portfolio_ledger.application.ports import Request

MAX_LINE = 4 * 1024 * 1024
NOT_IMPORTED = "request_id"
"""A field of every command that a line never takes: the import is recorded once per file."""
BULK_BYTES_ENV = BULK_IMPORT_BYTES.variable
BULK_BYTES = int(BULK_IMPORT_BYTES.default)
"""A file this large (or ``$PORTFOLIO_LEDGER_BULK_IMPORT_BYTES``) is imported as a bulk
transaction: on SQLite, under a rollback journal rather than the WAL, which would grow by about
2.7 bytes per byte of the file until the import commits (docs/performance.md, "The SQLite
WAL"). Smaller files go through the WAL (under about 45 MB of it)."""


@click.command("import")
@click.argument("file", type=FilePath(exists=True, allow_dash=True))
@click.option("--dry-run", is_flag=True, help="Check every line as if recording it; write nothing.")
@click.option(
    "--actor",
    envvar="PORTFOLIO_LEDGER_ACTOR",
    metavar="NAME",
    help="Actor for lines that name none. Default: $PORTFOLIO_LEDGER_ACTOR.",
)
@click.option(
    "--role",
    envvar="PORTFOLIO_LEDGER_ROLE",
    metavar="ROLE",
    help="Role for lines that name none. Default: $PORTFOLIO_LEDGER_ROLE.",
)
@pass_context
def import_(
    ctx: LedgerContext, file: Path, dry_run: bool, actor: str | None, role: str | None
) -> None:
    """Record the decisions in FILE (JSON Lines, one decision per line), all or nothing.

    Each line is a JSON object: "command" as on the command line (item
    approve, board appoint, ...; item commands may leave out "item"), and
    the command's fields by their option names ("key", "budget",
    "effective_date", "references" as a list, "votes" as an object, ...).
    Every line is checked exactly as the command would check it, in order;
    if any line is refused, every problem is listed with its line number
    and nothing from the file is written. Once it is recorded, a board it
    leaves unable to meet its quorum, and each governance line (board
    stand-down, authority revoke, ...) that leaves decisions recorded before
    it without authority, are warned of on stderr, in their commands' words.
    See docs/import.md.

    \b
    Examples:
      portfolio-ledger import decisions.jsonl --dry-run
      portfolio-ledger import decisions.jsonl
    \b
    A line:
      {"command": "item propose", "key": "PRJ-042", "kind": "project",
       "title": "Payroll replacement", "owner": "Dana Okafor",
       "sponsor": "CFO", "category": "Corporate systems",
       "actor": "spatel", "role": "Portfolio Manager",
       "rationale": "Payroll contract ends March 2028"}

    FILE may be - (standard input), or a pipe (<(...)), read once. See docs/import.md.
    """
    with readable(file) as (copy, checksum):
        _import(ctx, file, copy, checksum=checksum, dry_run=dry_run, given=(actor, role))


def _import(
    ctx: LedgerContext,
    file: Path,
    readable: Path,
    *,
    checksum: str,
    dry_run: bool,
    given: tuple[str | None, str | None],
) -> None:
    """Import ``readable`` (``file``, or a copy of what it held): see :func:`import_`."""
    from portfolio_ledger.application.ports import Request

    # The file is recorded once: importing it again (after a timeout, say) is a no-op, and a
    # dry run of it says so too (it looks the request up; it records nothing).
    request = Request(f"import:{checksum}", checksum, "import")
    defaults = {name: value for name, value in zip(("actor", "role"), given, strict=True) if value}
    check_kind(readable, shown(file))
    refuse_empty(readable, shown(file))
    seconds = 0.0
    try:
        with ctx.unless_absent(dry_run) as checked:
            started = time.perf_counter()
            result = _run(checked.ledger, readable, defaults, request, dry_run)
            seconds = time.perf_counter() - started
            if result.refusals:  # inside: a new ledger built for the import is not put in place
                say_refused(result, shown(file))
    except LedgerAppeared as appeared:  # the same file imported at once by another process?
        from portfolio_ledger.application.importer import Imported

        result = Imported(already=ctx.recorded_meanwhile(request, appeared))
    say_done(result, shown(file), checksum=checksum, seconds=seconds, dry_run=dry_run)
    if result.noted:  # after the commit, read-only: only for the governing lines recorded
        say_authority_lost(ctx.reader, result.noted)


def _run(
    ledger: PortfolioLedger,
    file: Path,
    defaults: dict[str, str],
    request: Request | None,
    dry_run: bool,
) -> Imported:
    from portfolio_ledger.application.importer import run_import
    from portfolio_ledger.cli.recording import GOVERNING

    with render.progress("Importing" if not dry_run else "Checking") as advance:
        lines = read_lines(file, defaults, advance, file.stat().st_size)
        bulk = not dry_run and is_bulk(file)
        result = run_import(
            ledger, lines, write=not dry_run, request=request, bulk=bulk, noted=GOVERNING
        )
        if not dry_run:
            hold_interruptions(recorded=True)  # recorded (or refused whole): the report says which
        return result


def is_bulk(file: Path) -> bool:
    """Whether ``file`` is large enough to be imported as a bulk transaction (see BULK_BYTES)."""
    return file.stat().st_size >= BULK_IMPORT_BYTES.value()


def read_lines(
    file: Path, defaults: dict[str, str], advance: Any = None, size: int = 0
) -> Iterator[Any]:
    """The file's lines as importer lines, or refusals for the malformed ones, streamed."""
    from portfolio_ledger.application.importer import Line, Refusal
    from portfolio_ledger.application.registry import resolve

    spellings = _Spellings()
    new_tuple = tuple.__new__
    names: dict[str, str] = {}
    """Each command as written, by its name (resolved once)."""
    with file.open("rb") as handle:
        done = skip_utf8_bom(handle)
        # At most a line's limit and a byte at a time: a file of one long line is never read
        # whole (its rest is read past, a chunk at a time, once it is refused).
        lines = iter(partial(handle.readline, MAX_LINE + 1), b"")
        for number, raw in enumerate(lines, start=1):
            done += len(raw)
            if advance is not None and number % 1000 == 0:
                advance(done, size)
            if raw.isspace() and len(raw) <= MAX_LINE:  # blank (every line has its b"\n")
                continue  # (longer: the start of a line over the limit, refused as such)
            try:
                line = _parse(raw)
                written = line.pop("command")
                name = names.get(written) or names.setdefault(written, resolve(written).name)
            except _Malformed as error:
                yield Refusal(number, _malformed(error, number, raw, handle), usage=True)
                continue
            except KeyError:  # named as the line spells it, not as resolve() looked it up
                yield Refusal(number, _unknown_command(written), usage=True)
                continue
            try:
                fields = spellings.fields(name, line)
            except _Malformed as error:
                yield Refusal(number, str(error), usage=True)
                continue
            spelt = None if fields is line else spellings.spelt(name, line)
            fields = {**defaults, **fields} if defaults else fields
            yield new_tuple(Line, (number, name, fields, spelt))  # Line(...), without its __new__


def _malformed(error: _Malformed, number: int, raw: bytes, handle: BinaryIO) -> str:
    """Why a line is not a decision; past the rest of it if it is longer than the limit."""
    if len(raw) > MAX_LINE and not raw.endswith(b"\n"):
        read_past_line(handle)
    if number == 1 and raw.lstrip()[:1] == b"[":
        return (
            f"{error}; the file looks like a JSON array ([{{...}}, {{...}}]), but the import "
            "takes JSON Lines: one JSON object per line, each a decision (jq -c '.[]' FILE "
            "writes an array so)"
        )
    return str(error)


def _unknown_command(name: str) -> str:
    """What to write instead of a command name that is not one."""
    from portfolio_ledger.application.registry import commands

    known = {spec.name: spec.name for spec in commands().values()}
    # Also by the decision's own words: "board constitute" for ConstituteBoard.
    for spec in commands().values():
        words = re.findall(r"[A-Z][a-z]+", spec.model.__name__)
        known.setdefault(" ".join(w.lower() for w in reversed(words)), spec.name)
        known.setdefault(" ".join(w.lower() for w in words), spec.name)
    asked = " ".join(name.lower().split())
    if asked not in known and _on_the_command_line(asked):  # item show, audit trail, demo
        return (
            f"{quoted(name)} is a command of the command line that records no decision: an "
            "import records decisions only; run it as a command (docs/import.md lists every "
            "command that can be imported, and its fields)"
        )
    started = [k for k in known if k.startswith(asked) and k[len(asked) : len(asked) + 1] in "- "]
    near = started[:1] or difflib.get_close_matches(asked, list(known), n=1, cutoff=0.6)
    hint = f"did you mean {known[near[0]]!r}? " if near else ""
    return (
        f"{quoted(name)} is not a command that can be imported; {hint}docs/import.md lists "
        "every command and its fields"
    )


def _on_the_command_line(asked: str) -> bool:
    """Whether ``asked`` (``item show``) is a command of the command line, not a group."""
    from portfolio_ledger.cli import cli

    command: click.Command | None = cli
    for part in asked.split():
        if not isinstance(command, click.Group):
            return False
        command = command.get_command(click.Context(command), part)
    return command is not None and command is not cli and not isinstance(command, click.Group)


class _Spellings:
    """Each command's field names, and their other spellings, looked up when first needed.

    Most lines name every field as it is; finding the other spellings loads the command's
    group of the command line (about 20 ms for an import's twenty-odd commands), so they are
    looked up only for a line that names something else.
    """

    def __init__(self) -> None:
        self.own: dict[str, frozenset[str]] = {}
        self.other: dict[str, dict[str, str]] = {}

    def fields(self, name: str, line: dict[str, Any]) -> dict[str, Any]:
        """The line's fields by their names (see :func:`_fields`)."""
        own = self.own.get(name)
        if own is None:
            from portfolio_ledger.application.registry import resolve

            own = self.own[name] = frozenset(resolve(name).model.model_fields) - {NOT_IMPORTED}
        if line.keys() <= own:
            # No other spelling is a field's own name (tests/unit/test_import_line_fields.py),
            # so _fields would take this line as it is.
            return line
        other = self.other.get(name)
        if other is None:
            other = self.other[name] = _aliases(name)
        fields = _fields(line, other)
        if NOT_IMPORTED in fields:
            raise _Malformed(
                f"{NOT_IMPORTED}: is not a field of an import's line; an import is recorded "
                "once per file (importing the same file again records nothing), so leave "
                f"{NOT_IMPORTED} out"
            )
        return fields

    def spelt(self, name: str, line: dict[str, Any]) -> dict[str, str]:
        """The fields ``line`` spells otherwise than by their names: field, as spelt."""
        other = self.other.get(name, {})
        return {other[written]: written for written in line if written in other}


def _fields(line: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """The line's fields by their command names; a field spelt two ways on one line is refused."""
    if line.keys().isdisjoint(names):
        return line  # every field by its own name, as most lines give them
    fields = {names.get(written, written): value for written, value in line.items()}
    if len(fields) == len(line):
        return fields
    fields = {}  # two spellings of one field: which two?
    spelt: dict[str, str] = {}
    for written, value in line.items():
        name = names.get(written, written)
        if name in fields:
            raise _Malformed(
                f"{spelt[name]!r} and {written!r} are the same field, given twice; give it once"
            )
        fields[name], spelt[name] = value, written
    return fields


class _Malformed(Exception):  # noqa: N818 - a line that is not a decision at all
    """A line that is not one JSON object with a command."""


def _parse(raw: bytes) -> dict[str, Any]:
    if len(raw) > MAX_LINE:
        raise _Malformed(
            f"the line is longer than {MAX_LINE:,} bytes, the most a line may hold: check "
            "that each decision has a line of its own, and shorten its longest texts"
        )
    if raw.startswith(b"\xef\xbb\xbf"):  # read past at the file's start only: files joined?
        raise _Malformed(
            "the line starts with a UTF-8 byte-order mark (U+FEFF), which only the start of "
            "a file may hold, as when files saved as 'UTF-8 with BOM' are joined (cat a.jsonl "
            "b.jsonl): delete it, or save each file as UTF-8 without the mark before joining"
        )
    try:
        data = strict_json.loads(raw)
    except strict_json.JSONInputError as error:
        if CR_ALONE.search(raw):  # past the start the file's first bytes were checked for
            raise _Malformed(
                "it holds several decisions, their lines ended by a carriage return alone "
                "(\\r, as classic Mac tools end them): a line of JSON Lines ends in \\n or "
                "\\r\\n; convert the file (tr '\\r' '\\n' < FILE > FILE.jsonl) and import it again"
            ) from None
        raise _Malformed(str(error)) from None
    if not isinstance(data, dict):
        raise _Malformed('not a JSON object; each line is one decision: {"command": ...}')
    if not isinstance(data.get("command"), str):
        raise _Malformed('no "command": name it as on the command line, e.g. "item approve"')
    return data


def _aliases(name: str) -> dict[str, str]:
    """A command's field names as the line may spell them: option names, - or _.

    Only the spellings that are not the field's own name: a line that uses none of them
    names its fields as they are.
    """
    from portfolio_ledger.application.registry import resolve
    from portfolio_ledger.cli import cli

    # This command's model only: ``commands()`` would import every handler and model.
    fields = set(resolve(name).model.model_fields)
    spellings = {field.replace("_", "-"): field for field in fields}
    command: click.Command = cli
    for part in name.split():
        # Only this command's group is loaded (the whole tree costs a fifth of a second).
        assert isinstance(command, click.Group)
        found = command.get_command(click.Context(command), part)
        assert found is not None
        command = found
    for param in command.params:
        if param.name in fields:
            for option in param.opts:
                spelling = option.lstrip("-")
                spellings.setdefault(spelling, param.name)
                spellings.setdefault(spelling.replace("-", "_"), param.name)
    return {spelling: field for spelling, field in spellings.items() if spelling != field}
