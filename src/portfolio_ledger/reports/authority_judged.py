"""The authority of the decisions a pack lists, as ``audit authority`` judges it.

A board reads the pack, not ``audit authority`` item by item: a decision whose
authority did not hold, or around which the audit finds a pattern (a sponsor
who stepped aside for it, an item amended into a delegation's categories, a
tolerance reaching past its setter's limit, its owner deciding it), is flagged
where the board reads the decision, in the audit's words, with the command that
says more. The audit is the application's (``audit_item``); this only reads it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from portfolio_ledger.application.selection import Moment, TrailFilter
from portfolio_ledger.domain.authority import deciders
from portfolio_ledger.reports.model import DecisionEntry, Finding

if TYPE_CHECKING:
    from portfolio_ledger.application.governance_views import AuthorityCheck
    from portfolio_ledger.application.queries import EventQueries
    from portfolio_ledger.domain.decision import DecisionEvent
    from portfolio_ledger.reports.assemble import PackSource

GOVERNANCE = frozenset({"person", "board", "delegation"})
"""Subjects whose decisions, recorded after one on another, may take its authority away."""


class LaterGovernance:
    """Governance recorded after the earliest decision listed: what may take authority away.

    A decision is checked as it is recorded, and a decision on its own subject recorded
    later is checked with it (docs/events.md, *Effective order*), so only governance
    recorded after it can leave its authority not holding, and only governance that took
    effect by its day (a stand-down minuted late, say): one that took effect after it
    changes nothing of the day it was made on. A correction or an annulment may reach
    back to any day.
    """

    def __init__(self, source: PackSource, listed: Sequence[DecisionEntry]) -> None:
        after = TrailFilter(
            start=min((e.recorded_at for e in listed), default=None),
            subject_kinds=tuple(sorted(GOVERNANCE)),
        )
        found = [
            (row["recorded_at"], _reach(row)) for row in (source.trail(after) if listed else ())
        ]
        found.sort(key=lambda change: change[0])
        self.times = [recorded for recorded, _ in found]
        self.earliest: list[date] = []  # the earliest day reached by those from each on
        for _, day in reversed(found):
            self.earliest.append(min(day, self.earliest[-1]) if self.earliest else day)
        self.earliest.reverse()

    def may_reach(self, entry: DecisionEntry) -> bool:
        """Whether governance recorded after ``entry`` took effect by its day."""
        first_after = bisect_right(self.times, entry.recorded_at)
        return first_after < len(self.times) and (
            self.earliest[first_after] <= entry.effective_date
        )


def _reach(row: Mapping[str, Any]) -> date:
    """The earliest day a governance decision changes: its own, or any, for a correction."""
    return date.min if row["corrects"] or row["annuls"] else row["effective_date"]


MAY_BE_FOUND = ("details amended", "corrected")
"""The decisions by which an item's sponsor or category comes to differ from its start.

A finding needs one (a sponsor at another time than the decision's; a category
that came within a delegation's after the item's start): an item none of them
was ever recorded on has none, and is not audited for it.
"""


FOUND_OF_ITSELF = frozenset({"tolerance set"})
"""Decisions the audit may flag whatever the item's history: a cost tolerance whose ceiling
is past the limit of whoever set it (``tolerance beyond limit``), or that its owner set."""
OWNED = frozenset({"approved", "funding changed"})
"""Decisions the audit may flag where the item's owner decided them (``owner decided``)."""


class Owners:
    """Whether a listed approval or funding change may be its item's owner's (``owner decided``).

    Asked of an item never amended nor corrected, whose owner is the one it was proposed
    (or onboarded) with: where none of those who decided it (its actor, the members who
    voted for it, the delegate), as registered on its day, is that owner, the audit
    would find nothing, and the item is not audited for it.
    """

    def __init__(self, source: PackSource) -> None:
        self._source = source
        self._queries: EventQueries = source.ledger.queries
        self._owners: dict[str, str] | None = None  # the items' owners now, read once if asked
        self._people: dict[str, Sequence[DecisionEvent]] = {}  # each decider's events, read once

    def may_have_decided(self, entry: DecisionEntry, account: Any) -> bool:
        """Whether the owner of ``entry``'s item is among its deciders (``account``: mandate)."""
        if entry.event not in OWNED:
            return False
        if self._owners is None:  # one query, not a replay of each item
            self._owners = {s["key"]: s["owner"] for s in self._source.portfolio(Moment())}
        if entry.subject not in self._owners:  # not listed now: replayed
            self._owners[entry.subject] = self._queries.item(entry.subject).owner
        owner = self._owners[entry.subject]
        on = entry.effective_date
        keys = deciders(account)
        return bool(owner.strip()) and self._queries.any_is(keys, owner, on, self._people)


