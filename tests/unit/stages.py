"""Put a pure, in-memory PortfolioItem into any stage through its own commands."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from portfolio_ledger.domain.authority import BoardResolution, Vote
from portfolio_ledger.domain.clock import utc_today
from portfolio_ledger.domain.decision import Decision
from portfolio_ledger.domain.item import PortfolioItem
from portfolio_ledger.domain.lifecycle import Kind, LeaveReason, Stage
from portfolio_ledger.domain.money import Money
from portfolio_ledger.domain.ratings import RiskRating

DAY = utc_today() - timedelta(days=30)


# The item records the mandate a decision names; whether the mandate held is
# for the governance rules (tests/unit/test_governance.py), not the item.
IC_MEETING = BoardResolution(
    board="IC", actor="hcarter", present=("hcarter",), votes=(("hcarter", Vote.FOR),)
)


def decided(authority: str | None = "Investment Committee", day: date = DAY) -> Decision:
    """A decision with all its metadata; with an authority, also the board meeting it was."""
    return Decision(
        actor="Helen Carter",
        role="Chair",
        authority=authority,
        rationale="Because the board said so.",
        effective_date=day,
        mandate=IC_MEETING if authority is not None else None,
    )


def gbp(amount: int | str) -> Money:
    """Pounds."""
    return Money(amount=Decimal(amount), currency="GBP")


def proposed(key: str = "PRJ-001") -> PortfolioItem:
    """A new proposal."""
    return PortfolioItem.propose(
        key=key,
        kind=Kind.PROJECT,
        title="Payroll",
        owner="Dana",
        sponsor="CFO",
        category="Corporate",
        currency="GBP",
        objectives=(),
        description=None,
        decision=decided(None),
    )


def item_in(stage: Stage, key: str = "PRJ-001") -> PortfolioItem:
    """An item brought to ``stage`` by the shortest legal path."""
    item = proposed(key)
    if stage is Stage.PROPOSED:
        return item
    if stage is Stage.DEFERRED:
        item.defer(until=None, decision=decided())
        return item
    if stage is Stage.REJECTED:
        item.reject(decision=decided())
        return item
    if stage is Stage.LEFT:
        item.leave(reason=LeaveReason.NO_LONGER_REPORTED, merged_into=None, decision=decided())
        return item
    item.appraise(
        estimated_cost=gbp(100),
        expected_benefits=gbp(200),
        risk_rating=RiskRating.LOW,
        alignment_score=50,
        criteria=None,
        decision=decided(None),
    )
    if stage is Stage.APPRAISED:
        return item
    item.approve(budget=gbp(100), conditions=(), decision=decided())
    steps = {
        Stage.APPROVED: [],
        Stage.IN_DELIVERY: [item.start_delivery],
        Stage.PAUSED: [item.pause],
        Stage.CANCELLED: [item.cancel],
        Stage.LIVE: [item.go_live],
        Stage.RETIRED: [item.go_live, item.retire],
    }[stage]
    for step in steps:
        step(decision=decided())
    assert item.stage is stage
    return item
