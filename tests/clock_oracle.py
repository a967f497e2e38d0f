"""An independent reading of the two clocks: items' states from an exported audit trail.

Written from docs/verification.md (*Exports*, *An item's state from an export*),
docs/concepts.md (*Two clocks*) and docs/events.md (*Effective order*, *Putting
the record right*) alone, with the standard library: it imports nothing of
portfolio_ledger, so a fault shared by the ledger's replay and its read models
shows here as a disagreement. ``items_at(rows, as_of, effective_on)`` is each
item's stage, view, organisation, category, RAG, rank, figures and open
escalations as the ledger knew them at the recorded time ``as_of``, with effect
by the day ``effective_on`` (either may be None: now, or every day), in the form
``portfolio --json`` gives them.

It reads the trail's columns and, for what they carry only in words, the
summaries whose wording the docs give. It does not read a row's ``stage`` and
``rag``: they are the item as known just after the row was recorded, not the
item on the row's effective date.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

VIEWS = {
    "proposed": "pipeline",
    "appraised": "pipeline",
    "deferred": "pipeline",
    "approved": "pipeline",
    "in delivery": "pipeline",
    "paused": "pipeline",
    "live": "catalogue",
    "retired": "retired",
    "rejected": "closed",
    "cancelled": "closed",
    "left": "left",
}
STAGE_OF_LABEL = {
    "proposed": "proposed",
    "appraised": "appraised",
    "approved": "approved",
    "rejected": "rejected",
    "deferred": "deferred",
    "delivery started": "in delivery",
    "paused": "paused",
    "went live": "live",
    "retired": "retired",
    "cancelled": "cancelled",
    "left the portfolio": "left",
}
FIGURES = ("estimated_cost", "whole_life_cost", "authorised_budget", "forecast_cost")
FIGURE = r"(withheld|not known|[A-Z]{3} [\d,]+(?:\.\d+)?)"
RAG = r"(red|amber|green|withheld|not assessed)"
INTEGERS = ("position", "version", "corrects", "annuls")
TEXT_COLUMNS = {
    "subject", "subject_kind", "event_type", "event", "actor", "role", "authority",
    "rationale", "summary", "organisation", "category", "kind", "stage", "rag",
}  # fmt: skip
CORRECTED = {  # a correction's field, as its summary words it, and what it sets
    "effective date": "effective_date",
    "authorised budget": "authorised_budget",
    "forecast cost": "forecast_cost",
    "whole life cost": "whole_life_cost",
    "estimated cost": "estimated_cost",
    "overall": "rag",
    "rag": "rag",
    "rank": "rank",
    "organisation": "organisation",
    "category": "category",
}
_WHERE = re.compile(  # a proposal's or onboarding's "(ORGANISATION, category CATEGORY)"
    r" \((?:([^()]*?), )?category (.*?)\)(?=; baseline: |; RAG |; from |$)"
)
_CHANGE = re.compile(
    r"^(?:no )?(" + "|".join(CORRECTED) + r")\b.*? -> (.*)$",
)


def read_export(path: Path) -> list[dict[str, Any]]:
    """The rows of an ``audit export`` (JSON Lines or CSV), as the JSON Lines give them.

    Or of ``audit trail --json`` (a ``.json`` file): the same rows without ``row_sha256``.
    """
    if path.suffix.lower() == ".json":
        rows: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
        return rows
    if path.suffix.lower() == ".jsonl":
        with path.open(encoding="utf-8") as handle:
            return [json.loads(line) for line in handle if line.strip()]
    rows = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for cells in csv.DictReader(handle):
            row: dict[str, Any] = {}
            for name, cell in cells.items():
                # the one ' a neutralised cell starts with
                text = cell[1:] if name in TEXT_COLUMNS and cell.startswith("'") else cell
                if text == "":
                    row[name] = None
                elif name in INTEGERS:
                    row[name] = int(text)
                elif name in ("refs", "authority_detail"):
                    row[name] = json.loads(text)
                else:
                    row[name] = text
            rows.append(row)
    return rows


def recorded(text: str) -> datetime:
    """A ``recorded_at`` text form (``2026-11-22T04:29:23.527265Z``) as an aware datetime."""
    return datetime.fromisoformat(text)  # Python 3.11 reads the Z


def amount(text: str) -> str:
    """``GBP 1,234,500`` as ``portfolio --json`` gives the amount: ``1234500.00``."""
    return f"{Decimal(text.split(' ', 1)[1].replace(',', '')):.2f}"


def figure(text: str | None) -> tuple[str | None, str | None]:
    """A figure in words as (amount, status): money is known, the two words themselves."""
    if text is None or text.startswith("no ") or text == "none":
        return None, None
    if text in ("withheld", "not known"):
        return None, text
    return amount(text), "known"


@dataclass
class Decision:
    """One decision on an item, with what it sets (as corrected by ``as_of``)."""

    key: str
    label: str
    position: int
    version: int
    recorded_at: str
    effective: date
    sets: dict[str, Any] = field(default_factory=dict)


def what_it_sets(label: str, summary: str) -> dict[str, Any]:  # noqa: PLR0912
    """What a decision sets of the item, read from its label and summary."""
    sets: dict[str, Any] = {}
    if label in STAGE_OF_LABEL:
        sets["stage"] = STAGE_OF_LABEL[label]
    if label in ("proposed", "onboarded"):  # ... (ORGANISATION, category CATEGORY)...
        where = _WHERE.search(summary)
        sets["organisation"], sets["category"] = where.groups()  # type: ignore[union-attr]
    if label == "onboarded":
        sets["stage"] = re.match(r"^\S+ onboarded (.+?): ", summary).group(1)  # type: ignore[union-attr]
        baseline = re.search(r"; baseline: (.*?)(?:; RAG |; from |$)", summary)
        for name, key in (
            ("whole-life cost", "whole_life_cost"),
            ("budget", "authorised_budget"),
            ("forecast", "forecast_cost"),
        ):
            found = baseline and re.search(rf"(?:^|; ){name} {FIGURE}", baseline.group(1))
            if found:
                sets[key] = found.group(1)
        rag = re.search(rf"; RAG {RAG}(?:;|$)", summary)
        if rag:
            sets["rag"] = rag.group(1)
    elif label == "resumed":
        sets["stage"] = re.match(r"^resumed \((.+)\)$", summary).group(1)  # type: ignore[union-attr]
    elif label == "appraised":
        sets["estimated_cost"] = re.match(rf"^business case: cost {FIGURE}", summary).group(1)  # type: ignore[union-attr]
    elif label == "approved":
        sets["authorised_budget"] = re.match(rf"^approved with budget {FIGURE}", summary).group(1)  # type: ignore[union-attr]
    elif label == "funding changed":
        sets["authorised_budget"] = summary.rsplit(" -> ", 1)[1]
    elif label == "reprioritised":
        sets["rank"] = int(summary.rsplit(" -> ", 1)[1])
    elif label == "status reported":
        sets["rag"] = re.match(rf"^RAG {RAG}", summary).group(1)  # type: ignore[union-attr]
        forecast = re.search(rf"; forecast {FIGURE}", summary)
        if forecast:
            sets["forecast_cost"] = forecast.group(1)
        whole_life = re.search(rf"; whole-life cost {FIGURE}", summary)
        if whole_life:
            sets["whole_life_cost"] = whole_life.group(1)
    elif label in ("transferred", "details amended"):
        for part in summary.split("; "):
            for name in ("organisation", "category"):
                if part.startswith((f"{name} ", f"no {name} ")):
                    now = part.rsplit(" -> ", 1)[1]
                    sets[name] = None if now == f"no {name}" else now
    elif label == "escalated":
        sets["raised"] = int(re.match(r"^escalation #(\d+)", summary).group(1))  # type: ignore[union-attr]
    elif label == "escalation resolved":
        sets["resolved"] = int(re.match(r"^escalation #(\d+)", summary).group(1))  # type: ignore[union-attr]
    return sets


def corrections(summary: str) -> dict[str, str | None]:
    """The fields a correction's summary sets, each to its new value in words (None: none)."""
    changes = summary.split(": ", 1)[1]
    found: dict[str, str | None] = {}
    for part in changes.split("; "):
        match = _CHANGE.match(part)
        if match:
            name, now = CORRECTED[match.group(1)], match.group(2)
            none = now.startswith("no ") or now.endswith("not reported")
            found[name] = None if none else now
    return found


