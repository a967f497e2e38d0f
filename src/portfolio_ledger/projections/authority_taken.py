"""The decisions governance changes left without authority, judged from one snapshot.

``ReadSide.authority_taken`` (one change, as its command warns) and
``ReadSide.judging_together`` (an import's governance lines, together) judge here: each change
from its trail row, the decisions resting on it from the trail, their verdicts from the
events (``EventQueries.authority_lost``), sharing one :class:`Judging` across the changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from portfolio_ledger.projections import trail_queries

if TYPE_CHECKING:
    from portfolio_ledger.application.authority_lost import Change
    from portfolio_ledger.application.governance_views import AuthorityCheck
    from portfolio_ledger.application.judging import Judging
    from portfolio_ledger.application.queries import EventQueries
    from portfolio_ledger.projections.read_models import Reading, ReadModelTables


def taken(
    reading: tuple[Reading, ReadModelTables],
    queries: EventQueries,
    position: int,
    *,
    recorded_since: bool,
    judging: Judging | None,
) -> tuple[Change, list[AuthorityCheck]] | None:
    """The change at ``position`` and the decisions it left without authority.

    None if it is no governance decision; else the list, empty if none
    (``ReadSide.authority_taken`` says which, and ``recorded_since``).
    """
    from portfolio_ledger.application import authority_lost as al
    from portfolio_ledger.projections.audit_trail import canonical_json

    session, tables = reading
    change = al.Change.of(trail_queries.row_at(session, tables, position))
    if change is None:
        return None
    needles = [canonical_json(change.subject)]
    delegations: set[str] = set()
    if change.kind == "board":
        granted = trail_queries.governed_naming(session, tables, needles, kinds=["delegation"])
        delegations = al.delegations_of(change.subject, granted)
        needles += [canonical_json(key) for key in sorted(delegations)]
    rows = trail_queries.governed_naming(
        session, tables, needles, since=change.reach, below=position
    )
    resting = [r for r in rows if al.rests_on(change, al.mandate(r), delegations)]
    positions = {r["position"] for r in resting}
    keys = list(dict.fromkeys(r["subject"] for r in resting))
    before, after = queries.authority_lost(
        keys, positions, change.recorded_at, recorded_since=recorded_since, judging=judging
    )
    return change, al.lost(before, after, positions)
