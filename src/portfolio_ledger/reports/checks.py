"""The exceptions a board pack reports, each found by one rule, and a recommendation for each.

Every function here is pure: it takes what the ledger said at the pack's
date (:class:`Facts`) and a rule's settings, and returns what the rule finds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from portfolio_ledger.application.control_views import ItemControlView
from portfolio_ledger.application.governance_views import DelegationView
from portfolio_ledger.reports.model import PackException, Recommendation
from portfolio_ledger.reports.rules import Rule, Rules
from portfolio_ledger.reports.tabular import counted


@dataclass(frozen=True)
class Facts:
    """What the rules look at: the items' states, some items' control state, delegations.

    ``reports`` holds, by item key, the overall RAG of the last status reports
    (oldest first) of the items whose RAG is red, as R3 needs.
    """

    as_at: date
    states: Sequence[Mapping[str, Any]]
    controls: Sequence[ItemControlView]
    delegations: Sequence[DelegationView]
    reports: Mapping[str, Sequence[str]] = field(default_factory=dict)
    depended_on: Mapping[str, ItemControlView] = field(default_factory=dict)
    """The items the replayed ones depend on, by key, as they stood (R8)."""


def _exception(
    rule: Rule, item: ItemControlView, detail: str, body: str, age: int | None
) -> PackException:
    return PackException(
        rule=rule.label,
        key=item.key,
        title=item.title,
        detail=detail,
        owner=item.owner,
        body=body,
        age_days=age,
    )


def tolerance_breaches(rule: Rule, facts: Facts) -> list[PackException]:
    """R1: each tolerance breach whose escalation is still open."""
    found = []
    for item in facts.controls:
        open_ = {e.number: e for e in item.open_escalations}
        for number in sorted(item.breach_escalations.values()):
            escalation = open_[number]
            detail = escalation.issue.removeprefix("Tolerance breached: ")
            body = _acting(item.tolerances_set_by or escalation.escalated_to, facts)
            age = (facts.as_at - escalation.raised_on).days
            found.append(_exception(rule, item, detail, body, age))
    return found


def _acting(body: str, facts: Facts) -> str:
    """``body``; for a delegation that gives no authority at the date, the board that made it."""
    for delegation in facts.delegations:
        named = f"delegation {delegation.key}"
        if delegation.status != "valid" and (body == named or body.startswith(f"{named} from ")):
            why = delegation.status.removeprefix("not valid: ")
            return f"{delegation.board}, which delegated {delegation.key} ({why})"
    return body


def open_escalations(rule: Rule, facts: Facts) -> list[PackException]:
    """R2: each open escalation at least ``threshold`` days old, breaches aside (R1's)."""
    found = []
    for item in facts.controls:
        breaches = set(item.breach_escalations.values())
        for escalation in item.open_escalations:
            age = (facts.as_at - escalation.raised_on).days
            if escalation.number in breaches or age < (rule.threshold or 0):
                continue
            detail = f"#{escalation.number}, {escalation.severity}: {escalation.issue}"
            found.append(
                _exception(rule, item, detail, _acting(escalation.escalated_to, facts), age)
            )
    return found


def persistent_red(rule: Rule, facts: Facts) -> list[PackException]:
    """R3: each item in one of ``stages`` red in its last ``threshold`` status reports.

    A closed item (retired, cancelled) red at its end is history, not a risk
    for the board; the default stages are those of items still open.
    """
    reports = max(rule.threshold or 2, 1)
    found = []
    for state in facts.states:
        if state["stage"] not in rule.stages:
            continue
        recent = tuple(facts.reports.get(state["key"], ()))[-reports:]
        if len(recent) == reports and all(rag == "red" for rag in recent):
            found.append(
                PackException(
                    rule=rule.label,
                    key=state["key"],
                    title=state["title"],
                    detail=f"red in its last {reports} status reports",
                    owner=state["owner"],
                    body=state["sponsor"],
                    age_days=None,
                )
            )
    return found


def stale_status(rule: Rule, facts: Facts) -> list[PackException]:
    """R4: each item in one of ``stages`` with no status report for over ``threshold`` days."""
    limit = rule.threshold if rule.threshold is not None else 90
    found = []
    for state in facts.states:
        if state["stage"] not in rule.stages:
            continue
        last: date | None = state["last_status_date"]
        if last is not None and (facts.as_at - last).days <= limit:
            continue
        age = None if last is None else (facts.as_at - last).days
        detail = (
            "no status report on record"
            if last is None or age is None
            else f"no status report for {counted(age, 'day')} (last {last.isoformat()})"
        )
        found.append(
            PackException(
                rule=rule.label,
                key=state["key"],
                title=state["title"],
                detail=detail,
                owner=state["owner"],
                body=state["owner"],  # who should act: the owner, who reports status
                age_days=age,
            )
        )
    return found


def deferral_overdue(rule: Rule, facts: Facts) -> list[PackException]:
    """R5: each deferred item whose until-date has passed."""
    found = []
    for item in facts.controls:
        until = item.deferred_until
        if item.stage != "deferred" or until is None or until >= facts.as_at:
            continue
        age = (facts.as_at - until).days
        detail = f"deferred until {until.isoformat()}, {counted(age, 'day')} ago"
        found.append(_exception(rule, item, detail, item.sponsor, age))
    return found


def actions_overdue(rule: Rule, facts: Facts) -> list[PackException]:
    """R7: each open corrective action whose due day has passed (due on the pack's date: not yet).

    Its age is the days it is overdue; who should act is the action's owner.
    """
    found = []
    for item in facts.controls:
        for action in item.open_actions:
            if action.due >= facts.as_at:
                continue
            age = (facts.as_at - action.due).days
            detail = f"#{action.number}, due {action.due.isoformat()}: {action.action}"
            found.append(_exception(rule, item, detail, action.owner, age))
    return found


AT_RISK = ("paused", "deferred", "rejected", "cancelled", "retired", "left")
"""The stages of an item depended on that put what depends on it at risk (R8)."""
CLOSED = ("rejected", "cancelled", "retired", "left")
"""The stages of an item that no longer delivers: what it depends on matters no more."""


def dependencies_at_risk(rule: Rule, facts: Facts) -> list[PackException]:
    """R8: each item still open that depends on one paused, deferred, closed or out.

    Who should act is the owner of the item that depends; the item depended on is
    named with its stage and owner in the detail.
    """
    found = []
    for item in facts.controls:
        if item.stage in CLOSED:
            continue
        for key, what in sorted(item.dependencies.items()):
            other = facts.depended_on.get(key)
            if other is None or other.stage not in AT_RISK:
                continue
            detail = f"depends on {key} ({what}), which {_standing(other)}"
            found.append(_exception(rule, item, detail, item.owner, None))
    return found


def _standing(other: ItemControlView) -> str:
    """Where an item depended on stands, and its owner: 'is paused (owner Dana)'.

    One that left says so, and why ('has left the portfolio (merged into another
    item PRJ-9; owner Dana)'), so the board sees where its work went; one with no
    owner says none is on record, as the exceptions table does.
    """
    owner = f"owner {other.owner}" if other.owner else "no owner on record"
    if other.stage != "left" or other.left_reason is None:
        return f"is {other.stage} ({owner})"
    into = f" {other.merged_into}" if other.merged_into else ""
    return f"has left the portfolio ({other.left_reason}{into}; {owner})"


def days_on(day: date, days: int) -> date:
    """``days`` after ``day`` (before, if negative), kept within the calendar (years 1 to 9999).

    The ledger takes decisions from year 1 and answers for any later day, so a
    pack's period, its quarters back and its horizon may run off either end.
    """
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def delegations_expiring(rule: Rule, facts: Facts) -> list[PackException]:
    """R6: each delegation valid at the date that expires within ``threshold`` days."""
    horizon = days_on(facts.as_at, rule.threshold if rule.threshold is not None else 60)
    found = []
    for delegation in facts.delegations:
        ends = delegation.valid_to
        if delegation.status != "valid" or ends is None or not facts.as_at <= ends <= horizon:
            continue
        days = (ends - facts.as_at).days
        detail = (
            f"delegation of {delegation.board} to {delegation.delegate_name} (up to "
            f"{delegation.limit}) expires on {ends.isoformat()}, "
            + ("today" if days == 0 else f"in {counted(days, 'day')}")
        )
        found.append(
            PackException(
                rule=rule.label,
                key=delegation.key,
                title=f"Delegation to {delegation.delegate_name}",
                detail=detail,
                owner=delegation.delegate_name,
                body=delegation.board,
                age_days=None,
            )
        )
    return found


CHECKS: dict[str, Callable[[Rule, Facts], list[PackException]]] = {
    "R1": tolerance_breaches,
    "R2": open_escalations,
    "R3": persistent_red,
    "R4": stale_status,
    "R5": deferral_overdue,
    "R6": delegations_expiring,
    "R7": actions_overdue,
    "R8": dependencies_at_risk,
}


def find_exceptions(rules: Rules, facts: Facts) -> list[PackException]:
    """Every enabled rule's exceptions, rule by rule, each rule's in key order."""
    found: list[PackException] = []
    for rule_id, check in CHECKS.items():
        rule = rules[rule_id]
        if rule.enabled:
            found.extend(sorted(check(rule, facts), key=lambda e: (e.key, e.detail)))
    return found


NOT_ON_RECORD = "(none on record)"
"""Who a recommendation names where the ledger has no one: an item onboarded from a return
that gives no owner or sponsor (GMPP's does not)."""


def recommend(rules: Rules, exceptions: Sequence[PackException]) -> list[Recommendation]:
    """One recommendation per exception, worded by the rule that found it."""
    by_label = {rule.label: rule for rule in rules.rules.values()}
    return [
        Recommendation(
            rule=exception.rule,
            key=exception.key,
            text=worded(
                by_label[exception.rule].text,
                _places(exception),
                {"owner": exception.owner, "body": exception.body},
            ),
        )
        for exception in exceptions
    ]


def _places(exception: PackException) -> dict[str, object]:
    """What a rule's text may name of ``exception`` (but the people, who may be unnamed)."""
    age = exception.age_days
    return {
        "key": exception.key,
        "title": exception.title,
        "detail": exception.detail,
        "age": "-" if age is None else age,
        "days": "-" if age is None else counted(age, "day"),
    }


def worded(text: str, values: Mapping[str, object], people: Mapping[str, str]) -> str:
    """A rule's text filled in; a person the ledger has no one for is left out, and said so.

    The rules name people in apposition (``the sponsor, {body}, ask ...``): where
    no one is on record the name and its commas go (``the sponsor ask ...``) and
    the sentence ends ``(no sponsor on record)``, the word before the name being
    what it is. A name not so placed is written ``(none on record)``.
    """
    unnamed: list[tuple[int, str]] = []  # where in the text, and the word before the name
    for name, who in people.items():
        named = re.compile(r"\b([\w-]+), \{" + name + r"\}(?:,|(?=[.;:]|$))")
        if not who:
            unnamed += [(found.start(), found[1]) for found in named.finditer(text)]
            text = named.sub(r"\1", text)
    filled = text.format(**values, **{n: who or NOT_ON_RECORD for n, who in people.items()})
    if not unnamed:
        return filled
    said = f" (no {' or '.join(dict.fromkeys(word for _, word in sorted(unnamed)))} on record)"
    return f"{filled[:-1]}{said}." if filled.endswith(".") else filled + said
