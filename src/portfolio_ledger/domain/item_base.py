"""The state of a portfolio item, and the decisions of control: status, escalations, breaches.

:class:`~portfolio_ledger.domain.item.PortfolioItem` adds the decisions that
define an item and move it through its lifecycle.
"""

from __future__ import annotations

from datetime import date
from typing import Self

from portfolio_ledger.domain.authority import Mandate
from portfolio_ledger.domain.corrective_actions import OpenAction
from portfolio_ledger.domain.decided import DecidedAggregate, HistoryNeeded
from portfolio_ledger.domain.decision import Decision
from portfolio_ledger.domain.errors import IllegalTransition, InvalidDecision, when_late
from portfolio_ledger.domain.escalations import OpenEscalation
from portfolio_ledger.domain.events import (
    CorrectiveActionCompleted,
    CorrectiveActionRecommended,
    EscalationResolved,
    IssueEscalated,
    StatusReported,
    ToleranceBreached,
)
from portfolio_ledger.domain.figures import Figure
from portfolio_ledger.domain.interests import Subject
from portfolio_ledger.domain.lifecycle import Action, Kind, LeaveReason, Stage, check_allowed
from portfolio_ledger.domain.money import Money
from portfolio_ledger.domain.ratings import RAG, RiskRating, Severity
from portfolio_ledger.domain.record_keeping import BeforeMaking
from portfolio_ledger.domain.tolerances import (
    Breach,
    ToleranceDimension,
    Tolerances,
    breaches,
)


