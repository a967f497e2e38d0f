"""A model of the two clocks of its own, from the docs alone: what the ledger must answer.

Written from README.md (*Two clocks*, ``portfolio diff``), docs/concepts.md (*Two clocks*,
*Both clocks, in SQL*, *One item at a moment*) and docs/events.md (*Effective order*,
*Putting the record right*, the lifecycle's *allowed from*), with plain dicts and the
standard library: it imports nothing of portfolio_ledger. The model is told each
decision as it is recorded (the ledger's position and recorded time, which only the
ledger can know) and answers, for any pair of moments (a recorded time, an effective
day, either left out), each item's state as ``portfolio --json`` and ``item show --json``
give it, ``economics --json``'s totals by stage, ``item history --json`` and
``portfolio diff --json``.

An item's state at (``as_of``, ``day``) is the fold, in effective order (effective date,
then version), of its decisions recorded by ``as_of`` that are not annulled by then,
each as corrected by the corrections recorded by then (the latest of each field
standing), with effect by ``day``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

OPEN = {"proposed", "appraised", "deferred", "approved", "in delivery", "paused", "live"}
FUNDED = {"approved", "in delivery", "paused", "live"}
ALLOWED = {  # each decision's *allowed from* (docs/events.md), and the stage it makes
    "appraised": ({"proposed", "appraised", "deferred"}, "appraised"),
    "approved": ({"appraised", "deferred"}, "approved"),
    "rejected": ({"proposed", "appraised", "deferred"}, "rejected"),
    "deferred": ({"proposed", "appraised"}, "deferred"),
    "left the portfolio": (OPEN, "left"),
    "reprioritised": (OPEN, None),
    "funding changed": (FUNDED, None),
    "delivery started": ({"approved"}, "in delivery"),
    "paused": ({"approved", "in delivery"}, "paused"),
    "resumed": ({"paused"}, None),
    "went live": ({"approved", "in delivery"}, "live"),
    "cancelled": ({"approved", "in delivery", "paused"}, "cancelled"),
    "status reported": (FUNDED, None),
}
VIEWS = {
    "proposed": "pipeline", "appraised": "pipeline", "deferred": "pipeline",
    "approved": "pipeline", "in delivery": "pipeline", "paused": "pipeline",
    "live": "catalogue", "retired": "retired", "rejected": "closed", "cancelled": "closed",
    "left": "left",
}  # fmt: skip
SETS = {  # a decision's field and the item's field it sets
    "estimated_cost": "estimated_cost",
    "authorised_budget": "authorised_budget",
    "rank": "priority_rank",
    "overall": "rag",
    "forecast_cost": "forecast_cost",
}
COMPARED = (
    "stage", "view", "priority_rank", "estimated_cost", "authorised_budget", "rag",
    "forecast_cost", "last_decision", "last_decision_date", "version", "recorded_at",
    "last_status_date", "forecast_cost_reported_on",
)  # fmt: skip
DIFFED = ("stage", "authorised_budget", "forecast_cost", "priority_rank", "rag")


class RefusedError(Exception):
    """The decisions, folded, break a rule: the ledger must refuse what made them so."""


@dataclass
class Decision:
    """One decision on an item as recorded, and what put it right since."""

    key: str
    label: str
    version: int
    position: int
    recorded_at: datetime
    effective: date
    fields: dict[str, Any]
    corrections: list[tuple[datetime, int, dict[str, Any]]] = field(default_factory=list)
    annulled: tuple[datetime, int] | None = None

    def as_known(self, as_of: datetime | None) -> dict[str, Any] | None:
        """Its fields as corrected by ``as_of`` (with ``effective``), or None: not in force."""
        if as_of is not None and self.recorded_at > as_of:
            return None
        if self.annulled is not None and (as_of is None or self.annulled[0] <= as_of):
            return None
        fields = {"effective": self.effective, **self.fields}
        for recorded_at, _, corrected in self.corrections:
            if as_of is None or recorded_at <= as_of:
                fields.update(corrected)
        return fields


def money(amount: int | None) -> str | None:
    """An amount as ``--json`` writes it."""
    return None if amount is None else f"{Decimal(amount):.2f}"


def total(amounts: list[int]) -> str | None:
    """A sum of known amounts as ``economics --json`` gives it: null where none is known."""
    return money(sum(amounts)) if amounts else None


def move(state: dict[str, Any], label: str, fields: dict[str, Any]) -> None:
    """The stage a decision moves the item to, from the one it stands in (or RefusedError)."""
    if label == "proposed":
        state["stage"] = "proposed"
        return
    allowed, makes = ALLOWED[label]
    if state["stage"] not in allowed or (
        label == "approved"  # from deferred, with a business case
        and state["stage"] == "deferred"
        and state["estimated_cost"] is None
    ):
        raise RefusedError(f"{label} from {state['stage']}")
    name = {"reprioritised": "rank", "funding changed": "authorised_budget"}.get(label)
    if name is not None and fields[name] == state[SETS[name]]:  # a rank or budget it has
        raise RefusedError(f"{label}: {name} {fields[name]} already: nothing to change")
    if label == "left the portfolio":
        state["left_from"] = state["stage"]
    if label == "resumed":
        if fields["stage"] != state["paused_from"]:
            raise RefusedError(f"resumed to {fields['stage']}, paused from {state['paused_from']}")
        makes = state["paused_from"]
    if label == "paused":
        state["paused_from"] = state["stage"]
    state["stage"] = makes or state["stage"]


def fold(decisions: list[tuple[Decision, dict[str, Any]]]) -> dict[str, Any]:
    """An item's state from its decisions in force, in effective order (or RefusedError)."""
    state: dict[str, Any] = dict.fromkeys(
        [*SETS.values(), "left_from", "paused_from", "last_status_date"]
    )
    state["forecast_cost_reported_on"] = None
    for number, (decision, fields) in enumerate(decisions):
        if (number == 0) != (decision.label == "proposed"):
            raise RefusedError(f"{decision.key}: position {decision.position} before its proposal")
        move(state, decision.label, fields)
        for name, value in fields.items():
            if name in SETS:
                state[SETS[name]] = value
        day = fields["effective"].isoformat()
        if decision.label == "status reported":  # a forecast is dated by the report giving it
            state["last_status_date"] = day
            if fields.get("forecast_cost") is not None:
                state["forecast_cost_reported_on"] = day
        state["last_decision"] = decision.label
        state["last_decision_date"] = day
        state["version"] = decision.version
        state["recorded_at"] = decision.recorded_at
    state["view"] = VIEWS[state["stage"]]
    return state


