"""Management by exception: an approval beyond the committee's limit, a report beyond tolerance.

The committee's approval of the item beyond its limit is refused by the
ledger and escalated to the Executive Board, which approves it; the item
whose report forecasts beyond the committee's cost tolerance escalates by
itself.
"""

from __future__ import annotations

from datetime import timedelta

from portfolio_ledger.application import commands as c
from portfolio_ledger.demo import governance as g
from portfolio_ledger.demo.data import EXECUTIVE_BOARD, INVESTMENT_COMMITTEE
from portfolio_ledger.demo.governance import CHIEF_EXECUTIVE, COMMITTEE_CHAIR, PROJECT_MANAGER
from portfolio_ledger.demo.teller import DemoItem, Storyteller
from portfolio_ledger.domain.errors import AuthorityExceeded
from portfolio_ledger.domain.ratings import Severity

COMMITTEE_APPROVAL = "Strong strategic fit; benefits exceed cost."


def escalate_over_limit(t: Storyteller, item: DemoItem, gap: int) -> None:
    """The committee's approval is refused over its limit; the Executive Board approves."""
    item.day = day = min(item.day + timedelta(days=gap), t.today)
    key, budget = item.key, str(item.budget)

    def refuse_and_escalate() -> None:
        attempt = c.ApproveItem.model_validate(
            {
                "key": key,
                "budget": budget,
                **g.meeting(g.INVESTMENT_COMMITTEE),
                "actor": COMMITTEE_CHAIR.key,
                "role": COMMITTEE_CHAIR.role,
                "rationale": COMMITTEE_APPROVAL,
                "effective_date": day,
            }
        )
        try:
            t.handle(attempt)
        except AuthorityExceeded as refusal:
            t.summary.refused.append(f"{key}: {refusal}")
            reason = str(refusal)
        else:  # pragma: no cover - the cost is set beyond the limit
            raise AssertionError(f"{key} was meant to exceed the committee's limit")
        t.handle(
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
        t.count(day, COMMITTEE_CHAIR, new_item=False)

    t.on(day, refuse_and_escalate)
    _approve_at_the_board(t, item)


def _approve_at_the_board(t: Storyteller, item: DemoItem) -> None:
    t.do(
        item,
        t.random.randint(7, 14),
        c.ApproveItem,
        CHIEF_EXECUTIVE,
        None,
        "Escalated by the Investment Committee; approved within the Board's authority.",
        budget=str(item.budget),
        conditions=("Quarterly report to the Executive Board",),
        references=("EXB minutes",),
        **g.meeting(g.EXECUTIVE_BOARD),
    )
    t.do(
        item,
        0,
        c.ResolveEscalation,
        CHIEF_EXECUTIVE,
        EXECUTIVE_BOARD,
        "Approved by the Executive Board.",
    )


def exceed_tolerance(t: Storyteller, item: DemoItem) -> None:
    """The committee sets a 5% cost tolerance; a report beyond it escalates by itself."""
    rnd = t.random
    t.do(
        item,
        rnd.randint(3, 10),
        c.SetTolerances,
        COMMITTEE_CHAIR,
        None,
        "Stage tolerances: 5% on cost.",
        cost="5%",
        **g.meeting(g.INVESTMENT_COMMITTEE),
    )
    t.do(
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
        forecast_cost=str(int(item.budget * 1.12) // 1000 * 1000),
    )
    t.do(
        item,
        rnd.randint(10, 25),
        c.ResolveEscalation,
        COMMITTEE_CHAIR,
        INVESTMENT_COMMITTEE,
        "Exception plan accepted: scope trimmed to bring the forecast back within tolerance.",
    )