def decisions_known(rows: list[dict[str, Any]], as_of: datetime | None) -> list[Decision]:
    """Item decisions recorded by ``as_of``, corrected and annulled as recorded by then."""
    known = [
        row
        for row in rows
        if row["subject_kind"] == "item"
        and (as_of is None or recorded(row["recorded_at"]) <= as_of)
    ]
    annulled = {row["annuls"] for row in known if row["annuls"] is not None}
    corrected: dict[int, dict[str, str | None]] = {}
    for row in sorted(known, key=lambda r: r["position"]):
        if row["corrects"] is not None:  # the latest correction of each field stands
            corrected.setdefault(row["corrects"], {}).update(corrections(row["summary"]))
    found = []
    for row in known:
        if row["corrects"] is not None or row["annuls"] is not None:
            continue
        if row["position"] in annulled:
            continue
        sets = what_it_sets(row["event"], row["summary"])
        effective = date.fromisoformat(row["effective_date"])
        for name, value in corrected.get(row["position"], {}).items():
            if name == "effective_date":
                effective = date.fromisoformat(value)  # type: ignore[arg-type]
            elif name in sets or name in FIGURES:
                sets[name] = int(value) if name == "rank" and value else value
        found.append(
            Decision(
                row["subject"],
                row["event"],
                row["position"],
                row["version"],
                row["recorded_at"],
                effective,
                sets,
            )
        )
    return found


