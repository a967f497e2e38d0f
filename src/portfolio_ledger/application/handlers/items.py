"""Handlers of the commands on items."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

from portfolio_ledger.application import commands as c
from portfolio_ledger.application.commands.fields import figure_in
from portfolio_ledger.application.handlers.authority import (
    authorised,
    decided,
    item,
    organisation,
)
from portfolio_ledger.application.mergers import closes, note_merger
from portfolio_ledger.application.registered import checked_again_when_stored
from portfolio_ledger.application.registry import command
from portfolio_ledger.application.unit_of_work import UnitOfWork
from portfolio_ledger.application.views import Recorded
from portfolio_ledger.domain.decision import Decision
from portfolio_ledger.domain.dependencies import check_not_left
from portfolio_ledger.domain.errors import DuplicateItem, InvalidDecision
from portfolio_ledger.domain.events import (
    DeliveryStarted,
    FundingChanged,
    ItemApproved,
    ItemCancelled,
    ItemDeferred,
    ItemLeft,
    ItemPaused,
    ItemRejected,
    ItemReprioritised,
    ItemResumed,
    ItemRetired,
    ItemWentLive,
    StageGateReviewed,
    ToleranceSet,
)
from portfolio_ledger.domain.events_lifecycle import merged_into_itself
from portfolio_ledger.domain.governance import check_sets_tolerances
from portfolio_ledger.domain.item import PortfolioItem
from portfolio_ledger.domain.item_event import ItemEvent
from portfolio_ledger.domain.lifecycle import OPEN, Action, Stage


@command("item propose", c.ProposeItem)
def propose(uow: UnitOfWork, cmd: c.ProposeItem) -> Recorded:
    """Propose a new item."""
    proposed = PortfolioItem.propose(
        key=cmd.key,
        kind=cmd.kind,
        title=cmd.title,
        organisation=organisation(uow, cmd.organisation),
        owner=cmd.owner,
        sponsor=cmd.sponsor,
        category=cmd.category,
        currency=cmd.currency,
        objectives=cmd.objectives,
        description=cmd.description,
        decision=cmd.decision(),
    )
    if uow.exists(proposed.id):
        raise DuplicateItem(proposed.key)
    return uow.save(proposed)


@command("item onboard", c.OnboardItem)
def onboard(uow: UnitOfWork, cmd: c.OnboardItem) -> Recorded:
    """Bring an item already under way into the ledger, with its baseline."""
    fields = cmd.model_dump(include=ONBOARD_DETAILS)
    figures = {name: figure_in(getattr(cmd, name), cmd.currency, cmd.key) for name in FIGURES}
    onboarded = PortfolioItem.onboard(
        key=cmd.key,
        stage=cmd.stage,
        organisation=organisation(uow, cmd.organisation),
        decision=cmd.decision(),
        **fields,
        **figures,
    )
    if uow.exists(onboarded.id):
        raise DuplicateItem(onboarded.key)
    return uow.save(onboarded)


ONBOARD_DETAILS = {
    "kind", "title", "owner", "sponsor", "category", "currency", "objectives", "description",
    "forecast_date", "rag", "source", "paused_from",
}  # fmt: skip
FIGURES = ("whole_life_cost", "authorised_budget", "forecast_cost")


@command("item amend", c.AmendItem)
def amend(uow: UnitOfWork, cmd: c.AmendItem) -> Recorded:
    """Change details of an item."""
    subject = item(uow, cmd.key)
    subject.amend(changes=cmd.changes(), decision=cmd.decision())
    return uow.save(subject)


@command("item transfer", c.TransferItem)
def transfer(uow: UnitOfWork, cmd: c.TransferItem) -> Recorded:
    """Move an item to another organisation."""
    subject = item(uow, cmd.key)
    to = organisation(uow, cmd.organisation)
    assert to is not None  # given, and resolved
    subject.transfer(organisation=to, decision=cmd.decision())
    return uow.save(subject)


@command("item leave", c.LeaveItem)
def leave(uow: UnitOfWork, cmd: c.LeaveItem) -> Recorded:
    """Record that an item left the portfolio."""
    subject = item(uow, cmd.key)
    decision = decided(uow, cmd, subject, Action.LEAVE, ItemLeft.governs)
    merged_into = None
    if cmd.merged_into is not None:
        merged_into = merge_target(item(uow, cmd.merged_into), subject, decision)
        # Again as it is stored, under the append lock: that item merged meanwhile (into this
        # one, at once) is not missed, and no two items are merged each into the other.
        checked_again_when_stored(uow, partial(_merges_into, uow, merged_into, subject, decision))
    subject.leave(reason=cmd.reason, merged_into=merged_into, decision=decision)
    closes(uow, subject, decision)  # no item was merged into it from that day on
    if merged_into is not None:  # noted once kept: a refused line's merger is not the batch's
        note_merger(uow, merged_into, subject.id)
    return uow.save(subject)


def _merges_into(uow: UnitOfWork, key: str, subject: PortfolioItem, decision: Decision) -> None:
    merge_target(item(uow, key), subject, decision)


def merge_target(
    target: PortfolioItem,
    subject: PortfolioItem,
    decision: Decision,
    give_day: str = "(--effective-date)",
) -> str:
    """The key of the item ``subject`` merges into: another one, in the portfolio on the day.

    Not one that left it (merge into what that was merged into), nor one closed
    (rejected, cancelled, retired), nor one not yet in it: so no two items are merged
    each into the other. ``give_day`` says how the day is given.
    """
    if target.key == subject.key:
        raise merged_into_itself(subject.key)
    day = decision.effective_date
    then = target.as_on(day)
    if then is None:
        raise InvalidDecision(
            f"{subject.key} cannot be merged into {target.key} with effect from {day}: "
            f"{target.key} was not in the portfolio yet; an item is merged into one already "
            f"in it, so give the day it was merged {give_day}, on or after "
            f"{target.key} joined"
        ).naming_fields("effective-date")
    if then.stage is Stage.LEFT:
        where = f" (merged into {then.merged_into})" if then.merged_into else ""
        raise InvalidDecision(
            f"{subject.key} cannot be merged into {target.key}: {target.key} had left the "
            f"portfolio{where} by {day}; an item is merged only into one still in it, so name "
            "the item that carries the work on"
        )
    if then.stage not in OPEN:  # rejected, cancelled or retired: it carries no work on
        raise InvalidDecision(
            f"{subject.key} cannot be merged into {target.key}: {target.key} was "
            f"{then.stage.value} by {day}; an item is merged only into one in the pipeline or "
            "the catalogue, which carries the work on, so name that item, or, if "
            f"{subject.key} was merged before {target.key} was {then.stage.value}, give that "
            f"day {give_day}"
        ).naming_fields("effective-date")
    return target.key


@command("item appraise", c.AppraiseItem)
def appraise(uow: UnitOfWork, cmd: c.AppraiseItem) -> Recorded:
    """Record a business case appraisal."""
    subject = item(uow, cmd.key)
    subject.appraise(
        estimated_cost=cmd.estimated_cost.in_currency(subject.currency, subject.key),
        expected_benefits=cmd.expected_benefits.in_currency(subject.currency, subject.key),
        risk_rating=cmd.risk_rating,
        alignment_score=cmd.alignment_score,
        criteria=cmd.criteria,
        decision=cmd.decision(),
    )
    return uow.save(subject)


@command("item approve", c.ApproveItem)
def approve(uow: UnitOfWork, cmd: c.ApproveItem) -> Recorded:
    """Approve an item with an authorised budget, if the authority named allows it."""
    subject = item(uow, cmd.key)
    subject.check_allowed(Action.APPROVE, on=cmd.effective_date)
    budget = cmd.budget.in_currency(subject.currency, subject.key)
    decision = authorised(uow, cmd, subject, budget, ItemApproved.governs)
    subject.approve(budget=budget, conditions=cmd.conditions, decision=decision)
    return uow.save(subject)


@command("item fund", c.ChangeFunding)
def change_funding(uow: UnitOfWork, cmd: c.ChangeFunding) -> Recorded:
    """Raise or lower an item's authorised budget, if the authority named allows it."""
    subject = item(uow, cmd.key)
    subject.check_allowed(Action.CHANGE_FUNDING, on=cmd.effective_date)
    budget = cmd.budget.in_currency(subject.currency, subject.key)
    decision = authorised(uow, cmd, subject, budget, FundingChanged.governs)
    subject.change_funding(budget=budget, decision=decision)
    return uow.save(subject)


