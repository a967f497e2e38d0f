"""The portfolio item aggregate: a programme, project or service and the decisions made on it.

Each command method makes one decision (an event) and hands it to
:class:`~portfolio_ledger.domain.decided.DecidedAggregate`, which checks it
(the rules live on the events: ``check``) and folds it in. The item's state
is the fold of its decisions in effective order, so a decision may be
recorded late, and one recorded wrongly may be corrected or annulled.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from portfolio_ledger.domain.decision import Decision, DecisionEvent, check_not_future
from portfolio_ledger.domain.errors import AuthorityNotNamed, InvalidDecision
from portfolio_ledger.domain.events import (
    BenefitMeasured,
    BusinessCaseAppraised,
    DeliveryStarted,
    DependencyDeclared,
    DependencyRemoved,
    DetailsAmended,
    FundingChanged,
    IssueEscalated,
    ItemApproved,
    ItemCancelled,
    ItemDeferred,
    ItemLeft,
    ItemOnboarded,
    ItemPaused,
    ItemProposed,
    ItemRejected,
    ItemReprioritised,
    ItemResumed,
    ItemRetired,
    ItemTransferred,
    ItemWentLive,
    StageGateReviewed,
    StatusReported,
    ToleranceBreached,
    ToleranceSet,
)
from portfolio_ledger.domain.events_definition import AMENDABLE
from portfolio_ledger.domain.item_base import ItemBase
from portfolio_ledger.domain.keys import item_id, normalise_key
from portfolio_ledger.domain.lifecycle import (
    ONBOARDING_STAGES,
    GateOutcome,
    Kind,
    LeaveReason,
    Stage,
    joins_instead,
    paused_from_problem,
)
from portfolio_ledger.domain.money import Money
from portfolio_ledger.domain.ratings import RiskRating
from portfolio_ledger.domain.record_keeping import DecisionCorrected, put_right
from portfolio_ledger.domain.tolerances import (
    CostTolerance,
    TimeTolerance,
    breaches,
)

_FORECASTS = frozenset({"forecast_cost", "forecast_date", "effective_date"})
"""What a correction of a status report changes that decides whether it breaches a tolerance."""

_SET_BY_THE_LEDGER = frozenset({"escalated_to", "severity", "issue"})
"""What the ledger says in an automatic exception's escalation, which no correction changes."""


