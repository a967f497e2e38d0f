"""What the control query returns: an item's exceptions-relevant state at a moment."""

from __future__ import annotations

from datetime import date

from portfolio_ledger.application.views import EscalationView, View
from portfolio_ledger.domain.item import PortfolioItem


class ItemControlView(View):
    """An item's control state: recent RAGs, open escalations and which are breaches."""

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
        )
