"""Properties of the read models over random, valid decision histories (hypothesis).

- Catching up decision by decision gives exactly the rows a full rebuild gives.
- The portfolio ``--as-of T`` equals a fresh replay of exactly the events
  recorded up to T; ``--effective-on D`` likewise for events effective by D.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portfolio_ledger.application import commands as c
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.application.views import Moment
from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.domain.decision import DecisionEvent
from portfolio_ledger.domain.errors import DecisionRefused
from portfolio_ledger.domain.item import PortfolioItem
from portfolio_ledger.domain.keys import item_id
from portfolio_ledger.domain.lifecycle import RULES, Action
from portfolio_ledger.projections import queries
from portfolio_ledger.projections.runner import Projections
from portfolio_ledger.projections.state import ItemState, item_state
from tests.builders import DAY0, governance, ic_meeting, who
from tests.conftest import postgres_schema, snapshot

KEYS = ("PRJ-A", "PRJ-B", "SVC-C")

# What each lifecycle action asks for, with values hypothesis chooses.
ACTIONS: dict[Action, tuple[str, type[c.Command], Callable[[st.DataObject], dict[str, Any]]]] = {
    Action.APPRAISE: (
        "appraise",
        c.AppraiseItem,
        lambda d: {
            "estimated_cost": str(d.draw(st.integers(0, 10**9))),
            "expected_benefits": str(d.draw(st.integers(0, 10**9))),
            "risk_rating": d.draw(st.sampled_from(["low", "medium", "high", "very high"])),
            "alignment_score": d.draw(st.integers(0, 100)),
            "authority": None,
        },
    ),
    Action.APPROVE: (
        "approve",
        c.ApproveItem,
        lambda d: {"budget": f"{d.draw(st.integers(0, 10**7))}.{d.draw(st.integers(0, 99)):02d}"},
    ),
    Action.REJECT: ("reject", c.RejectItem, lambda _: {}),
    Action.DEFER: ("defer", c.DeferItem, lambda _: {}),
    Action.REPRIORITISE: (
        "reprioritise",
        c.ReprioritiseItem,
        lambda d: {"rank": d.draw(st.integers(1, 50))},
    ),
    Action.CHANGE_FUNDING: (
        "change_funding",
        c.ChangeFunding,
        lambda d: {"budget": str(d.draw(st.integers(0, 10**7)))},
    ),
    Action.SET_TOLERANCES: (
        "set_tolerances",
        c.SetTolerances,
        lambda d: {"cost": f"{d.draw(st.integers(0, 20))}%"},
    ),
    Action.START_DELIVERY: ("start_delivery", c.StartDelivery, lambda _: {}),
    Action.REPORT_STATUS: (
        "report_status",
        c.ReportStatus,
        lambda d: {
            "overall": d.draw(st.sampled_from(["red", "amber", "green"])),
            "cost": d.draw(st.sampled_from([None, "red", "amber", "green"])),
            "forecast_cost": d.draw(st.sampled_from([None, "1000", "2000.50"])),
            "authority": None,
        },
    ),
    Action.ESCALATE: (
        "escalate",
        c.EscalateIssue,
        lambda _: {"issue": "Late", "severity": "high", "escalated_to": "Board", "authority": None},
    ),
    Action.RESOLVE_ESCALATION: (
        "resolve_escalation",
        c.ResolveEscalation,
        lambda _: {"escalation": None},
    ),
    Action.PAUSE: ("pause", c.PauseItem, lambda _: {}),
    Action.RESUME: ("resume", c.ResumeItem, lambda _: {}),
    Action.GO_LIVE: ("go_live", c.GoLive, lambda _: {}),
    Action.RETIRE: ("retire", c.RetireItem, lambda _: {}),
    Action.CANCEL: ("cancel", c.CancelItem, lambda _: {}),
}


@contextmanager
def fresh_ledger(backend: str) -> Iterator[tuple[PortfolioLedger, Projections]]:
    """A new, empty ledger per example."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as directory:
            ledger, models = open_ledger(f"sqlite:///{Path(directory) / 'ledger.db'}")
            try:
                yield ledger, models
            finally:
                ledger.close()
    else:
        with postgres_schema() as url:
            ledger, models = open_ledger(url)
            try:
                yield ledger, models
            finally:
                ledger.close()


