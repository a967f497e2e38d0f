"""What the control query returns: an item's exceptions-relevant state at a moment."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from portfolio_ledger.application.views import EscalationView, View
from portfolio_ledger.domain.item import PortfolioItem


class ActionView(View):
    """An open corrective action: what, who owns it, when it is due, when recommended."""

    number: int
    action: str
    owner: str
    due: date
    recommended_on: date

    @classmethod
    def open_on(cls, item: PortfolioItem) -> list[ActionView]:
        """The item's open corrective actions, in the order they were recommended."""
        return [
            cls(
                number=a.number,
                action=a.action,
                owner=a.owner,
                due=a.due,
                recommended_on=a.recommended_on,
            )
            for a in sorted(item.open_actions.values(), key=lambda a: a.number)
        ]


class ItemControlView(View):
    """An item's control state: recent RAGs, open escalations (which are breaches), actions."""

    key: str
    title: str
    organisation: str | None
    owner: str
    sponsor: str
    stage: str
    rag_history: tuple[str, ...]
    """The overall RAG of its last status reports (at most three), oldest first."""
    last_status_date: date | None
    deferred_until: date | None
    open_escalations: list[EscalationView]
    breach_escalations: dict[str, int]
    """For each tolerance dimension breached and still escalated, the escalation's number."""
    tolerances_set_by: str | None
    open_actions: list[ActionView] = Field(default_factory=list)
    """Its open corrective actions (``portfolio open``, the pack's R7)."""
    dependencies: dict[str, str] = Field(default_factory=dict)
    """The items it depends on, by key: on what of each (the pack's R8)."""
    left_reason: str | None = None
    """Why it left the portfolio, if it has (an item depended on, in R8's detail)."""
    merged_into: str | None = None
    """The item it was merged into, if it left so."""

    @classmethod
    def of(cls, item: PortfolioItem) -> ItemControlView:
        """Describe an item's control state."""
        return cls(
            key=item.key,
            title=item.title,
            organisation=item.organisation,
            owner=item.owner,
            sponsor=item.sponsor,
            stage=item.stage.value,
            rag_history=tuple(rag.value for rag in item.rag_history),
            last_status_date=item.last_status_date,
            deferred_until=item.deferred_until,
            open_escalations=EscalationView.open_on(item),
            breach_escalations={
                dimension.value: number
                for dimension, number in item.breach_escalations.items()
                if number in item.open_escalations
            },
            tolerances_set_by=item.tolerances.set_by if item.tolerances else None,
            open_actions=ActionView.open_on(item),
            dependencies=dict(item.dependencies),
            left_reason=item.left_reason.value if item.left_reason else None,
            merged_into=item.merged_into,
        )
