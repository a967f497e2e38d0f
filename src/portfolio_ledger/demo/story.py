"""A believable year of portfolio decisions, recorded through the ledger's own commands.

Everything here goes through the same validated commands a user runs, so
the demo exercises the real rules. It is deterministic: the same day gives
the same portfolio.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from portfolio_ledger.application import commands as c
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.application.unit_of_work import Batch
from portfolio_ledger.application.views import Recorded
from portfolio_ledger.demo import governance as g
from portfolio_ledger.demo.data import (
    BEYOND_TOLERANCE,
    DELIVERY_BOARD,
    DIRECTION_GROUP,
    EXECUTIVE_BOARD,
    INVESTMENT_COMMITTEE,
    OBJECTIVES,
    OVER_LIMIT,
    OVER_LIMIT_COST,
    OWNERS,
    PORTFOLIO,
    PREFIXES,
    SEED,
    SERVICE_BOARD,
    SPONSORS,
)
from portfolio_ledger.demo.governance import (
    CHIEF_EXECUTIVE,
    CIO,
    COMMITTEE_CHAIR,
    HEAD_OF_PORTFOLIO,
    PORTFOLIO_MANAGER,
    PROGRAMME_DIRECTOR,
    PROJECT_MANAGER,
    SERVICE_OWNER,
    Person,
)
from portfolio_ledger.domain.decision import utc_today
from portfolio_ledger.domain.errors import AuthorityExceeded
from portfolio_ledger.domain.keys import item_id
from portfolio_ledger.domain.ratings import Severity


@dataclass
class DemoSummary:
    """What the demo recorded."""

    items: int = 0
    events: int = 0
    by_stage: dict[str, int] = field(default_factory=dict)
    actors: set[str] = field(default_factory=set)
    first_effective: date | None = None
    last_effective: date | None = None
    people: int = 0
    boards: int = 0
    delegations: int = 0
    refused: list[str] = field(default_factory=list)
    automatic_escalations: list[str] = field(default_factory=list)


@dataclass(order=True)
class _Step:
    day: date
    order: int
    run: Callable[[], Any] = field(compare=False)


@dataclass
class _Item:
    """One demo item's particulars, and the day its story has reached."""

    number: int
    key: str
    kind: str
    title: str
    category: str
    story: str
    day: date
    cost: int
    budget: int = 0


