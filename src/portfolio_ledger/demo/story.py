"""A believable year of portfolio decisions, recorded through the ledger's own commands.

Everything here goes through the same validated commands a user runs, so
the demo exercises the real rules. It is deterministic: the same day gives
the same portfolio.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from portfolio_ledger.application import commands as c
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.demo import governance as g
from portfolio_ledger.demo.changes import onboard, reshape
from portfolio_ledger.demo.data import (
    INVESTMENT_COMMITTEE,
    ORGANISATIONS,
    OVER_LIMIT,
    OVER_LIMIT_COST,
    PORTFOLIO,
    PREFIXES,
)
from portfolio_ledger.demo.governance import COMMITTEE_CHAIR
from portfolio_ledger.demo.storylines import after_delivery, decide, define, deliver
from portfolio_ledger.demo.teller import DemoItem, DemoSummary, Storyteller
from portfolio_ledger.domain.clock import utc_today
from portfolio_ledger.domain.keys import (
    ORGANISATIONS_ID,
    board_id,
    delegation_id,
    item_id,
    person_id,
)
from portfolio_ledger.domain.portfolio import PORTFOLIO_ID


def record_demo(
    ledger: PortfolioLedger, today: date | None = None, check: Callable[[], None] | None = None
) -> DemoSummary:
    """Record the demo portfolio's year of decisions, ending ``today``.

    ``check`` runs first in the demo's transaction, under the append lock: it may refuse.
    """
    teller = Storyteller(ledger, today or utc_today())
    plan(teller)
    return teller.record(check)


def plan(t: Storyteller) -> None:
    """Plan the governance, the portfolio's envelope and every item's storyline."""
    governance(t, t.start - timedelta(days=30))
    envelope(t, t.start, "GBP 250,000,000", "Capital plan approved for the year.")
    envelope(
        t,
        t.start + timedelta(days=190),
        "GBP 280,000,000",
        "Mid-year review: envelope raised for the cyber and cloud programmes.",
    )
    t.keys = {title: key for key, (_, title, *_) in zip(demo_keys(), PORTFOLIO, strict=True)}
    for number, (kind, title, category, organisation, story) in enumerate(PORTFOLIO):
        rnd = t.random
        offset = rnd.randint(250, 330) if story == "proposed" else rnd.randint(0, 60)
        cost = rnd.randint(4, 90) * 50_000 * (8 if kind == "programme" else 1)
        item = DemoItem(
            number,
            t.keys[title],
            kind,
            title,
            category,
            organisation,
            story,
            t.start if story == "onboarded" else t.start + timedelta(days=offset),
            OVER_LIMIT_COST if title == OVER_LIMIT else cost,
        )
        storyline(t, item)


def storyline(t: Storyteller, item: DemoItem) -> None:
    """Plan one item's year: onboarded under way, or proposed and taken as far as its story goes."""
    if item.story == "onboarded":
        onboard(t, item)
        return
    define(t, item)
    if item.story not in {"proposed", "appraised"} and decide(t, item):
        deliver(t, item)
        after_delivery(t, item)
        reshape(t, item)


def governance(t: Storyteller, day: date) -> None:
    """The people, boards, delegation and organisations, in place a month before the year."""

    def run() -> None:
        for command, who in g.setup(day):
            t.handle(command)
            t.count(day, who, new_item=False)
        t.summary.people = len(g.PEOPLE)
        t.summary.boards = len(g.MEMBERS)
        t.summary.delegations = 1
        t.summary.organisations = [key for key, _ in ORGANISATIONS]

    t.on(day, run)


def envelope(t: Storyteller, day: date, amount: str, rationale: str) -> None:
    """Set (or change) the portfolio's envelope on ``day``."""

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
        t.handle(command)
        t.count(day, COMMITTEE_CHAIR, new_item=False)

    t.on(day, run)


def demo_keys() -> list[str]:
    """The keys the demo uses."""
    counters = dict.fromkeys(PREFIXES, 0)
    keys = []
    for kind, *_ in PORTFOLIO:
        counters[kind] += 1
        keys.append(f"{PREFIXES[kind]}-{counters[kind]:03d}")
    return keys


def clashing_keys(ledger: PortfolioLedger) -> list[str]:
    """What the demo makes that this ledger has already: items, people, boards, lists."""
    made = [
        *((f"item {key}", item_id(key)) for key in demo_keys()),
        *((f"person {person.key}", person_id(person.key)) for person in g.PEOPLE),
        *((f"board {key}", board_id(key)) for key in g.MEMBERS),
        (f"delegation {g.CIO_DELEGATION}", delegation_id(g.CIO_DELEGATION)),
        # Both begin a year back: a list or envelope recorded since cannot take them in.
        ("a list of organisations", ORGANISATIONS_ID),
        ("a portfolio envelope", PORTFOLIO_ID),
    ]
    return [name for name, aggregate in made if aggregate in ledger.repository]
