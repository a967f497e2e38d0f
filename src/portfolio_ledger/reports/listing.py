"""What the pack's page lists of its long tables: at most a bounded number, the rest counted.

A large portfolio finds thousands of exceptions (8,181 on the bench's 10,000 items)
and its period holds thousands of decisions and changes: listed whole, the PDF ran to
934 pages, which no board reads (docs/reports.md, "A large portfolio"). The page
(HTML, PDF) lists at most a number of each (``LISTED``, or as told),
chosen so the board sees what matters first, and says how many there are in all and
where they are: the workbook and ``--json`` always hold every one. Nothing here
changes the pack (:class:`~portfolio_ledger.reports.model.BoardPack`): it only
chooses what the page shows of it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from portfolio_ledger.domain.board_packs import LISTED
from portfolio_ledger.reports.checks import NOT_ON_RECORD
from portfolio_ledger.reports.model import (
    BoardPack,
    Change,
    DecisionEntry,
    PackException,
    Recommendation,
)

DEFAULT_LISTED = LISTED
"""How many of each the page lists unless told (``--exceptions``, ``--decisions``, ...)."""
BODIES_NAMED = 5
"""Who should act, named with their counts in a cut rule's recommendation; the rest counted."""


@dataclass(frozen=True)
class RuleFound:
    """One rule's exceptions: how many it found, how many the page lists, who should act."""

    rule: str
    found: int
    listed: int
    bodies: list[tuple[str, int]]
    """Who should act and on how many, most first (then by name), at most ``BODIES_NAMED``."""
    others: tuple[int, int]
    """Those not named: how many bodies, on how many exceptions."""
    recommendations: list[Recommendation]
    """Every one of the rule's when all are listed; else the most pressing one's, as an
    example (the first listed; with no room left for the rule, the one it would list)."""

    @property
    def cut(self) -> bool:
        """Whether the page lists fewer of the rule's exceptions than it found."""
        return self.listed < self.found


@dataclass(frozen=True)
class Listing:
    """What the page lists of the pack's exceptions and decisions, and what it counts."""

    exceptions: list[PackException]
    rules: list[RuleFound]
    """Each rule that found an exception, in the rules' order."""
    decisions: list[DecisionEntry]
    decisions_found: int
    decisions_flagged: int
    decision_kinds: list[tuple[str, int]]
    """What the period's decisions did (``approved``, ``paused``), most first."""
    changes: list[Change]
    change_kinds: list[tuple[str, int]]
    """How many changes of each kind (``joined``, ``forecast``), most first."""

    @property
    def exceptions_found(self) -> int:
        """Every exception the rules found."""
        return sum(rule.found for rule in self.rules)

    @property
    def exceptions_cut(self) -> bool:
        """Whether the page lists fewer exceptions than the rules found."""
        return len(self.exceptions) < self.exceptions_found

    @property
    def changes_cut(self) -> bool:
        """Whether the page lists fewer changes than the period holds."""
        return len(self.changes) < sum(count for _, count in self.change_kinds)

    @property
    def decisions_cut(self) -> bool:
        """Whether the page lists fewer decisions than the period holds."""
        return len(self.decisions) < self.decisions_found


def listing(
    pack: BoardPack,
    exceptions: int | None,
    decisions: int | None,
    changes: int | None = None,
) -> Listing:
    """What the page lists: at most ``exceptions``, ``decisions``, ``changes`` (None: all).

    ValueError for a number below 1, as the command refuses it (exit 2).
    """
    for name, limit in (("exceptions", exceptions), ("decisions", decisions), ("changes", changes)):
        if limit is not None and limit < 1:
            raise ValueError(
                f"{name}={limit} is not how many to list: give a number from 1, or None for all"
            )
    rules = list(dict.fromkeys(e.rule for e in pack.exceptions))
    found = {rule: [e for e in pack.exceptions if e.rule == rule] for rule in rules}
    shares = fair_shares([len(found[rule]) for rule in rules], exceptions)
    listed = {
        rule: most_pressing(found[rule])[:share] for rule, share in zip(rules, shares, strict=True)
    }
    cut = any(len(listed[rule]) < len(found[rule]) for rule in rules)
    return Listing(
        exceptions=[e for rule in rules for e in listed[rule]] if cut else pack.exceptions,
        rules=[_rule_found(pack, found[rule], listed[rule]) for rule in rules],
        decisions=listed_decisions(pack.decisions, decisions),
        decisions_found=len(pack.decisions),
        decisions_flagged=sum(1 for d in pack.decisions if d.flag),
        decision_kinds=_most_first(Counter(d.event for d in pack.decisions)),
        changes=listed_changes(pack.summary.changes, changes),
        change_kinds=_most_first(Counter(c.change for c in pack.summary.changes)),
    )


