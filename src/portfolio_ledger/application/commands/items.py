"""Commands on items and the portfolio: propose, appraise, approve, fund, report, ..."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Self

from pydantic import (
    AfterValidator,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from portfolio_ledger.application.commands.base import Authorisation, Command, Decided, Governed
from portfolio_ledger.application.commands.days import ForecastDay, RecordedDay
from portfolio_ledger.application.commands.fields import (
    CostAllowance,
    Currency,
    FigureAmount,
    ItemKey,
    MoneyAmount,
    Name,
    Text,
    TimeAllowance,
    WholeNumber,
)
from portfolio_ledger.domain.corrective_actions import due_problem
from portfolio_ledger.domain.events_authorisation import deferral_problem, planned_finish_problem
from portfolio_ledger.domain.lifecycle import (
    ONBOARDING_STAGES,
    PAUSED_FROM,
    GateOutcome,
    Kind,
    LeaveReason,
    Stage,
    joins_instead,
    paused_from_problem,
)
from portfolio_ledger.domain.money import Money
from portfolio_ledger.domain.ratings import RAG, RiskRating, Severity
from portfolio_ledger.domain.tolerances import CostTolerance, TimeTolerance


class SetEnvelope(Decided):
    """Set or change the portfolio's envelope: the money its items are funded from."""

    envelope: MoneyAmount

    def money(self, currency: str = "GBP") -> Money:
        """The envelope as money, in ``currency`` unless the amount names its own."""
        return self.envelope.in_currency(self.envelope.currency or currency)


def _onboarding(stage: Stage) -> Stage:
    if stage not in ONBOARDING_STAGES:
        raise ValueError(
            f"an item joins the ledger already under way at "
            f"{', '.join(s.value for s in ONBOARDING_STAGES)}, not {stage.value}; "
            f"{joins_instead(stage)}"
        )
    return stage


OnboardingStage = Annotated[Stage, AfterValidator(_onboarding)]


def _paused_from(stage: Stage) -> Stage:
    if stage not in PAUSED_FROM:
        raise ValueError(
            f"an item is paused from {' or '.join(s.value for s in PAUSED_FROM)}, the stage it "
            f"resumes to, not {stage.value}: give approved (on hold before its delivery began) "
            "or in delivery"
        )
    return stage


PausedFromStage = Annotated[Stage, AfterValidator(_paused_from)]


class ProposeItem(Command):
    """Propose a new programme, project or service."""

    kind: Kind
    title: Name
    organisation: Name | None = None
    owner: Name
    sponsor: Name
    category: Name
    currency: Currency = "GBP"
    objectives: tuple[Name, ...] = Field(default=(), max_length=50)
    description: Text | None = None


class OnboardItem(Command):
    """Bring an item already under way into the ledger, at its stage, with its baseline."""

    kind: Kind = Kind.PROJECT
    title: Name
    organisation: Name | None = None
    owner: Name | None = None
    sponsor: Name | None = None
    category: Name
    currency: Currency = "GBP"
    objectives: tuple[Name, ...] = Field(default=(), max_length=50)
    description: Text | None = None
    stage: OnboardingStage = Stage.IN_DELIVERY
    whole_life_cost: FigureAmount | None = None
    authorised_budget: FigureAmount | None = None
    forecast_cost: FigureAmount | None = None
    forecast_date: ForecastDay | None = None
    rag: RAG | None = None
    source: Name | None = None
    paused_from: PausedFromStage | None = None
    """What an item joining paused was paused from (approved, in delivery: the default)."""

    @field_validator("paused_from")
    @classmethod
    def _a_stage_it_could_be(cls, paused_from: Stage | None, info: ValidationInfo) -> Stage | None:
        """Named as the field (an option, a line's field, a return's column) it is given in."""
        stage, key = info.data.get("stage"), info.data.get("key")
        if stage is None or key is None:
            return paused_from
        if problem := paused_from_problem(key, stage, paused_from):
            fix = (
                "give approved (on hold before its delivery began) or in delivery"
                if stage is Stage.PAUSED
                else "leave it out, or give the stage as paused"
            )
            raise ValueError(f"{problem}: {fix}")
        return paused_from


class AmendItem(Command):
    """Change details of an item: its title, category, owner, sponsor, objectives, description."""

    title: Name | None = None
    category: Name | None = None
    owner: Name | None = None
    sponsor: Name | None = None
    objectives: tuple[Name, ...] | None = Field(default=None, max_length=50)
    description: Text | None = None

    def changes(self) -> dict[str, Any]:
        """The details given, by name."""
        return {
            name: getattr(self, name)
            for name in ("title", "category", "owner", "sponsor", "objectives", "description")
            if getattr(self, name) is not None
        }

    @model_validator(mode="after")
    def _something_to_change(self) -> Self:
        if not self.changes():
            raise ValueError(
                "give at least one detail to change: --title, --category, --owner, --sponsor, "
                "--objective (or --no-objectives), or --description"
            )
        return self


class TransferItem(Command):
    """Move an item to another organisation (department, directorate, business unit)."""

    organisation: Name


class LeaveItem(Authorisation):
    """Record that an item left the portfolio, and why."""

    reason: LeaveReason
    merged_into: ItemKey | None = None

    @model_validator(mode="after")
    def _merged_names_the_item(self) -> Self:
        if (self.reason is LeaveReason.MERGED) != (self.merged_into is not None):
            raise ValueError(
                "an item merged into another names that item with --merged-into, and only then"
            )
        return self


