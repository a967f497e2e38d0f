"""Import: many decisions from a file, each checked as the CLI would, recorded as one.

A line names its ``command`` (as on the command line: ``item approve``,
``board appoint``; item commands may drop ``item``) and carries the command's
fields (the option names, with ``-`` or ``_``; lists for repeatable options).
Lines are validated and applied in order through the ledger's own command
handlers (found by name in the registry) inside one batch: the file is
recorded whole, or, if any line is refused, not at all. Every refused line
is reported with its number, and the lines after it are checked as if it
were not in the file (``Batch.handle`` leaves the batch as it was). A line
refused by the ledger only because of an earlier refused line (``item
approve PRJ-7`` after a refused ``item propose PRJ-7``: see
``consequences.py`` for what is told so) is reported as a consequence of
that line, not as an error of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from typing import Any, NamedTuple, cast
from uuid import UUID

from pydantic import BaseModel, ValidationError

from portfolio_ledger.application.batch import Batch
from portfolio_ledger.application.collector import IMPORT_COLLECT_AFTER, fewer_collections
from portfolio_ledger.application.commands.base import Command
from portfolio_ledger.application.consequences import Refused
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.application.line_errors import field_errors
from portfolio_ledger.application.ports import Request
from portfolio_ledger.application.registry import resolve
from portfolio_ledger.domain.decision import DecisionEvent
from portfolio_ledger.domain.errors import AuthorityNotNamed, LedgerError
from portfolio_ledger.domain.keys import item_id
from portfolio_ledger.domain.quorum import quorum_warning
from portfolio_ledger.domain.record_keeping import BeforeMaking

MAX_REPORTED = 50
CHECKED_AHEAD = 100
"""Lines validated before the first of them is handled, so their items load together."""


class Line(NamedTuple):
    """One line of the file, read: its number, its command, and its fields.

    A named tuple, not a frozen dataclass: made once a line, at a third of the cost.
    """

    number: int
    command: str
    fields: dict[str, Any]
    spelt: dict[str, str] | None = None
    """Fields the line spells otherwise than by their names (``budget``): so refused."""


def _on_a_line(cause: LedgerError) -> str:
    """A refusal as a line's: one worded for the command line's options names the field."""
    wanted = AuthorityNotNamed.within(cause)
    return cause.on_a_line() if wanted is None else wanted.on_a_line()


def _usage(cause: LedgerError) -> bool:
    """Whether a refusal is of a malformed value (bad usage, exit 2), not the ledger's rule."""
    return cause.usage or AuthorityNotNamed.within(cause) is not None


@dataclass(frozen=True, slots=True)
class Refusal:
    """A line that cannot be recorded, and why."""

    line: int
    message: str
    usage: bool
    """True for a malformed line or field, False for a decision the ledger refuses."""
    depends_on: int | None = None
    """The earlier refused line this one was refused because of, if that is all that is wrong."""


@dataclass
class Imported:
    """What an import did (or, dry or refused, would have done)."""

    lines: int = 0
    recorded: int = 0
    refusals: list[Refusal] = field(default_factory=list)
    refused_lines: int = 0
    consequences: int = 0
    """Of the refused lines, those refused only because an earlier line was."""
    warning: str | None = None
    already: Any = None
    """Where this very file was recorded before (its import is then a no-op)."""
    positions: tuple[int, int] | None = None
    """The first and last ledger positions the import wrote (None: it wrote none)."""
    quorum: list[tuple[int, str]] = field(default_factory=list)
    """Each board the file's lines left unable to meet its quorum and the file leaves so: the
    last line that changed it, and the warning its command gives (none on a dry run or a
    refusal)."""
    noted: list[tuple[int, int]] = field(default_factory=list)
    """Each line of the commands ``run_import`` was asked to note, recorded: its number and
    the ledger position of the last event it recorded (none on a dry run or a refusal)."""