@command("item set-tolerance", c.SetTolerances)
def set_tolerances(uow: UnitOfWork, cmd: c.SetTolerances) -> Recorded:
    """Set an item's tolerances, by the authority that authorised it (or one above)."""
    subject = item(uow, cmd.key)
    subject.check_allowed(Action.SET_TOLERANCES, on=cmd.effective_date)
    decision = authorised(uow, cmd, subject, None, ToleranceSet.governs)
    governance = uow.governance(decision.effective_date)
    then = subject.as_on(decision.effective_date) or subject
    check_sets_tolerances(cmd.mandate(), then.authorised_under, governance, subject.key)
    subject.set_tolerances(
        cost=cmd.cost_tolerance(subject.currency), time=cmd.time_tolerance(), decision=decision
    )
    return uow.save(subject)


@command("item defer", c.DeferItem)
def defer(uow: UnitOfWork, cmd: c.DeferItem) -> Recorded:
    """Defer the decision on an item."""
    subject = item(uow, cmd.key)
    decision = decided(uow, cmd, subject, Action.DEFER, ItemDeferred.governs)
    subject.defer(until=cmd.until, decision=decision)
    return uow.save(subject)


@command("item reprioritise", c.ReprioritiseItem)
def reprioritise(uow: UnitOfWork, cmd: c.ReprioritiseItem) -> Recorded:
    """Give an item a new priority rank."""
    subject = item(uow, cmd.key)
    decision = decided(uow, cmd, subject, Action.REPRIORITISE, ItemReprioritised.governs)
    subject.reprioritise(rank=cmd.rank, decision=decision)
    return uow.save(subject)


