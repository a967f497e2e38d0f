"""The event vocabulary of a portfolio item: one class per decision, each immutable.

Every event carries a :class:`~portfolio_ledger.domain.decision.Decision`
(actor, role, authority, rationale, effective date, references) and the
recorded ``timestamp`` the ledger stamped on it. ``change`` changes the
item's state and nothing else, because it runs again on every replay;
``check`` refuses the decision if the item's state just before it does not
allow it. See ``docs/events.md`` for the vocabulary in a portfolio office's
words.

The classes are written in modules by group, and stored under this
module's name (``portfolio_ledger.domain.events:ItemApproved``): that name
is part of the record, so it never changes; add new classes, never rename.
"""

from __future__ import annotations

from portfolio_ledger.domain.corrective_actions import (
    CorrectiveActionCompleted,
    CorrectiveActionRecommended,
)
from portfolio_ledger.domain.dependencies import DependencyDeclared, DependencyRemoved
from portfolio_ledger.domain.events_authorisation import (
    FundingChanged,
    ItemApproved,
    ItemDeferred,
    ItemRejected,
    StageGateReviewed,
    ToleranceSet,
)
from portfolio_ledger.domain.events_control import (
    BenefitMeasured,
    EscalationResolved,
    IssueEscalated,
    StatusReported,
    ToleranceBreached,
)
from portfolio_ledger.domain.events_definition import (
    BusinessCaseAppraised,
    DetailsAmended,
    ItemOnboarded,
    ItemProposed,
    ItemReprioritised,
    ItemTransferred,
)
from portfolio_ledger.domain.events_lifecycle import (
    DeliveryStarted,
    ItemCancelled,
    ItemLeft,
    ItemPaused,
    ItemResumed,
    ItemRetired,
    ItemWentLive,
)
from portfolio_ledger.domain.item_event import ItemEvent

ITEM_EVENT_TYPES: tuple[type[ItemEvent], ...] = (
    ItemProposed,
    ItemOnboarded,
    BusinessCaseAppraised,
    ItemApproved,
    ItemRejected,
    ItemDeferred,
    ItemReprioritised,
    FundingChanged,
    DeliveryStarted,
    StatusReported,
    IssueEscalated,
    EscalationResolved,
    ItemPaused,
    ItemResumed,
    ItemWentLive,
    ItemRetired,
    ItemCancelled,
    ToleranceSet,
    ToleranceBreached,
    StageGateReviewed,
    BenefitMeasured,
    CorrectiveActionRecommended,
    CorrectiveActionCompleted,
    DependencyDeclared,
    DependencyRemoved,
    DetailsAmended,
    ItemTransferred,
    ItemLeft,
)

__all__ = [
    "ITEM_EVENT_TYPES",
    "BenefitMeasured",
    "BusinessCaseAppraised",
    "CorrectiveActionCompleted",
    "CorrectiveActionRecommended",
    "DeliveryStarted",
    "DependencyDeclared",
    "DependencyRemoved",
    "DetailsAmended",
    "EscalationResolved",
    "FundingChanged",
    "IssueEscalated",
    "ItemApproved",
    "ItemCancelled",
    "ItemDeferred",
    "ItemEvent",
    "ItemLeft",
    "ItemOnboarded",
    "ItemPaused",
    "ItemProposed",
    "ItemRejected",
    "ItemReprioritised",
    "ItemResumed",
    "ItemRetired",
    "ItemTransferred",
    "ItemWentLive",
    "StageGateReviewed",
    "StatusReported",
    "ToleranceBreached",
    "ToleranceSet",
]
