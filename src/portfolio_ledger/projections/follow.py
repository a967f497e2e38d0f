"""A large import's read models, rebuilt as it goes from the events it holds.

After a large import the read models lag by most of the ledger, and the
catch-up rebuilds them (``runner.Projections.catch_up``): it reads back and
decodes every event the import has just encoded and stored. A bulk import
is followed instead: once it has recorded as many events as the catch-up
would rebuild for (``bulk_backlog``, and at least as many as the ledger
held before it; into an empty ledger, from its first page), fresh tables
are made inside the import's own transaction and given each page of events
as the import stores it, as events, not read again. At the import's end
they are indexed and swapped in for the live tables in that same
transaction, so the read models are committed with the events, caught up,
and a refused, interrupted or dry import leaves both as they were. The rows
are those a rebuild writes (``tests/behaviour/test_import_follow.py``
compares every table).
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any

from portfolio_ledger.projections.rebuild import (
    FOLD_AT_ONCE,
    PAGE_SIZE,
    SWAP_WAIT_SECONDS,
    ReadModelsInUse,
    Shadows,
)
from portfolio_ledger.projections.replay import Replayer, collector_paused
from portfolio_ledger.storage.datastore import rebuild_lock, truncate_wal

if TYPE_CHECKING:
    from portfolio_ledger.projections.runner import Projections


class ImportFollower:
    """Told each page of events an import stores; rebuilds the read models from them as it goes.

    Used inside the import's transaction only (see ``PortfolioLedger.batch``):
    :meth:`follow` after each page is stored, :meth:`finish` before the
    transaction commits, :meth:`close` once it has ended, however it ended.
    """

    def __init__(self, projections: Projections) -> None:
        self.projections = projections
        self._before: int | None = None
        """The ledger's last position before the import's first event."""
        self._shadows: Shadows | None = None
        self._replayer = Replayer(projections.ledger)
        self._position = 0
        self._stopped = False
        self._finished = False
        self._held = ExitStack()

    @property
    def following(self) -> bool:
        """Whether fresh tables are being filled (so :meth:`finish` swaps them in)."""
        return self._shadows is not None and not self._stopped

    def follow(self, events: Sequence[tuple[int, Any]]) -> None:
        """Take a page of events just stored (each with its ledger position), in ledger order."""
        if self._stopped or not events:
            return
        first = events[0][0]
        if self._before is None:
            self._before = first - 1
        if self._shadows is None and not self._start(first - 1, events[-1][0]):
            return
        with self.projections.tracking.transaction(commit=True) as session, collector_paused():
            for _, part in self._replayer.parts(events, FOLD_AT_ONCE):
                self._shadows_of().replay(session, part)
        self._position = events[-1][0]

    def stop(self) -> None:
        """Fill no more (the import was refused: its transaction will be rolled back)."""
        self._stopped = True

    def finish(self) -> bool:
        """Index the fresh tables and swap them in, in the import's transaction; whether it did.

        Not if another session reads the live tables in an open transaction
        (PostgreSQL): then the fresh tables are dropped, the import commits its
        events alone, and the catch-up after it brings the live tables up to
        date row by row, which readers do not block (``Projections.catch_up``).
        """
        if not self.following:
            return False
        shadows = self._shadows_of()
        with self.projections.tracking.transaction(commit=True) as session:
            # The indexes first, as a rebuild builds them (only this transaction sees the
            # fresh tables): the tracking rows are held for the swap alone.
            shadows.index(session.connection())
            shadows.hold_tracking(session)
            try:
                shadows.swap(session, self._position, SWAP_WAIT_SECONDS)
            except ReadModelsInUse:
                shadows.drop(session.connection())
                self._stopped = True
                self.projections.readers_in_the_way = True
                return False
        self._finished = True
        return True

    def close(self) -> None:
        """After the import's transaction: let go of the rebuild lock; empty a WAL it went through.

        (A bulk import goes through the WAL only if another connection held the
        SQLite file open; the catch-up after an import empties the WAL as it ends,
        and so does this, in its place.)
        """
        self._held.close()
        if self._finished:
            truncate_wal(self.projections.engine)
        self._shadows = None

    def _start(self, stored: int, last: int) -> bool:
        """Begin if the catch-up after the import would rebuild; replay what is stored up to here.

        Into an empty ledger, at once: the import's own events are all there is.

        ``stored``: the last position before this page; ``last``: this page's last.
        """
        before = self._before
        assert before is not None
        recorded = last - before
        if before and (recorded < self.projections.bulk_backlog or recorded < before):
            return False  # (into an empty ledger, from the first page: nothing to read back)
        if not self._held.enter_context(rebuild_lock(self.projections.engine, wait=False)):
            self._stopped = True  # another process is rebuilding: catch up after, as before
            return False
        projections = self.projections
        # The import's transaction: the tracking recorder joins the one open.
        with projections.tracking.transaction(commit=True) as session, collector_paused():
            positions = projections.tracking.positions(session)
            if max((positions.get(p.tracking_key, 0) for p in projections.all), default=0) > before:
                # Read models that say they read events the ledger does not hold: not
                # replaced here, but refused by the catch-up after, which says why.
                self._stopped = True
                return False
            connection = session.connection()
            self._shadows = shadows = Shadows(projections, list(projections.all), connection)
            position = 0
            while position < stored:
                rows = self._replayer.rows(
                    connection, position + 1, min(PAGE_SIZE, stored - position)
                )
                if not rows:
                    break
                for _, part in self._replayer.parts_of_rows(rows, FOLD_AT_ONCE):
                    shadows.replay(session, part)
                position = rows[-1][0]
        return True

    def _shadows_of(self) -> Shadows:
        assert self._shadows is not None
        return self._shadows
