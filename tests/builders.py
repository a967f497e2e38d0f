"""Valid commands with sensible defaults, so each test states only what matters to it."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

from portfolio_ledger.application import commands as c
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.domain.clock import utc_today
from portfolio_ledger.domain.keys import person_id

DAY0 = utc_today() - timedelta(days=200)
GOVERNANCE_DAY = DAY0 - timedelta(days=30)
IC_MEMBERS = ("hcarter", "mlee", "cdubois")
PEOPLE = {
    "hcarter": ("Helen Carter", ("Chair, Investment Committee",)),
    "mlee": ("Marcus Lee", ("Chief Information Officer",)),
    "cdubois": ("Claire Dubois", ("Finance Business Partner",)),
    "pking": ("Paul King", ("Chief Executive",)),
}
IC_LIMIT = "GBP 50,000,000"


def governance(ledger: PortfolioLedger) -> int:
    """People, an Executive Board (no limit) and the Investment Committee under it.

    IC: hcarter (chair), mlee, cdubois; quorum 2; limit GBP 50m. EXB: hcarter
    (chair), pking; quorum 2. All effective from GOVERNANCE_DAY. Does nothing
    if already there; returns the number of events recorded.
    """
    if person_id("hcarter") in ledger.repository:
        return 0
    before = ledger.event_count()
    said: dict[str, Any] = {
        "actor": "Board Secretary",
        "role": "Secretary",
        "rationale": "Per the terms of reference.",
        "effective_date": GOVERNANCE_DAY,
    }
    for key, (name, roles) in PEOPLE.items():
        ledger.handle(c.RegisterPerson(key=key, name=name, roles=roles, **said))
    for key, name, limit, parent, members in (
        ("EXB", "Executive Board", None, None, ("hcarter", "pking")),
        ("IC", "Investment Committee", IC_LIMIT, "EXB", IC_MEMBERS),
    ):
        ledger.handle(
            c.ConstituteBoard.model_validate(
                {
                    "key": key,
                    "name": name,
                    "terms_of_reference": f"{name}: capital investment decisions.",
                    "limit": limit,
                    "escalates_to": parent,
                    "quorum": 2,
                    "authority": "Articles of association",
                    **said,
                }
            )
        )
        for number, person in enumerate(members):
            ledger.handle(
                c.AppointMember.model_validate(
                    {
                        "key": key,
                        "person": person,
                        "seat": "chair" if number == 0 else "member",
                        "authority": "Articles of association",
                        **said,
                    }
                )
            )
    return ledger.event_count() - before


def ic_meeting(**overrides: Any) -> dict[str, Any]:
    """A unanimous, quorate meeting of the Investment Committee, recorded by its chair."""
    fields: dict[str, Any] = {
        "actor": "hcarter",
        "role": "Chair, Investment Committee",
        "board": "IC",
        "present": IC_MEMBERS,
        "votes": dict.fromkeys(IC_MEMBERS, "for"),
        "rationale": "Board decision, see minutes.",
        "effective_date": DAY0,
    }
    fields.update(overrides)
    return fields


def who(**overrides: Any) -> dict[str, Any]:
    """Governance metadata for a decision."""
    fields: dict[str, Any] = {
        "actor": "Helen Carter",
        "role": "Chair, Investment Committee",
        "authority": "Investment Committee",
        "rationale": "Board decision, see minutes.",
        "effective_date": DAY0,
    }
    fields.update(overrides)
    return fields


def propose(key: str = "PRJ-001", **overrides: Any) -> c.ProposeItem:
    """A proposal."""
    fields = who(actor="Sam Patel", role="Portfolio Manager", authority=None)
    fields.update(
        kind="project",
        title="Payroll replacement",
        owner="Dana Okafor",
        sponsor="Chief Finance Officer",
        category="Corporate systems",
    )
    fields.update(overrides)
    return c.ProposeItem(key=key, **fields)


def appraise(key: str = "PRJ-001", **overrides: Any) -> c.AppraiseItem:
    """A business case appraisal."""
    fields = who(authority=None)
    fields.update(
        estimated_cost="1200000",
        expected_benefits="2000000",
        risk_rating="medium",
        alignment_score=70,
    )
    fields.update(overrides)
    return c.AppraiseItem(key=key, **fields)


def approve(key: str = "PRJ-001", **overrides: Any) -> c.ApproveItem:
    """An approval by the Investment Committee (see :func:`governance`)."""
    fields = ic_meeting(budget="1200000")
    fields.update(overrides)
    return c.ApproveItem(key=key, **fields)


def fund(key: str = "PRJ-001", budget: str = "1450000", **overrides: Any) -> c.ChangeFunding:
    """A funding change by the Investment Committee (see :func:`governance`)."""
    fields = ic_meeting(budget=budget)
    fields.update(overrides)
    return c.ChangeFunding(key=key, **fields)


def decision(command: type[c.Command], key: str = "PRJ-001", **overrides: Any) -> Any:
    """Any other command, with the governance metadata filled in."""
    fields = who()
    fields.update(overrides)
    return command(key=key, **fields)


def approved_item(ledger: PortfolioLedger, key: str = "PRJ-001") -> None:
    """Record an item up to approval (with the governance to approve it, if need be)."""
    governance(ledger)
    ledger.handle(propose(key))
    ledger.handle(appraise(key))
    ledger.handle(approve(key))


def live_item(ledger: PortfolioLedger, key: str = "PRJ-001") -> None:
    """Record an item up to going live."""
    approved_item(ledger, key)
    ledger.handle(decision(c.GoLive, key))


def item_in_stage(ledger: PortfolioLedger, key: str, stage: str) -> None:
    """Record an item and bring it to ``stage`` by the shortest legal path."""
    ledger.handle(propose(key))
    if stage == "proposed":
        return
    if stage in {"deferred", "rejected"}:
        if stage == "deferred":
            ledger.handle(decision(c.DeferItem, key))
        else:
            ledger.handle(decision(c.RejectItem, key))
        return
    if stage == "left":
        ledger.handle(decision(c.LeaveItem, key, reason="stopped"))
        return
    ledger.handle(appraise(key))
    if stage == "appraised":
        return
    governance(ledger)
    ledger.handle(approve(key))
    steps: dict[str, list[tuple[str, type[c.Command]]]] = {
        "approved": [],
        "in delivery": [("start_delivery", c.StartDelivery)],
        "paused": [("pause", c.PauseItem)],
        "cancelled": [("cancel", c.CancelItem)],
        "live": [("go_live", c.GoLive)],
        "retired": [("go_live", c.GoLive), ("retire", c.RetireItem)],
    }
    for _method, command in steps[stage]:
        ledger.handle(decision(command, key))


def bulk_history(ledger: PortfolioLedger, items: int, events_per_item: int) -> int:
    """Record a long history fast: many items' decisions saved in batches, no catch-up.

    Goes through the domain's own commands, so every event is legal; returns
    the number of events recorded.
    """
    from decimal import Decimal

    from portfolio_ledger.domain.authority import BoardResolution, Vote
    from portfolio_ledger.domain.decision import Decision
    from portfolio_ledger.domain.item import PortfolioItem
    from portfolio_ledger.domain.lifecycle import Kind
    from portfolio_ledger.domain.money import Money
    from portfolio_ledger.domain.ratings import RAG, RiskRating

    def gbp(amount: int) -> Money:
        return Money(amount=Decimal(amount), currency="GBP")

    said = Decision(
        actor="Bulk Loader",
        role="PMO",
        authority="Investment Committee",
        rationale="Synthetic history for tests.",
        effective_date=DAY0,
    )
    # Approved in the domain directly: a mandate recorded, not checked (no board exists).
    approved = dataclasses.replace(
        said,
        mandate=BoardResolution(
            board="IC", actor="bulk", present=("bulk",), votes=(("bulk", Vote.FOR),)
        ),
    )
    read_models, ledger.read_models = ledger.read_models, None
    recorded = 0
    batch: list[PortfolioItem] = []
    for number in range(items):
        item = PortfolioItem.propose(
            key=f"BULK-{number:05d}",
            kind=Kind.PROJECT,
            title=f"Bulk item {number}",
            owner="Owner",
            sponsor="Sponsor",
            category=f"Category {number % 7}",
            currency="GBP",
            objectives=(),
            description=None,
            decision=said,
        )
        item.appraise(
            estimated_cost=gbp(1000 + number),
            expected_benefits=gbp(2000),
            risk_rating=RiskRating.LOW,
            alignment_score=50,
            criteria=None,
            decision=said,
        )
        item.approve(budget=gbp(1000 + number), conditions=(), decision=approved)
        item.start_delivery(decision=said)
        for step in range(events_per_item - 4):
            if step % 3 == 2:
                item.reprioritise(rank=(number + step) % 997 + 1, decision=said)
            else:
                item.report_status(
                    overall=RAG.AMBER if step % 2 else RAG.GREEN,
                    cost=None,
                    schedule=None,
                    scope=None,
                    benefits=None,
                    forecast_cost=gbp(1000 + number + step),
                    forecast_date=None,
                    decision=said,
                )
        recorded += len(item.pending_events)
        batch.append(item)
        if len(batch) == 50:
            ledger.save(*batch)
            batch = []
    if batch:
        ledger.save(*batch)
    ledger.read_models = read_models
    return recorded
