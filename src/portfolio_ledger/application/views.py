"""What queries return: plain, JSON-ready records of items, their history and recordings."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, field_serializer

from portfolio_ledger.application.selection import ItemFilter, Moment, TrailFilter, committed
from portfolio_ledger.domain.figures import Figure, Unstated
from portfolio_ledger.domain.money import Money, json_amount

__all__ = [  # what a read asks for is in application.selection, one item in item_views
    "EscalationView", "FigureView", "ItemFilter", "Moment", "MoneyView", "Recorded",
    "TrailFilter", "View", "committed", "figure_view",
]  # fmt: skip

if TYPE_CHECKING:  # the event classes: imported by the methods that take them, not by readers
    from portfolio_ledger.domain.item import PortfolioItem


class View(BaseModel):
    """Base of what queries return; each builds its schema on first use, for a faster start."""

    model_config = ConfigDict(defer_build=True)


class MoneyView(View):
    """An exact amount; in JSON the amount is text, so no float ever touches it."""

    model_config = ConfigDict(frozen=True)

    amount: Decimal
    currency: str

    @field_serializer("amount", when_used="json")
    def _amount_text(self, amount: Decimal) -> str:
        return json_amount(amount)  # the text every --json gives money (domain/money.py)

    @classmethod
    def of(cls, money: Money | None) -> MoneyView | None:
        """Convert domain money, passing None through."""
        return None if money is None else cls(amount=money.amount, currency=money.currency)

    def __str__(self) -> str:
        return str(Money(amount=self.amount, currency=self.currency))


FigureView = MoneyView | str | None
"""A figure: money, or ``withheld`` / ``not known``, or None (never given)."""


def figure_view(figure: Figure | None) -> FigureView:
    """A domain figure as a view."""
    if isinstance(figure, Unstated):
        return figure.value
    return MoneyView.of(figure)


class EscalationView(View):
    """An open escalation."""

    number: int
    issue: str
    severity: str
    escalated_to: str
    raised_on: date

    @classmethod
    def open_on(cls, item: PortfolioItem) -> list[EscalationView]:
        """The item's open escalations, in the order they were raised."""
        return [
            cls(
                number=e.number,
                issue=e.issue,
                severity=e.severity.value,
                escalated_to=e.escalated_to,
                raised_on=e.raised_on,
            )
            for e in sorted(item.open_escalations.values(), key=lambda e: e.number)
        ]


class Brought(View):
    """An event a command recorded before its last: what it is, and where."""

    event: str
    summary: str
    version: int
    position: int | None


class Recorded(View):
    """What a command recorded: the event, its place in the item and in the ledger.

    A command that records more than one event (a status report beyond a
    tolerance records the report, the breach and its escalation) is reported by
    its last; ``earlier`` holds the others, in the order they were recorded.
    """

    key: str
    event: str
    summary: str
    version: int
    position: int | None
    """None inside a batch: positions are given when the batch is saved."""
    recorded_at: datetime
    detail: dict[str, Any] = {}
    warnings: list[str] = []
    repeated: bool = False
    """True when the request had been recorded before: this is that first result."""
    earlier: list[Brought] = []

    @classmethod
    def of(
        cls,
        key: str,
        event: Any,
        position: int | None,
        *,
        detail: dict[str, Any] | None = None,
        repeated: bool = False,
        earlier: Sequence[tuple[Any, int | None]] = (),
    ) -> Recorded:
        """What recording ``event`` (a decision) at ``position`` says, after ``earlier`` ones."""
        return cls(
            key=key,
            event=event.label,
            summary=event.describe(),
            version=event.originator_version,
            position=position,
            recorded_at=event.timestamp,
            detail=detail or {},
            repeated=repeated,
            earlier=[
                Brought(
                    event=e.label, summary=e.describe(), version=e.originator_version, position=p
                )
                for e, p in earlier
            ],
        )


def subject_key(aggregate: Any) -> str:
    """The key a decision's subject is named by (an item's, a person's...), as replies say it."""
    return str(getattr(aggregate, "key", ""))
