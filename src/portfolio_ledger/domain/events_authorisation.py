"""Item events that authorise, or decline to: approve, reject, defer, fund, set tolerances.

And review a stage gate: a board's go, hold, recycle or stop at a gate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from portfolio_ledger.domain.change_words import change_words, listed_words
from portfolio_ledger.domain.errors import InvalidDecision
from portfolio_ledger.domain.figures import Figure, describe_figure
from portfolio_ledger.domain.item_event import (
    EVENTS_MODULE,
    ItemEvent,
    allowed,
    mandated,
    named_authority,
    same_currency,
    stored_as,
)
from portfolio_ledger.domain.lifecycle import Action, GateOutcome, Stage
from portfolio_ledger.domain.money import Money
from portfolio_ledger.domain.tolerances import CostTolerance, TimeTolerance, Tolerances

if TYPE_CHECKING:
    from portfolio_ledger.domain.item import PortfolioItem


@stored_as(EVENTS_MODULE)
@dataclass(frozen=True)
class ItemApproved(ItemEvent):
    """The item was approved with an authorised budget and any conditions."""

    authorised_budget: Money
    conditions: tuple[str, ...]
    label: ClassVar[str] = "approved"
    correctable: ClassVar[frozenset[str]] = frozenset({"authorised_budget", "conditions"})
    called: ClassVar[tuple[tuple[str, str], ...]] = (
        ("budget", "authorised_budget"),
        ("condition", "conditions"),
    )
    governs: ClassVar[str] = "approve it"
    """What a conflicted member or delegate may not do (segregation of duties)."""

    def check(self, item: PortfolioItem) -> None:
        """Appraised (or deferred) with a business case; under a mandate; in its currency."""
        allowed(Action.APPROVE, item)
        if item.estimated_cost is None:
            raise InvalidDecision(
                f"cannot approve {item.key}: it is {item.stage.value} with no business "
                "case; only an item with one can be approved. Record its business case "
                "first with 'item appraise'."
            )
        same_currency(item, self.authorised_budget)
        mandated(Action.APPROVE, item, self.decision)

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
            text += f"; conditions: {listed_words(self.conditions, joined_by='; ')}"
        return text


@stored_as(EVENTS_MODULE)
@dataclass(frozen=True)
class ItemRejected(ItemEvent):
    """The item was rejected and is closed."""

    label: ClassVar[str] = "rejected"
    governs: ClassVar[str] = "reject it"

    def check(self, item: PortfolioItem) -> None:
        """Not yet approved; under an authority named."""
        allowed(Action.REJECT, item)
        named_authority(Action.REJECT, item, self.decision)

    def change(self, item: PortfolioItem) -> None:
        """Close the item."""
        item.stage = Stage.REJECTED


def deferral_problem(key: str, effective: date, until: date | None) -> str | None:
    """Why a deferral of ``key`` effective on ``effective`` cannot be ``until``; or None.

    The one wording of the rule, for the command line, an import line and a correction.
    """
    if until is None or until > effective:
        return None
    return (
        f"deferral of {key} must be until a date after its effective date "
        f"{effective.isoformat()}, not {until.isoformat()}: a decision is put off to a later "
        f"day; give a day after {effective.isoformat()}, or none"
    )


def planned_finish_problem(key: str, effective: date, finish: date | None) -> str | None:
    """Why a time tolerance on ``key`` effective on ``effective`` cannot run from ``finish``.

    The one wording of the rule, for the command line (exit 2), an import line and the
    ledger's own check; None if it can.
    """
    if finish is None or finish > effective:
        return None
    return (
        f"the planned finish of {key} ({finish.isoformat()}) must be after the tolerance "
        f"takes effect ({effective.isoformat()}): a time tolerance runs to a finish still to "
        f"come; give a planned finish after {effective.isoformat()}"
    )


@stored_as(EVENTS_MODULE)
@dataclass(frozen=True)
class ItemDeferred(ItemEvent):
    """The decision on the item was put off, perhaps until a date."""

    until: date | None
    label: ClassVar[str] = "deferred"
    governs: ClassVar[str] = "defer it"
    correctable: ClassVar[frozenset[str]] = frozenset({"until"})

    def check(self, item: PortfolioItem) -> None:
        """Proposed or appraised; under an authority named; until a later day."""
        allowed(Action.DEFER, item)
        named_authority(Action.DEFER, item, self.decision)
        if problem := deferral_problem(item.key, self.decision.effective_date, self.until):
            raise InvalidDecision(problem)

    def change(self, item: PortfolioItem) -> None:
        """Hold the item in the pipeline."""
        item.stage = Stage.DEFERRED
        item.deferred_until = self.until

    def describe(self) -> str:
        """Say until when."""
        return f"deferred until {self.until.isoformat()}" if self.until else "deferred"


@stored_as(EVENTS_MODULE)
@dataclass(frozen=True)
class FundingChanged(ItemEvent):
    """The authorised budget went up or down; the previous budget is kept here too."""

    authorised_budget: Money
    previous_budget: Figure | None
    label: ClassVar[str] = "funding changed"
    correctable: ClassVar[frozenset[str]] = frozenset({"authorised_budget"})
    called: ClassVar[tuple[tuple[str, str], ...]] = (("budget", "authorised_budget"),)
    governs: ClassVar[str] = "change its funding"

    def check(self, item: PortfolioItem) -> None:
        """A funded item, under a mandate, in its currency, to a different budget."""
        allowed(Action.CHANGE_FUNDING, item)
        mandated(Action.CHANGE_FUNDING, item, self.decision)
        same_currency(item, self.authorised_budget)
        if self.authorised_budget == item.authorised_budget:
            raise InvalidDecision(
                f"authorised budget of {item.key} is already {self.authorised_budget}; "
                "nothing to change"
            )

    def change(self, item: PortfolioItem) -> None:
        """Set the new authorised budget."""
        item.authorised_budget = self.authorised_budget
        item.authorised_under = self.decision.mandate

    def describe(self) -> str:
        """Old and new budget."""
        before = None if self.previous_budget is None else describe_figure(self.previous_budget)
        return change_words("budget", before, str(self.authorised_budget))


@stored_as(EVENTS_MODULE)
@dataclass(frozen=True)
class ToleranceSet(ItemEvent):
    """The body that approved the item set its tolerances (replacing any before)."""

    cost: CostTolerance | None
    time: TimeTolerance | None
    label: ClassVar[str] = "tolerance set"
    correctable: ClassVar[frozenset[str]] = frozenset()
    governs: ClassVar[str] = "set its tolerances"
    """Tolerances are put right by setting them again (a later decision), not corrected."""

    def check(self, item: PortfolioItem) -> None:
        """A funded item, under a mandate; a planned finish after the tolerance takes effect."""
        allowed(Action.SET_TOLERANCES, item)
        mandated(Action.SET_TOLERANCES, item, self.decision)
        if self.cost is None and self.time is None:
            raise InvalidDecision(f"give {item.key} a cost tolerance, a time tolerance, or both")
        if self.cost is not None:
            same_currency(item, self.cost.amount)
        finish = self.time.planned_finish if self.time is not None else None
        if problem := planned_finish_problem(item.key, self.decision.effective_date, finish):
            raise InvalidDecision(problem)

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


@stored_as(EVENTS_MODULE)
@dataclass(frozen=True)
class StageGateReviewed(ItemEvent):
    """A stage gate was reviewed: which gate, and its outcome (go, hold, recycle, stop).

    The review is the board's verdict at the gate; it moves the item nowhere
    itself: a hold is recorded as a pause, a stop as a cancellation or
    rejection, each a decision of its own.
    """

    gate: str
    outcome: GateOutcome
    label: ClassVar[str] = "stage gate reviewed"
    governs: ClassVar[str] = "decide its stage-gate review"
    correctable: ClassVar[frozenset[str]] = frozenset({"gate", "outcome"})

    def check(self, item: PortfolioItem) -> None:
        """An open item; under an authority named."""
        allowed(Action.REVIEW_GATE, item)
        named_authority(Action.REVIEW_GATE, item, self.decision)

    def change(self, item: PortfolioItem) -> None:
        """Nothing of the item's state: the review is in its history."""

    def describe(self) -> str:
        """The gate and its outcome."""
        return f"stage gate {self.gate}: {self.outcome.value}"
