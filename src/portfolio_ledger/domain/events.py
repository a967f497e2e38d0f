"""The event vocabulary of a portfolio item: one class per decision, each immutable.

Every event carries a :class:`~portfolio_ledger.domain.decision.Decision`
(actor, role, authority, rationale, effective date, references) and the
recorded ``timestamp`` the ledger stamped on it. ``apply`` changes the item's
state and nothing else, because it runs again on every replay. See
``docs/events.md`` for the vocabulary in a portfolio office's words.

These class names are stored with every event (as its topic): never rename
or move them; add new classes instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from eventsourcing.domain import AggregateCreated

from portfolio_ledger.domain.decision import DecisionEvent
from portfolio_ledger.domain.escalations import OpenEscalation
from portfolio_ledger.domain.lifecycle import Kind, Stage
from portfolio_ledger.domain.money import Money
from portfolio_ledger.domain.ratings import RAG, RiskRating, Severity
from portfolio_ledger.domain.tolerances import (
    CostTolerance,
    TimeTolerance,
    ToleranceDimension,
    Tolerances,
    describe_breach,
)

if TYPE_CHECKING:
    from portfolio_ledger.domain.item import PortfolioItem


@dataclass(frozen=True)
class ItemEvent(DecisionEvent):
    """Base of every item event: a decision on one item."""

    def apply(self, aggregate: Any) -> None:
        """Record the decision as the item's latest; subclasses change more."""
        item: PortfolioItem = aggregate
        item.last_decision = self.label
        item.last_effective_date = self.decision.effective_date
        self.change(item)

    def change(self, item: PortfolioItem) -> None:
        """Change the item's state; nothing else (this runs on every replay)."""


@dataclass(frozen=True)
class ItemProposed(ItemEvent, AggregateCreated):
    """An item entered the pipeline: what it is, who owns and sponsors it."""

    key: str
    kind: Kind
    title: str
    owner: str
    sponsor: str
    category: str
    currency: str
    objectives: tuple[str, ...]
    description: str | None
    label: ClassVar[str] = "proposed"

    def change(self, item: PortfolioItem) -> None:
        """Set up the item in the proposed stage."""
        item.key = self.key
        item.kind = self.kind
        item.title = self.title
        item.owner = self.owner
        item.sponsor = self.sponsor
        item.category = self.category
        item.currency = self.currency
        item.objectives = self.objectives
        item.description = self.description
        item.proposed_by = self.decision.actor
        item.stage = Stage.PROPOSED

    def describe(self) -> str:
        """Say what was proposed."""
        return f"{self.kind.value} proposed: {self.title} (category {self.category})"


@dataclass(frozen=True)
class BusinessCaseAppraised(ItemEvent):
    """The business case was appraised: cost, benefits, risk and strategic fit."""

    estimated_cost: Money
    expected_benefits: Money
    risk_rating: RiskRating
    alignment_score: int
    criteria: str | None
    label: ClassVar[str] = "appraised"

    def change(self, item: PortfolioItem) -> None:
        """Keep the business case; the item is appraised."""
        item.estimated_cost = self.estimated_cost
        item.expected_benefits = self.expected_benefits
        item.risk_rating = self.risk_rating
        item.alignment_score = self.alignment_score
        item.stage = Stage.APPRAISED

    def describe(self) -> str:
        """Summarise the business case."""
        return (
            f"business case: cost {self.estimated_cost}, benefits "
            f"{self.expected_benefits}, risk {self.risk_rating.value}, "
            f"alignment {self.alignment_score}/100"
        )


@dataclass(frozen=True)
class ItemApproved(ItemEvent):
    """The item was approved with an authorised budget and any conditions."""

    authorised_budget: Money
    conditions: tuple[str, ...]
    label: ClassVar[str] = "approved"

    def change(self, item: PortfolioItem) -> None:
        """Authorise the budget; the item is approved."""
        item.authorised_budget = self.authorised_budget
        item.conditions = self.conditions
        item.stage = Stage.APPROVED
        item.authorised_under = self.decision.mandate

    def describe(self) -> str:
        """State the budget and conditions."""
        text = f"approved with budget {self.authorised_budget}"
        if self.conditions:
            text += f"; conditions: {'; '.join(self.conditions)}"
        return text


