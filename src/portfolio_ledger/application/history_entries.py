"""What ``item history`` returns: one plain record a decision, and its JSON.

A plain dataclass, not a pydantic model, and apart from ``item show``'s
record (``item_views.py``): ``item history`` reads one item's rows of the
audit trail with SQLAlchemy Core and prints them, and making the classes it
does not use is part of what a command pays to start (docs/performance.md).
Its JSON is :func:`~portfolio_ledger.application.record_json.as_json`'s.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from portfolio_ledger.application.record_json import as_json

if TYPE_CHECKING:  # the event classes: imported by the methods that take them, not by readers
    from portfolio_ledger.domain.decision import DecisionEvent


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
        return as_json(self)


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