@command("item report-status", c.ReportStatus)
def report_status(uow: UnitOfWork, cmd: c.ReportStatus) -> Recorded:
    """Record a status report (with any tolerance breach and its escalation, saved together)."""
    subject = item(uow, cmd.key)
    subject.report_status(
        overall=cmd.overall,
        cost=cmd.cost,
        schedule=cmd.schedule,
        scope=cmd.scope,
        benefits=cmd.benefits,
        forecast_cost=figure_in(cmd.forecast_cost, subject.currency, subject.key),
        forecast_date=cmd.forecast_date,
        whole_life_cost=figure_in(cmd.whole_life_cost, subject.currency, subject.key),
        decision=cmd.decision(),
    )
    return uow.save(subject)


@command("item escalate", c.EscalateIssue)
def escalate(uow: UnitOfWork, cmd: c.EscalateIssue) -> Recorded:
    """Escalate an issue on an item."""
    subject = item(uow, cmd.key)
    number = subject.escalate(
        issue=cmd.issue,
        severity=cmd.severity,
        escalated_to=cmd.escalated_to,
        decision=cmd.decision(),
    )
    return uow.save(subject, escalation=number)


@command("item resolve", c.ResolveEscalation)
def resolve_escalation(uow: UnitOfWork, cmd: c.ResolveEscalation) -> Recorded:
    """Resolve an open escalation."""
    subject = item(uow, cmd.key)
    number = subject.resolve_escalation(escalation=cmd.escalation, decision=cmd.decision())
    return uow.save(subject, escalation=number)


@command("item review-gate", c.ReviewGate)
def review_gate(uow: UnitOfWork, cmd: c.ReviewGate) -> Recorded:
    """Record a stage gate's review and its outcome."""
    subject = item(uow, cmd.key)
    decision = decided(uow, cmd, subject, Action.REVIEW_GATE, StageGateReviewed.governs)
    subject.review_gate(gate=cmd.gate, outcome=cmd.outcome, decision=decision)
    return uow.save(subject)


@command("item measure-benefit", c.MeasureBenefit)
def measure_benefit(uow: UnitOfWork, cmd: c.MeasureBenefit) -> Recorded:
    """Record a benefit's measurement, in the item's currency."""
    subject = item(uow, cmd.key)
    measured = cmd.measured.in_currency(subject.currency, subject.key)
    subject.measure_benefit(benefit=cmd.benefit, measured=measured, decision=cmd.decision())
    return uow.save(subject)