class PortfolioItem(ItemBase):
    """A programme, project or service in the portfolio, rebuilt from its decisions."""

    # -- joining the ledger ------------------------------------------------------

    @classmethod
    def propose(
        cls,
        *,
        key: str,
        kind: Kind,
        title: str,
        organisation: str | None = None,
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
        _check_identity(
            key,
            currency,
            decision,
            {"title": title, "owner": owner, "sponsor": sponsor, "category": category},
        )
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
            organisation=organisation,
            decision=decision,
        )

    @classmethod
    def onboard(cls, *, stage: Stage, decision: Decision, **fields: Any) -> PortfolioItem:
        """An item already under way joins at ``stage``, with its baseline as known.

        ``fields`` are :class:`ItemOnboarded`'s (kind, title, organisation, owner,
        sponsor, category, currency, objectives, description, the baseline's
        figures and RAG, its source, and what it was paused from if it joins paused).
        """
        key = normalise_key(fields.pop("key"))
        _check_identity(key, fields["currency"], decision, fields)
        if stage not in ONBOARDING_STAGES:
            raise InvalidDecision(
                f"{key} joins the ledger already under way, at "
                f"{', '.join(s.value for s in ONBOARDING_STAGES)}, not {stage.value}; "
                f"{joins_instead(stage)}"
            )
        if problem := paused_from_problem(key, stage, fields.get("paused_from")):
            fix = "approved or in delivery" if stage is Stage.PAUSED else "nothing unless paused"
            raise InvalidDecision(f"{problem}; say it was paused from {fix}")
        if stage is Stage.PAUSED and fields.get("paused_from") is None:
            fields["paused_from"] = Stage.IN_DELIVERY  # said, as taken where it is not said
        if decision.authority is None:
            raise AuthorityNotNamed(
                f"to onboard {key} name the authority its baseline is recorded under "
                "(the portfolio office, a board)"
            )
        for name in ("whole_life_cost", "authorised_budget", "forecast_cost"):
            figure = fields.get(name)
            if isinstance(figure, Money) and figure.currency != fields["currency"]:
                raise InvalidDecision(
                    f"{key} is budgeted in {fields['currency']}; give amounts in "
                    f"{fields['currency']}, not {figure.currency}"
                )
        return cls._create(
            ItemOnboarded, id=item_id(key), key=key, stage=stage, decision=decision, **fields
        )

    # -- definition and authorisation -----------------------------------------

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
        self._decide(
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
        self._decide(ItemApproved, decision, authorised_budget=budget, conditions=conditions)

    def reject(self, *, decision: Decision) -> None:
        """Reject the item; it is closed."""
        self._decide(ItemRejected, decision)

    def defer(self, *, until: date | None, decision: Decision) -> None:
        """Put off the decision on the item, perhaps until a date."""
        self._decide(ItemDeferred, decision, until=until)

    def reprioritise(self, *, rank: int, decision: Decision) -> None:
        """Give the item a new priority rank (1 is the highest)."""
        before = self._then(decision)
        self._decide(ItemReprioritised, decision, rank=rank, previous_rank=before.rank)

    def change_funding(self, *, budget: Money, decision: Decision) -> None:
        """Raise or lower the authorised budget."""
        before = self._then(decision)
        self._decide(
            FundingChanged,
            decision,
            authorised_budget=budget,
            previous_budget=before.authorised_budget,
        )

    def set_tolerances(
        self, *, cost: CostTolerance | None, time: TimeTolerance | None, decision: Decision
    ) -> None:
        """Set the item's tolerances; breaches are escalated to the authority that set them."""
        self._decide(ToleranceSet, decision, cost=cost, time=time)

    def review_gate(self, *, gate: str, outcome: GateOutcome, decision: Decision) -> None:
        """Record a stage gate's review and its outcome; the item stays where it is."""
        self._decide(StageGateReviewed, decision, gate=gate, outcome=outcome)

    def measure_benefit(self, *, benefit: str, measured: Money, decision: Decision) -> None:
        """Record what one of the item's benefits came to, as measured on the decision's day."""
        self._decide(BenefitMeasured, decision, benefit=benefit, measured=measured)

    def declare_dependency(self, *, depends_on: str, dependency: str, decision: Decision) -> None:
        """Record that the item depends on another (``depends_on``, its key), and on what."""
        self._decide(DependencyDeclared, decision, depends_on=depends_on, dependency=dependency)

    def remove_dependency(self, *, depends_on: str, decision: Decision) -> None:
        """Record that the item no longer depends on another."""
        self._decide(DependencyRemoved, decision, depends_on=depends_on)

    def amend(self, *, changes: dict[str, Any], decision: Decision) -> None:
        """Change details of the item (title, category, owner, sponsor, objectives, description)."""
        before = self._then(decision)
        previous = {name: getattr(before, name) for name in changes if name in AMENDABLE}
        self._decide(DetailsAmended, decision, changes=changes, previous=previous)

    def transfer(self, *, organisation: str, decision: Decision) -> None:
        """Move the item to another organisation."""
        before = self._then(decision)
        self._decide(
            ItemTransferred,
            decision,
            organisation=organisation,
            previous_organisation=before.organisation,
        )

    # -- lifecycle -------------------------------------------------------------

    def start_delivery(self, *, decision: Decision) -> None:
        """Mobilise an approved item: it is in delivery."""
        self._decide(DeliveryStarted, decision)

    def pause(self, *, decision: Decision) -> None:
        """Pause delivery."""
        self._decide(ItemPaused, decision)

    def resume(self, *, decision: Decision) -> None:
        """Resume a paused item in the stage it was paused from."""
        before = self._then(decision)
        self._decide(ItemResumed, decision, stage=before.paused_from or Stage.IN_DELIVERY)

    def go_live(self, *, decision: Decision) -> None:
        """The item goes live and enters the catalogue."""
        self._decide(ItemWentLive, decision)

    def retire(self, *, decision: Decision) -> None:
        """Retire a live item."""
        self._decide(ItemRetired, decision)

    def cancel(self, *, decision: Decision) -> None:
        """Stop an approved item before it goes live."""
        self._decide(ItemCancelled, decision)

    def leave(self, *, reason: LeaveReason, merged_into: str | None, decision: Decision) -> None:
        """The item leaves the portfolio from an open stage, for a reason."""
        before = self._then(decision)
        self._decide(
            ItemLeft,
            decision,
            reason=reason,
            merged_into=merged_into,
            from_stage=before.stage,
        )

    def correct(
        self, *, version: int, position: int, changes: dict[str, Any], decision: Decision
    ) -> DecisionCorrected:
        """Correct a decision; a status report is never put beyond a tolerance unescalated."""
        target = self.corrected(version)
        if isinstance(target, StatusReported) and not _FORECASTS.isdisjoint(changes):
            self._refuse_unraised_breach(put_right(target, changes), position)
        if isinstance(target, IssueEscalated) and not _SET_BY_THE_LEDGER.isdisjoint(changes):
            self._refuse_redirecting_an_exception(target, position, changes)
        paused = isinstance(target, ItemOnboarded) and target.stage is Stage.PAUSED
        if paused and "paused_from" in changes and changes["paused_from"] is None:
            raise InvalidDecision(  # None would be read as in delivery, said as 'no paused from'
                f"{self.key} joined paused, so it was paused from approved or in delivery, not "
                f"from nothing (position {position:,}); correct paused_from to approved or in "
                "delivery"
            )
        return super().correct(
            version=version, position=position, changes=changes, decision=decision
        )

    def _refuse_unraised_breach(self, report: DecisionEvent, position: int) -> None:
        """Refuse a report, as corrected, that forecasts beyond a tolerance with no exception open.

        A status report forecasting a breach raises the exception as it is recorded
        (``report_status``); a correction records nothing but itself, so a correction
        that would make the report a breach is refused, and the way out said: the
        report annulled and recorded again, which raises it.
        """
        assert isinstance(report, StatusReported)
        day = report.decision.effective_date
        rest = [e for e in self.in_effect() if e.originator_version != report.originator_version]
        then = self._scratch()
        for event in sorted([*rest, report], key=lambda e: e.effective_key):
            if event.decision.effective_date > day:
                break
            then._fold_in(event)
        budget = then.authorised_budget if isinstance(then.authorised_budget, Money) else None
        forecast = report.forecast_cost if isinstance(report.forecast_cost, Money) else None
        for breach in breaches(then.tolerances, budget, forecast, report.forecast_date):
            if then.breach_escalations.get(breach.dimension) in then.open_escalations:
                continue  # already escalated: a new report would raise nothing either
            set_by = then.tolerances.set_by if then.tolerances is not None else "-"
            raise InvalidDecision(
                f"corrected so, position {position:,} (status reported) on {self.key} would "
                f"forecast beyond a tolerance: {breach.describe()}, with no exception raised "
                f"(a correction records no breach and escalates nothing). Annul the report "
                f"('decision annul {position}') and record it again with the right forecast "
                f"('portfolio-ledger item report-status {self.key}'): a report beyond a "
                f"tolerance raises the exception and escalates it to {set_by}, which set it."
            )

    def _refuse_redirecting_an_exception(
        self, escalation: IssueEscalated, position: int, changes: dict[str, Any]
    ) -> None:
        """An automatic exception goes where the ledger sent it, as the ledger said it.

        The escalation raised with a tolerance breach goes, at high severity, to the
        body that set the tolerance; correcting where it went, its severity or its
        issue would take an exception away from that body without a decision of it.
        """
        breach = next(
            (
                event
                for event in self.in_effect()
                if isinstance(event, ToleranceBreached)
                and event.escalation == escalation.escalation
            ),
            None,
        )
        if breach is None:
            return  # escalated by someone: theirs to correct
        named = sorted(_SET_BY_THE_LEDGER.intersection(changes))
        fields = f"{', '.join(named)} {'is' if len(named) == 1 else 'are'}"
        raise InvalidDecision(
            f"position {position:,} (escalated) on {self.key} is the automatic exception "
            f"#{escalation.escalation} raised with the tolerance breach of "
            f"{breach.decision.effective_date.isoformat()}: the ledger sent it, at "
            f"{escalation.severity.value} severity, to {breach.escalated_to}, which set the "
            f"tolerance, and its {fields} not corrected. That body closes it "
            f"('portfolio-ledger item resolve {self.key} --escalation "
            f"{escalation.escalation}'), or it is raised again elsewhere ('portfolio-ledger "
            f"item escalate {self.key}'); a breach recorded in error is annulled, the "
            "escalation first, then the breach, then the report."
        )

    def joined_on(self) -> date:
        """The day the item joined the ledger: its first decision in effect."""
        return self.in_effect()[0].decision.effective_date

    def left_on(self, day: date) -> date | None:
        """The day the item left the portfolio, as it stood on ``day``; None if it had not."""
        left = [
            event.decision.effective_date
            for event in self.in_effect()
            if isinstance(event, ItemLeft) and event.decision.effective_date <= day
        ]
        return left[-1] if left else None


def _check_identity(key: str, currency: str, decision: Decision, names: dict[str, Any]) -> None:
    """A decision not in the future, a real currency; title and category not blank.

    Owner and sponsor too, where given: an onboarded item's baseline may not name them.
    """
    check_not_future(key, decision, ItemProposed.create_timestamp())
    Money.of(Decimal(0), currency)  # validates the code
    for name in ("title", "owner", "sponsor", "category"):
        value = names.get(name)
        if (value is None and name in {"title", "category"}) or (
            value is not None and not value.strip()
        ):
            raise InvalidDecision(f"{name} of {key} is required and must not be blank")