def fold(decisions: list[Decision]) -> dict[str, Any]:
    """An item's state from its decisions in effect, in effective order."""
    state: dict[str, Any] = {"stage": None, "rag": None, "priority_rank": None}
    state["organisation"] = state["category"] = None
    for name in FIGURES:
        state[name] = state[f"{name}_status"] = None
    del state["estimated_cost_status"]
    escalations: set[int] = set()
    for decision in decisions:
        for name, value in decision.sets.items():
            if name == "estimated_cost":  # never withheld or not known: it has no status
                state[name] = figure(value)[0]
            elif name in FIGURES:
                state[name], state[f"{name}_status"] = figure(value)
            elif name == "rank":
                state["priority_rank"] = value
            elif name == "raised":
                escalations.add(value)
            elif name == "resolved":
                escalations.discard(value)
            else:
                state[name] = value
    last = decisions[-1]
    state["view"] = VIEWS[state["stage"]]
    state["open_escalations"] = len(escalations)
    state["last_decision"] = last.label
    state["last_decision_date"] = last.effective.isoformat()
    state["version"] = last.version
    state["recorded_at"] = last.recorded_at
    return state


def items_at(
    rows: list[dict[str, Any]], as_of: datetime | None = None, effective_on: date | None = None
) -> dict[str, dict[str, Any]]:
    """Each item in effect by ``effective_on``, as recorded by ``as_of``, by key."""
    by_item: dict[str, list[Decision]] = {}
    for decision in decisions_known(rows, as_of):
        if effective_on is None or decision.effective <= effective_on:
            by_item.setdefault(decision.key, []).append(decision)
    return {
        key: fold(sorted(decisions, key=lambda d: (d.effective, d.version)))
        for key, decisions in sorted(by_item.items())
    }


COMPARED = (
    "stage", "view", "organisation", "category", "rag", "priority_rank", "estimated_cost",
    "whole_life_cost", "whole_life_cost_status", "authorised_budget", "authorised_budget_status",
    "forecast_cost", "forecast_cost_status", "open_escalations",
    "last_decision", "last_decision_date", "version", "recorded_at",
)  # fmt: skip


def end_of(text: str) -> datetime:
    """A moment as ``--as-of`` reads it: a day or a time to the second means its end.

    A day (``2026-12-04``) is the end of that day in UTC; a time with no offset is UTC.
    """
    if len(text) == len("2026-12-04"):
        return datetime.fromisoformat(f"{text}T23:59:59.999999+00:00")
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment if "." in text else moment.replace(microsecond=999_999)


def disagreements(
    rows: list[dict[str, Any]],
    moments: list[tuple[str | None, str | None]],
    portfolio: Callable[[str | None, str | None], list[dict[str, Any]]],
) -> list[str]:
    """Where ``portfolio(as_of, effective_on)`` (its ``--json``) and the oracle differ.

    Each moment is the text given to ``--as-of`` and ``--effective-on`` (None: not given).
    """
    found = []
    for as_of, day in moments:
        expected = items_at(
            rows,
            None if as_of is None else end_of(as_of),
            None if day is None else date.fromisoformat(day),
        )
        listed = {item["key"]: item for item in portfolio(as_of, day)}
        where = f"--as-of {as_of} --effective-on {day}"
        for key in sorted(set(listed) ^ set(expected)):
            said = "lists" if key in listed else "does not list"
            found.append(f"{where}: the ledger {said} {key}; the oracle the other")
        found.extend(
            f"{where}: {key} {name}: ledger {listed[key].get(name)!r}, "
            f"oracle {expected[key][name]!r}"
            for key in sorted(set(listed) & set(expected))
            for name in COMPARED
            if listed[key].get(name) != expected[key][name]
        )
    return found
