"""The auditors' question, per item: was each decision within the authority it names.

Every decision on the item is checked again with the same rules the ledger
applied before recording it (``domain/governance.py``), against governance
as it stood on the decision's effective date, twice: as recorded by the
time the decision was recorded, and as the ledger knows it now. They differ
only when a governance change was recorded later with an earlier effect (a
revocation minuted after the fact, say); the answer says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from portfolio_ledger.application.governance_views import AuthorityCheck
from portfolio_ledger.application.views import MoneyView
from portfolio_ledger.domain.authority import Mandate
from portfolio_ledger.domain.decision import DecisionEvent
from portfolio_ledger.domain.errors import LedgerError
from portfolio_ledger.domain.events import (
    DeliveryStarted,
    FundingChanged,
    ItemApproved,
    ItemCancelled,
    ItemDeferred,
    ItemEvent,
    ItemPaused,
    ItemRejected,
    ItemReprioritised,
    ItemResumed,
    ItemRetired,
    ItemWentLive,
    ToleranceSet,
)
from portfolio_ledger.domain.governance import (
    Authorised,
    Governance,
    History,
    authorise,
    check_sets_tolerances,
)
from portfolio_ledger.domain.item import PortfolioItem

AUTHORISATIONS = (
    ItemApproved,
    ItemRejected,
    ItemDeferred,
    ItemReprioritised,
    FundingChanged,
    DeliveryStarted,
    ItemPaused,
    ItemResumed,
    ItemWentLive,
    ItemRetired,
    ItemCancelled,
    ToleranceSet,
)
"""Decisions that need an authority (the others need none)."""


class CachedHistory:
    """Reads each aggregate's events once, however many decisions ask about it."""

    def __init__(self, history: History) -> None:
        self._history = history
        self._cache: dict[UUID, Sequence[DecisionEvent]] = {}

    def __call__(self, aggregate_id: UUID, /) -> Sequence[DecisionEvent]:
        """The aggregate's events."""
        if aggregate_id not in self._cache:
            self._cache[aggregate_id] = self._history(aggregate_id)
        return self._cache[aggregate_id]


def audit_item(key: str, events: Sequence[ItemEvent], history: History) -> list[AuthorityCheck]:
    """Every decision on the item, oldest first, with the authority it used and the verdict."""
    cached = CachedHistory(history)
    checks = []
    item: PortfolioItem | None = None
    for event in events:
        checks.append(_check(key, event, item, cached))
        item = event.mutate(item)
    return checks


def _check(
    key: str, event: ItemEvent, before: PortfolioItem | None, history: History
) -> AuthorityCheck:
    decision = event.decision
    mandate = decision.mandate
    verdict, reason, limit = "not required", None, None
    if mandate is None and isinstance(event, AUTHORISATIONS):
        verdict = "unchecked"
        reason = "the authority is recorded only in words"
        if isinstance(event, ItemApproved | FundingChanged | ToleranceSet):
            reason += " (recorded before the ledger checked authority)"
    elif mandate is not None and before is not None:
        verdict, reason, authorised = _judge(event, mandate, before, history)
        limit = MoneyView.of(authorised.limit) if authorised else None
    return AuthorityCheck(
        key=key,
        version=event.originator_version,
        event=event.label,
        summary=event.describe(),
        effective_date=decision.effective_date,
        recorded_at=event.timestamp,
        actor=decision.actor,
        role=decision.role,
        authority=decision.authority,
        mandate=mandate.as_dict() if mandate is not None else None,
        verdict=verdict,
        reason=reason,
        limit=limit,
    )


def _judge(
    event: ItemEvent, mandate: Mandate, before: PortfolioItem, history: History
) -> tuple[str, str | None, Authorised | None]:
    on = event.decision.effective_date
    then, then_refusal = _apply_rules(
        event, mandate, before, Governance(history, on, event.timestamp)
    )
    now, now_refusal = _apply_rules(event, mandate, before, Governance(history, on))
    if now is not None and then is not None:
        return "valid", None, now
    if now is None and then is not None:
        return (
            "invalid",
            (
                f"{now_refusal} (so says governance recorded after the decision; as "
                "recorded when it was made, it was valid)"
            ),
            None,
        )
    if now is not None:
        return (
            "valid",
            (
                "valid by governance as now recorded; when the decision was recorded, "
                f"the record then said: {then_refusal}"
            ),
            now,
        )
    return "invalid", now_refusal, None


def _apply_rules(
    event: ItemEvent, mandate: Mandate, before: PortfolioItem, governance: Governance
) -> tuple[Authorised | None, str | None]:
    amount = event.authorised_budget if isinstance(event, ItemApproved | FundingChanged) else None
    try:
        authorised = authorise(mandate, governance, before.as_subject(), amount)
        if isinstance(event, ToleranceSet):
            check_sets_tolerances(mandate, before.authorised_under, governance, before.key)
    except LedgerError as refusal:
        return None, str(refusal)
    return authorised, None
