"""Item events of control: status reported, tolerance breached, issues escalated and resolved.

And a benefit measured: what one of the item's benefits came to, as measured.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from portfolio_ledger.domain.errors import InvalidDecision
from portfolio_ledger.domain.escalations import OpenEscalation
from portfolio_ledger.domain.figures import Figure, describe_figure
from portfolio_ledger.domain.item_event import (
    EVENTS_MODULE,
    ItemEvent,
    allowed,
    same_currency,
    stored_as,
)
from portfolio_ledger.domain.lifecycle import Action
from portfolio_ledger.domain.money import Money
from portfolio_ledger.domain.ratings import RAG, Severity
from portfolio_ledger.domain.tolerances import ToleranceDimension, breaches, describe_breach

if TYPE_CHECKING:
    from portfolio_ledger.domain.item import PortfolioItem

DIMENSIONS = ("cost", "schedule", "scope", "benefits")


@stored_as(EVENTS_MODULE)
@dataclass(frozen=True)
class StatusReported(ItemEvent):
    """A status report: overall RAG, its dimensions, and the forecast.

    A figure left out (None) is not reported, and the item keeps what it had,
    with the date of the report that gave it (``forecast_cost_reported_on``,
    ``whole_life_cost_reported_on``, ...): shown as reported then, never as
    this report's. A figure reported as withheld or not known replaces it, so
    no stale figure is carried forward as current.
    """

    overall: RAG
    cost: RAG | None
    schedule: RAG | None
    scope: RAG | None
    benefits: RAG | None
    forecast_cost: Figure | None
    forecast_date: date | None
    whole_life_cost: Figure | None = None
    label: ClassVar[str] = "status reported"
    correctable: ClassVar[frozenset[str]] = frozenset(
        {"overall", *DIMENSIONS, "forecast_cost", "forecast_date", "whole_life_cost"}
    )

    def check(self, item: PortfolioItem) -> None:
        """A funded item; money in its currency."""
        allowed(Action.REPORT_STATUS, item)
        same_currency(item, self.forecast_cost, self.whole_life_cost)

    def change(self, item: PortfolioItem) -> None:
        """Keep the latest report."""
        item.rag = self.overall
        item.rag_dimensions = {name: getattr(self, name) for name in DIMENSIONS}
        if self.forecast_cost is not None:
            item.forecast_cost = self.forecast_cost
            item.forecast_cost_reported_on = self.decision.effective_date
        if self.forecast_date is not None:
            item.forecast_date = self.forecast_date
            item.forecast_date_reported_on = self.decision.effective_date
        if self.whole_life_cost is not None:
            item.whole_life_cost = self.whole_life_cost
            item.whole_life_cost_reported_on = self.decision.effective_date
        item.last_status_date = self.decision.effective_date
        item.rag_history = (*item.rag_history[-2:], self.overall)

    def describe(self) -> str:
        """RAG, the assessed dimensions and the forecast."""
        dims = [
            f"{name} {rag.value}"
            for name, rag in ((name, getattr(self, name)) for name in DIMENSIONS)
            if rag is not None
        ]
        text = f"RAG {self.overall.value}"
        if dims:
            text += f" ({', '.join(dims)})"
        if self.forecast_cost is not None:
            text += f"; forecast {describe_figure(self.forecast_cost)}"
        if self.forecast_date is not None:
            text += f" by {self.forecast_date.isoformat()}"
        if self.whole_life_cost is not None:
            text += f"; whole-life cost {describe_figure(self.whole_life_cost)}"
        return text


@stored_as(EVENTS_MODULE)
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

    def check(self, item: PortfolioItem) -> None:
        """The report it was raised with stands just before it, beyond a tolerance in force.

        So annulling or correcting that report (or moving it), or the tolerance
        or budget that made it a breach, or moving its escalation before it,
        while the breach stands is refused, naming the breach.
        """
        cost = self.dimension is ToleranceDimension.COST
        forecast = self.forecast_cost if cost else self.forecast_date
        held = item.forecast_cost if cost else item.forecast_date
        said = f"cost {forecast}" if cost else f"finish {forecast}"
        if item.last_status_date != self.decision.effective_date or held != forecast:
            raise InvalidDecision(
                f"it was raised by the status report of {self.decision.effective_date} "
                f"forecasting {said}, which {item.key} would not have (that report annulled, "
                "corrected or moved); annul the breach and its escalation first"
            )
        if self.escalation in item.open_escalations:
            raise InvalidDecision(
                f"its escalation #{self.escalation} would be open before it; the escalation "
                "is raised with the breach, on the report's day"
            )
        budget = item.authorised_budget if isinstance(item.authorised_budget, Money) else None
        found = breaches(item.tolerances, budget, self.forecast_cost, self.forecast_date)
        if self.dimension not in {breach.dimension for breach in found}:
            raise InvalidDecision(
                f"the forecast {said} of {self.decision.effective_date} would be within "
                f"{item.key}'s {self.dimension.value} tolerance then (none, or wider, or on "
                "another budget); annul the breach and its escalation first"
            )

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


@stored_as(EVENTS_MODULE)
@dataclass(frozen=True)
class IssueEscalated(ItemEvent):
    """An issue was escalated to a body or person, with its severity."""

    escalation: int
    issue: str
    severity: Severity
    escalated_to: str
    label: ClassVar[str] = "escalated"
    correctable: ClassVar[frozenset[str]] = frozenset({"issue", "severity", "escalated_to"})
    called: ClassVar[tuple[tuple[str, str], ...]] = (("to", "escalated_to"),)

    def check(self, item: PortfolioItem) -> None:
        """An open item; an issue, and someone to escalate it to."""
        allowed(Action.ESCALATE, item)
        for name, value in (("issue", self.issue), ("escalated to", self.escalated_to)):
            if not value.strip():
                raise InvalidDecision(f"{name} is required and must not be blank")

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
        item.escalations_raised = max(item.escalations_raised, self.escalation)

    def describe(self) -> str:
        """Which escalation, how severe, to whom."""
        return (
            f"escalation #{self.escalation} ({self.severity.value}) to "
            f"{self.escalated_to}: {self.issue}"
        )


@stored_as(EVENTS_MODULE)
@dataclass(frozen=True)
class EscalationResolved(ItemEvent):
    """An open escalation was resolved; the rationale says how."""

    escalation: int
    label: ClassVar[str] = "escalation resolved"

    def check(self, item: PortfolioItem) -> None:
        """The escalation is open then."""
        if self.escalation not in item.open_escalations:
            raise InvalidDecision(
                f"{item.key} has no open escalation #{self.escalation} on "
                f"{self.decision.effective_date.isoformat()}; see the open ones with "
                f"'portfolio-ledger item show {item.key}'"
            )

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


@stored_as(EVENTS_MODULE)
@dataclass(frozen=True)
class BenefitMeasured(ItemEvent):
    """A benefit of the item was measured: which benefit, and what it came to, as at its day.

    Each measurement stands on its own (benefits are measured again and
    again); the item's expected benefits, from its business case, stay as
    appraised.
    """

    benefit: str
    measured: Money
    label: ClassVar[str] = "benefit measured"
    correctable: ClassVar[frozenset[str]] = frozenset({"benefit", "measured"})

    def check(self, item: PortfolioItem) -> None:
        """Approved and after (retired included); in the item's currency."""
        allowed(Action.MEASURE_BENEFIT, item)
        same_currency(item, self.measured)

    def change(self, item: PortfolioItem) -> None:
        """Nothing of the item's state: the measurement is in its history."""

    def describe(self) -> str:
        """Which benefit, and what it came to."""
        return f"benefit measured: {self.benefit}: {self.measured}"
