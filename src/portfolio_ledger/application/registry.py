"""The command registry: each command declared once, with its name, model and handler.

Where each command lives is written down here, in :data:`WHERE`: the
module of its model (under ``application.commands``) and of its handler
(under ``application.handlers``). A process that records one command
imports those two modules and no other command's, so it neither imports
nor builds the models and handlers it does not use.

The handler is declared where it is written, with :func:`command`::

    @command("item approve", c.ApproveItem)
    def approve(uow: UnitOfWork, cmd: c.ApproveItem) -> Recorded: ...

mypy checks that the handler takes the model it is declared with, and
the registry that the declaration agrees with :data:`WHERE`. The ledger's
``handle`` finds the handler by the command's type; the command line,
``import`` and every later entry point find the model by name. Whether a
command is governed (decided under a board's resolution or a delegation,
which the ledger checks) follows from its model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar

if TYPE_CHECKING:
    from portfolio_ledger.application.commands import Decided
    from portfolio_ledger.application.unit_of_work import UnitOfWork
    from portfolio_ledger.application.views import Recorded

C = TypeVar("C", bound="Decided")
Handler = Callable[["UnitOfWork", C], "Recorded"]

COMMANDS = "portfolio_ledger.application.commands"
HANDLERS = "portfolio_ledger.application.handlers"


class Where(NamedTuple):
    """Where a command's model and handler are: modules under ``commands`` and ``handlers``."""

    models: str
    model: str
    handlers: str


WHERE: dict[str, Where] = {
    "item propose": Where("items", "ProposeItem", "items"),
    "item onboard": Where("items", "OnboardItem", "items"),
    "item amend": Where("items", "AmendItem", "items"),
    "item transfer": Where("items", "TransferItem", "items"),
    "item leave": Where("items", "LeaveItem", "items"),
    "item appraise": Where("items", "AppraiseItem", "items"),
    "item approve": Where("items", "ApproveItem", "items"),
    "item fund": Where("items", "ChangeFunding", "items"),
    "item set-tolerance": Where("items", "SetTolerances", "items"),
    "item defer": Where("items", "DeferItem", "items"),
    "item reprioritise": Where("items", "ReprioritiseItem", "items"),
    "item report-status": Where("items", "ReportStatus", "items"),
    "item escalate": Where("items", "EscalateIssue", "items"),
    "item resolve": Where("items", "ResolveEscalation", "items"),
    "item review-gate": Where("items", "ReviewGate", "items"),
    "item measure-benefit": Where("items", "MeasureBenefit", "items"),
    "item recommend-action": Where("items", "RecommendAction", "items"),
    "item complete-action": Where("items", "CompleteAction", "items"),
    "item declare-dependency": Where("items", "DeclareDependency", "items"),
    "item remove-dependency": Where("items", "RemoveDependency", "items"),
    "item reject": Where("items", "RejectItem", "items"),
    "item start-delivery": Where("items", "StartDelivery", "items"),
    "item pause": Where("items", "PauseItem", "items"),
    "item resume": Where("items", "ResumeItem", "items"),
    "item go-live": Where("items", "GoLive", "items"),
    "item retire": Where("items", "RetireItem", "items"),
    "item cancel": Where("items", "CancelItem", "items"),
    "portfolio envelope": Where("items", "SetEnvelope", "portfolio"),
    "person add": Where("governance", "RegisterPerson", "governance"),
    "board create": Where("governance", "ConstituteBoard", "governance"),
    "board appoint": Where("governance", "AppointMember", "governance"),
    "board stand-down": Where("governance", "StandDownMember", "governance"),
    "board set-quorum": Where("governance", "SetQuorum", "governance"),
    "board set-limit": Where("governance", "SetBoardLimit", "governance"),
    "report board-pack": Where("governance", "TablePack", "governance"),
    "authority delegate": Where("governance", "DelegateAuthority", "governance"),
    "authority revoke": Where("governance", "RevokeDelegation", "governance"),
    "decision correct": Where("records", "CorrectDecision", "records"),
    "decision annul": Where("records", "AnnulDecision", "records"),
    "organisation add": Where("records", "AddOrganisation", "records"),
}
"""Every command by name: the modules of its model and handler, and its model's name."""


@dataclass(frozen=True, slots=True)
class CommandSpec(Generic[C]):
    """One command: its name (as on the command line), its model, and its handler."""

    name: str
    model: type[C]
    handler: Handler[C]

    @property
    def governed(self) -> bool:
        """Decided under a board's resolution or a delegation, which the ledger checks."""
        from portfolio_ledger.application.commands.base import Governed, Resolved

        return issubclass(self.model, Governed | Resolved)


_DECLARED: dict[str, CommandSpec[Any]] = {}
_BY_MODEL: dict[tuple[str, str], str] = {
    (f"{COMMANDS}.{where.models}", where.model): name for name, where in WHERE.items()
}


def command(name: str, model: type[C]) -> Callable[[Handler[C]], Handler[C]]:
    """Declare ``handler`` as the one that records ``model``, named ``name``."""

    def declare(handler: Handler[C]) -> Handler[C]:
        where = WHERE.get(name)
        if where is None or (model.__module__, model.__name__) != (
            f"{COMMANDS}.{where.models}",
            where.model,
        ):
            raise RuntimeError(
                f"the command {name!r} ({model.__module__}.{model.__name__}) is not where "
                "the registry's WHERE says it is"
            )
        if handler.__module__ != f"{HANDLERS}.{where.handlers}":
            raise RuntimeError(f"the handler of {name!r} is not in {HANDLERS}.{where.handlers}")
        if name in _DECLARED:
            raise RuntimeError(f"the command {name!r} ({model.__name__}) is declared twice")
        _DECLARED[name] = CommandSpec(name, model, handler)
        return handler

    return declare


def commands() -> dict[str, CommandSpec[Any]]:
    """Every command, by name (every model and handler imported)."""
    return {name: _spec(name) for name in WHERE}


def spec_for(model: type[Decided]) -> CommandSpec[Any]:
    """The declaration of the command ``model`` is the model of.

    Kept by the model once found: the ledger asks for every command it handles (an
    import, at every line), and a declaration never changes once made.
    """
    found = _BY_TYPE.get(model)
    if found is None:
        found = _BY_TYPE[model] = _spec(_BY_MODEL[model.__module__, model.__name__])
    return found


_BY_TYPE: dict[type, CommandSpec[Any]] = {}


def resolve(name: str) -> CommandSpec[Any]:
    """The command named ``name`` (``approve`` is ``item approve``); KeyError if unknown."""
    name = " ".join(name.split()).lower()
    for candidate in (name, f"item {name}"):
        if candidate in WHERE:
            return _spec(candidate)
    raise KeyError(name)


def _spec(name: str) -> CommandSpec[Any]:
    """The command's declaration, its handler's module imported (it declares itself) if need be."""
    if name not in _DECLARED:
        import_module(f"{HANDLERS}.{WHERE[name].handlers}")
        if name not in _DECLARED:
            raise RuntimeError(f"{HANDLERS}.{WHERE[name].handlers} declares no {name!r}")
    return _DECLARED[name]