def amended_or_corrected(source: PackSource) -> set[str]:
    """The items a finding may be about: those ever amended or corrected, as now recorded."""
    return {
        row["subject"]
        for kind in MAY_BE_FOUND
        for row in source.trail(TrailFilter(event_type=kind, subject_kinds=("item",)))
    }


def with_authority_judged(
    listed: Sequence[DecisionEntry],
    rows: Mapping[int, Mapping[str, Any]],
    audit: Callable[[str], Sequence[AuthorityCheck]],
    governance: LaterGovernance,
    findable: Collection[str],
    *,
    owners: Owners,
) -> list[DecisionEntry]:
    """Each decision made under a board's meeting or a delegation, as ``audit authority`` says.

    Flagged ``authority did not hold`` where it did not, judged against
    governance as now recorded (a stand-down or a revocation minuted after it,
    say; only those ``governance`` may reach can have lost it), and with each of
    the audit's findings, ``flagged (KIND): REASON``; then the command that says
    why, ``(audit authority KEY)``. A decision listed without them would read as
    properly made. Each item is audited once, however many of its decisions
    are listed, and only where governance may reach a decision, the item is ``findable``
    (:func:`amended_or_corrected`) or the decision may be flagged of itself
    (``FOUND_OF_ITSELF``), or its owner may have decided it (``owners``): an audit is some
    30 ms an item. A
    correction or annulment of a delegation names no meeting, and is judged all the same:
    the audit finds one that widened the grant (``widening dated back``).
    """
    audited: dict[str, dict[int | None, AuthorityCheck]] = {}

    def checked(entry: DecisionEntry, widens: bool) -> AuthorityCheck | None:
        """``widens``: it puts a delegation right, judged as its board's ('widening dated back')."""
        named = rows.get(entry.position, {}).get("authority_detail")  # a meeting or delegation
        if not (named or widens) or entry.annulled_by:
            return None  # no meeting or delegation to judge, or not in effect
        if (
            entry.subject not in findable
            and entry.event not in FOUND_OF_ITSELF
            and not governance.may_reach(entry)
            and not widens
            and not owners.may_have_decided(entry, named)
        ):
            return None  # nothing the audit could say of it
        if entry.subject not in audited:
            audited[entry.subject] = {c.position: c for c in audit(entry.subject)}
        return audited[entry.subject].get(entry.position)

    judged = []
    for entry in listed:
        own = _puts_right_a_delegation(rows.get(entry.position, {}))
        judged.append(_judged(entry, checked(entry, own), governance, own))
    return judged


def _puts_right_a_delegation(row: Mapping[str, Any]) -> bool:
    """A correction or annulment of a delegation: the audit judges whether it widened the grant."""
    return row.get("subject_kind") == "delegation" and bool(
        row.get("corrects") or row.get("annuls")
    )


def _judged(
    entry: DecisionEntry, check: AuthorityCheck | None, governance: LaterGovernance, own: bool
) -> DecisionEntry:
    """The entry with what the audit says of it added to its flag, if anything.

    ``own``: a delegation put right, invalid for what it did (widened the grant, by one
    not on its board), not for governance recorded after it.
    """
    if check is None:
        return entry
    lost = check.verdict == "invalid" and (own or governance.may_reach(entry))
    said = ["authority did not hold"] if lost else []
    said += [finding.said() for finding in check.findings]
    if not said:
        return entry
    audit = f"{'; '.join(said)} (audit authority {entry.subject})"
    return entry.model_copy(
        update={
            "flag": "; ".join(f for f in (entry.flag, audit) if f),
            "findings": [Finding(kind=f.kind, reason=f.reason) for f in check.findings],
        }
    )
