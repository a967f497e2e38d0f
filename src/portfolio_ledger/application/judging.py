"""What judging many governance changes against one snapshot shares (an import's lines).

Each change names the decisions it left without authority (``authority_lost.py``):
those valid as the ledger stood before it and invalid now. The ledger as it stands now
is the same for every change judged from one snapshot, so each aggregate's events are
read once, each aggregate's positions once, and each item's decisions judged now once,
whichever change asks; only the judgement as the ledger stood before a change is its own.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from uuid import UUID

from portfolio_ledger.application.governance_views import AuthorityCheck
from portfolio_ledger.domain.governance_facts import CachedHistory

Now = tuple[list[AuthorityCheck], list[str]]
"""Rows judged now, and the keys with a row invalid now."""


@dataclass
class Judging:
    """The reads and the judgements now, kept for every change judged with it."""

    now: CachedHistory
    """Each aggregate's events, read once."""
    positions: Callable[[UUID], dict[int, int]]
    """Where the chain linked each event of an aggregate (version to position)."""
    _positions: dict[UUID, dict[int, int]] = field(default_factory=dict)
    _judged: dict[tuple[str, frozenset[int]], list[AuthorityCheck]] = field(default_factory=dict)
    _all: dict[tuple[tuple[str, ...], frozenset[int]], Now] = field(default_factory=dict)

    def positions_of(self, aggregate_id: UUID) -> dict[int, int]:
        """The aggregate's positions, read once."""
        if aggregate_id not in self._positions:
            self._positions[aggregate_id] = self.positions(aggregate_id)
        return self._positions[aggregate_id]

    def judged_now(
        self,
        key: str,
        ids: Collection[UUID],
        only: Collection[int],
        audit: Callable[[frozenset[int]], list[AuthorityCheck]],
    ) -> list[AuthorityCheck]:
        """The key's rows at the positions ``only`` holds, judged now: by ``audit`` once.

        ``ids``: the aggregates the key names; their positions among ``only`` are the
        rows asked for, so two changes asking of the same ones share one judgement.
        """
        mine = frozenset(
            p for aggregate_id in ids for p in self.positions_of(aggregate_id).values() if p in only
        )
        if (key, mine) not in self._judged:
            self._judged[key, mine] = audit(mine)
        return self._judged[key, mine]

    def all_now(
        self,
        keys: Sequence[str],
        only: Collection[int],
        judge: Callable[[], list[tuple[str, list[AuthorityCheck]]]],
    ) -> Now:
        """The rows of all the keys at ``only``, judged now, and the keys with one invalid.

        ``judge``: each key's rows (``judged_now``), asked once for the same keys and
        positions (changes of one subject reaching as far: an import's back and forth).
        """
        asked = (tuple(keys), frozenset(only))
        if asked not in self._all:
            rows = judge()
            after = [c for _, checks in rows for c in checks]
            doubted = [k for k, checks in rows if any(c.verdict == "invalid" for c in checks)]
            self._all[asked] = (after, doubted)
        return self._all[asked]