@command("item recommend-action", c.RecommendAction)
def recommend_action(uow: UnitOfWork, cmd: c.RecommendAction) -> Recorded:
    """Recommend a corrective action on an item."""
    subject = item(uow, cmd.key)
    number = subject.recommend_action(
        action=cmd.action, action_owner=cmd.action_owner, due=cmd.due, decision=cmd.decision()
    )
    return uow.save(subject, action=number)


@command("item complete-action", c.CompleteAction)
def complete_action(uow: UnitOfWork, cmd: c.CompleteAction) -> Recorded:
    """Complete an open corrective action."""
    subject = item(uow, cmd.key)
    number = subject.complete_action(action_number=cmd.action_number, decision=cmd.decision())
    return uow.save(subject, action=number)


@command("item declare-dependency", c.DeclareDependency)
def declare_dependency(uow: UnitOfWork, cmd: c.DeclareDependency) -> Recorded:
    """Record that an item depends on another, which must be in the ledger."""
    subject = item(uow, cmd.key)
    other = item(uow, cmd.on)
    # Now and again as it is stored, under the append lock: the other's proposal (or
    # onboarding) corrected to a later day, or its leaving, recorded meanwhile is not missed.
    checked_again_when_stored(uow, partial(_depends_on, uow, cmd.on, subject, cmd.effective_date))
    subject.declare_dependency(
        depends_on=other.key, dependency=cmd.dependency, decision=cmd.decision()
    )
    return uow.save(subject)


def _depends_on(uow: UnitOfWork, key: str, subject: PortfolioItem, day: date) -> None:
    other = item(uow, key)
    dependency_target(other, subject, day)
    check_not_left(other, subject, day)


def dependency_target(
    other: PortfolioItem,
    subject: PortfolioItem,
    day: date,
    give_day: str = "(--effective-date)",
) -> None:
    """Refuse a dependency of ``subject`` on ``other`` from a day before ``other`` joined.

    ``give_day`` says how the day is given (an option, or a correction's --set).
    """
    if other.key != subject.key and other.as_on(day) is None:
        raise InvalidDecision(
            f"{subject.key} cannot depend on {other.key} with effect from "
            f"{day}: {other.key} was not in the ledger yet; give the day the "
            f"dependency took effect {give_day} on or after {other.key} joined"
        ).naming_fields("effective-date")


@command("item remove-dependency", c.RemoveDependency)
def remove_dependency(uow: UnitOfWork, cmd: c.RemoveDependency) -> Recorded:
    """Record that an item no longer depends on another."""
    subject = item(uow, cmd.key)
    subject.remove_dependency(depends_on=cmd.on, decision=cmd.decision())
    return uow.save(subject)


def _lifecycle(
    name: str,
    model: type[c.Authorisation],
    moved: type[ItemEvent],
    action: Action,
    decide: Callable[[PortfolioItem, Decision], None],
) -> None:
    """Declare a command that moves an item on in its lifecycle (a ``moved`` event) and no more."""

    def handle(uow: UnitOfWork, cmd: c.Authorisation) -> Recorded:
        subject = item(uow, cmd.key)
        decide(subject, decision := decided(uow, cmd, subject, action, moved.governs))
        closes(uow, subject, decision)  # rejected, cancelled or retired: none merged into it since
        return uow.save(subject)

    handle.__doc__ = f"Record '{name}'."
    command(name, model)(handle)


for _name, _model, _moved, _action, _decide in (
    ("item reject", c.RejectItem, ItemRejected, Action.REJECT, lambda i, d: i.reject(decision=d)),
    (
        "item start-delivery",
        c.StartDelivery,
        DeliveryStarted,
        Action.START_DELIVERY,
        lambda i, d: i.start_delivery(decision=d),
    ),
    ("item pause", c.PauseItem, ItemPaused, Action.PAUSE, lambda i, d: i.pause(decision=d)),
    ("item resume", c.ResumeItem, ItemResumed, Action.RESUME, lambda i, d: i.resume(decision=d)),
    ("item go-live", c.GoLive, ItemWentLive, Action.GO_LIVE, lambda i, d: i.go_live(decision=d)),
    ("item retire", c.RetireItem, ItemRetired, Action.RETIRE, lambda i, d: i.retire(decision=d)),
    ("item cancel", c.CancelItem, ItemCancelled, Action.CANCEL, lambda i, d: i.cancel(decision=d)),
):
    _lifecycle(_name, _model, _moved, _action, _decide)