def run_import(
    ledger: PortfolioLedger,
    lines: Iterable[Line | Refusal],
    *,
    write: bool = True,
    request: Request | None = None,
    bulk: bool = False,
    noted: Collection[str] = (),
) -> Imported:
    """Check and record every line, in order, as one batch; write nothing if any is refused.

    ``lines`` may carry :class:`Refusal` for lines already found malformed
    when reading the file; they are reported with the rest. ``bulk``: the
    file is very large (see :meth:`PortfolioLedger.batch`). ``noted``: the command models
    whose lines' positions ``Imported.noted`` gives, once the file is recorded.
    """
    result = Imported()
    kept: list[tuple[int, DecisionEvent]] = []
    with (
        fewer_collections(IMPORT_COLLECT_AFTER),
        ledger.batch(write=write, request=request, bulk=bulk) as batch,
    ):
        if batch.already is not None:
            result.already = batch.already
            return result
        batch.quiet = True  # the import reports counts and refusals, not each decision
        warned: dict[UUID, int] = {}
        kept = _record(batch, lines, result, noted, warned)
        result.recorded = batch.recorded
        if write and not result.refused_lines:
            result.quorum = _quorum_left(batch, warned)
        batch.forget_kept()  # before the catch-up: it needs none of it
    result.warning = batch.warning
    if write and batch.keep:
        result.positions = batch.positions
        result.noted = _positions(ledger, kept)
    return result


def _record(
    batch: Batch,
    lines: Iterable[Line | Refusal],
    result: Imported,
    noted: Collection[str],
    warned: dict[UUID, int],
) -> list[tuple[int, DecisionEvent]]:
    """Handle each line in the batch, counting it in ``result``, a refused one undone.

    Returns each recorded line whose command ``noted`` names: its number, its last event.
    ``warned`` gets each board a line was warned of (a quorum beyond its members), by its id:
    the number of the last line that changed it (it is judged as the file leaves it).
    """
    said = batch.counted.warnings  # what the handlers warn of, gathered (none, nearly always)
    refused = Refused()
    kept: list[tuple[int, DecisionEvent]] = []
    models: dict[str, _Model] = {}
    """Each command's model, by its name (looked up once)."""
    made: dict[UUID, int] = {}
    for line, checked in chain.from_iterable(_checked_ahead(batch, lines, models)):
        result.lines += 1
        if isinstance(checked, Refusal):
            refusal: Refusal = checked
            cause: LedgerError | None = None
        else:  # a line that is not a refusal already
            last = batch.last_saved
            cause = _handle(batch, checked, cast(Line, line).number, made)
            if cause is None:
                if type(checked).__name__ in noted and batch.last_saved is not last:
                    kept.append((cast(Line, line).number, cast(DecisionEvent, batch.last_saved)))
                if said:  # judged again once the file is: a later line may put it right
                    board = cast(DecisionEvent, batch.last_saved).originator_id
                    warned[board] = cast(Line, line).number
                    said.clear()
                elif warned and batch.last_saved is not last:  # a later change to such a board
                    board = cast(DecisionEvent, batch.last_saved).originator_id
                    if board in warned:
                        warned[board] = cast(Line, line).number
                continue
            # A value the handler finds malformed (a correction's) is bad usage, as on the CLI
            refusal = Refusal(cast(Line, line).number, _on_a_line(cause), _usage(cause))
        batch.undo()  # keep checking the rest; write none of it
        _tally(result, refused, line, refusal, cause)
    return kept


def _quorum_left(batch: Batch, warned: dict[UUID, int]) -> list[tuple[int, str]]:
    """Each board a line left unable to meet its quorum, and the file left so.

    With the number of the last line that changed it, and the warning its command gives,
    of the board as the whole file leaves it.
    """
    left = ((number, quorum_warning(batch.get(board))) for board, number in warned.items())
    return sorted((number, said) for number, said in left if said is not None)


def _positions(
    ledger: PortfolioLedger, kept: list[tuple[int, DecisionEvent]]
) -> list[tuple[int, int]]:
    """Each line's number with the position its event was stored at (read once it is committed)."""
    stored: dict[UUID, dict[int, int]] = {}
    for _, event in kept:
        if event.originator_id not in stored:
            stored[event.originator_id] = ledger.chain.positions_of(event.originator_id)
    return [(number, stored[e.originator_id][e.originator_version]) for number, e in kept]