class Model:
    """Every item's decisions, as the ledger reported recording them."""

    def __init__(self) -> None:
        self.decisions: dict[int, Decision] = {}  # by position
        self.items: dict[str, list[Decision]] = {}

    def record(self, decision: Decision) -> None:
        """A decision the ledger recorded."""
        self.decisions[decision.position] = decision
        self.items.setdefault(decision.key, []).append(decision)

    def state(self, key: str, as_of: datetime | None, day: date | None) -> dict[str, Any] | None:
        """The item at the pair of moments (None: not in the ledger then), or RefusedError."""
        known = [(d, fields) for d in self.items[key] if (fields := d.as_known(as_of))]
        in_effect = [(d, f) for d, f in known if day is None or f["effective"] <= day]
        if not in_effect:
            return None
        return fold(sorted(in_effect, key=lambda pair: (pair[1]["effective"], pair[0].version)))

    def portfolio(self, as_of: datetime | None, day: date | None) -> dict[str, dict[str, Any]]:
        """Each item in the ledger at the pair of moments, by key."""
        found = {key: self.state(key, as_of, day) for key in self.items}
        return {key: state for key, state in found.items() if state is not None}

    def holds(self, key: str) -> bool:
        """Whether the item's decisions as now known break no rule."""
        try:
            self.state(key, None, None)
        except RefusedError:
            return False
        return True


def shown(state: dict[str, Any]) -> dict[str, Any]:
    """A state in the words of ``portfolio --json`` (money as text, times with Z)."""
    said = {name: state[name] for name in COMPARED}
    for name in ("estimated_cost", "authorised_budget", "forecast_cost"):
        said[name] = money(state[name])
    said["recorded_at"] = state["recorded_at"].isoformat().replace("+00:00", "Z")
    return said


def by_stage(
    states: dict[str, dict[str, Any]],
) -> dict[str, tuple[int, str | None, str | None]]:
    """``economics --json``'s stage rows: items, estimated cost and budget summed (None: none)."""
    rows: dict[str, list[dict[str, Any]]] = {}
    for state in states.values():
        rows.setdefault(state["stage"], []).append(state)
    totals = {}
    for stage, states_there in rows.items():
        budgets = [s["authorised_budget"] for s in states_there if s["authorised_budget"]]
        estimates = [s["estimated_cost"] for s in states_there if s["estimated_cost"]]
        totals[stage] = (len(states_there), total(estimates), total(budgets))
    return totals


def changes(
    before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]]
) -> set[tuple[str, str, Any, Any]]:
    """``portfolio diff``'s rows: (key, change, from, to); an item added ``joined`` its stage."""
    found = set()
    for key, state in after.items():
        if key not in before:
            found.add((key, "joined", None, state["stage"]))
        if state["stage"] == "left" and (key not in before or before[key]["stage"] != "left"):
            found.add((key, "left", state["left_from"], "completed"))
        if key not in before or state["stage"] == "left":
            continue
        for name in DIFFED:
            old, new = before[key][name], state[name]
            if old != new:
                if name in ("authorised_budget", "forecast_cost"):
                    old, new = money(old), money(new)
                found.add((key, name, old, new))
    return found
