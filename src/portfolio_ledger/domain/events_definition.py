"""Item events that define an item: proposed or onboarded, appraised, ranked, amended."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from eventsourcing.domain import AggregateCreated

from portfolio_ledger.domain.change_words import change_words, listed_words, words_in_use
from portfolio_ledger.domain.errors import InvalidDecision
from portfolio_ledger.domain.figures import Figure, describe_figure
from portfolio_ledger.domain.item_event import (
    EVENTS_MODULE,
    ItemEvent,
    allowed,
    named_authority,
    same_currency,
    stored_as,
)
from portfolio_ledger.domain.lifecycle import Action, Kind, Stage, paused_from_problem
from portfolio_ledger.domain.money import Money
from portfolio_ledger.domain.ratings import RAG, RiskRating

if TYPE_CHECKING:
    from portfolio_ledger.domain.item import PortfolioItem

MAX_RANK = 1_000_000
AMENDABLE = ("title", "category", "owner", "sponsor", "objectives", "description")
"""The details an amendment may change (the organisation changes by a transfer)."""
_IDENTITY = frozenset({"title", "owner", "sponsor", "category", "objectives", "description"})


@stored_as(EVENTS_MODULE)
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
    organisation: str | None = None
    label: ClassVar[str] = "proposed"
    correctable: ClassVar[frozenset[str]] = _IDENTITY | {"organisation"}
    called: ClassVar[tuple[tuple[str, str], ...]] = (("objective", "objectives"),)

    def change(self, item: PortfolioItem) -> None:
        """Set up the item in the proposed stage."""
        _identify(item, self)
        item.proposed_by = self.decision.actor
        item.stage = Stage.PROPOSED

    def describe(self) -> str:
        """Say what was proposed."""
        return f"{self.kind.value} proposed: {self.title} ({_where(self)})"


@stored_as(EVENTS_MODULE)
@dataclass(frozen=True)
class ItemOnboarded(ItemEvent, AggregateCreated):
    """An item already under way joined the ledger at its stage, with its baseline as known."""

    key: str
    kind: Kind
    title: str
    organisation: str | None
    owner: str | None
    """Who owns it (the senior responsible owner), where the baseline says."""
    sponsor: str | None
    category: str
    currency: str
    objectives: tuple[str, ...]
    description: str | None
    stage: Stage
    whole_life_cost: Figure | None
    authorised_budget: Figure | None
    forecast_cost: Figure | None
    forecast_date: date | None
    rag: RAG | None
    source: str | None
    """Where the baseline came from (a return, a register, a business case)."""
    paused_from: Stage | None = None
    """What an item joining paused was paused from (approved, in delivery); else None.

    Added after the first ledgers were kept: an onboarding recorded before it holds
    none, and an item it brought in paused is taken as paused from in delivery, as then.
    """
    label: ClassVar[str] = "onboarded"
    correctable: ClassVar[frozenset[str]] = _IDENTITY | {
        "organisation",
        "whole_life_cost",
        "authorised_budget",
        "forecast_cost",
        "forecast_date",
        "rag",
        "source",
        "paused_from",
    }
    called: ClassVar[tuple[tuple[str, str], ...]] = (
        ("objective", "objectives"),
        ("budget", "authorised_budget"),
    )

    def check(self, aggregate: PortfolioItem) -> None:  # noqa: ARG002 - the creation: none before
        """Refuse a stage it was paused from that it cannot have been (as corrected, too)."""
        if problem := paused_from_problem(self.key, self.stage, self.paused_from):
            fix = (
                "correct paused_from to approved or in delivery"
                if self.stage is Stage.PAUSED
                else "only an item that joined paused says what it was paused from"
            )
            raise InvalidDecision(f"{problem}; {fix}")

    def change(self, item: PortfolioItem) -> None:
        """Set up the item at its stage, with its baseline."""
        _identify(item, self)
        item.proposed_by = self.decision.actor
        item.stage = self.stage
        paused = self.stage is Stage.PAUSED
        item.paused_from = (self.paused_from or Stage.IN_DELIVERY) if paused else None
        item.whole_life_cost = self.whole_life_cost
        item.authorised_budget = self.authorised_budget
        item.forecast_cost = self.forecast_cost
        item.forecast_date = self.forecast_date
        on = self.decision.effective_date
        item.whole_life_cost_reported_on = None if self.whole_life_cost is None else on
        item.forecast_cost_reported_on = None if self.forecast_cost is None else on
        item.forecast_date_reported_on = None if self.forecast_date is None else on
        item.rag = self.rag
        item.baseline_source = self.source
        if self.rag is not None or self.forecast_cost is not None:
            item.last_status_date = self.decision.effective_date
        # The rating it joins with is its first status report (R3), as its date is (R4).
        item.rag_history = () if self.rag is None else (self.rag,)

    def describe(self) -> str:
        """The stage it joined at, and its baseline."""
        baseline = "; ".join(
            f"{name} {describe_figure(value)}"
            for name, value in (
                ("whole-life cost", self.whole_life_cost),
                ("budget", self.authorised_budget),
                ("forecast", self.forecast_cost),
            )
            if value is not None
        )
        rag = f"; RAG {self.rag.value}" if self.rag is not None else ""
        if self.forecast_date is not None and words_in_use() >= 5:  # 4 and before: none
            rag += f"; forecast date {self.forecast_date.isoformat()}"
        source = f"; from {self.source}" if self.source else ""
        return (
            f"{self.kind.value} onboarded {self.stage.value}"
            f"{f' (from {self.paused_from.value})' if self.paused_from else ''}: "
            f"{self.title} ({_where(self)})"
            f"{'; baseline: ' + baseline if baseline else ''}{rag}{source}"
        )


def _identify(item: PortfolioItem, event: ItemProposed | ItemOnboarded) -> None:
    item.key = event.key
    item.kind = event.kind
    item.title = event.title
    item.organisation = event.organisation
    item.owner = event.owner or ""
    item.sponsor = event.sponsor or ""
    item.category = event.category
    item.currency = event.currency
    item.objectives = event.objectives
    item.description = event.description


def _where(event: ItemProposed | ItemOnboarded) -> str:
    organisation = f"{event.organisation}, " if event.organisation else ""
    return f"{organisation}category {event.category}"


@stored_as(EVENTS_MODULE)
@dataclass(frozen=True)
class BusinessCaseAppraised(ItemEvent):
    """The business case was appraised: cost, benefits, risk and strategic fit."""

    estimated_cost: Money
    expected_benefits: Money
    risk_rating: RiskRating
    alignment_score: int
    criteria: str | None
    label: ClassVar[str] = "appraised"
    correctable: ClassVar[frozenset[str]] = frozenset(
        {"estimated_cost", "expected_benefits", "risk_rating", "alignment_score", "criteria"}
    )

    def check(self, item: PortfolioItem) -> None:
        """Appraised while not yet approved; money in its currency; a score out of 100."""
        allowed(Action.APPRAISE, item)
        same_currency(item, self.estimated_cost, self.expected_benefits)
        if not 0 <= self.alignment_score <= 100:
            raise InvalidDecision(
                f"alignment score of {item.key} must be from 0 to 100, not {self.alignment_score}"
            )

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


@stored_as(EVENTS_MODULE)
@dataclass(frozen=True)
class ItemReprioritised(ItemEvent):
    """The item's priority rank changed; the previous rank is kept here too."""

    rank: int
    previous_rank: int | None
    label: ClassVar[str] = "reprioritised"
    governs: ClassVar[str] = "reprioritise it"
    correctable: ClassVar[frozenset[str]] = frozenset({"rank"})

    def check(self, item: PortfolioItem) -> None:
        """An open item, a rank in range and not the one it has."""
        allowed(Action.REPRIORITISE, item)
        named_authority(Action.REPRIORITISE, item, self.decision)
        if not 1 <= self.rank <= MAX_RANK:
            raise InvalidDecision(
                f"rank of {item.key} must be a whole number from 1 to {MAX_RANK:,}"
            )
        if self.rank == item.rank:
            raise InvalidDecision(f"{item.key} already has rank {self.rank}; nothing to change")

    def change(self, item: PortfolioItem) -> None:
        """Set the new rank."""
        item.rank = self.rank

    def describe(self) -> str:
        """Old and new rank."""
        before = "unranked" if self.previous_rank is None else str(self.previous_rank)
        return f"rank {before} -> {self.rank}"


