"""An item's year, from its proposal: appraisal, a decision, delivery, reports, and what follows.

Each function plans the decisions of one part of an item's storyline on a
:class:`Storyteller`; nothing is recorded until the teller records them all.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from portfolio_ledger.application import commands as c
from portfolio_ledger.application.views import Recorded
from portfolio_ledger.demo import governance as g
from portfolio_ledger.demo.corrections import TYPO, correct_budget
from portfolio_ledger.demo.data import (
    BEYOND_TOLERANCE,
    DELIVERY_BOARD,
    DIRECTION_GROUP,
    INVESTMENT_COMMITTEE,
    MISTYPED,
    OBJECTIVES,
    OWNERS,
    SERVICE_BOARD,
    SPONSORS,
)
from portfolio_ledger.demo.exceptions import (
    COMMITTEE_APPROVAL,
    escalate_over_limit,
    exceed_tolerance,
)
from portfolio_ledger.demo.governance import (
    CIO,
    COMMITTEE_CHAIR,
    HEAD_OF_PORTFOLIO,
    PORTFOLIO_MANAGER,
    PROGRAMME_DIRECTOR,
    PROJECT_MANAGER,
    SERVICE_OWNER,
)
from portfolio_ledger.demo.teller import DemoItem, Storyteller


def define(t: Storyteller, item: DemoItem) -> None:
    """Propose the item, and (unless it stays proposed) appraise its business case."""
    objective = OBJECTIVES[item.number % len(OBJECTIVES)]
    t.do(
        item,
        0,
        c.ProposeItem,
        PORTFOLIO_MANAGER,
        None,
        f"Proposed by the {item.category.lower()} portfolio: {item.title.lower()} "
        f"is needed to meet '{objective}'.",
        kind=item.kind,
        title=item.title,
        organisation=item.organisation,
        owner=OWNERS[item.number % len(OWNERS)],
        sponsor=SPONSORS[item.number % len(SPONSORS)],
        category=item.category,
        objectives=(objective,),
    )
    if item.story == "proposed":
        return
    rnd = t.random
    t.do(
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


def decide(t: Storyteller, item: DemoItem) -> bool:
    """Reject, defer or approve, then rank an approved item; True if approved."""
    rnd = t.random
    gap = rnd.randint(14, 40)
    if item.story == "rejected":
        t.do(
            item,
            gap,
            c.RejectItem,
            COMMITTEE_CHAIR,
            INVESTMENT_COMMITTEE,
            "Benefits overlap an approved programme; not value for money.",
        )
        return False
    if item.story == "deferred":
        t.do(
            item,
            gap,
            c.DeferItem,
            COMMITTEE_CHAIR,
            INVESTMENT_COMMITTEE,
            "Affordable only after the next spending review.",
            until=t.today + timedelta(days=rnd.randint(60, 150)),
        )
        return False
    item.budget = int(item.cost * rnd.uniform(1.0, 1.15)) // 1000 * 1000
    approve(t, item, gap)
    t.do(
        item,
        rnd.randint(7, 21),
        c.ReprioritiseItem,
        HEAD_OF_PORTFOLIO,
        DIRECTION_GROUP,
        "Ranked at the quarterly portfolio review.",
        rank=item.number + 1,
    )
    return True


def approve(t: Storyteller, item: DemoItem, gap: int) -> None:
    """Approve under whoever may: the Executive Board, the CIO's delegation, or the committee."""
    if item.budget > g.IC_LIMIT:
        escalate_over_limit(t, item, gap)
    elif item.category in g.DELEGATED_CATEGORIES and item.budget <= g.DELEGATED_LIMIT:
        t.do(
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
        # One approval is typed with a zero too many, and corrected a few days later.
        typed = item.budget * TYPO if item.title == MISTYPED else item.budget
        approval: list[Recorded] = []
        t.do(
            item,
            gap,
            c.ApproveItem,
            COMMITTEE_CHAIR,
            None,
            COMMITTEE_APPROVAL,
            budget=str(typed),
            conditions=("Stage-gate review before go-live",),
            references=("IC minutes",),
            then=approval.append,
            **g.meeting(g.INVESTMENT_COMMITTEE),
        )
        if typed != item.budget:
            correct_budget(t, item, approval, typed)


def deliver(t: Storyteller, item: DemoItem) -> None:
    """Start delivery (or, for established services, go live), then report monthly."""
    rnd = t.random
    if item.kind == "service" and item.story in {"established", "retiring"}:
        t.do(
            item,
            rnd.randint(5, 20),
            c.GoLive,
            SERVICE_OWNER,
            SERVICE_BOARD,
            "Service accepted into the catalogue.",
        )
    else:
        t.do(
            item,
            rnd.randint(10, 30),
            c.StartDelivery,
            PROGRAMME_DIRECTOR,
            DELIVERY_BOARD,
            "Team and supplier mobilised.",
        )
    item.forecast = item.budget
    report_monthly(t, item, rnd.randint(2, 4))


def report_monthly(t: Storyteller, item: DemoItem, months: int) -> None:
    """A highlight report a month, the forecast drifting from the budget."""
    rnd = t.random
    for month in range(months):
        item.forecast = int(item.forecast * rnd.uniform(0.98, 1.08)) // 1000 * 1000
        on_track = item.forecast <= item.budget
        rag = "green" if on_track else rnd.choice(["amber", "amber", "red"])
        t.do(
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
            forecast_cost=str(item.forecast),
        )


def after_delivery(t: Storyteller, item: DemoItem) -> None:
    """What happens to the item once it is under way: its story's own turn, then go-live."""
    rnd = t.random
    turn = TURNS.get(item.story)
    if item.story == "escalated" and item.title == BEYOND_TOLERANCE:
        exceed_tolerance(t, item)
    elif turn is not None:
        turn(t, item)
    if item.story in {"live", "escalated"} and item.kind != "programme":
        t.do(
            item,
            rnd.randint(10, 30),
            c.GoLive,
            SERVICE_OWNER,
            SERVICE_BOARD,
            "Acceptance criteria met; live service handed over.",
        )
    if item.story == "retiring":
        t.do(
            item,
            rnd.randint(120, 200),
            c.RetireItem,
            SERVICE_OWNER,
            SERVICE_BOARD,
            "Superseded; users migrated and data archived.",
        )


def escalated(t: Storyteller, item: DemoItem) -> None:
    """An issue escalated to the committee, and resolved by it."""
    rnd = t.random
    t.do(
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
    t.do(
        item,
        rnd.randint(10, 25),
        c.ResolveEscalation,
        COMMITTEE_CHAIR,
        INVESTMENT_COMMITTEE,
        "Recovery plan accepted; supplier penalty clauses invoked.",
    )


def funded(t: Storyteller, item: DemoItem) -> None:
    """The committee raises the budget by a fifth; the item rises in priority."""
    rnd = t.random
    t.do(
        item,
        rnd.randint(5, 15),
        c.ChangeFunding,
        COMMITTEE_CHAIR,
        None,
        "Additional funding approved for the extended scope.",
        budget=str(int(item.budget * 1.2) // 1000 * 1000),
        **g.meeting(g.INVESTMENT_COMMITTEE),
    )
    t.do(
        item,
        rnd.randint(10, 30),
        c.ReprioritiseItem,
        HEAD_OF_PORTFOLIO,
        DIRECTION_GROUP,
        "Raised in priority after the funding decision.",
        rank=max(1, item.number // 3),
    )


def paused(t: Storyteller, item: DemoItem) -> None:
    """Paused, resumed, and paused again."""
    rnd = t.random
    for gap, command, why in (
        (rnd.randint(5, 15), c.PauseItem, "Paused pending the data strategy refresh."),
        (rnd.randint(30, 60), c.ResumeItem, "Data strategy refreshed; programme re-baselined."),
        (
            rnd.randint(5, 15),
            c.PauseItem,
            "Paused again while the supplier market is re-tested.",
        ),
    ):
        t.do(item, gap, command, CIO, DIRECTION_GROUP, why)


def cancelled(t: Storyteller, item: DemoItem) -> None:
    """Stopped before going live."""
    t.do(
        item,
        t.random.randint(5, 20),
        c.CancelItem,
        COMMITTEE_CHAIR,
        INVESTMENT_COMMITTEE,
        "Policy change removed the need; remaining budget returned.",
    )


TURNS: dict[str, Callable[[Storyteller, DemoItem], None]] = {
    "escalated": escalated,
    "funding": funded,
    "paused": paused,
    "cancelled": cancelled,
}
"""The story's own turn, once the item is under way, by story."""