@dataclass(frozen=True)
class ItemRejected(ItemEvent):
    """The item was rejected and is closed."""

    label: ClassVar[str] = "rejected"

    def change(self, item: PortfolioItem) -> None:
        """Close the item."""
        item.stage = Stage.REJECTED


@dataclass(frozen=True)
class ItemDeferred(ItemEvent):
    """The decision on the item was put off, perhaps until a date."""

    until: date | None
    label: ClassVar[str] = "deferred"

    def change(self, item: PortfolioItem) -> None:
        """Hold the item in the pipeline."""
        item.stage = Stage.DEFERRED
        item.deferred_until = self.until

    def describe(self) -> str:
        """Say until when."""
        return f"deferred until {self.until.isoformat()}" if self.until else "deferred"


@dataclass(frozen=True)
class ItemReprioritised(ItemEvent):
    """The item's priority rank changed; the previous rank is kept here too."""

    rank: int
    previous_rank: int | None
    label: ClassVar[str] = "reprioritised"

    def change(self, item: PortfolioItem) -> None:
        """Set the new rank."""
        item.rank = self.rank

    def describe(self) -> str:
        """Old and new rank."""
        before = "unranked" if self.previous_rank is None else str(self.previous_rank)
        return f"rank {before} -> {self.rank}"


@dataclass(frozen=True)
class FundingChanged(ItemEvent):
    """The authorised budget went up or down; the previous budget is kept here too."""

    authorised_budget: Money
    previous_budget: Money
    label: ClassVar[str] = "funding changed"

    def change(self, item: PortfolioItem) -> None:
        """Set the new authorised budget."""
        item.authorised_budget = self.authorised_budget
        item.authorised_under = self.decision.mandate

    def describe(self) -> str:
        """Old and new budget."""
        return f"budget {self.previous_budget} -> {self.authorised_budget}"


@dataclass(frozen=True)
class DeliveryStarted(ItemEvent):
    """An approved item was mobilised and is in delivery."""

    label: ClassVar[str] = "delivery started"

    def change(self, item: PortfolioItem) -> None:
        """The item is in delivery."""
        item.stage = Stage.IN_DELIVERY


@dataclass(frozen=True)
class StatusReported(ItemEvent):
    """A status report: overall RAG, its dimensions, and the forecast."""

    overall: RAG
    cost: RAG | None
    schedule: RAG | None
    scope: RAG | None
    benefits: RAG | None
    forecast_cost: Money | None
    forecast_date: date | None
    label: ClassVar[str] = "status reported"

    def change(self, item: PortfolioItem) -> None:
        """Keep the latest report."""
        item.rag = self.overall
        item.rag_dimensions = {
            "cost": self.cost,
            "schedule": self.schedule,
            "scope": self.scope,
            "benefits": self.benefits,
        }
        if self.forecast_cost is not None:
            item.forecast_cost = self.forecast_cost
        if self.forecast_date is not None:
            item.forecast_date = self.forecast_date

    def describe(self) -> str:
        """RAG, the assessed dimensions and the forecast."""
        dims = [
            f"{name} {rag.value}"
            for name, rag in (
                ("cost", self.cost),
                ("schedule", self.schedule),
                ("scope", self.scope),
                ("benefits", self.benefits),
            )
            if rag is not None
        ]
        text = f"RAG {self.overall.value}"
        if dims:
            text += f" ({', '.join(dims)})"
        if self.forecast_cost is not None:
            text += f"; forecast {self.forecast_cost}"
        if self.forecast_date is not None:
            text += f" by {self.forecast_date.isoformat()}"
        return text


@dataclass(frozen=True)
class IssueEscalated(ItemEvent):
    """An issue was escalated to a body or person, with its severity."""

    escalation: int
    issue: str
    severity: Severity
    escalated_to: str
    label: ClassVar[str] = "escalated"

    def change(self, item: PortfolioItem) -> None:
        """Open the escalation."""
        item.open_escalations = {
            **item.open_escalations,
            self.escalation: OpenEscalation(
                number=self.escalation,
                issue=self.issue,
                severity=self.severity,
                escalated_to=self.escalated_to,
                raised_on=self.decision.effective_date,
            ),
        }
        item.escalations_raised = self.escalation

    def describe(self) -> str:
        """Which escalation, how severe, to whom."""
        return (
            f"escalation #{self.escalation} ({self.severity.value}) to "
            f"{self.escalated_to}: {self.issue}"
        )