@stored_as(EVENTS_MODULE)
@dataclass(frozen=True)
class DetailsAmended(ItemEvent):
    """Details of the item changed: its title, category, owner, sponsor, objectives, description."""

    changes: dict[str, Any]
    """Each changed detail and its new value."""
    previous: dict[str, Any]
    """Each changed detail and the value it had."""
    label: ClassVar[str] = "details amended"

    def check(self, item: PortfolioItem) -> None:
        """An open item; only amendable details; each one different from what it is."""
        allowed(Action.AMEND, item)
        unknown = sorted(set(self.changes) - set(AMENDABLE))
        if unknown or not self.changes:
            raise InvalidDecision(
                f"an amendment of {item.key} changes one or more of {', '.join(AMENDABLE)}"
                + (f", not {', '.join(unknown)}" if unknown else "")
            )
        same = [
            name for name, value in self.changes.items() if _as_is(value) == getattr(item, name)
        ]
        if same:
            raise InvalidDecision(
                f"the {', '.join(same)} of {item.key} "
                f"{'is' if same != ['objectives'] and len(same) == 1 else 'are'} "
                "already as given; nothing to change"
            )

    def change(self, item: PortfolioItem) -> None:
        """Set each new detail."""
        for name, value in self.changes.items():
            setattr(item, name, _as_is(value))

    def describe(self) -> str:
        """Each detail, from what to what."""
        return "; ".join(
            change_words(name, _text(self.previous.get(name)), _text(value))
            for name, value in self.changes.items()
        )


def _as_is(value: Any) -> Any:
    """A detail as the item holds it (lists read back from the store are tuples)."""
    return tuple(value) if isinstance(value, list) else value


def _text(value: Any) -> str | None:
    """A detail in words; None where it has none (``change_words`` says so).

    A list (the objectives) is ``"A, B", C``: a value holding a comma in double quotes.
    """
    if value is None:
        return None
    if isinstance(value, list | tuple):
        return listed_words(value)
    return str(value)


@stored_as(EVENTS_MODULE)
@dataclass(frozen=True)
class ItemTransferred(ItemEvent):
    """The item moved to another organisation (a department, directorate, business unit)."""

    organisation: str
    previous_organisation: str | None
    label: ClassVar[str] = "transferred"
    correctable: ClassVar[frozenset[str]] = frozenset({"organisation"})
    called: ClassVar[tuple[tuple[str, str], ...]] = (("to", "organisation"),)

    def check(self, item: PortfolioItem) -> None:
        """An open item, moving somewhere else."""
        allowed(Action.AMEND, item)
        if self.organisation == item.organisation:
            raise InvalidDecision(
                f"{item.key} already belongs to {self.organisation}; nothing to change"
            )

    def change(self, item: PortfolioItem) -> None:
        """Move the item."""
        item.organisation = self.organisation

    def describe(self) -> str:
        """From which organisation to which."""
        return change_words("organisation", self.previous_organisation, self.organisation)
