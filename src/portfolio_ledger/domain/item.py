"""The portfolio item aggregate: a programme, project or service and the decisions made on it.

Each command method checks the rules and then triggers one event; the
event's ``apply`` changes state. State lives only in events: an item is
rebuilt by replaying them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from eventsourcing.domain import Aggregate

from portfolio_ledger.domain.authority import Mandate
from portfolio_ledger.domain.decision import Decision, check_effective_date
from portfolio_ledger.domain.errors import InvalidDecision
from portfolio_ledger.domain.escalations import OpenEscalation
from portfolio_ledger.domain.events import (
    BusinessCaseAppraised,
    DeliveryStarted,
    EscalationResolved,
    FundingChanged,
    IssueEscalated,
    ItemApproved,
    ItemCancelled,
    ItemDeferred,
    ItemEvent,
    ItemPaused,
    ItemProposed,
    ItemRejected,
    ItemReprioritised,
    ItemResumed,
    ItemRetired,
    ItemWentLive,
    StatusReported,
    ToleranceBreached,
    ToleranceSet,
)
from portfolio_ledger.domain.governance import Subject
from portfolio_ledger.domain.keys import item_id, normalise_key
from portfolio_ledger.domain.lifecycle import Action, Kind, Stage, check_allowed
from portfolio_ledger.domain.money import Money
from portfolio_ledger.domain.ratings import RAG, RiskRating, Severity
from portfolio_ledger.domain.tolerances import (
    Breach,
    CostTolerance,
    TimeTolerance,
    ToleranceDimension,
    Tolerances,
    breaches,
)

MAX_RANK = 1_000_000


class PortfolioItem(Aggregate):
    """A programme, project or service in the portfolio, rebuilt from its decisions."""

    def __init__(self) -> None:
        # Filled in by ItemProposed.apply; declared here for readers and mypy.
        self.key: str = ""
        self.kind: Kind = Kind.PROJECT
        self.title: str = ""
        self.owner: str = ""
        self.sponsor: str = ""
        self.category: str = ""
        self.currency: str = ""
        self.objectives: tuple[str, ...] = ()
        self.description: str | None = None
        self.proposed_by: str = ""
        self.stage: Stage = Stage.PROPOSED
        self.paused_from: Stage | None = None
        self.deferred_until: date | None = None
        self.estimated_cost: Money | None = None
        self.expected_benefits: Money | None = None
        self.risk_rating: RiskRating | None = None
        self.alignment_score: int | None = None
        self.authorised_budget: Money | None = None
        self.conditions: tuple[str, ...] = ()
        self.rank: int | None = None
        self.rag: RAG | None = None
        self.rag_dimensions: dict[str, RAG | None] = {}
        self.forecast_cost: Money | None = None
        self.forecast_date: date | None = None
        self.open_escalations: dict[int, OpenEscalation] = {}
        self.escalations_raised: int = 0
        self.authorised_under: Mandate | None = None
        self.tolerances: Tolerances | None = None
        self.breach_escalations: dict[ToleranceDimension, int] = {}
        self.last_decision: str = ""
        self.last_effective_date: date = date.min

    # -- creation ---------------------------------------------------------

    @classmethod
    def propose(
        cls,
        *,
        key: str,
        kind: Kind,
        title: str,
        owner: str,
        sponsor: str,
        category: str,
        currency: str,
        objectives: tuple[str, ...],
        description: str | None,
        decision: Decision,
    ) -> PortfolioItem:
        """Propose a new item; it enters the pipeline as proposed."""
        key = normalise_key(key)
        check_effective_date(key, decision, ItemProposed.create_timestamp())
        Money(amount=Decimal(0), currency=currency)  # validates the code
        for name, value in (
            ("title", title),
            ("owner", owner),
            ("sponsor", sponsor),
            ("category", category),
        ):
            if not value.strip():
                raise InvalidDecision(f"{name} of {key} is required and must not be blank")
        return cls._create(
            ItemProposed,
            id=item_id(key),
            key=key,
            kind=kind,
            title=title,
            owner=owner,
            sponsor=sponsor,
            category=category,
            currency=currency,
            objectives=objectives,
            description=description,
            decision=decision,
        )

    # -- definition and authorisation -----------------------------------

    def appraise(
        self,
        *,
        estimated_cost: Money,
        expected_benefits: Money,
        risk_rating: RiskRating,
        alignment_score: int,
        criteria: str | None,
        decision: Decision,
    ) -> None:
        """Record the business case appraisal."""
        check_allowed(Action.APPRAISE, self.key, self.stage)
        self._check_currency(estimated_cost, expected_benefits)
        if not 0 <= alignment_score <= 100:
            raise InvalidDecision(
                f"alignment score of {self.key} must be from 0 to 100, not {alignment_score}"
            )
        self._trigger(
            BusinessCaseAppraised,
            decision,
            estimated_cost=estimated_cost,
            expected_benefits=expected_benefits,
            risk_rating=risk_rating,
            alignment_score=alignment_score,
            criteria=criteria,
        )

    def approve(self, *, budget: Money, conditions: tuple[str, ...], decision: Decision) -> None:
        """Approve the item with an authorised budget."""
        check_allowed(Action.APPROVE, self.key, self.stage)
        if self.estimated_cost is None:
            raise InvalidDecision(
                f"cannot approve {self.key}: it has no business case; record one "
                "first with 'item appraise'"
            )
        self._check_currency(budget)
        self._require_mandate(Action.APPROVE, decision)
        self._trigger(ItemApproved, decision, authorised_budget=budget, conditions=conditions)

    def reject(self, *, decision: Decision) -> None:
        """Reject the item; it is closed."""
        check_allowed(Action.REJECT, self.key, self.stage)
        self._require_authority(Action.REJECT, decision)
        self._trigger(ItemRejected, decision)

    def defer(self, *, until: date | None, decision: Decision) -> None:
        """Put off the decision on the item, perhaps until a date."""
        check_allowed(Action.DEFER, self.key, self.stage)
        self._require_authority(Action.DEFER, decision)
        if until is not None and until <= decision.effective_date:
            raise InvalidDecision(
                f"deferral of {self.key} must be until a date after its effective "
                f"date {decision.effective_date.isoformat()}, not {until.isoformat()}"
            )
        self._trigger(ItemDeferred, decision, until=until)

    def reprioritise(self, *, rank: int, decision: Decision) -> None:
        """Give the item a new priority rank (1 is the highest)."""
        check_allowed(Action.REPRIORITISE, self.key, self.stage)
        self._require_authority(Action.REPRIORITISE, decision)
        if not 1 <= rank <= MAX_RANK:
            raise InvalidDecision(
                f"rank of {self.key} must be a whole number from 1 to {MAX_RANK:,}"
            )
        if rank == self.rank:
            raise InvalidDecision(f"{self.key} already has rank {rank}; nothing to change")
        self._trigger(ItemReprioritised, decision, rank=rank, previous_rank=self.rank)

    def change_funding(self, *, budget: Money, decision: Decision) -> None:
        """Raise or lower the authorised budget."""
        check_allowed(Action.CHANGE_FUNDING, self.key, self.stage)
        self._require_mandate(Action.CHANGE_FUNDING, decision)
        self._check_currency(budget)
        assert self.authorised_budget is not None  # every funded stage has one
        if budget == self.authorised_budget:
            raise InvalidDecision(
                f"authorised budget of {self.key} is already {budget}; nothing to change"
            )
        self._trigger(
            FundingChanged,
            decision,
            authorised_budget=budget,
            previous_budget=self.authorised_budget,
        )

    def set_tolerances(
        self, *, cost: CostTolerance | None, time: TimeTolerance | None, decision: Decision
    ) -> None:
        """Set the item's tolerances; breaches are escalated to the authority that set them."""
        check_allowed(Action.SET_TOLERANCES, self.key, self.stage)
        self._require_mandate(Action.SET_TOLERANCES, decision)
        if cost is None and time is None:
            raise InvalidDecision(f"give {self.key} a cost tolerance, a time tolerance, or both")
        if cost is not None and cost.amount is not None:
            self._check_currency(cost.amount)
        if time is not None and time.planned_finish <= decision.effective_date:
            raise InvalidDecision(
                f"the planned finish of {self.key} ({time.planned_finish.isoformat()}) must "
                f"be after the tolerance takes effect ({decision.effective_date.isoformat()})"
            )
        self._trigger(ToleranceSet, decision, cost=cost, time=time)

    def as_subject(self) -> Subject:
        """The item as the governance rules see it: who proposed and sponsors it, and so on."""
        return Subject(
            key=self.key,
            category=self.category,
            currency=self.currency,
            proposer=self.proposed_by,
            sponsor=self.sponsor,
        )

    def check_allowed(self, action: Action) -> None:
        """Refuse ``action`` if the item's stage does not allow it (before anything else)."""
        check_allowed(action, self.key, self.stage)

    # -- control ----------------------------------------------------------

    def start_delivery(self, *, decision: Decision) -> None:
        """Mobilise an approved item: it is in delivery."""
        check_allowed(Action.START_DELIVERY, self.key, self.stage)
        self._require_authority(Action.START_DELIVERY, decision)
        self._trigger(DeliveryStarted, decision)

    def report_status(
        self,
        *,
        overall: RAG,
        cost: RAG | None,
        schedule: RAG | None,
        scope: RAG | None,
        benefits: RAG | None,
        forecast_cost: Money | None,
        forecast_date: date | None,
        decision: Decision,
    ) -> None:
        """Record a status report: RAG ratings and forecast."""
        check_allowed(Action.REPORT_STATUS, self.key, self.stage)
        if forecast_cost is not None:
            self._check_currency(forecast_cost)
        self._trigger(
            StatusReported,
            decision,
            overall=overall,
            cost=cost,
            schedule=schedule,
            scope=scope,
            benefits=benefits,
            forecast_cost=forecast_cost,
            forecast_date=forecast_date,
        )
        found = breaches(self.tolerances, self.authorised_budget, forecast_cost, forecast_date)
        for breach in found:
            if self.breach_escalations.get(breach.dimension) not in self.open_escalations:
                self._escalate_breach(breach, decision)

    def escalate(
        self, *, issue: str, severity: Severity, escalated_to: str, decision: Decision
    ) -> int:
        """Escalate an issue; returns the escalation's number on this item."""
        check_allowed(Action.ESCALATE, self.key, self.stage)
        for name, value in (("issue", issue), ("escalated to", escalated_to)):
            if not value.strip():
                raise InvalidDecision(f"{name} is required and must not be blank")
        number = self.escalations_raised + 1
        self._trigger(
            IssueEscalated,
            decision,
            escalation=number,
            issue=issue,
            severity=severity,
            escalated_to=escalated_to,
        )
        return number

    def resolve_escalation(self, *, escalation: int | None, decision: Decision) -> int:
        """Resolve an open escalation (the only one, if none is named)."""
        check_allowed(Action.RESOLVE_ESCALATION, self.key, self.stage)
        number = self._open_escalation(escalation)
        self._trigger(EscalationResolved, decision, escalation=number)
        return number

    # -- lifecycle ----------------------------------------------------------

    def pause(self, *, decision: Decision) -> None:
        """Pause delivery."""
        check_allowed(Action.PAUSE, self.key, self.stage)
        self._require_authority(Action.PAUSE, decision)
        self._trigger(ItemPaused, decision)

    def resume(self, *, decision: Decision) -> None:
        """Resume a paused item in the stage it was paused from."""
        check_allowed(Action.RESUME, self.key, self.stage)
        self._require_authority(Action.RESUME, decision)
        assert self.paused_from is not None  # set by every pause
        self._trigger(ItemResumed, decision, stage=self.paused_from)

    def go_live(self, *, decision: Decision) -> None:
        """The item goes live and enters the catalogue."""
        check_allowed(Action.GO_LIVE, self.key, self.stage)
        self._require_authority(Action.GO_LIVE, decision)
        self._trigger(ItemWentLive, decision)

    def retire(self, *, decision: Decision) -> None:
        """Retire a live item."""
        check_allowed(Action.RETIRE, self.key, self.stage)
        self._require_authority(Action.RETIRE, decision)
        self._trigger(ItemRetired, decision)

    def cancel(self, *, decision: Decision) -> None:
        """Stop an approved item before it goes live."""
        check_allowed(Action.CANCEL, self.key, self.stage)
        self._require_authority(Action.CANCEL, decision)
        self._trigger(ItemCancelled, decision)

    # -- rules shared by the commands ---------------------------------------

    def _escalate_breach(self, breach: Breach, report: Decision) -> None:
        # Management by exception: the breach and its escalation are recorded
        # with the report, in the same save, so there is never one without
        # the other. Nobody decided them: the rationale says so.
        assert self.tolerances is not None  # a breach needs a tolerance
        body = self.tolerances.set_by
        automatic = Decision(
            actor=report.actor,
            role=report.role,
            rationale=(
                f"Automatic exception: {breach.describe()}; the tolerance was set by "
                f"{body} with effect from {self.tolerances.set_on.isoformat()}."
            ),
            effective_date=report.effective_date,
            references=report.references,
        )
        number = self.escalations_raised + 1
        self._trigger(
            ToleranceBreached,
            automatic,
            dimension=breach.dimension,
            forecast_cost=breach.forecast_cost,
            ceiling=breach.ceiling,
            forecast_date=breach.forecast_date,
            latest_date=breach.latest_date,
            tolerance=breach.tolerance,
            escalated_to=body,
            escalation=number,
        )
        self._trigger(
            IssueEscalated,
            automatic,
            escalation=number,
            issue=f"Tolerance breached: {breach.describe()}",
            severity=Severity.HIGH,
            escalated_to=body,
        )

    def _require_mandate(self, action: Action, decision: Decision) -> None:
        if decision.mandate is None or decision.authority is None:
            raise InvalidDecision(
                f"to {action.value} {self.key} name the authority it is decided under: a "
                "board (--board, with --present and --vote) or a delegation (--delegation)"
            )

    def _trigger(self, event_class: type[ItemEvent], decision: Decision, **fields: Any) -> None:
        # The recorded time is the system's. Never earlier than the item's
        # last event, so an item's history reads in order on both clocks
        # even if this machine's clock is behind the one that wrote before.
        timestamp = max(event_class.create_timestamp(), self.modified_on)
        check_effective_date(
            self.key, decision, timestamp, (self.last_decision, self.last_effective_date)
        )
        self.trigger_event(event_class, timestamp=timestamp, decision=decision, **fields)

    def _check_currency(self, *amounts: Money) -> None:
        for money in amounts:
            if money.currency != self.currency:
                raise InvalidDecision(
                    f"{self.key} is budgeted in {self.currency}; give amounts in "
                    f"{self.currency}, not {money.currency}"
                )

    def _require_authority(self, action: Action, decision: Decision) -> None:
        if decision.authority is None:
            raise InvalidDecision(
                f"to {action.value} {self.key} name the authority it is decided "
                "under (a board or a delegation) with --authority"
            )

    def _open_escalation(self, number: int | None) -> int:
        if number is None:
            if len(self.open_escalations) != 1:
                open_numbers = ", ".join(f"#{n}" for n in sorted(self.open_escalations))
                raise InvalidDecision(
                    f"{self.key} has {len(self.open_escalations)} open escalations"
                    + (
                        f" ({open_numbers}); name one with --escalation"
                        if open_numbers
                        else "; there is nothing to resolve"
                    )
                )
            return next(iter(self.open_escalations))
        if number not in self.open_escalations:
            raise InvalidDecision(
                f"{self.key} has no open escalation #{number}; see the open ones "
                f"with 'portfolio-ledger item show {self.key}'"
            )
        return number
