"""Import: many decisions from a file, each checked as the CLI would, recorded as one.

A line names its ``command`` (as on the command line: ``item approve``,
``board appoint``; item commands may drop ``item``) and carries the command's
fields (the option names, with ``-`` or ``_``; lists for repeatable options).
Lines are validated and applied in order through the ledger's own command
methods inside one batch: the file is recorded whole, or, if any line is
refused, not at all. Every refused line is reported with its number.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from portfolio_ledger.application import commands as c
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.application.persistence import Request
from portfolio_ledger.domain.errors import LedgerError

# Each command: the ledger method that records it, and its pydantic model.
COMMANDS: dict[str, tuple[str, type[c.Decided]]] = {
    "item propose": ("propose", c.ProposeItem),
    "item appraise": ("appraise", c.AppraiseItem),
    "item approve": ("approve", c.ApproveItem),
    "item reject": ("reject", c.RejectItem),
    "item defer": ("defer", c.DeferItem),
    "item reprioritise": ("reprioritise", c.ReprioritiseItem),
    "item fund": ("change_funding", c.ChangeFunding),
    "item set-tolerance": ("set_tolerances", c.SetTolerances),
    "item start-delivery": ("start_delivery", c.StartDelivery),
    "item report-status": ("report_status", c.ReportStatus),
    "item escalate": ("escalate", c.EscalateIssue),
    "item resolve": ("resolve_escalation", c.ResolveEscalation),
    "item pause": ("pause", c.PauseItem),
    "item resume": ("resume", c.ResumeItem),
    "item go-live": ("go_live", c.GoLive),
    "item retire": ("retire", c.RetireItem),
    "item cancel": ("cancel", c.CancelItem),
    "portfolio envelope": ("set_envelope", c.SetEnvelope),
    "person add": ("register_person", c.RegisterPerson),
    "board create": ("constitute_board", c.ConstituteBoard),
    "board appoint": ("appoint_member", c.AppointMember),
    "board stand-down": ("stand_down_member", c.StandDownMember),
    "board set-quorum": ("set_quorum", c.SetQuorum),
    "board set-limit": ("set_board_limit", c.SetBoardLimit),
    "authority delegate": ("delegate_authority", c.DelegateAuthority),
    "authority revoke": ("revoke_delegation", c.RevokeDelegation),
}
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


def resolve(name: str) -> str:
    """The full command name (``approve`` is ``item approve``); KeyError if unknown."""
    name = " ".join(name.split()).lower()
    if name in COMMANDS:
        return name
    if f"item {name}" in COMMANDS:
        return f"item {name}"
    raise KeyError(name)


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
            refusal = line if isinstance(line, Refusal) else _apply(ledger, line)
            if refusal is not None:
                ledger.undo_batch()  # keep checking the rest; write none of it
                result.refused_lines += 1
                if len(result.refusals) < MAX_REPORTED:
                    result.refusals.append(refusal)
        result.recorded = batch.recorded
    result.warning = batch.warning
    return result


def _apply(ledger: PortfolioLedger, line: Line) -> Refusal | None:
    method, model = COMMANDS[line.command]
    try:
        command = model.model_validate(line.fields)
    except ValidationError as error:
        return Refusal(line.number, _field_errors(error), usage=True)
    try:
        getattr(ledger, method)(command)
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
