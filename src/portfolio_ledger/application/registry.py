"""The command registry: each command declared once, with its name, model and handler.

A handler is declared where it is written, with :func:`command`::

    @command("item approve", c.ApproveItem)
    def approve(uow: UnitOfWork, cmd: c.ApproveItem) -> Recorded: ...

mypy checks that the handler takes the model it is declared with. The
ledger's ``handle`` finds the handler by the command's type; the command
line, ``import`` and every later entry point find the model by name.
Whether a command is governed (decided under a board's resolution or a
delegation, which the ledger checks) follows from its model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from portfolio_ledger.application.commands import Decided, Governed, Resolved

if TYPE_CHECKING:
    from portfolio_ledger.application.unit_of_work import UnitOfWork
    from portfolio_ledger.application.views import Recorded

C = TypeVar("C", bound=Decided)
Handler = Callable[["UnitOfWork", C], "Recorded"]


@dataclass(frozen=True, slots=True)
class CommandSpec(Generic[C]):
    """One command: its name (as on the command line), its model, and its handler."""

    name: str
    model: type[C]
    handler: Handler[C]

    @property
    def governed(self) -> bool:
        """Decided under a board's resolution or a delegation, which the ledger checks."""
        return issubclass(self.model, Governed | Resolved)


_BY_NAME: dict[str, CommandSpec[Any]] = {}
_BY_MODEL: dict[type[Decided], CommandSpec[Any]] = {}


def command(name: str, model: type[C]) -> Callable[[Handler[C]], Handler[C]]:
    """Declare ``handler`` as the one that records ``model``, named ``name``."""

    def declare(handler: Handler[C]) -> Handler[C]:
        if name in _BY_NAME or model in _BY_MODEL:
            raise RuntimeError(f"the command {name!r} ({model.__name__}) is declared twice")
        spec = CommandSpec(name, model, handler)
        _BY_NAME[name] = _BY_MODEL[model] = spec
        return handler

    return declare


def commands() -> dict[str, CommandSpec[Any]]:
    """Every command, by name."""
    _load()
    return dict(_BY_NAME)


def spec_for(model: type[Decided]) -> CommandSpec[Any]:
    """The declaration of the command ``model`` is the model of."""
    _load()
    return _BY_MODEL[model]


def resolve(name: str) -> CommandSpec[Any]:
    """The command named ``name`` (``approve`` is ``item approve``); KeyError if unknown."""
    _load()
    name = " ".join(name.split()).lower()
    for candidate in (name, f"item {name}"):
        if candidate in _BY_NAME:
            return _BY_NAME[candidate]
    raise KeyError(name)


def _load() -> None:
    # The handlers declare themselves when imported; import them on first use.
    import portfolio_ledger.application.handlers  # noqa: F401
