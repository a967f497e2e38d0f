"""What ``item show`` returns: a plain record of one item's state, and its JSON.

Plain dataclasses, not pydantic models: ``item show`` reads one item's row
with SQLAlchemy Core and prints it, and pydantic (with the models' classes)
was the largest part of what it imported (see docs/performance.md). Its JSON
is :func:`~portfolio_ledger.application.record_json.as_json`'s. ``item
history``'s record is ``history_entries.py``'s.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from portfolio_ledger.application.open_records import OpenCorrectiveAction, OpenEscalation
from portfolio_ledger.application.record_json import AS_THEY_ARE, as_json, json_value
from portfolio_ledger.domain.figures import Figure, Unstated
from portfolio_ledger.domain.money import Money

if TYPE_CHECKING:  # the aggregate: imported by the methods that take it, not by readers
    from portfolio_ledger.domain.item import PortfolioItem

FigureValue = Money | str | None
"""A figure: money, or ``withheld`` / ``not known``, or None (never given)."""


@dataclass(frozen=True, slots=True)
class ItemView:
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
    estimated_cost: Money | None
    expected_benefits: Money | None
    risk_rating: str | None
    alignment_score: int | None
    whole_life_cost: FigureValue
    whole_life_cost_reported_on: date | None  # as the forecast's are, below
    authorised_budget: FigureValue
    conditions: tuple[str, ...]
    forecast_cost: FigureValue
    forecast_date: date | None
    forecast_cost_reported_on: date | None  # the report (or baseline) that gave it: before
    forecast_date_reported_on: date | None  # last_status_date if later reports left it out
    rag: str | None
    rag_dimensions: dict[str, str | None]
    last_status_date: date | None
    baseline_source: str | None
    deferred_until: date | None
    paused_from: str | None
    left_from: str | None
    left_reason: str | None
    merged_into: str | None
    open_escalations: list[OpenEscalation]
    open_corrective_actions: list[OpenCorrectiveAction]
    dependencies: dict[str, str]
    last_decision: str
    last_effective_date: date
    version: int
    proposed_at: datetime
    last_recorded_at: datetime

    @classmethod
    def of(cls, item: PortfolioItem) -> ItemView:
        """Describe an item."""
        return cls(**_view_values(item))

    @staticmethod
    def json_of(item: PortfolioItem) -> dict[str, Any]:
        """``ItemView.of(item).as_json()``, without making the record (a rebuild writes one)."""
        values = _view_fields(_view_values(item))
        return {
            name: value if type(value) in AS_THEY_ARE else json_value(value)
            for name, value in zip(_VIEW_FIELDS, values, strict=True)
        }

    def as_json(self) -> dict[str, Any]:
        """The record as JSON-ready values (see the module's docstring)."""
        return as_json(self)

    @classmethod
    def at(cls, item: PortfolioItem, on: date | None) -> ItemView:
        """The item as it stood, folded up to a moment (by ``on``, if given).

        Its version and last recorded time are those of the decision its state
        stands on, the last in effect by ``on``, as the portfolio at that moment
        gives them; not the whole history's.
        """
        view = cls.of(item)
        standing = [e for e in item.in_effect() if on is None or e.decision.effective_date <= on]
        if not standing:
            return view
        last = standing[-1]
        return replace(view, version=last.originator_version, last_recorded_at=last.timestamp)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ItemView:
        """The record :meth:`as_json` gave ``data`` for (as ``item show`` reads it back)."""
        values = dict(data)
        for name in ("objectives", "conditions"):
            values[name] = tuple(values[name])
        for name in ("estimated_cost", "expected_benefits", *_FIGURES):
            values[name] = _money_or_text(values[name])
        for name in _DAYS:
            values[name] = _day(values[name])
        for name in ("proposed_at", "last_recorded_at"):
            values[name] = datetime.fromisoformat(values[name])
        values["open_escalations"] = [
            OpenEscalation(**{**e, "raised_on": date.fromisoformat(e["raised_on"])})
            for e in values["open_escalations"]
        ]
        # None open or declared where the record predates them: none could be.
        values.setdefault("dependencies", {})
        values["open_corrective_actions"] = [
            OpenCorrectiveAction.from_json(a) for a in values.get("open_corrective_actions", [])
        ]
        return cls(**values)


def _view_values(item: PortfolioItem) -> dict[str, Any]:
    """Each of :class:`ItemView`'s fields for the item, by name."""
    values: dict[str, Any] = {name: getattr(item, name) for name in _AS_IS}
    values |= {name: _value_of(getattr(item, name)) for name in _ENUMS}
    values |= {name: _figure(getattr(item, name)) for name in _FIGURES}
    escalations = sorted(item.open_escalations.values(), key=lambda e: e.number)
    values.update(
        view=item.stage.view.value,
        estimated_cost=item.estimated_cost,
        expected_benefits=item.expected_benefits,
        rag_dimensions={name: _value_of(rag) for name, rag in item.rag_dimensions.items()},
        open_escalations=[
            OpenEscalation(e.number, e.issue, e.severity.value, e.escalated_to, e.raised_on)
            for e in escalations
        ],
        open_corrective_actions=[
            OpenCorrectiveAction(a.number, a.action, a.owner, a.due, a.recommended_on)
            for a in sorted(item.open_actions.values(), key=lambda a: a.number)
        ],
        dependencies=dict(sorted(item.dependencies.items())),
        proposed_at=item.created_on,
        last_recorded_at=item.modified_on,
    )
    return values


def _money_or_text(value: Any) -> Any:
    if isinstance(value, dict):
        return Money(Decimal(value["amount"]), value["currency"])
    return value


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


_AS_IS = (
    "key", "title", "organisation", "owner", "sponsor", "category", "currency", "objectives",
    "description", "rank", "alignment_score", "conditions", "forecast_date",
    "forecast_cost_reported_on", "forecast_date_reported_on", "last_status_date",
    "baseline_source", "deferred_until", "merged_into", "last_decision", "last_effective_date",
    "version", "whole_life_cost_reported_on",
)  # fmt: skip
_DAYS = (
    "forecast_date", "forecast_cost_reported_on", "forecast_date_reported_on",
    "last_status_date", "deferred_until", "last_effective_date", "whole_life_cost_reported_on",
)  # fmt: skip
_ENUMS = ("kind", "stage", "risk_rating", "rag", "paused_from", "left_from", "left_reason")
_FIGURES = ("whole_life_cost", "authorised_budget", "forecast_cost")
_VIEW_FIELDS = tuple(f.name for f in fields(ItemView))
_view_fields = itemgetter(*_VIEW_FIELDS)


def _value_of(member: Enum | None) -> Any:
    return None if member is None else member.value


def _figure(figure: Figure | None) -> FigureValue:
    return figure.value if isinstance(figure, Unstated) else figure