def fair_shares(counts: Sequence[int], limit: int | None) -> list[int]:
    """How many of each rule's exceptions to list: ``limit`` shared as evenly as they allow.

    Each rule gets an equal share; a rule that found fewer is listed whole and what it
    leaves is shared among the others; what does not divide goes to the first rules
    (R1 before R2). So 4,889 stale statuses never crowd out 12 tolerance breaches.
    """
    if limit is None or sum(counts) <= limit:
        return list(counts)
    given = [0] * len(counts)
    left = limit
    while left > 0:
        wanting = [i for i, count in enumerate(counts) if given[i] < count]
        each = max(left // len(wanting), 1)
        for i in wanting:
            take = min(each, counts[i] - given[i], left)
            given[i] += take
            left -= take
    return given


def most_pressing(found: Sequence[PackException]) -> list[PackException]:
    """One rule's exceptions, what matters first: none on record, then the oldest, then by key.

    An age of none is an item with no status report at all (R4), older than any; a rule
    whose exceptions have no age (R3, R6) keeps its key order.
    """
    return sorted(found, key=lambda e: (e.age_days is not None, -(e.age_days or 0), e.key))


def _rule_found(
    pack: BoardPack, found: list[PackException], listed: list[PackException]
) -> RuleFound:
    bodies = _most_first(Counter(e.body or NOT_ON_RECORD for e in found))
    rest = bodies[BODIES_NAMED:]
    worded = dict(zip(map(id, pack.exceptions), pack.recommendations, strict=True))
    whole = len(listed) == len(found)
    return RuleFound(
        rule=found[0].rule,
        found=len(found),
        listed=len(listed),
        bodies=bodies[:BODIES_NAMED],
        others=(len(rest), sum(count for _, count in rest)),
        recommendations=[worded[id(e)] for e in (listed if whole else most_pressing(found)[:1])],
    )


def listed_decisions(found: Sequence[DecisionEntry], limit: int | None) -> list[DecisionEntry]:
    """At most ``limit`` decisions, in ledger order: the flagged first, then the latest.

    A flagged decision (a correction, an annulment, one put right, one recorded late)
    changes what the board was told before, so none is left out while there is room;
    the rest are the latest, nearest the meeting.
    """
    if limit is None or len(found) <= limit:
        return list(found)
    flagged = [d.position for d in found if d.flag][:limit]
    others = [d.position for d in found if not d.flag]
    chosen = set(flagged) | set(others[len(others) - (limit - len(flagged)) :])
    return [d for d in found if d.position in chosen]


def listed_changes(found: Sequence[Change], limit: int | None) -> list[Change]:
    """At most ``limit`` changes: the room shared evenly between the kinds, each in key order.

    So ten thousand items joining do not hide the forecasts and RAGs that moved; the page
    lists them kind by kind, as the kinds first come in the period's list.
    """
    if limit is None or len(found) <= limit:
        return list(found)
    kinds = list(dict.fromkeys(c.change for c in found))
    of = {kind: [c for c in found if c.change == kind] for kind in kinds}
    shares = fair_shares([len(of[kind]) for kind in kinds], limit)
    return [c for kind, share in zip(kinds, shares, strict=True) for c in of[kind][:share]]


def _most_first(counts: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))
