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
from portfolio_ledger.domain.keys import item_id

SEED = 20261121


@dataclass(frozen=True)
class Person:
    """Someone who records decisions, and the role they do it in."""

    name: str
    role: str


HEAD_OF_PORTFOLIO = Person("Priya Raman", "Head of Portfolio Office")
PORTFOLIO_MANAGER = Person("Tom Achebe", "Portfolio Manager")
COMMITTEE_CHAIR = Person("Helen Carter", "Chair, Investment Committee")
CIO = Person("Marcus Lee", "Chief Information Officer")
PROGRAMME_DIRECTOR = Person("Aisha Khan", "Programme Director")
SERVICE_OWNER = Person("Ben Osei", "Head of Service Management")
PROJECT_MANAGER = Person("Rob Nguyen", "Project Manager")
FINANCE = Person("Claire Dubois", "Finance Business Partner")

INVESTMENT_COMMITTEE = "Investment Committee"
DIRECTION_GROUP = "Portfolio Direction Group"
DELIVERY_BOARD = "Digital Delivery Board"
SERVICE_BOARD = "Service Management Board"

CATEGORIES = ("Corporate systems", "Citizen services", "Infrastructure", "Security", "Data")
OBJECTIVES = (
    "Modernise legacy estate",
    "Digital by default",
    "Reduce run costs",
    "Secure by design",
    "Better use of data",
)

# Each item: kind, title, category, and the storyline its year follows.
PORTFOLIO: tuple[tuple[str, str, str, str], ...] = (
    ("programme", "ERP consolidation", "Corporate systems", "delivering"),
    ("programme", "Cloud migration", "Infrastructure", "delivering"),
    ("programme", "Citizen digital front door", "Citizen services", "delivering"),
    ("programme", "Cyber resilience", "Security", "delivering"),
    ("programme", "Data and analytics platform", "Data", "paused"),
    ("programme", "Workplace modernisation", "Infrastructure", "appraised"),
    ("project", "Payroll replacement", "Corporate systems", "escalated"),
    ("project", "Finance ledger upgrade", "Corporate systems", "delivering"),
    ("project", "HR case management", "Corporate systems", "live"),
    ("project", "Procurement e-sourcing", "Corporate systems", "rejected"),
    ("project", "Datacentre exit wave 1", "Infrastructure", "live"),
    ("project", "Datacentre exit wave 2", "Infrastructure", "delivering"),
    ("project", "Network refresh", "Infrastructure", "funding"),
    ("project", "Identity and access management", "Security", "escalated"),
    ("project", "Security operations centre", "Security", "delivering"),
    ("project", "Privileged access vault", "Security", "live"),
    ("project", "Online licensing", "Citizen services", "cancelled"),
    ("project", "Appointment booking", "Citizen services", "live"),
    ("project", "Contact centre telephony", "Citizen services", "funding"),
    ("project", "Casework digitisation", "Citizen services", "deferred"),
    ("project", "Master data management", "Data", "proposed"),
    ("project", "Reporting self-service", "Data", "appraised"),
    ("project", "Records retention automation", "Data", "rejected"),
    ("project", "Mainframe batch rehost", "Infrastructure", "cancelled"),
    ("project", "Endpoint management", "Security", "deferred"),
    ("project", "Document generation service", "Citizen services", "proposed"),
    ("service", "Email and collaboration", "Infrastructure", "established"),
    ("service", "Service desk", "Corporate systems", "established"),
    ("service", "Legacy intranet", "Corporate systems", "retiring"),
    ("service", "Legacy fax gateway", "Citizen services", "retiring"),
    ("service", "Managed print", "Infrastructure", "retiring"),
    ("service", "Citizen identity verification", "Citizen services", "live"),
    ("service", "Enterprise integration platform", "Data", "live"),
    ("service", "Backup as a service", "Infrastructure", "delivering"),
    ("service", "Geospatial data service", "Data", "escalated"),
    ("service", "Out-of-hours support", "Citizen services", "established"),
)

PREFIXES = {"programme": "PGM", "project": "PRJ", "service": "SVC"}
OWNERS = (
    "Dana Okafor",
    "Liam Byrne",
    "Sofia Marques",
    "Kwame Mensah",
    "Hannah Wright",
    "Ravi Shah",
    "Elena Petrova",
    "Joe Fletcher",
)
SPONSORS = (
    "Chief Finance Officer",
    "Chief Operating Officer",
    "Director of Digital",
    "Director of Citizen Services",
    "Chief Information Security Officer",
)