class ItemBase(DecidedAggregate):
    """An item's state, as its decisions leave it, and the decisions of control."""

    def start(self) -> None:
        """The state before any decision; each decision's ``change`` moves it on."""
        super().start()
        self.kind: Kind = Kind.PROJECT
        self.title: str = ""
        self.organisation: str | None = None
        self.owner: str = ""
        self.sponsor: str = ""
        self.category: str = ""
        self.currency: str = ""
        self.objectives: tuple[str, ...] = ()
        self.description: str | None = None
        self.proposed_by: str = ""
        self.baseline_source: str | None = None
        self.stage: Stage = Stage.PROPOSED
        self.paused_from: Stage | None = None
        self.deferred_until: date | None = None
        self.estimated_cost: Money | None = None
        self.expected_benefits: Money | None = None
        self.risk_rating: RiskRating | None = None
        self.alignment_score: int | None = None
        self.whole_life_cost: Figure | None = None
        self.whole_life_cost_reported_on: date | None = None
        """The effective date of the report (or baseline) that gave the whole-life cost: as
        with the forecast, a later report that leaves it out is shown not to restate it."""
        self.authorised_budget: Figure | None = None
        self.conditions: tuple[str, ...] = ()
        self.rank: int | None = None
        self.rag: RAG | None = None
        self.rag_dimensions: dict[str, RAG | None] = {}
        self.rag_history: tuple[RAG, ...] = ()
        self.last_status_date: date | None = None
        self.forecast_cost: Figure | None = None
        self.forecast_date: date | None = None
        self.forecast_cost_reported_on: date | None = None
        """The effective date of the report (or baseline) that gave the forecast cost: a later
        report that leaves it out does not restate it, and it is shown as of this date."""
        self.forecast_date_reported_on: date | None = None
        """Likewise for the forecast completion date."""
        self.open_escalations: dict[int, OpenEscalation] = {}
        self.escalations_raised: int = 0
        self.open_actions: dict[int, OpenAction] = {}
        self.actions_recommended: int = 0
        self.dependencies: dict[str, str] = {}  # by the key of the item depended on: on what
        self.authorised_under: Mandate | None = None
        self.tolerances: Tolerances | None = None
        self.breach_escalations: dict[ToleranceDimension, int] = {}
        self.left_from: Stage | None = None
        self.left_reason: LeaveReason | None = None
        self.merged_into: str | None = None

    # -- control -------------------------------------------------------------

    def report_status(
        self,
        *,
        overall: RAG,
        cost: RAG | None,
        schedule: RAG | None,
        scope: RAG | None,
        benefits: RAG | None,
        forecast_cost: Figure | None,
        forecast_date: date | None,
        whole_life_cost: Figure | None = None,
        decision: Decision,
    ) -> None:
        """Record a status report; a forecast beyond a tolerance escalates, in the same save."""
        self._decide(
            StatusReported,
            decision,
            overall=overall,
            cost=cost,
            schedule=schedule,
            scope=scope,
            benefits=benefits,
            forecast_cost=forecast_cost,
            forecast_date=forecast_date,
            whole_life_cost=whole_life_cost,
        )
        then = self._then(decision, after=True)
        budget = then.authorised_budget if isinstance(then.authorised_budget, Money) else None
        forecast = forecast_cost if isinstance(forecast_cost, Money) else None
        for breach in breaches(then.tolerances, budget, forecast, forecast_date):
            if then.breach_escalations.get(breach.dimension) not in then.open_escalations:
                self._escalate_breach(breach, decision, then.tolerances)

    def escalate(
        self, *, issue: str, severity: Severity, escalated_to: str, decision: Decision
    ) -> int:
        """Escalate an issue; returns the escalation's number on this item."""
        number = self._next_escalation()
        self._decide(
            IssueEscalated,
            decision,
            escalation=number,
            issue=issue,
            severity=severity,
            escalated_to=escalated_to,
        )
        return number

    def _next_escalation(self) -> int:
        """One more than any escalation recorded on the item, annulled ones too: never reused.

        Kept without its decisions (a long import does), the item's count is
        the answer unless a decision was annulled (the count leaves those out):
        then it is loaded whole.
        """
        if self._decisions is None:
            if self._annulled:
                raise HistoryNeeded(self.id)
            return self.escalations_raised + 1
        numbers = [e.escalation for e in self._decisions if isinstance(e, IssueEscalated)]
        return max([self.escalations_raised, *numbers]) + 1

    def resolve_escalation(self, *, escalation: int | None, decision: Decision) -> int:
        """Resolve an open escalation (the only one, if none is named)."""
        check_allowed(Action.RESOLVE_ESCALATION, self.key, self.stage)
        number = self._open_escalation(self._then(decision), escalation)
        self._decide(EscalationResolved, decision, escalation=number)
        return number

    def recommend_action(
        self, *, action: str, action_owner: str, due: date, decision: Decision
    ) -> int:
        """Recommend a corrective action; returns its number on this item."""
        number = self._next_action()
        self._decide(
            CorrectiveActionRecommended,
            decision,
            action_number=number,
            action=action,
            action_owner=action_owner,
            due=due,
        )
        return number

    def _next_action(self) -> int:
        """One more than any corrective action recommended on the item, annulled ones too."""
        if self._decisions is None:
            if self._annulled:
                raise HistoryNeeded(self.id)
            return self.actions_recommended + 1
        numbers = [
            e.action_number for e in self._decisions if isinstance(e, CorrectiveActionRecommended)
        ]
        return max([self.actions_recommended, *numbers]) + 1

    def complete_action(self, *, action_number: int | None, decision: Decision) -> int:
        """Complete an open corrective action (the only one, if none is named)."""
        then = self._then(decision)
        if action_number is None:
            if len(then.open_actions) != 1:
                numbers = ", ".join(f"#{n}" for n in sorted(then.open_actions))
                raise InvalidDecision(
                    f"{self.key} has {len(then.open_actions)} open corrective actions"
                    + (
                        f" ({numbers}); name one with --action"
                        if numbers
                        else "; there is nothing to complete (recommend one first with "
                        "'portfolio-ledger item recommend-action')"
                    )
                ).naming_fields("action=action_number")
            action_number = next(iter(then.open_actions))
        self._decide(CorrectiveActionCompleted, decision, action_number=action_number)
        return action_number

    # -- as the rules see it ---------------------------------------------------------

    def as_subject(self, decides: str = "approve it", capacity: str = "") -> Subject:
        """The item as the governance rules see it: who proposed and sponsors it, and so on.

        ``decides`` is what the decision does to it (``governs`` of its class); ``capacity``
        the role the decision is recorded in.
        """
        return Subject(
            key=self.key,
            category=self.category,
            currency=self.currency,
            proposer=self.proposed_by,
            sponsor=self.sponsor,
            decides=decides,
            capacity=capacity,
        )

    def check_allowed(self, action: Action, on: date | None = None) -> None:
        """Refuse ``action`` if the item's stage (on a day, or now) does not allow it."""
        item = self if on is None else self._then_on(on)
        try:
            check_allowed(action, self.key, item.stage)
        except IllegalTransition as refused:  # the stage on its day: said so, if not now's
            raise when_late(refused, on, self) from None

    def _then(self, decision: Decision, *, after: bool = False) -> Self:
        """The item as it stands at the decision's effective date (or now, if later)."""
        return self._then_on(decision.effective_date) if after or self._is_late(decision) else self

    def _then_on(self, day: date) -> Self:
        then = self.as_on(day)
        if then is None:
            made = self.corrected(1)
            since = made.decision.effective_date.isoformat()
            raise BeforeMaking(  # both fixes, as every decision dated before its item says
                f"{self.key} did not exist on {day.isoformat()}: a decision on it cannot take "
                f"effect before it joined the ledger ('{made.label}', effective {since}); give "
                f"an effective date of {since} or later",
                made.originator_id,
                self.key,
                day.isoformat(),
            )
        return then

    def _is_late(self, decision: Decision) -> bool:
        return decision.effective_date < self.last_effective_date

    # -- rules shared by the commands ---------------------------------------------

    def _escalate_breach(self, breach: Breach, report: Decision, set_by: Tolerances | None) -> None:
        # Management by exception: the breach and its escalation are recorded
        # with the report, in the same save, so there is never one without
        # the other. Nobody decided them: the rationale says so.
        assert set_by is not None  # a breach needs a tolerance
        body = set_by.set_by
        automatic = Decision(
            actor=report.actor,
            role=report.role,
            rationale=(
                f"Automatic exception: {breach.describe()}; the tolerance was set by "
                f"{body} with effect from {set_by.set_on.isoformat()}."
            ),
            effective_date=report.effective_date,
            references=report.references,
        )
        number = self._next_escalation()
        self._decide(
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
        self._decide(
            IssueEscalated,
            automatic,
            escalation=number,
            issue=f"Tolerance breached: {breach.describe()}",
            severity=Severity.HIGH,
            escalated_to=body,
        )

    def _open_escalation(self, then: Self, number: int | None) -> int:
        if number is None:
            if len(then.open_escalations) != 1:
                open_numbers = ", ".join(f"#{n}" for n in sorted(then.open_escalations))
                raise InvalidDecision(
                    f"{self.key} has {len(then.open_escalations)} open escalations"
                    + (
                        f" ({open_numbers}); name one with --escalation"
                        if open_numbers
                        else "; there is nothing to resolve (escalate an issue first with "
                        "'portfolio-ledger item escalate')"
                    )
                ).naming_fields("escalation")
            return next(iter(then.open_escalations))
        if number not in then.open_escalations:
            raise InvalidDecision(
                f"{self.key} has no open escalation #{number}; see the open ones "
                f"with 'portfolio-ledger item show {self.key}'"
            )
        return number
