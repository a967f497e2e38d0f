"""What ``item show`` and ``item history`` return: plain records, and their JSON.

Plain dataclasses, not pydantic models: these two commands read one item's
events with SQLAlchemy Core and print it, and pydantic (with the models'
classes) was the largest part of what they imported (see
docs/performance.md). :meth:`as_json` writes exactly what pydantic's
``model_dump(mode="json")`` of the earlier models wrote: money as
``{"amount": text, "currency": code}`` (the text to the cent, as every
``--json`` writes money: ``json_amount``), dates in ISO 8601, UTC times ending
in ``Z``, tuples as lists (a unit test compares the two).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING, Any

from portfolio_ledger.domain.clock import json_time
from portfolio_ledger.domain.figures import Figure, Unstated
from portfolio_ledger.domain.money import Money, json_amount

if TYPE_CHECKING:  # the event classes: imported by the methods that take them, not by readers
    from portfolio_ledger.domain.decision import DecisionEvent
    from portfolio_ledger.domain.item import PortfolioItem

FigureValue = Money | str | None
"""A figure: money, or ``withheld`` / ``not known``, or None (never given)."""


@dataclass(frozen=True, slots=True)
class OpenEscalation:
    """An open escalation."""

    number: int
    issue: str
    severity: str
    escalated_to: str
    raised_on: date


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
            name: value if type(value) in _AS_THEY_ARE else _json_value(value)
            for name, value in zip(_VIEW_FIELDS, values, strict=True)
        }

    def as_json(self) -> dict[str, Any]:
        """The record as JSON-ready values (see the module's docstring)."""
        return _as_json(self)

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


@dataclass(slots=True)
class HistoryEntry:
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
    corrected_by: list[int] = field(default_factory=list)
    annulled_by: int | None = None

    @classmethod
    def of(cls, key: str, event: DecisionEvent, position: int | None = None) -> HistoryEntry:
        """Describe one event; ``authority_detail`` is the mandate of a governed decision."""
        from portfolio_ledger.domain.record_keeping import (
            DecisionAnnulled,
            DecisionCorrected,
            RecordKeeping,
        )

        decision = event.decision
        mandate = decision.mandate
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

    @classmethod
    def from_trail(cls, key: str, row: Any, mandate: dict[str, Any] | None) -> HistoryEntry:
        """The entry for an event's audit-trail row: what :meth:`of` makes of the event itself.

        The trail keeps the mandate as canonical JSON (keys sorted), so it is
        given as the event recorded it (``mandate``: ``Mandate.as_dict()``).
        """
        return cls(
            key=key,
            position=row.position,
            corrects=row.corrects,
            annuls=row.annuls,
            version=row.version,
            event=row.event,
            event_type=row.event_type,
            summary=row.summary,
            actor=row.actor,
            role=row.role,
            authority=row.authority,
            authority_detail=mandate,
            rationale=row.rationale,
            effective_date=row.effective_date,
            recorded_at=row.recorded_at,
            references=tuple(json.loads(row.refs)),
        )

    def as_json(self) -> dict[str, Any]:
        """The entry as JSON-ready values (see the module's docstring)."""
        return _as_json(self)


def linked_history(
    key: str, events: Sequence[DecisionEvent], positions: dict[int, int]
) -> list[HistoryEntry]:
    """Each event as a history entry, with its position and what put it right."""
    from portfolio_ledger.domain.record_keeping import RecordKeeping

    entries = [HistoryEntry.of(key, e, positions.get(e.originator_version)) for e in events]
    targets = {e.originator_version: e.target for e in events if isinstance(e, RecordKeeping)}
    return link_entries(entries, targets)


def link_entries(entries: list[HistoryEntry], targets: dict[int, int]) -> list[HistoryEntry]:
    """Link each entry a correction or an annulment puts right to it (``targets``: by version).

    A correction's position is added to ``corrected_by`` of the entry it
    names, an annulment's is its ``annulled_by``; entries without a position
    put nothing right here.
    """
    by_version = {entry.version: entry for entry in entries}
    for entry in entries:
        if entry.version not in targets or entry.position is None:
            continue
        target = by_version.get(targets[entry.version])
        if target is None:
            continue
        if entry.corrects is not None:
            target.corrected_by.append(entry.position)
        else:
            target.annulled_by = entry.position
    return entries


def _as_json(record: Any) -> dict[str, Any]:
    kind = type(record)
    known = _FIELDS.get(kind)
    if known is None:
        names = tuple(f.name for f in fields(record))
        known = _FIELDS[kind] = (names, attrgetter(*names))
    names, values = known
    return {
        name: value if type(value) in _AS_THEY_ARE else _json_value(value)
        for name, value in zip(names, values(record), strict=True)
    }


_FIELDS: dict[type, tuple[tuple[str, ...], attrgetter[Any]]] = {}
"""Each record class's field names in order, and their getter (``fields`` is slower to call)."""
_AS_THEY_ARE = frozenset({str, int, float, bool, type(None)})
"""The exact types :func:`_json_value` gives back as they are (most values): not called for."""


def _json_value(value: Any) -> Any:
    """A value as pydantic's JSON mode writes it."""
    kind = type(value)
    if kind in _AS_THEY_ARE:
        return value
    exact = _EXACT.get(kind)
    return _any_json(value) if exact is None else exact(value)


def _any_json(value: Any) -> Any:  # noqa: PLR0911 - a case for each kind of value
    """A value as pydantic's JSON mode writes it, whatever its class."""
    if value is None or isinstance(value, str | int | float):  # bool is an int
        return value
    if isinstance(value, Money):
        return _money_json(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return json_time(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return _json_value(value.value)
    if isinstance(value, dict):
        return _dict_json(value)
    if isinstance(value, list | tuple):
        return _list_json(value)
    if isinstance(value, OpenEscalation):
        return _as_json(value)
    raise TypeError(f"cannot show {type(value).__name__} as JSON")


def _money_json(value: Money) -> dict[str, str]:
    return {"amount": json_amount(value.amount), "currency": value.currency}


def _dict_json(value: dict[Any, Any]) -> dict[str, Any]:
    return {str(k): v if type(v) in _AS_THEY_ARE else _json_value(v) for k, v in value.items()}


def _list_json(value: Sequence[Any]) -> list[Any]:
    return [v if type(v) in _AS_THEY_ARE else _json_value(v) for v in value]


_EXACT: dict[type, Any] = {
    Money: _money_json,
    datetime: json_time,
    date: date.isoformat,
    dict: _dict_json,
    list: _list_json,
    tuple: _list_json,
    OpenEscalation: _as_json,
}
"""What :func:`_any_json` does for a value of exactly these classes, found at once."""
