"""Import: many decisions from a file, each checked as the CLI would, recorded as one.

A line names its ``command`` (as on the command line: ``item approve``,
``board appoint``; item commands may drop ``item``) and carries the command's
fields (the option names, with ``-`` or ``_``; lists for repeatable options).
Lines are validated and applied in order through the ledger's own command
handlers (found by name in the registry) inside one batch: the file is
recorded whole, or, if any line is refused, not at all. Every refused line
is reported with its number.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.application.ports import Request
from portfolio_ledger.application.registry import resolve
from portfolio_ledger.application.unit_of_work import Batch
from portfolio_ledger.domain.errors import LedgerError

MAX_REPORTED = 50


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the file, read: its number, its command, and its fields."""

    number: int
    command: str
    fields: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Refusal:
    """A line that cannot be recorded, and why."""

    line: int
    message: str
    usage: bool
    """True for a malformed line or field, False for a decision the ledger refuses."""


@dataclass
class Imported:
    """What an import did (or, dry or refused, would have done)."""

    lines: int = 0
    recorded: int = 0
    refusals: list[Refusal] = field(default_factory=list)
    refused_lines: int = 0
    warning: str | None = None
    already: Any = None
    """Where this very file was recorded before (its import is then a no-op)."""


def run_import(
    ledger: PortfolioLedger,
    lines: Iterable[Line | Refusal],
    *,
    write: bool = True,
    request: Request | None = None,
) -> Imported:
    """Check and record every line, in order, as one batch; write nothing if any is refused.

    ``lines`` may carry :class:`Refusal` for lines already found malformed
    when reading the file; they are reported with the rest.
    """
    result = Imported()
    with ledger.batch(write=write, request=request) as batch:
        if batch.already is not None:
            result.already = batch.already
            return result
        for line in lines:
            result.lines += 1
            refusal = line if isinstance(line, Refusal) else _apply(batch, line)
            if refusal is not None:
                batch.undo()  # keep checking the rest; write none of it
                result.refused_lines += 1
                if len(result.refusals) < MAX_REPORTED:
                    result.refusals.append(refusal)
        result.recorded = batch.recorded
    result.warning = batch.warning
    return result


def _apply(batch: Batch, line: Line) -> Refusal | None:
    try:
        command = resolve(line.command).model.model_validate(line.fields)
    except ValidationError as error:
        return Refusal(line.number, _field_errors(error), usage=True)
    try:
        batch.handle(command)
    except LedgerError as error:
        return Refusal(line.number, str(error), usage=False)
    return None


def _field_errors(error: ValidationError) -> str:
    problems = []
    for detail in error.errors():
        where = ".".join(str(part) for part in detail["loc"]) or "line"
        message = str(detail["msg"]).removeprefix("Value error, ")
        if detail["type"] == "extra_forbidden":
            message = "is not a field of this command"
        elif detail["type"] == "missing":
            message = "is required"
        problems.append(f"{where}: {message}")
    return "; ".join(problems)
