"""What ``portfolio open`` lists: every open escalation and corrective action, with its age.

DOMAIN.md's portfolio office expects "open escalations and corrective
actions, with their age". An item's state holds what is open on it; the read
models count its open escalations (``open_escalations``) and the audit trail
names the items any corrective action was recommended on, so only those items
are read: now, their ``item show`` records as the read models keep them
(:meth:`Holding.of_record`); at a moment, replayed (``ReadSide.controls``), as
the board pack's exceptions are found.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from portfolio_ledger.application.selection import TrailFilter

if TYPE_CHECKING:
    from portfolio_ledger.application.control_views import ActionView, ItemControlView
    from portfolio_ledger.application.open_records import OpenCorrectiveAction, OpenEscalation
    from portfolio_ledger.application.views import EscalationView

    Escalated = EscalationView | OpenEscalation
    """An open escalation: replayed, or as ``item show`` records it."""
    Recommended = ActionView | OpenCorrectiveAction
    """An open corrective action: replayed, or as ``item show`` records it."""

ESCALATION = "escalation"
ACTION = "corrective action"
KINDS = (ESCALATION, ACTION)
"""What is listed, as each row's ``kind`` says it."""
RECOMMENDED = "CorrectiveActionRecommended"
"""The decision that opens a corrective action, as the audit trail names its class."""
DECLARED = "DependencyDeclared"
"""The decision that makes an item depend on another, as the audit trail names its class."""


@dataclass(frozen=True, slots=True)
class Holding:
    """An item and what is open on it: the escalations, then the corrective actions."""

    key: str
    title: str
    organisation: str | None
    escalations: Sequence[Escalated]
    actions: Sequence[Recommended]

    @classmethod
    def of_control(cls, item: ItemControlView) -> Holding:
        """An item replayed at a moment."""
        return cls(
            item.key, item.title, item.organisation, item.open_escalations, item.open_actions
        )

    @classmethod
    def of_record(cls, text: str) -> Holding:
        """An item now, from the ``item show`` record the read models keep of it (JSON)."""
        from portfolio_ledger.application.item_views import ItemView

        item = ItemView.from_json(json.loads(text))
        escalations, actions = item.open_escalations, item.open_corrective_actions
        return cls(item.key, item.title, item.organisation, escalations, actions)


def recorded(kind: str, as_of: datetime | None = None) -> TrailFilter:
    """The audit trail's rows of the item decisions of class ``kind`` (by ``as_of``, if given)."""
    return TrailFilter(event_type=kind, subject_kinds=("item",), end=as_of)


def recommendations(as_of: datetime | None = None) -> TrailFilter:
    """The audit trail's rows of the corrective actions recommended (by ``as_of``, if given)."""
    return recorded(RECOMMENDED, as_of)


def may_hold_open(states: Iterable[Mapping[str, Any]], acted_on: Collection[str]) -> list[str]:
    """The keys of the items that may hold something open: an escalation, or an action.

    ``acted_on``: the keys of the items any corrective action was recommended on;
    their replay says which are still open (a completed, annulled or corrected
    one is not, or not as first recorded).
    """
    return [s["key"] for s in states if s["open_escalations"] or s["key"] in acted_on]


def open_records(
    controls: Iterable[Holding],
    on: date,
    kinds: Collection[str] = KINDS,
    *,
    overdue: bool = False,
) -> list[dict[str, Any]]:
    """Each open escalation and corrective action of these items, aged to ``on``, oldest first.

    ``age_days``: days from the day it was raised (or recommended) to ``on``. A
    corrective action is overdue when its due day is before ``on`` (due on ``on``
    it is not yet), by ``days_overdue``; an escalation has no due day (both None).
    ``overdue`` keeps only the overdue actions. Oldest first, then by key, kind
    (escalations first) and number.
    """
    rows: list[dict[str, Any]] = []
    for item in controls:
        if ESCALATION in kinds and not overdue:
            rows += [_escalation(item, e, on) for e in item.escalations]
        if ACTION in kinds:
            rows += [_action(item, a, on) for a in item.actions]
    if overdue:
        rows = [row for row in rows if row["overdue"]]
    return sorted(
        rows, key=lambda r: (r["raised_on"], r["key"], KINDS.index(r["kind"]), r["number"])
    )


def _item(item: Holding, kind: str, number: int) -> dict[str, Any]:
    return {
        "key": item.key,
        "title": item.title,
        "organisation": item.organisation,
        "kind": kind,
        "number": number,
    }


def _escalation(item: Holding, escalation: Escalated, on: date) -> dict[str, Any]:
    return {
        **_item(item, ESCALATION, escalation.number),
        "what": escalation.issue,
        "severity": escalation.severity,
        "escalated_to": escalation.escalated_to,
        "action_owner": None,
        "due": None,
        "raised_on": escalation.raised_on,
        "age_days": (on - escalation.raised_on).days,
        "overdue": None,
        "days_overdue": None,
    }


def _action(item: Holding, action: Recommended, on: date) -> dict[str, Any]:
    late = (on - action.due).days
    return {
        **_item(item, ACTION, action.number),
        "what": action.action,
        "severity": None,
        "escalated_to": None,
        "action_owner": action.owner,
        "due": action.due,
        "raised_on": action.recommended_on,
        "age_days": (on - action.recommended_on).days,
        "overdue": late > 0,
        "days_overdue": max(0, late),
    }


def day_of(as_of: datetime | None, effective_on: date | None, today: date) -> date:
    """The day ages are counted to: the effective day asked, else the recorded moment's, else today.

    A recorded moment is a UTC time (``--as-of``): its day is its UTC date.
    """
    if effective_on is not None:
        return effective_on
    return today if as_of is None else as_of.astimezone(UTC).date()