@dataclass(frozen=True)
class EscalationResolved(ItemEvent):
    """An open escalation was resolved; the rationale says how."""

    escalation: int
    label: ClassVar[str] = "escalation resolved"

    def change(self, item: PortfolioItem) -> None:
        """Close the escalation."""
        item.open_escalations = {
            number: escalation
            for number, escalation in item.open_escalations.items()
            if number != self.escalation
        }

    def describe(self) -> str:
        """Which escalation."""
        return f"escalation #{self.escalation} resolved"


@dataclass(frozen=True)
class ItemPaused(ItemEvent):
    """Delivery was paused; the stage it was paused from is remembered."""

    label: ClassVar[str] = "paused"

    def change(self, item: PortfolioItem) -> None:
        """Pause, remembering where from."""
        item.paused_from = item.stage
        item.stage = Stage.PAUSED


@dataclass(frozen=True)
class ItemResumed(ItemEvent):
    """A paused item resumed, back to the stage it was paused from."""

    stage: Stage
    label: ClassVar[str] = "resumed"

    def change(self, item: PortfolioItem) -> None:
        """Return to the stage before the pause."""
        item.stage = self.stage
        item.paused_from = None

    def describe(self) -> str:
        """Back to which stage."""
        return f"resumed ({self.stage.value})"


@dataclass(frozen=True)
class ItemWentLive(ItemEvent):
    """The item went live and entered the service catalogue."""

    label: ClassVar[str] = "went live"

    def change(self, item: PortfolioItem) -> None:
        """The item is live."""
        item.stage = Stage.LIVE


@dataclass(frozen=True)
class ItemRetired(ItemEvent):
    """A live item was retired from the catalogue."""

    label: ClassVar[str] = "retired"

    def change(self, item: PortfolioItem) -> None:
        """The item is retired."""
        item.stage = Stage.RETIRED


@dataclass(frozen=True)
class ItemCancelled(ItemEvent):
    """An approved item was stopped before going live."""

    label: ClassVar[str] = "cancelled"

    def change(self, item: PortfolioItem) -> None:
        """The item is closed."""
        item.stage = Stage.CANCELLED


@dataclass(frozen=True)
class ToleranceSet(ItemEvent):
    """The body that approved the item set its tolerances (replacing any before)."""

    cost: CostTolerance | None
    time: TimeTolerance | None
    label: ClassVar[str] = "tolerance set"

    def change(self, item: PortfolioItem) -> None:
        """Keep the tolerances and who set them; earlier breaches may be raised anew."""
        item.tolerances = Tolerances(
            cost=self.cost,
            time=self.time,
            set_by=self.decision.authority or self.decision.actor,
            set_on=self.decision.effective_date,
        )
        item.breach_escalations = {}

    def describe(self) -> str:
        """Both tolerances."""
        parts = [
            f"{name} {tolerance.describe()}"
            for name, tolerance in (("cost", self.cost), ("time", self.time))
            if tolerance is not None
        ]
        return f"tolerances set: {'; '.join(parts)}"


@dataclass(frozen=True)
class ToleranceBreached(ItemEvent):
    """A status report forecast beyond a tolerance; recorded with the escalation it raised."""

    dimension: ToleranceDimension
    forecast_cost: Money | None
    ceiling: Money | None
    forecast_date: date | None
    latest_date: date | None
    tolerance: str
    escalated_to: str
    escalation: int
    label: ClassVar[str] = "tolerance breached"

    def change(self, item: PortfolioItem) -> None:
        """Remember the escalation, so the breach is not raised again while it is open."""
        item.breach_escalations = {**item.breach_escalations, self.dimension: self.escalation}

    def describe(self) -> str:
        """What went beyond which bound, and where it went."""
        breach = describe_breach(
            self.dimension,
            self.forecast_cost,
            self.ceiling,
            self.forecast_date,
            self.latest_date,
            self.tolerance,
        )
        return f"{breach}; escalated to {self.escalated_to} as #{self.escalation}"


ITEM_EVENT_TYPES: tuple[type[ItemEvent], ...] = (
    ItemProposed,
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
)