class AppraiseItem(Command):
    """Record the appraisal of an item's business case."""

    estimated_cost: MoneyAmount
    expected_benefits: MoneyAmount
    risk_rating: RiskRating
    alignment_score: WholeNumber = Field(ge=0, le=100)
    criteria: Name | None = None


class ApproveItem(Governed):
    """Approve an item with an authorised budget, under a board or a delegation."""

    budget: MoneyAmount
    conditions: tuple[Name, ...] = Field(default=(), max_length=50)


class RejectItem(Authorisation):
    """Reject an item that has not been approved."""


class DeferItem(Authorisation):
    """Put off the decision on an item, perhaps until a date."""

    until: RecordedDay | None = None

    @field_validator("until")
    @classmethod
    def _after_its_day(cls, until: date | None, info: ValidationInfo) -> date | None:
        """A mistake in the command line (exit 2), as a delegation's window backwards is."""
        made, key = info.data.get("effective_date"), info.data.get("key")
        if until is None or made is None or key is None:
            return until
        if problem := deferral_problem(key, made, until):
            raise ValueError(problem)
        return until


class ReprioritiseItem(Authorisation):
    """Give an item a new priority rank (1 is the highest)."""

    rank: WholeNumber = Field(ge=1, le=1_000_000)


class ChangeFunding(Governed):
    """Raise or lower an item's authorised budget, under a board or a delegation."""

    budget: MoneyAmount


class StartDelivery(Authorisation):
    """Mobilise an approved item."""


class ReportStatus(Command):
    """Report an item's status: RAG ratings and the forecast."""

    overall: RAG
    cost: RAG | None = None
    schedule: RAG | None = None
    scope: RAG | None = None
    benefits: RAG | None = None
    forecast_cost: FigureAmount | None = None
    forecast_date: ForecastDay | None = None
    whole_life_cost: FigureAmount | None = None


class EscalateIssue(Command):
    """Escalate an issue on an item."""

    issue: Text
    severity: Severity
    escalated_to: Name


class ReviewGate(Authorisation):
    """Record a stage gate's review: the gate, and its outcome."""

    gate: Name
    outcome: GateOutcome


class MeasureBenefit(Command):
    """Record what one of an item's benefits came to, as measured."""

    benefit: Name
    measured: MoneyAmount


class RecommendAction(Command):
    """Recommend a corrective action on an item: what, who owns it, by when."""

    action: Text
    action_owner: Name
    due: RecordedDay

    @field_validator("due")
    @classmethod
    def _not_before_its_day(cls, due: date, info: ValidationInfo) -> date:
        """A mistake in the command line (exit 2), as a deferral until an earlier day is."""
        made, key = info.data.get("effective_date"), info.data.get("key")
        if made is not None and key is not None and (problem := due_problem(key, made, due)):
            raise ValueError(problem)
        return due


class CompleteAction(Command):
    """Complete an open corrective action (the only open one if none is named)."""

    action_number: WholeNumber | None = Field(default=None, ge=1)


class DeclareDependency(Command):
    """Record that an item depends on another, and on what of it."""

    on: ItemKey
    dependency: Name


class RemoveDependency(Command):
    """Record that an item no longer depends on another."""

    on: ItemKey


class ResolveEscalation(Command):
    """Resolve an open escalation (the only open one if none is named)."""

    escalation: WholeNumber | None = Field(default=None, ge=1)


class PauseItem(Authorisation):
    """Pause an item approved or in delivery."""


class ResumeItem(Authorisation):
    """Resume a paused item."""


class GoLive(Authorisation):
    """Take an item live: it enters the catalogue."""


class RetireItem(Authorisation):
    """Retire a live item."""


class CancelItem(Authorisation):
    """Stop an approved item before it goes live."""


class SetTolerances(Governed):
    """The body that authorised an item sets its cost and time tolerances (replacing any)."""

    cost: CostAllowance | None = None
    time: TimeAllowance | None = None
    planned_finish: ForecastDay | None = None

    @field_validator("planned_finish")
    @classmethod
    def _after_its_day(cls, finish: date | None, info: ValidationInfo) -> date | None:
        """A mistake in the command line (exit 2), as a deferral until an earlier day is."""
        made, key = info.data.get("effective_date"), info.data.get("key")
        problem = made and key and planned_finish_problem(key, made, finish)
        if problem:
            raise ValueError(problem)
        return finish

    @model_validator(mode="after")
    def _something_to_set(self) -> Self:
        if self.cost is None and self.time is None:
            raise ValueError("give a cost tolerance (--cost), a time tolerance (--time), or both")
        if self.time is not None and self.planned_finish is None:
            raise ValueError("a time tolerance needs the planned finish (--planned-finish)")
        if self.time is None and self.planned_finish is not None:
            raise ValueError(
                "--planned-finish is the day a time tolerance is measured from: give the time "
                "tolerance (--time) with it, or leave it out"
            )
        return self

    def cost_tolerance(self, currency: str) -> CostTolerance | None:
        """The cost tolerance in the item's currency."""
        if self.cost is None:
            return None
        amount = self.cost.amount.in_currency(currency, self.key) if self.cost.amount else None
        return CostTolerance(percent=self.cost.percent, amount=amount)

    def time_tolerance(self) -> TimeTolerance | None:
        """The time tolerance."""
        if self.time is None or self.planned_finish is None:
            return None
        return TimeTolerance(
            planned_finish=self.planned_finish, percent=self.time.percent, days=self.time.days
        )