class _Storyteller:
    """Plans each item's year as dated steps, then records them in date order."""

    def __init__(self, ledger: PortfolioLedger, today: date) -> None:
        self.ledger = ledger
        self.today = today
        self.start = today - timedelta(days=364)
        # Not for security: a fixed seed makes the same demo every time.
        self.random = random.Random(SEED)  # noqa: S311
        self.steps: list[_Step] = []
        self.summary = DemoSummary()
        self.batch: Batch | None = None

    def plan(self) -> None:
        """Plan the governance, the portfolio's envelope and every item's storyline."""
        self._governance(self.start - timedelta(days=30))
        self._envelope(self.start, "GBP 250,000,000", "Capital plan approved for the year.")
        self._envelope(
            self.start + timedelta(days=190),
            "GBP 280,000,000",
            "Mid-year review: envelope raised for the cyber and cloud programmes.",
        )
        for number, (key, (kind, title, category, story)) in enumerate(
            zip(demo_keys(), PORTFOLIO, strict=True)
        ):
            offset = (
                self.random.randint(250, 330) if story == "proposed" else self.random.randint(0, 60)
            )
            cost = self.random.randint(4, 90) * 50_000 * (8 if kind == "programme" else 1)
            if title == OVER_LIMIT:
                cost = OVER_LIMIT_COST
            item = _Item(
                number, key, kind, title, category, story, self.start + timedelta(days=offset), cost
            )
            self._define(item)
            if story not in {"proposed", "appraised"} and self._decide(item):
                self._deliver(item)
                self._storyline(item)

    def record(self) -> DemoSummary:
        """Record every planned step, in order of effective date, as one transaction.

        A demo stopped part-way (killed, say) leaves nothing behind: all of
        it is recorded, or none.
        """
        with self.ledger.batch() as batch:
            self.batch = batch
            for step in sorted(self.steps):
                step.run()
        self.summary.events = batch.recorded
        return self.summary

    # -- the parts of a storyline -------------------------------------------

    def _define(self, item: _Item) -> None:
        objective = OBJECTIVES[item.number % len(OBJECTIVES)]
        self._do(
            item,
            0,
            c.ProposeItem,
            PORTFOLIO_MANAGER,
            None,
            f"Proposed by the {item.category.lower()} portfolio: {item.title.lower()} "
            f"is needed to meet '{objective}'.",
            kind=item.kind,
            title=item.title,
            owner=OWNERS[item.number % len(OWNERS)],
            sponsor=SPONSORS[item.number % len(SPONSORS)],
            category=item.category,
            objectives=(objective,),
        )
        if item.story == "proposed":
            return
        rnd = self.random
        self._do(
            item,
            rnd.randint(10, 30),
            c.AppraiseItem,
            HEAD_OF_PORTFOLIO,
            None,
            "Five-case business case reviewed by the portfolio office.",
            estimated_cost=str(item.cost),
            expected_benefits=str(int(item.cost * rnd.uniform(1.1, 2.6))),
            risk_rating=rnd.choice(["low", "medium", "medium", "high"]),
            alignment_score=rnd.randint(45, 95),
            criteria="Portfolio scoring model v3",
        )

    def _decide(self, item: _Item) -> bool:
        """Reject, defer or approve; True if approved."""
        rnd = self.random
        gap = rnd.randint(14, 40)
        if item.story == "rejected":
            self._do(
                item,
                gap,
                c.RejectItem,
                COMMITTEE_CHAIR,
                INVESTMENT_COMMITTEE,
                "Benefits overlap an approved programme; not value for money.",
            )
            return False
        if item.story == "deferred":
            self._do(
                item,
                gap,
                c.DeferItem,
                COMMITTEE_CHAIR,
                INVESTMENT_COMMITTEE,
                "Affordable only after the next spending review.",
                until=self.today + timedelta(days=rnd.randint(60, 150)),
            )
            return False
        item.budget = int(item.cost * rnd.uniform(1.0, 1.15)) // 1000 * 1000
        if item.budget > g.IC_LIMIT:
            self._escalate_over_limit(item, gap)
        elif item.category in g.DELEGATED_CATEGORIES and item.budget <= g.DELEGATED_LIMIT:
            self._do(
                item,
                gap,
                c.ApproveItem,
                CIO,
                None,
                "Within the CIO's delegated authority; benefits exceed cost.",
                budget=str(item.budget),
                conditions=("Stage-gate review before go-live",),
                delegation=g.CIO_DELEGATION,
            )
        else:
            self._do(
                item,
                gap,
                c.ApproveItem,
                COMMITTEE_CHAIR,
                None,
                "Strong strategic fit; benefits exceed cost.",
                budget=str(item.budget),
                conditions=("Stage-gate review before go-live",),
                references=("IC minutes",),
                **g.meeting(g.INVESTMENT_COMMITTEE),
            )
        self._do(
            item,
            rnd.randint(7, 21),
            c.ReprioritiseItem,
            HEAD_OF_PORTFOLIO,
            DIRECTION_GROUP,
            "Ranked at the quarterly portfolio review.",
            rank=item.number + 1,
        )
        return True

    def _deliver(self, item: _Item) -> None:
        """Start delivery (or, for established services, go live), then report monthly."""
        rnd = self.random
        if item.kind == "service" and item.story in {"established", "retiring"}:
            self._do(
                item,
                rnd.randint(5, 20),
                c.GoLive,
                SERVICE_OWNER,
                SERVICE_BOARD,
                "Service accepted into the catalogue.",
            )
        else:
            self._do(
                item,
                rnd.randint(10, 30),
                c.StartDelivery,
                PROGRAMME_DIRECTOR,
                DELIVERY_BOARD,
                "Team and supplier mobilised.",
            )
        forecast = item.budget
        for month in range(rnd.randint(2, 4)):
            forecast = int(forecast * rnd.uniform(0.98, 1.08)) // 1000 * 1000
            on_track = forecast <= item.budget
            rag = "green" if on_track else rnd.choice(["amber", "amber", "red"])
            self._do(
                item,
                rnd.randint(25, 35),
                c.ReportStatus,
                PROJECT_MANAGER,
                None,
                f"Monthly highlight report {month + 1}: "
                f"{'on track' if on_track else 'forecast above budget'}.",
                overall=rag,
                cost=rag,
                schedule=rnd.choice(["green", "amber"]),
                scope="green",
                benefits="green",
                forecast_cost=str(forecast),
            )

    def _storyline(self, item: _Item) -> None:
        """What happens to the item after it is under way."""
        rnd = self.random
        story = item.story
        if story == "escalated" and item.title == BEYOND_TOLERANCE:
            self._exceed_tolerance(item)
        elif story == "escalated":
            self._do(
                item,
                rnd.randint(3, 10),
                c.EscalateIssue,
                PROGRAMME_DIRECTOR,
                None,
                "Forecast exceeds the delivery board's tolerance.",
                issue="Supplier delay threatens the go-live date",
                severity="high",
                escalated_to=INVESTMENT_COMMITTEE,
            )
            self._do(
                item,
                rnd.randint(10, 25),
                c.ResolveEscalation,
                COMMITTEE_CHAIR,
                INVESTMENT_COMMITTEE,
                "Recovery plan accepted; supplier penalty clauses invoked.",
            )
        elif story == "funding":
            self._do(
                item,
                rnd.randint(5, 15),
                c.ChangeFunding,
                COMMITTEE_CHAIR,
                None,
                "Additional funding approved for the extended scope.",
                budget=str(int(item.budget * 1.2) // 1000 * 1000),
                **g.meeting(g.INVESTMENT_COMMITTEE),
            )
            self._do(
                item,
                rnd.randint(10, 30),
                c.ReprioritiseItem,
                HEAD_OF_PORTFOLIO,
                DIRECTION_GROUP,
                "Raised in priority after the funding decision.",
                rank=max(1, item.number // 3),
            )
        elif story == "paused":
            for gap, command, why in (
                (
                    rnd.randint(5, 15),
                    c.PauseItem,
                    "Paused pending the data strategy refresh.",
                ),
                (
                    rnd.randint(30, 60),
                    c.ResumeItem,
                    "Data strategy refreshed; programme re-baselined.",
                ),
                (
                    rnd.randint(5, 15),
                    c.PauseItem,
                    "Paused again while the supplier market is re-tested.",
                ),
            ):
                self._do(item, gap, command, CIO, DIRECTION_GROUP, why)
        elif story == "cancelled":
            self._do(
                item,
                rnd.randint(5, 20),
                c.CancelItem,
                COMMITTEE_CHAIR,
                INVESTMENT_COMMITTEE,
                "Policy change removed the need; remaining budget returned.",
            )
        if story in {"live", "escalated"} and item.kind != "programme":
            self._do(
                item,
                rnd.randint(10, 30),
                c.GoLive,
                SERVICE_OWNER,
                SERVICE_BOARD,
                "Acceptance criteria met; live service handed over.",
            )
        if story == "retiring":
            self._do(
                item,
                rnd.randint(120, 200),
                c.RetireItem,
                SERVICE_OWNER,
                SERVICE_BOARD,
                "Superseded; users migrated and data archived.",
            )

    def _do(  # noqa: PLR0917 - the demo script reads best as one call per decision
        self,
        item: _Item,
        gap_days: int,
        command: type[c.Command],
        who: Person,
        authority: str | None,
        rationale: str,
        **fields: Any,
    ) -> None:
        """Plan one decision ``gap_days`` after the item's previous one (never after today)."""
        item.day = day = min(item.day + timedelta(days=gap_days), self.today)
        key = item.key

        # Governed decisions name the actor by person key; the ledger records the name.
        actor = who.key if issubclass(command, c.Governed) else who.name

        def run() -> None:
            cmd = command(
                key=key,
                actor=actor,
                role=who.role,
                authority=authority,
                rationale=rationale,
                effective_date=day,
                **fields,
            )
            recorded = self._handle(cmd)
            if recorded.event == "escalated" and command is c.ReportStatus:
                self.summary.automatic_escalations.append(f"{key}: {recorded.summary}")
            self._count(day, who, new_item=command is c.ProposeItem)

        self.steps.append(_Step(day, len(self.steps), run))

    def _governance(self, day: date) -> None:
        """The people, boards and delegation, in place a month before the year starts."""

        def run() -> None:
            for command, who in g.setup(day):
                self._handle(command)
                self._count(day, who, new_item=False)
            self.summary.people = len(g.PEOPLE)
            self.summary.boards = len(g.MEMBERS)
            self.summary.delegations = 1

        self.steps.append(_Step(day, len(self.steps), run))

    def _escalate_over_limit(self, item: _Item, gap: int) -> None:
        """The committee's approval is refused over its limit; the Executive Board approves."""
        item.day = day = min(item.day + timedelta(days=gap), self.today)
        key, budget = item.key, str(item.budget)

        def refuse_and_escalate() -> None:
            attempt = c.ApproveItem.model_validate(
                {
                    "key": key,
                    "budget": budget,
                    **g.meeting(g.INVESTMENT_COMMITTEE),
                    "actor": COMMITTEE_CHAIR.key,
                    "role": COMMITTEE_CHAIR.role,
                    "rationale": "Strong strategic fit; benefits exceed cost.",
                    "effective_date": day,
                }
            )
            try:
                self._handle(attempt)
            except AuthorityExceeded as refusal:
                self.summary.refused.append(f"{key}: {refusal}")
                reason = str(refusal)
            else:  # pragma: no cover - the cost is set beyond the limit
                raise AssertionError(f"{key} was meant to exceed the committee's limit")
            self._handle(
                c.EscalateIssue(
                    key=key,
                    actor=COMMITTEE_CHAIR.name,
                    role=COMMITTEE_CHAIR.role,
                    rationale=f"The ledger refused the committee's approval: {reason}",
                    effective_date=day,
                    issue=f"Budget GBP {item.budget:,} is beyond the committee's limit",
                    severity=Severity.HIGH,
                    escalated_to=EXECUTIVE_BOARD,
                )
            )
            self._count(day, COMMITTEE_CHAIR, new_item=False)

        self.steps.append(_Step(day, len(self.steps), refuse_and_escalate))
        self._do(
            item,
            self.random.randint(7, 14),
            c.ApproveItem,
            CHIEF_EXECUTIVE,
            None,
            "Escalated by the Investment Committee; approved within the Board's authority.",
            budget=budget,
            conditions=("Quarterly report to the Executive Board",),
            references=("EXB minutes",),
            **g.meeting(g.EXECUTIVE_BOARD),
        )
        self._do(
            item,
            0,
            c.ResolveEscalation,
            CHIEF_EXECUTIVE,
            EXECUTIVE_BOARD,
            "Approved by the Executive Board.",
        )

    def _exceed_tolerance(self, item: _Item) -> None:
        """The committee sets a 5% cost tolerance; a report beyond it escalates by itself."""
        rnd = self.random
        self._do(
            item,
            rnd.randint(3, 10),
            c.SetTolerances,
            COMMITTEE_CHAIR,
            None,
            "Stage tolerances: 5% on cost.",
            cost="5%",
            **g.meeting(g.INVESTMENT_COMMITTEE),
        )
        forecast = int(item.budget * 1.12) // 1000 * 1000
        self._do(
            item,
            rnd.randint(20, 30),
            c.ReportStatus,
            PROJECT_MANAGER,
            None,
            "Highlight report: supplier day rates up 12%.",
            overall="red",
            cost="red",
            schedule="amber",
            scope="green",
            benefits="green",
            forecast_cost=str(forecast),
        )
        self._do(
            item,
            rnd.randint(10, 25),
            c.ResolveEscalation,
            COMMITTEE_CHAIR,
            INVESTMENT_COMMITTEE,
            "Exception plan accepted: scope trimmed to bring the forecast back within tolerance.",
        )

    def _envelope(self, day: date, amount: str, rationale: str) -> None:
        def run() -> None:
            command = c.SetEnvelope.model_validate(
                {
                    "envelope": amount,
                    "actor": COMMITTEE_CHAIR.name,
                    "role": COMMITTEE_CHAIR.role,
                    "authority": INVESTMENT_COMMITTEE,
                    "rationale": rationale,
                    "effective_date": day,
                }
            )
            self._handle(command)
            self._count(day, COMMITTEE_CHAIR, new_item=False)

        self.steps.append(_Step(day, len(self.steps), run))

    def _handle(self, command: c.Decided) -> Recorded:
        assert self.batch is not None  # steps run only inside record()
        return self.batch.handle(command)

    def _count(self, day: date, who: Person, *, new_item: bool) -> None:
        summary = self.summary
        summary.items += int(new_item)
        summary.actors.add(who.name)
        summary.first_effective = min(summary.first_effective or day, day)
        summary.last_effective = max(summary.last_effective or day, day)


def demo_keys() -> list[str]:
    """The keys the demo uses."""
    counters = dict.fromkeys(PREFIXES, 0)
    keys = []
    for kind, *_ in PORTFOLIO:
        counters[kind] += 1
        keys.append(f"{PREFIXES[kind]}-{counters[kind]:03d}")
    return keys


def clashing_keys(ledger: PortfolioLedger) -> list[str]:
    """Demo keys already used in this ledger."""
    return [key for key in demo_keys() if item_id(key) in ledger.repository]


def record_demo(ledger: PortfolioLedger, today: date | None = None) -> DemoSummary:
    """Record the demo portfolio's year of decisions, ending ``today``."""
    teller = _Storyteller(ledger, today or utc_today())
    teller.plan()
    return teller.record()
