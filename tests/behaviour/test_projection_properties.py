"""Properties of the read models over random, valid decision histories (hypothesis).

Histories mix decisions in order, decisions recorded late (effective before
decisions already recorded), corrections and annulments; any the ledger
refuses are simply not recorded.

- Catching up decision by decision gives exactly the rows a full rebuild gives.
- The portfolio ``--as-of T`` equals the fold of exactly the events recorded
  up to T; ``--effective-on D`` equals the fold of every event, as it stood
  on D; both together, the fold of the events recorded by T, as on D.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, cast

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from portfolio_ledger.application import commands as c
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.application.selection import Moment
from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.domain.clock import utc_today
from portfolio_ledger.domain.decision import DecisionEvent
from portfolio_ledger.domain.errors import DecisionRefused
from portfolio_ledger.domain.item import PortfolioItem
from portfolio_ledger.domain.keys import item_id
from portfolio_ledger.domain.lifecycle import RULES, Action
from portfolio_ledger.projections import queries
from portfolio_ledger.projections.runner import Projections
from portfolio_ledger.projections.state import ItemState, item_state
from tests.builders import DAY0, governance, ic_meeting, who
from tests.conftest import snapshot
from tests.pg_schemas import postgres_schema

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
    Action.AMEND: (
        "amend",
        c.AmendItem,
        lambda d: {"category": d.draw(st.sampled_from(["Data", "Security", "Estates"]))},
    ),
    Action.LEAVE: (
        "leave",
        c.LeaveItem,
        lambda d: {"reason": d.draw(st.sampled_from(["completed", "stopped"]))},
    ),
    Action.REVIEW_GATE: (
        "review_gate",
        c.ReviewGate,
        lambda d: {"gate": "Gate 3", "outcome": d.draw(st.sampled_from(["go", "hold"]))},
    ),
    Action.MEASURE_BENEFIT: (
        "measure_benefit",
        c.MeasureBenefit,
        lambda d: {"benefit": "Savings", "measured": str(d.draw(st.integers(0, 10**6)))},
    ),
    Action.RECOMMEND_ACTION: (
        "recommend_action",
        c.RecommendAction,
        lambda _: {"action": "Re-plan", "action_owner": "O", "due": "2099-01-01"},
    ),
    Action.DECLARE_DEPENDENCY: (
        "declare_dependency",
        c.DeclareDependency,
        lambda _: {"on": "PRJ-A", "dependency": "Platform"},
    ),
}
CORRECTIONS: dict[str, Callable[[st.DataObject], dict[str, Any]]] = {
    "reprioritised": lambda d: {"rank": str(d.draw(st.integers(1, 50)))},
    "status reported": lambda d: {"overall": d.draw(st.sampled_from(["red", "amber", "green"]))},
    "appraised": lambda d: {"alignment_score": str(d.draw(st.integers(0, 100)))},
    "approved": lambda d: {"authorised_budget": str(d.draw(st.integers(0, 10**7)))},
}
"""Fields hypothesis corrects, by decision; any decision's rationale and date may be too."""


@pytest.fixture(scope="module")
def governed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite ledger holding :func:`governance` alone, closed: each example opens a copy.

    Recording the people and boards was a third of each example's time, the same
    events every time (the history hypothesis draws starts after them).
    """
    folder = tmp_path_factory.mktemp("governed")
    ledger, _ = open_ledger(f"sqlite:///{folder / 'ledger.db'}")
    try:
        assert governance(ledger) > 0
    finally:
        ledger.close()
    left = sorted(p.name for p in folder.iterdir())
    assert left == ["ledger.db"], f"the closed ledger left {left} beside it"  # no -wal/-shm
    return folder / "ledger.db"


@contextmanager
def fresh_ledger(
    backend: str, governed: Path | None = None
) -> Iterator[tuple[PortfolioLedger, Projections]]:
    """A new ledger per example: a copy of ``governed`` on SQLite, an empty one on PostgreSQL."""
    if backend == "sqlite":
        assert governed is not None
        with tempfile.TemporaryDirectory(dir=governed.parent) as directory:
            copy = Path(directory) / "ledger.db"
            shutil.copyfile(governed, copy)
            ledger, models = open_ledger(f"sqlite:///{copy}")
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
    """Propose the items, then up to 25 steps: decisions (some late), corrections, annulments."""
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
        step = data.draw(st.sampled_from(["decide", "decide", "decide", "late", "put right"]))
        # A refusal is legal too: a late decision that would break a later one, say.
        with suppress(DecisionRefused):
            if step == "put right":
                put_right(ledger, key, data)
            elif step == "decide":
                day[key] = min(day[key] + timedelta(days=data.draw(st.integers(0, 3))), TODAY)
                decide(ledger, key, day[key], data)
            else:
                late = DAY0 + timedelta(days=data.draw(st.integers(0, (day[key] - DAY0).days)))
                decide(ledger, key, late, data)
            event(f"{step}: recorded")


TODAY = utc_today()


def decide(ledger: PortfolioLedger, key: str, day: date, data: st.DataObject) -> None:
    """A decision the item's stage on ``day`` allows, effective ``day``."""
    item: PortfolioItem = ledger.repository.get(item_id(key))
    then = item.as_on(day) or item
    allowed = [a for a, rule in RULES.items() if then.stage in rule.allowed]
    action = data.draw(st.sampled_from(allowed))
    _method, command, values = ACTIONS[action]
    said = ic_meeting if issubclass(command, c.Governed) else who
    ledger.handle(command(key=key, **{**said(effective_date=day), **values(data)}))


