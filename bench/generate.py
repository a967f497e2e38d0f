"""Synthetic but realistic portfolio histories, as import lines (one decision per line).

A governance preamble (people, an Executive Board over an Investment
Committee, a delegation to the CIO, the envelope), then items going through
their lifecycle with decisions of every kind (proposals, appraisals,
approvals by the committee or under the delegation, mobilisation, status
reports, reprioritisations, funding changes, tolerances, escalations and
their resolutions, pauses and resumptions, go-lives, retirements,
rejections, deferrals, cancellations), interleaved across items as a real
ledger is, with rationales of realistic length and effective dates that move
forward item by item and never pass today.

Every line is valid against the ledger's rules, so importing the whole file
records exactly one event per line.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

WORDS = tuple(
    """
    benefits realisation business case board minutes delivery confidence contract supplier
    capacity dependency risk mitigation schedule milestone assurance review stakeholder funding
    envelope quarterly forecast variance tolerance escalation capability service migration platform
    legacy retirement security resilience data compliance procurement recruitment vendor onboarding
    pilot rollout adoption
    """.split()  # noqa: SIM905 - a word list reads better as prose
)
CATEGORIES = ("Corporate systems", "Infrastructure", "Security", "Digital services", "Data")
PEOPLE = (
    ("pking", "Paul King", ("Chief Executive",)),
    ("afinch", "Anna Finch", ("Chief Finance Officer",)),
    ("hcarter", "Helen Carter", ("Chair, Investment Committee",)),
    ("rdas", "Ravi Das", ("Director of Strategy",)),
    ("jmoss", "Jo Moss", ("Head of Procurement",)),
    ("kobi", "Kemi Obi", ("Chief Digital Officer",)),
    ("lwu", "Lin Wu", ("Head of Risk",)),
    ("mlee", "Marcus Lee", ("Chief Information Officer",)),
    ("spatel", "Sam Patel", ("Portfolio Manager",)),
    ("praman", "Priya Raman", ("Head of Portfolio Office",)),
)
EXB = ("pking", "afinch", "hcarter")
IC = ("hcarter", "rdas", "jmoss", "kobi", "lwu")
ADMIN = {"actor": "praman", "role": "Head of Portfolio Office"}


def rationale(rng: random.Random) -> str:
    """A reason of realistic length: mostly a sentence or two, sometimes a paragraph."""
    words = rng.choice((6, 12, 20, 35, 60))
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def lines(events: int, *, seed: int = 20261122, today: date | None = None) -> Iterator[str]:
    """``events`` import lines, one decision each."""
    for count, decision in enumerate(decisions(events, seed=seed, today=today), start=1):
        yield json.dumps(decision, ensure_ascii=False)
        if count == events:
            return


def write(path: Path, events: int, *, seed: int = 20261122) -> None:
    """Write a file of ``events`` import lines."""
    with path.open("w", encoding="utf-8") as handle:
        for line in lines(events, seed=seed):
            handle.write(line + "\n")


def recorded_late(history: Path, count: int) -> Iterator[str]:
    """Up to ``count`` of the history's status reports sent again at their own past dates.

    Imported after the history, each is a decision recorded late: its item
    refolds, and the read models close the states it replaced. Only items
    that can still report (not cancelled, retired, rejected or deferred).
    """
    with history.open(encoding="utf-8") as handle:
        decisions = [json.loads(line) for line in handle]
    last = {d["key"]: d["command"] for d in decisions if "key" in d}
    ended = {"item cancel", "item retire", "item reject", "item defer"}
    again = (
        {**d, "rationale": f"Sent again: {d['rationale']}"}
        for d in decisions
        if d["command"] == "item report-status" and last[d["key"]] not in ended
    )
    for _, decision in zip(range(count), again, strict=False):
        yield json.dumps(decision, ensure_ascii=False)


def decisions(
    events: int, *, seed: int = 20261122, today: date | None = None
) -> Iterator[dict[str, Any]]:
    """The decisions, preamble first, then items interleaved (more than ``events``)."""
    rng = random.Random(seed)
    today = today or date.today()  # noqa: DTZ011 - effective dates are calendar days, as the CLI's
    start = today - timedelta(days=500)
    yield from _preamble(start - timedelta(days=10))
    items = max(10, min(10_000, events // 10))
    per_item = max(1, events // items) + 3  # some items stop early: rejected, deferred
    lives = [_Item(number, rng, start, today, per_item) for number in range(items)]
    active = list(lives)
    while active:
        item = rng.choice(active)
        decision = next(item.decisions, None)
        if decision is None:
            active.remove(item)
            continue
        yield decision


def _said(day: date, rng: random.Random, **who: Any) -> dict[str, Any]:
    return {**who, "rationale": rationale(rng), "effective_date": day.isoformat()}


def _preamble(day: date) -> Iterator[dict[str, Any]]:
    rng = random.Random(1)
    for key, name, roles in PEOPLE:
        yield {
            "command": "person add",
            "key": key,
            "name": name,
            "roles": list(roles),
            **_said(day, rng, **ADMIN),
        }
    scheme = {"authority": "Scheme of delegation", **ADMIN}
    yield {
        "command": "board create",
        "key": "EXB",
        "name": "Executive Board",
        "terms": "Decides investments beyond the committee's limit.",
        "limit": None,
        "quorum": 2,
        **_said(day, rng, **scheme),
    }
    yield {
        "command": "board create",
        "key": "IC",
        "name": "Investment Committee",
        "terms": "Approves and funds portfolio investments.",
        "limit": "GBP 50,000,000",
        "escalates_to": "EXB",
        "quorum": 3,
        **_said(day, rng, **scheme),
    }
    for board, members in (("EXB", EXB), ("IC", IC)):
        for seat, person in enumerate(members):
            yield {
                "command": "board appoint",
                "key": board,
                "person": person,
                "seat": "chair" if seat == 0 else "member",
                **_said(day, rng, **scheme),
            }
    yield {
        "command": "authority delegate",
        "key": "DEL-001",
        "board": "IC",
        "to": "mlee",
        "limit": "GBP 2,000,000",
        "categories": ["Infrastructure", "Security"],
        **_meeting(),
        **_said(day, rng, actor="hcarter", role="Chair, Investment Committee"),
    }
    yield {
        "command": "portfolio envelope",
        "envelope": "GBP 900,000,000",
        "authority": "Executive Board",
        **_said(day, rng, actor="pking", role="Chief Executive"),
    }


def _meeting() -> dict[str, Any]:
    """The committee meeting every committee decision here is made at."""
    return {
        "board": "IC",
        "present": list(IC),
        "votes": {"hcarter": "for", "rdas": "for", "jmoss": "for", "kobi": "against"},
    }


class _Item:
    """One item's decisions, in lifecycle order, each a few days after the last."""

    def __init__(
        self, number: int, rng: random.Random, start: date, today: date, length: int
    ) -> None:
        self.rng = random.Random(rng.random())
        self.key = f"ITEM-{number:05d}"
        self.category = CATEGORIES[number % len(CATEGORIES)]
        self.day = start + timedelta(days=self.rng.randrange(0, 60))
        self.today = today
        self.length = length
        self.budget = 0
        self.rank = 0
        self.decisions = self._lifecycle()

    def _next(self, command: str, who: dict[str, str], **fields: Any) -> dict[str, Any]:
        step = self.rng.choice((0, 1, 1, 2, 3, 5))
        self.day = min(self.day + timedelta(days=step), self.today)
        return {
            "command": command,
            "key": self.key,
            **fields,
            **_said(self.day, self.rng, **who),
        }

    def _lifecycle(self) -> Iterator[dict[str, Any]]:
        rng = self.rng
        pm = {"actor": "spatel", "role": "Portfolio Manager"}
        pmo = {"actor": "praman", "role": "Head of Portfolio Office"}
        chair = {"actor": "hcarter", "role": "Chair, Investment Committee"}
        yield self._next(
            "item propose",
            pm,
            kind=rng.choice(("project", "project", "programme", "service")),
            title=" ".join(rng.choice(WORDS) for _ in range(3)).title(),
            owner=f"Owner {self.key[-3:]}",
            sponsor=f"Sponsor {self.key[-2:]}",
            category=self.category,
        )
        cost = rng.randrange(100, 4000) * 1000
        yield self._next(
            "item appraise",
            pmo,
            estimated_cost=str(cost),
            expected_benefits=str(cost * rng.choice((1, 2, 3))),
            risk_rating=rng.choice(("low", "medium", "high")),
            alignment_score=rng.randrange(20, 100),
        )
        fate = rng.random()
        if fate < 0.04:
            yield self._next("item reject", chair, authority="Investment Committee")
            return
        if fate < 0.08:
            yield self._next("item defer", chair, authority="Investment Committee")
            return
        self.budget = cost
        delegated = self.category in {"Infrastructure", "Security"} and cost <= 1_500_000
        if delegated:
            yield self._next(
                "item approve",
                {"actor": "mlee", "role": "Chief Information Officer"},
                budget=str(cost),
                delegation="DEL-001",
            )
        else:
            yield self._next("item approve", chair, budget=str(cost), **_meeting())
        yield (
            self._next("item set-tolerance", chair, cost="20%", **_meeting())
            if not delegated
            else self._next("item start-delivery", pmo, authority="Portfolio Direction Group")
        )
        if not delegated:
            yield self._next("item start-delivery", pmo, authority="Portfolio Direction Group")
        yield from self._delivery(pm, pmo, chair, delegated)

    def _delivery(  # noqa: PLR0912 - one branch per kind of decision
        self, pm: dict[str, str], pmo: dict[str, str], chair: dict[str, str], delegated: bool
    ) -> Iterator[dict[str, Any]]:
        rng = self.rng
        remaining = max(0, self.length - 6)
        escalated = paused = False
        for _ in range(remaining):
            roll = rng.random()
            if paused:
                paused = False
                yield self._next("item resume", chair, authority="Investment Committee")
            elif escalated:
                escalated = False
                yield self._next("item resolve", chair, authority="Investment Committee")
            elif roll < 0.60:
                forecast = int(self.budget * rng.uniform(0.9, 1.1))
                yield self._next(
                    "item report-status",
                    pm,
                    overall=rng.choice(("green", "amber", "amber", "red")),
                    cost=rng.choice(("green", "amber", "red")),
                    schedule=rng.choice(("green", "amber", "red")),
                    forecast_cost=str(forecast),
                )
            elif roll < 0.75:
                self.rank = rng.choice([r for r in range(1, 500) if r != self.rank][:100])
                yield self._next(
                    "item reprioritise", pmo, rank=self.rank, authority="Portfolio Direction Group"
                )
            elif roll < 0.83 and not delegated:
                self.budget = int(self.budget * rng.uniform(0.95, 1.1))
                yield self._next("item fund", chair, budget=str(self.budget), **_meeting())
            elif roll < 0.93:
                escalated = True
                yield self._next(
                    "item escalate",
                    pm,
                    issue=rationale(rng),
                    severity=rng.choice(("low", "medium", "high")),
                    to="Investment Committee",
                )
            else:
                paused = True
                yield self._next("item pause", chair, authority="Investment Committee")
        if paused:
            yield self._next("item resume", chair, authority="Investment Committee")
        if escalated:
            yield self._next("item resolve", chair, authority="Investment Committee")
        end = rng.random()
        if end < 0.05:
            yield self._next("item cancel", chair, authority="Investment Committee")
        elif end < 0.6:
            yield self._next("item go-live", pmo, authority="Service Board")
            if end < 0.15:
                yield self._next("item retire", pmo, authority="Service Board")
