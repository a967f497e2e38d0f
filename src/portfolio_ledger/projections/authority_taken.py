"""The decisions governance changes left without authority, judged from one snapshot.

``ReadSide.authority_taken`` (one change, as its command warns) and
``ReadSide.judging_together`` (an import's governance lines, together) judge here: each change
from its trail row, the decisions resting on it from the trail, their verdicts from the
events (``EventQueries.authority_lost``). Changes judged :class:`Together` share the trail's
rows naming a subject (read once, then taken from the day each change reaches and below
it), those resting on it (once for changes of one subject reaching one day), and one
:class:`Judging`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from portfolio_ledger.projections import trail_queries

if TYPE_CHECKING:
    from portfolio_ledger.application.authority_lost import Change
    from portfolio_ledger.application.governance_views import AuthorityCheck
    from portfolio_ledger.application.judging import Judging
    from portfolio_ledger.application.queries import EventQueries
    from portfolio_ledger.projections.read_models import Reading, ReadModelTables

Rows = list[dict[str, Any]]


@dataclass
class Together:
    """What changes judged from one snapshot share: the trail's rows, as read, and more."""

    judging: Judging
    single: bool = False
    """One change alone (a command's): the trail read from its day on by the database, as
    many changes' rows, read once for all of them, would not be."""
    _naming: dict[tuple[tuple[str, ...], tuple[str, ...]], Rows] = field(default_factory=dict)
    _corrected: set[int] | None = None
    _resting: dict[tuple[str, str, date, tuple[str, ...]], Rows] = field(default_factory=dict)

    def naming(
        self,
        reading: tuple[Reading, ReadModelTables],
        needles: Sequence[str],
        *,
        since: date = date.min,
        below: int | None = None,
        kinds: Sequence[str] = ("item", "delegation"),
    ) -> Rows:
        """``trail_queries.governed_naming``'s rows: the same, read once for its needles."""
        if self.single:
            return trail_queries.governed_naming(
                *reading, needles, since=since, below=below, kinds=kinds
            )
        asked = (tuple(needles), tuple(kinds))
        if asked not in self._naming:
            self._naming[asked] = trail_queries.governed_naming(*reading, needles, kinds=kinds)
        rows = self._naming[asked]
        if since > date.min:  # a row's day is as recorded: one corrected since may fall later
            if self._corrected is None:
                self._corrected = trail_queries.corrected(*reading)
            fixed = self._corrected
            rows = [r for r in rows if r["effective_date"] >= since or r["position"] in fixed]
        return rows if below is None else [r for r in rows if r["position"] < below]

    def resting(
        self,
        reading: tuple[Reading, ReadModelTables],
        change: Change,
        needles: Sequence[str],
        delegations: Collection[str],
    ) -> Rows:
        """The rows naming ``needles`` from the day ``change`` reaches, resting on its subject.

        As ``authority_lost.rests_on`` says, in position order: once for changes alike.
        """
        from portfolio_ledger.application.authority_lost import mandate, rests_on

        asked = (change.kind, change.subject, change.reach, tuple(needles))
        if asked not in self._resting:
            rows = self.naming(reading, needles, since=change.reach)
            self._resting[asked] = [r for r in rows if rests_on(change, mandate(r), delegations)]
        return self._resting[asked]


def taken(
    reading: tuple[Reading, ReadModelTables],
    queries: EventQueries,
    position: int,
    recorded_since: bool,
    *,
    together: Together | None,
) -> tuple[Change, list[AuthorityCheck]] | None:
    """The change at ``position`` and the decisions it left without authority.

    None if it is no governance decision; else the list, empty if none
    (``ReadSide.authority_taken`` says which, and ``recorded_since``).
    """
    from portfolio_ledger.application import authority_lost as al
    from portfolio_ledger.projections.audit_trail import canonical_json

    shared = together or Together(queries.judging(), single=True)
    change = al.Change.of(trail_queries.row_at(*reading, position))
    if change is None:
        return None
    needles = [canonical_json(change.subject)]
    delegations: set[str] = set()
    if change.kind == "board":
        granted = shared.naming(reading, needles, kinds=["delegation"])
        delegations = al.delegations_of(change.subject, granted)
        needles += [canonical_json(key) for key in sorted(delegations)]
    resting = shared.resting(reading, change, needles, delegations)
    resting = resting[: bisect_left(resting, position, key=lambda r: r["position"])]  # before
    positions = {r["position"] for r in resting}
    keys = list(dict.fromkeys(r["subject"] for r in resting))
    before, after = queries.authority_lost(
        keys, positions, change.recorded_at, recorded_since=recorded_since, judging=shared.judging
    )
    return change, al.lost(before, after, positions)
