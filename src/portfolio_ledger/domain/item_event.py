"""The base of every item event, and what item events share: checks, and the stored name.

Item event classes live in modules by group (``events_definition``,
``events_authorisation``, ``events_control``, ``events_lifecycle``), but are
stored, as they always were, under ``portfolio_ledger.domain.events``: the
name a class is stored under (its topic) is part of the record, so it never
changes however the code is arranged (:func:`stored_as`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, TypeVar

from portfolio_ledger.domain.decision import Decision, DecisionEvent
from portfolio_ledger.domain.errors import AuthorityNotNamed, InvalidDecision
from portfolio_ledger.domain.figures import Figure
from portfolio_ledger.domain.lifecycle import Action, check_allowed
from portfolio_ledger.domain.money import Money

if TYPE_CHECKING:
    from portfolio_ledger.domain.item import PortfolioItem

T = TypeVar("T", bound=type)
EVENTS_MODULE = "portfolio_ledger.domain.events"


def stored_as(module: str) -> Callable[[T], T]:
    """Keep the name an event class is stored under, wherever its code lives."""

    def keep(cls: T) -> T:
        cls.__code_module__ = cls.__module__  # type: ignore[attr-defined]  # where its code is
        cls.__module__ = module
        return cls

    return keep


@dataclass(frozen=True)
class ItemEvent(DecisionEvent):
    """Base of every item event: a decision on one item."""

    governs: ClassVar[str] = "decide on it"
    """What the decision does to the item, as a refusal of its authority says (``may not ...``)."""

    def check(self, aggregate: PortfolioItem) -> None:
        """Refuse the decision if the item, just before it, does not allow it."""


def allowed(action: Action, item: PortfolioItem) -> None:
    """Refuse ``action`` if the item's stage does not allow it."""
    check_allowed(action, item.key, item.stage)


def same_currency(item: PortfolioItem, *figures: Figure | None) -> None:
    """Refuse money in another currency than the item's."""
    for figure in figures:
        if isinstance(figure, Money) and figure.currency != item.currency:
            raise InvalidDecision(
                f"{item.key} is budgeted in {item.currency}; give amounts in "
                f"{item.currency}, not {figure.currency}"
            )


def named_authority(action: Action, item: PortfolioItem, decision: Decision) -> None:
    """Refuse an authorisation that does not say what authority it is made under."""
    if decision.authority is None:
        raise AuthorityNotNamed(
            f"to {action.of(item.key)} name the authority it is decided "
            "under (a board or a delegation)",
            checkable=True,
        )


def mandated(action: Action, item: PortfolioItem, decision: Decision) -> None:
    """Refuse a governed decision that names no board's resolution or delegation."""
    if decision.mandate is None or decision.authority is None:
        raise InvalidDecision(
            f"to {action.of(item.key)} name the authority it is decided under: a "
            "board (--board, with --present and --vote) or a delegation (--delegation)"
        ).naming_fields("board", "present", "vote=votes", "delegation")