@dataclass
class DemoSummary:
    """What the demo recorded."""

    items: int = 0
    events: int = 0
    by_stage: dict[str, int] = field(default_factory=dict)
    actors: set[str] = field(default_factory=set)
    first_effective: date | None = None
    last_effective: date | None = None


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

    def plan(self) -> None:
        """Plan the portfolio's envelope and every item's storyline."""
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
            item = _Item(
                number, key, kind, title, category, story, self.start + timedelta(days=offset), cost
            )
            self._define(item)
            if story not in {"proposed", "appraised"} and self._decide(item):
                self._deliver(item)
                self._storyline(item)

    def record(self) -> DemoSummary:
        """Record every planned step, in order of effective date."""
        for step in sorted(self.steps):
            step.run()
        return self.summary

    # -- the parts of a storyline -------------------------------------------

    def _define(self, item: _Item) -> None:
        objective = OBJECTIVES[item.number % len(OBJECTIVES)]
        self._do(
            item,
            0,
            "propose",
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
            "appraise",
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
                "reject",
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
                "defer",
                c.DeferItem,
                COMMITTEE_CHAIR,
                INVESTMENT_COMMITTEE,
                "Affordable only after the next spending review.",
                until=self.today + timedelta(days=rnd.randint(60, 150)),
            )
            return False
        item.budget = int(item.cost * rnd.uniform(1.0, 1.15)) // 1000 * 1000
        self._do(
            item,
            gap,
            "approve",
            c.ApproveItem,
            COMMITTEE_CHAIR,
            INVESTMENT_COMMITTEE,
            "Strong strategic fit; benefits exceed cost.",
            budget=str(item.budget),
            conditions=("Stage-gate review before go-live",),
            references=("IC minutes",),
        )
        self._do(
            item,
            rnd.randint(7, 21),
            "reprioritise",
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
                "go_live",
                c.GoLive,
                SERVICE_OWNER,
                SERVICE_BOARD,
                "Service accepted into the catalogue.",
            )
        else:
            self._do(
                item,
                rnd.randint(10, 30),
                "start_delivery",
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
                "report_status",
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
        if story == "escalated":
            self._do(
                item,
                rnd.randint(3, 10),
                "escalate",
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
                "resolve_escalation",
                c.ResolveEscalation,
                COMMITTEE_CHAIR,
                INVESTMENT_COMMITTEE,
                "Recovery plan accepted; supplier penalty clauses invoked.",
            )
        elif story == "funding":
            self._do(
                item,
                rnd.randint(5, 15),
                "change_funding",
                c.ChangeFunding,
                COMMITTEE_CHAIR,
                INVESTMENT_COMMITTEE,
                "Additional funding approved for the extended scope.",
                budget=str(int(item.budget * 1.2) // 1000 * 1000),
            )
            self._do(
                item,
                rnd.randint(10, 30),
                "reprioritise",
                c.ReprioritiseItem,
                HEAD_OF_PORTFOLIO,
                DIRECTION_GROUP,
                "Raised in priority after the funding decision.",
                rank=max(1, item.number // 3),
            )
        elif story == "paused":
            for gap, method, command, why in (
                (
                    rnd.randint(5, 15),
                    "pause",
                    c.PauseItem,
                    "Paused pending the data strategy refresh.",
                ),
                (
                    rnd.randint(30, 60),
                    "resume",
                    c.ResumeItem,
                    "Data strategy refreshed; programme re-baselined.",
                ),
                (
                    rnd.randint(5, 15),
                    "pause",
                    c.PauseItem,
                    "Paused again while the supplier market is re-tested.",
                ),
            ):
                self._do(item, gap, method, command, CIO, DIRECTION_GROUP, why)
        elif story == "cancelled":
            self._do(
                item,
                rnd.randint(5, 20),
                "cancel",
                c.CancelItem,
                COMMITTEE_CHAIR,
                INVESTMENT_COMMITTEE,
                "Policy change removed the need; remaining budget returned.",
            )
        if story in {"live", "escalated"} and item.kind != "programme":
            self._do(
                item,
                rnd.randint(10, 30),
                "go_live",
                c.GoLive,
                SERVICE_OWNER,
                SERVICE_BOARD,
                "Acceptance criteria met; live service handed over.",
            )
        if story == "retiring":
            self._do(
                item,
                rnd.randint(120, 200),
                "retire",
                c.RetireItem,
                SERVICE_OWNER,
                SERVICE_BOARD,
                "Superseded; users migrated and data archived.",
            )

    def _do(  # noqa: PLR0917 - the demo script reads best as one call per decision
        self,
        item: _Item,
        gap_days: int,
        method: str,
        command: type[c.Command],
        who: Person,
        authority: str | None,
        rationale: str,
        **fields: Any,
    ) -> None:
        """Plan one decision ``gap_days`` after the item's previous one (never after today)."""
        item.day = day = min(item.day + timedelta(days=gap_days), self.today)
        key = item.key

        def run() -> None:
            cmd = command(
                key=key,
                actor=who.name,
                role=who.role,
                authority=authority,
                rationale=rationale,
                effective_date=day,
                **fields,
            )
            getattr(self.ledger, method)(cmd)
            self._count(day, who, new_item=method == "propose")

        self.steps.append(_Step(day, len(self.steps), run))

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
            self.ledger.set_envelope(command)
            self._count(day, COMMITTEE_CHAIR, new_item=False)

        self.steps.append(_Step(day, len(self.steps), run))

    def _count(self, day: date, who: Person, *, new_item: bool) -> None:
        summary = self.summary
        summary.events += 1
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
    teller = _Storyteller(ledger, today or date.today())  # noqa: DTZ011 - local calendar day
    teller.plan()
    return teller.record()