def put_right(ledger: PortfolioLedger, key: str, data: st.DataObject) -> None:
    """Correct or annul one of the item's decisions (not always one the ledger allows)."""
    history = ledger.queries.history(key)
    entry = data.draw(st.sampled_from(history))
    assert entry.position is not None
    metadata = who(authority="PMO record-keeping", effective_date=TODAY)
    if data.draw(st.booleans()):
        ledger.handle(c.AnnulDecision(position=entry.position, **metadata))
        return
    correctable = CORRECTIONS.get(entry.event)
    choices = ["rationale", "effective_date", *(["field"] if correctable else [])]
    what = data.draw(st.sampled_from(choices))
    if what == "rationale":
        changes: dict[str, Any] = {"rationale": f"Corrected {data.draw(st.integers(0, 99))}"}
    elif what == "effective_date":
        shift = timedelta(days=data.draw(st.integers(-5, 5)))
        changes = {"effective_date": min(entry.effective_date + shift, TODAY).isoformat()}
    else:
        assert correctable is not None
        changes = correctable(data)
    ledger.handle(c.CorrectDecision(position=entry.position, changes=changes, **metadata))


def as_it_stood(
    ledger: PortfolioLedger, recorded_by: datetime | None, on: date | None
) -> dict[str, ItemState]:
    """Each item as the fold of the events recorded by a moment, as it stood on a day.

    Independent of the read models: the domain's own fold, from the stored events.
    """
    states = {}
    for then, in_effect in folded(ledger, recorded_by, on).values():
        state = item_state(then)
        state["version"] = in_effect[-1].originator_version
        state["recorded_at"] = in_effect[-1].timestamp
        states[then.key] = state
    return states


def folded(
    ledger: PortfolioLedger, recorded_by: datetime | None, on: date | None
) -> dict[str, tuple[PortfolioItem, list[Any]]]:
    """Each item (by key) as the domain's fold stood then, and the decisions then in effect."""
    items: dict[Any, Any] = {}
    for notification in ledger.recorder.select_notifications(start=1, limit=10**6):
        event = cast(DecisionEvent, ledger.mapper.to_domain_event(notification))
        if recorded_by is not None and event.timestamp > recorded_by:
            break
        items[event.originator_id] = event.mutate(items.get(event.originator_id))
    stood = {}
    for item in items.values():
        if not isinstance(item, PortfolioItem):
            continue
        in_effect = [e for e in item.in_effect() if on is None or e.decision.effective_date <= on]
        then = item if on is None else item.as_on(on)
        if then is not None and in_effect:
            stood[item.key] = (then, in_effect)
    return stood


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


def check_properties(backend: str, data: st.DataObject, governed: Path | None = None) -> None:
    with fresh_ledger(backend, governed) as (ledger, models):
        record_random_history(ledger, data)
        incremental = snapshot(models)
        models.rebuild()
        assert snapshot(models) == incremental
        assert at(models, Moment()) == as_it_stood(ledger, None, None)

        times, days = moments(ledger)
        for moment in data.draw(st.lists(st.sampled_from(times), min_size=1, max_size=4)):
            assert at(models, Moment(as_of=moment)) == as_it_stood(ledger, moment, None)
        for day in data.draw(st.lists(st.sampled_from(days), min_size=1, max_size=4)):
            assert at(models, Moment(effective_on=day)) == as_it_stood(ledger, None, day)
        moment, day = data.draw(st.sampled_from(times)), data.draw(st.sampled_from(days))
        assert at(models, Moment(moment, day)) == as_it_stood(ledger, moment, day)


SETTINGS = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}


@settings(max_examples=30, **SETTINGS)  # type: ignore[arg-type]
@given(data=st.data())
def test_properties_on_sqlite(governed: Path, data: st.DataObject) -> None:
    check_properties("sqlite", data, governed)


@pytest.mark.postgres
@settings(max_examples=12, **SETTINGS)  # type: ignore[arg-type]
@given(data=st.data())
def test_properties_on_postgres(data: st.DataObject) -> None:
    check_properties("postgres", data)