def record_random_history(ledger: PortfolioLedger, data: st.DataObject) -> None:
    """Propose the items, then make up to 25 legal decisions on them, days apart."""
    governance(ledger)
    day = dict.fromkeys(KEYS, DAY0)
    for key in KEYS:
        fields = {
            "key": key,
            "kind": "service" if key.startswith("SVC") else "project",
            "title": key,
            "owner": "O",
            "sponsor": "S",
            "category": data.draw(st.sampled_from(["Data", "Security"])),
            **who(authority=None),
        }
        ledger.handle(c.ProposeItem.model_validate(fields))
    for _ in range(data.draw(st.integers(0, 25))):
        key = data.draw(st.sampled_from(KEYS))
        item: PortfolioItem = ledger.repository.get(item_id(key))
        stage = item.stage
        allowed = [a for a, rule in RULES.items() if stage in rule.allowed]
        action = data.draw(st.sampled_from(allowed))
        _method, command, values = ACTIONS[action]
        day[key] += timedelta(days=data.draw(st.integers(0, 3)))
        day[key] = min(day[key], date.today())
        said = ic_meeting if issubclass(command, c.Governed) else who
        fields = {**said(effective_date=day[key]), **values(data)}
        # A refusal here is legal too: resolving with nothing open, the same rank again.
        with suppress(DecisionRefused):
            ledger.handle(command(key=key, **fields))


def replay(ledger: PortfolioLedger, keep: Callable[[DecisionEvent], bool]) -> dict[str, ItemState]:
    """Every item's state from a fresh replay of only the events ``keep`` accepts."""
    events = [
        ledger.mapper.to_domain_event(n)
        for n in ledger.recorder.select_notifications(start=1, limit=10**6)
    ]
    states: dict[str, ItemState] = {}
    items: dict[Any, Any] = {}
    for event in events:
        if not isinstance(event, DecisionEvent) or not keep(event):
            continue
        item = event.mutate(items.get(event.originator_id))
        items[event.originator_id] = item
        if isinstance(item, PortfolioItem):
            states[item.key] = item_state(item)
    return states


def at(models: Projections, moment: Moment) -> dict[str, ItemState]:
    with models.reading() as session:
        return {s["key"]: s for s in queries.portfolio(session, models, moment)}


def moments(ledger: PortfolioLedger) -> tuple[list[datetime], list[date]]:
    """Every recorded time and effective day in the ledger, and a step either side."""
    history = [e for key in KEYS for e in ledger.queries.history(key)]
    times = {
        e.recorded_at + delta
        for e in history
        for delta in (timedelta(microseconds=-1), timedelta(0))
    }
    days = {e.effective_date + timedelta(days=delta) for e in history for delta in (-1, 0)}
    return sorted(times), sorted(days)


def check_properties(backend: str, data: st.DataObject) -> None:
    with fresh_ledger(backend) as (ledger, models):
        record_random_history(ledger, data)
        incremental = snapshot(models)
        models.rebuild()
        assert snapshot(models) == incremental

        times, days = moments(ledger)
        for moment in data.draw(st.lists(st.sampled_from(times), min_size=1, max_size=4)):
            expected = replay(ledger, recorded_by(moment))
            assert at(models, Moment(as_of=moment)) == expected
        for day in data.draw(st.lists(st.sampled_from(days), min_size=1, max_size=4)):
            expected = replay(ledger, effective_by(day))
            assert at(models, Moment(effective_on=day)) == expected


def recorded_by(moment: datetime) -> Callable[[DecisionEvent], bool]:
    return lambda event: event.timestamp <= moment


def effective_by(day: date) -> Callable[[DecisionEvent], bool]:
    return lambda event: event.decision.effective_date <= day


SETTINGS = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}


@settings(max_examples=30, **SETTINGS)  # type: ignore[arg-type]
@given(data=st.data())
def test_properties_on_sqlite(data: st.DataObject) -> None:
    check_properties("sqlite", data)


@pytest.mark.postgres
@settings(max_examples=12, **SETTINGS)  # type: ignore[arg-type]
@given(data=st.data())
def test_properties_on_postgres(data: st.DataObject) -> None:
    check_properties("postgres", data)