class _Model(NamedTuple):
    """A command's model, and its validator's ``validate_python``."""

    model: type[BaseModel]
    validate: Callable[[Any], BaseModel]


def _checked_ahead(
    batch: Batch, lines: Iterable[Line | Refusal], models: dict[str, _Model]
) -> Iterator[list[tuple[Line | Refusal, BaseModel | Refusal]]]:
    """Each line with its validated command (or its refusal), ``CHECKED_AHEAD`` lines a list.

    A list, not a line at a time: the caller's loop resumes this once a list, not once a line.

    The items those lines name are loaded together before the first of them
    is handled (``Batch.load_together``): validation depends on no line before.
    """
    ahead = iter(lines)
    while chunk := list(islice(ahead, CHECKED_AHEAD)):
        checked = [(line, _checked(line, models)) for line in chunk]
        batch.load_together(
            item_id(command.key) for _, command in checked if isinstance(command, Command)
        )
        yield checked


def _checked(line: Line | Refusal, models: dict[str, _Model]) -> BaseModel | Refusal:
    """The line's command, validated; or its refusal."""
    if isinstance(line, Refusal):
        return line
    try:
        known = models.get(line.command)  # (``_validated``'s first look, without its call)
        return _validated(line, models) if known is None else known.validate(line.fields)
    except ValidationError as error:
        message = field_errors(error, models[line.command].model, line.spelt)
        return Refusal(line.number, message, usage=True)


def _handle(
    batch: Batch, command: BaseModel, number: int, made: dict[UUID, int]
) -> LedgerError | None:
    """None if the ledger took the command on line ``number``; else its refusal.

    ``made``: the line that made each subject the file makes, so a decision dated before
    it is told to correct that line's date (its position is not given out yet).
    """
    last = batch.last_saved
    try:
        batch.handle(command)
    except BeforeMaking as error:
        return error.made_on_line(made.get(error.subject_id))
    except LedgerError as error:
        return error
    saved = batch.last_saved
    if saved is not last and saved is not None and saved.originator_version == 1:
        made[saved.originator_id] = number
    return None


def _tally(
    result: Imported,
    refused: Refused,
    line: Line | Refusal,
    refusal: Refusal,
    cause: LedgerError | None,
) -> None:
    """Count a refused line in the result; report it among the first :data:`MAX_REPORTED`."""
    if isinstance(line, Line):
        refusal = _as_consequence(refused, line, refusal, cause)
    result.refused_lines += 1
    result.consequences += refusal.depends_on is not None
    if len(result.refusals) < MAX_REPORTED:
        result.refusals.append(refusal)


def _as_consequence(
    refused: Refused, line: Line, refusal: Refusal, cause: LedgerError | None
) -> Refusal:
    """The refusal; or, if it surely follows from an earlier refused line's, says so."""
    earlier = refused.add(line, refusal.usage, cause)
    if earlier is None:
        return refusal
    return Refusal(
        line.number,
        f"depends on line {earlier:,}, which was refused; fix that line first",
        usage=False,
        depends_on=earlier,
    )


def _validated(line: Line, models: dict[str, _Model]) -> BaseModel:
    """The line's command, validated; ValidationError if it is not valid.

    The first line of each command goes through ``model_validate``, which builds the
    model's validator as it always did; the rest call that validator's ``validate_python``
    as ``model_validate`` does, without its checks of arguments the import leaves unset.
    """
    known = models.get(line.command)
    if known is not None:
        return known.validate(line.fields)
    model: type[BaseModel] = resolve(line.command).model
    try:
        command = model.model_validate(line.fields)
    except ValidationError:
        models[line.command] = _Model(model, model.__pydantic_validator__.validate_python)
        raise
    models[line.command] = _Model(model, model.__pydantic_validator__.validate_python)
    return command
