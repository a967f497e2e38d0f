"""What queries return: plain, JSON-ready records of items, their history and recordings."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict

from portfolio_ledger.application.selection import ItemFilter, Moment, TrailFilter, committed
from portfolio_ledger.domain.figures import Figure, Unstated
from portfolio_ledger.domain.money import Money

__all__ = [  # what a read asks for is defined in application.selection, without pydantic
    "EscalationView", "FigureView", "HistoryEntry", "ItemFilter", "ItemView", "Moment",
    "MoneyView", "Recorded", "TrailFilter", "View", "committed", "figure_view", "linked_history",
]  # fmt: skip

if TYPE_CHECKING:  # the event classes: imported by the methods that take them, not by readers
    from portfolio_ledger.domain.decision import DecisionEvent
    from portfolio_ledger.domain.item import PortfolioItem


class View(BaseModel):
    """Base of what queries return; each builds its schema on first use, for a faster start."""

    model_config = ConfigDict(defer_build=True)


class MoneyView(View):
    """An exact amount; in JSON the amount is text, so no float ever touches it."""

    model_config = ConfigDict(frozen=True)

    amount: Decimal
    currency: str

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


class ItemView(View):
    """An item's current state, as ``item show`` presents it."""

    key: str
    kind: str
    title: str
    organisation: str | None
    stage: str
    view: str
    owner: str
    sponsor: str
    category: str
    currency: str
    objectives: tuple[str, ...]
    description: str | None
    rank: int | None
    estimated_cost: MoneyView | None
    expected_benefits: MoneyView | None
    risk_rating: str | None
    alignment_score: int | None
    whole_life_cost: FigureView
    authorised_budget: FigureView
    conditions: tuple[str, ...]
    forecast_cost: FigureView
    forecast_date: date | None
    rag: str | None
    rag_dimensions: dict[str, str | None]
    last_status_date: date | None
    baseline_source: str | None
    deferred_until: date | None
    paused_from: str | None
    left_from: str | None
    left_reason: str | None
    merged_into: str | None
    open_escalations: list[EscalationView]
    last_decision: str
    last_effective_date: date
    version: int
    proposed_at: datetime
    last_recorded_at: datetime

    @classmethod
    def of(cls, item: PortfolioItem) -> ItemView:
        """Describe an item."""
        values: dict[str, Any] = {name: getattr(item, name) for name in _AS_IS}
        values |= {name: _value_of(getattr(item, name)) for name in _ENUMS}
        values |= {name: figure_view(getattr(item, name)) for name in _FIGURES}
        return cls(
            **values,
            view=item.stage.view.value,
            estimated_cost=MoneyView.of(item.estimated_cost),
            expected_benefits=MoneyView.of(item.expected_benefits),
            rag_dimensions={name: _value_of(rag) for name, rag in item.rag_dimensions.items()},
            open_escalations=EscalationView.open_on(item),
            proposed_at=item.created_on,
            last_recorded_at=item.modified_on,
        )


_AS_IS = (
    "key", "title", "organisation", "owner", "sponsor", "category", "currency", "objectives",
    "description", "rank", "alignment_score", "conditions", "forecast_date",
    "last_status_date", "baseline_source", "deferred_until", "merged_into", "last_decision",
    "last_effective_date", "version",
)  # fmt: skip
_ENUMS = ("kind", "stage", "risk_rating", "rag", "paused_from", "left_from", "left_reason")
_FIGURES = ("whole_life_cost", "authorised_budget", "forecast_cost")


def _value_of(member: Enum | None) -> Any:
    return None if member is None else member.value


class HistoryEntry(View):
    """One recorded decision on an item, with its governance metadata and both clocks.

    ``position`` is its place in the ledger. A correction or an annulment
    names the position it puts right (``corrects``, ``annuls``); a decision
    put right lists the positions that did so (``corrected_by``,
    ``annulled_by``). The entry itself is always the decision as recorded.
    """

    key: str
    position: int | None
    version: int
    event: str
    event_type: str
    summary: str
    actor: str
    role: str
    authority: str | None
    authority_detail: dict[str, Any] | None
    rationale: str
    effective_date: date
    recorded_at: datetime
    references: tuple[str, ...]
    corrects: int | None = None
    annuls: int | None = None
    corrected_by: list[int] = []
    annulled_by: int | None = None

    @classmethod
    def of(cls, key: str, event: DecisionEvent, position: int | None = None) -> HistoryEntry:
        """Describe one event; ``authority_detail`` is the mandate of a governed decision."""
        decision = event.decision
        mandate = decision.mandate
        from portfolio_ledger.domain.record_keeping import (
            DecisionAnnulled,
            DecisionCorrected,
            RecordKeeping,
        )

        target = event.target_position if isinstance(event, RecordKeeping) else None
        return cls(
            key=key,
            position=position,
            corrects=target if isinstance(event, DecisionCorrected) else None,
            annuls=target if isinstance(event, DecisionAnnulled) else None,
            version=event.originator_version,
            event=event.label,
            event_type=type(event).__name__,
            summary=event.describe(),
            actor=decision.actor,
            role=decision.role,
            authority=decision.authority,
            authority_detail=mandate.as_dict() if mandate is not None else None,
            rationale=decision.rationale,
            effective_date=decision.effective_date,
            recorded_at=event.timestamp,
            references=decision.references,
        )


def linked_history(
    key: str, events: Sequence[DecisionEvent], positions: dict[int, int]
) -> list[HistoryEntry]:
    """Each event as a history entry, with its position and what put it right."""
    from portfolio_ledger.domain.record_keeping import DecisionCorrected, RecordKeeping

    entries = [HistoryEntry.of(key, e, positions.get(e.originator_version)) for e in events]
    by_version = {entry.version: entry for entry in entries}
    for event, entry in zip(events, entries, strict=True):
        if isinstance(event, RecordKeeping) and entry.position is not None:
            target = by_version.get(event.target)
            if target is None:
                continue
            if isinstance(event, DecisionCorrected):
                target.corrected_by.append(entry.position)
            else:
                target.annulled_by = entry.position
    return entries


class Recorded(View):
    """What a command recorded: the event, its place in the item and in the ledger."""

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

    @classmethod
    def of(
        cls,
        key: str,
        event: Any,
        position: int | None,
        *,
        detail: dict[str, Any] | None = None,
        repeated: bool = False,
    ) -> Recorded:
        """What recording ``event`` (a decision) at ``position`` says."""
        return cls(
            key=key,
            event=event.label,
            summary=event.describe(),
            version=event.originator_version,
            position=position,
            recorded_at=event.timestamp,
            detail=detail or {},
            repeated=repeated,
        )
