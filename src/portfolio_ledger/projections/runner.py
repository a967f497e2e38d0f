"""The ledger's read models: set up, caught up, rebuilt, and asked questions.

Catching up pages through the events; each page is applied in one
transaction that first claims it for every projection that needs it (a
conditional update of the projection's tracking position, see
``tracking.py``) and then writes their rows, so each event is applied
exactly once however many processes catch up at the same time.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import TYPE_CHECKING, cast

from eventsourcing.persistence import PersistenceError
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from portfolio_ledger.application.errors import ReadBlocked
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.application.ports import ReadModelError
from portfolio_ledger.application.settings import LOCK_TIMEOUT
from portfolio_ledger.projections.base import Applied, Projection
from portfolio_ledger.projections.busy import ReadModelsBusy, no_room
from portfolio_ledger.projections.findings import (
    ReadModelsAhead,
    ReadModelsBehind,
    ReadModelsUntracked,
)
from portfolio_ledger.projections.read_models import ReadModelTables
from portfolio_ledger.projections.replay import Replayer, collector_paused
from portfolio_ledger.projections.setting_up import set_up
from portfolio_ledger.projections.status import ProjectionStatus
from portfolio_ledger.projections.unwritable import (
    catch_up_refused,
    set_up_refused,
    status_as_found,
)
from portfolio_ledger.storage.datastore import rebuild_lock, truncate_wal
from portfolio_ledger.storage.date_style import text_it_cannot_hold
from portfolio_ledger.storage.errors import explain_database_error, first_line, may_not_write
from portfolio_ledger.storage.factory import LedgerFactory
from portfolio_ledger.storage.schema_lock import bound_lock_waits, is_lock_timeout, reading_blocked
from portfolio_ledger.storage.schema_lock import in_the_way_of_writes as in_the_way
from portfolio_ledger.storage.search_path import tables_present
from portfolio_ledger.storage.snapshot import hold_snapshot
from portfolio_ledger.storage.tracking import ProjectionTracking

if TYPE_CHECKING:
    from portfolio_ledger.projections.event_reader import StoredRow
    from portfolio_ledger.projections.follow import ImportFollower

PAGE_SIZE = 1000
LONG_PAGES = 5
"""Pages per page once a backlog has filled one: each page rewrites the rows of the items it
touched once and commits once, so a long backlog is caught up in fewer, larger pages."""
BULK_BACKLOG = 10_000
"""A backlog at least this long, and at least half the ledger, is caught up by rebuilding
(which, per event, is about half again as fast: indexes built once, fresh tables)."""
Progress = Callable[[int, int], None]
"""Told (events done, events to do) as long work goes on."""


class ClaimLost(Exception):  # noqa: N818 - an internal signal, not an error
    """Another process applied part of this page first; re-read and retry."""


SNAPSHOT_TRIES = 5
"""Times a read's snapshot is taken, each after catching up, before it is read as it is (a
ledger recording at every moment still gets its answer: a board pack under load)."""


class Projections(ReadModelTables):
    """The ledger's read models, kept in its own database, caught up on demand."""

    def __init__(self, ledger: PortfolioLedger) -> None:
        super().__init__()
        self.ledger = ledger
        factory = cast(LedgerFactory, ledger.factory)
        self.tracking = factory.tracking_recorder(ProjectionTracking)
        assert factory.datastore.engine is not None
        self.datastore = factory.datastore
        self.engine = cast(Engine, factory.datastore.engine)
        self.replayer = Replayer(ledger)
        self.bulk_backlog = BULK_BACKLOG
        self.readers_in_the_way = False
        """A swap just waited in vain for readers: the next catch-up goes row by row."""
        self._lock_holder: int | None = None
        """The thread holding the rebuild lock through this object, if one does."""
        self.reset: list[str] = []
        """Read models found missing, untracked or made by an earlier version when opened,
        and so begun again from the first event (the catch-up refills them)."""
        self.unwritable: ReadModelError | None = None
        """Why the read models cannot be used, where they needed setting up on a database
        this connection may only read: said when they are asked for, not at open, so that
        the commands that read the events alone (verification, export) still run."""
        try:
            if not self._intact():
                self.reset = set_up(self)
        except (SQLAlchemyError, PersistenceError) as error:
            if may_not_write(error):
                self.unwritable = set_up_refused(self, error)
                return
            # In the words any database error is said in (a damaged file, a lock), not with SQL.
            said = explain_database_error(error, None)
            raise ReadModelError(f"cannot set up the read models: {said}") from error

    def _intact(self) -> bool:
        """Every table there and every projection tracked: looked at without any lock."""
        wanted = {*self.table_names, self.tracking.table.name}
        if not wanted <= tables_present(self.engine, wanted):
            return False
        with self.tracking.transaction(commit=False) as session:
            tracked = self.tracking.positions(session)
        return {p.tracking_key for p in self.all} <= set(tracked)

    def by_name(self, names: Sequence[str] | None = None) -> list[Projection]:
        """The projections with these names (all if none), in their own order; unknown refused."""
        if not names:
            return list(self.all)
        known = {p.name: p for p in self.all}
        unknown = [name for name in names if name not in known]
        if unknown:
            raise ReadModelError(
                f"no projection named {', '.join(unknown)}; the projections are {', '.join(known)}"
            )
        # In the order of ``all``, each once, whatever order the names came in: the order
        # catch-ups claim tracking rows and reads lock tables in, so a rebuild's swap never
        # holds one while it waits for another held that way (a deadlock on PostgreSQL).
        return [projection for projection in self.all if projection.name in names]

    # -- catching up -----------------------------------------------------------

    def catch_up(self, progress: Progress | None = None) -> int:
        """Apply every event recorded since each projection last read; return how many.

        A backlog of most of the ledger (after a large import into a new
        ledger, say) takes the rebuild's path instead: fresh tables written a
        large page at a time, indexes built once at the end, swapped in.
        After one decision this is three reads (the positions, the head, the
        new events) and the writes: a page shorter than asked for is the
        ledger's end, and the positions and head read first serve both paths.
        """
        behind = None
        try:
            positions = self.positions()
            head = self._refuse_ahead(positions)
            behind = head - min(positions.values(), default=head)
            applied = self._in_bulk(positions, head, progress)
            applied += self._catch_up(progress, None if applied else positions)
        except (SQLAlchemyError, PersistenceError) as error:
            self.replayer.forget()
            if may_not_write(error):
                raise catch_up_refused(behind, self.engine, error) from error
            first = str(error).splitlines()[0]
            if "database is locked" in first.lower():  # SQLite: another writer held the file
                raise ReadModelsBusy(LOCK_TIMEOUT.value()) from error
            if is_lock_timeout(error) and not behind:  # not behind, or not known: a read held
                raise ReadBlocked(reading_blocked(self.engine)) from error
            if is_lock_timeout(error):  # PostgreSQL: a lock a page needed was held
                raise ReadModelsBusy(LOCK_TIMEOUT.value(), in_the_way(self.engine)) from error
            said = self._said(error) or first_line(error)  # not the driver's class
            raise no_room(error, self.engine) or ReadModelError(said) from error
        if applied >= PAGE_SIZE:
            # A long backlog follows a large write (an import): empty the WAL now.
            truncate_wal(self.engine)
        return applied

    def import_follower(self) -> ImportFollower:
        """For an import: rebuilds the read models as it stores its events, if it grows large."""
        from portfolio_ledger.projections.follow import ImportFollower

        return ImportFollower(self)

    def positions(self) -> dict[str, int]:
        """How far each projection has read, by name; ReadModelError if a row went since set-up."""
        if self.unwritable is not None:
            raise self.unwritable
        with self.tracking.transaction(commit=False) as session:
            tracked = self.tracking.positions(session)
        if gone := [p.name for p in self.all if p.tracking_key not in tracked]:
            raise ReadModelsUntracked(gone)
        return {p.name: tracked[p.tracking_key] for p in self.all}

    def _in_bulk(self, positions: dict[str, int], head: int, progress: Progress | None) -> int:
        """Rebuild the read models that lag by most of the ledger; how many events that was."""
        lagging = [name for name, position in positions.items() if head - position >= head // 2]
        behind = head - min(positions.values(), default=head)
        if behind < self.bulk_backlog or not lagging:
            return 0
        from portfolio_ledger.projections.rebuild import SWAP_WAIT_SECONDS, ReadModelsInUse, rebuild

        with self.rebuild_lock():
            if min(self.positions().values()) > head - behind or self.readers_in_the_way:
                self.readers_in_the_way = False
                return 0  # caught up by another process meanwhile; or readers in the way
            try:
                reached = rebuild(self, self.by_name(lagging), progress, wait=SWAP_WAIT_SECONDS)
            except ReadModelsInUse:
                return 0  # row by row, then (readers do not block that)
            return reached - (head - behind)

    def _catch_up(self, progress: Progress | None, positions: dict[str, int] | None) -> int:
        """Apply the events after the projections' positions (read here if not given)."""
        applied = 0
        total: int | None = None
        while True:
            if positions is None:
                positions = self.positions()
                self._refuse_ahead(positions)
            start = min(positions[p.name] for p in self.all)
            size = PAGE_SIZE * (LONG_PAGES if applied >= PAGE_SIZE else 1)  # long after a full one
            with self.engine.connect() as connection:
                rows = self.replayer.rows(connection, start + 1, size)
            if not rows:
                return applied
            if progress is not None and total is None:
                total = self.ledger.event_count() - start
            after, done = self._apply_parts(rows, positions)
            applied += done
            if after is None:  # another process claimed a part first: read where all are
                self.replayer.forget()
                positions = None
                continue
            positions = after
            if progress is not None and total is not None:
                progress(min(applied, total), total)
            if len(rows) < size:
                return applied  # the ledger's end, as it stood when read
            positions = None

    def _said(self, error: BaseException) -> str | None:
        """Why a catch-up failed, in words, where the driver's alone do not say what to do."""
        if self.engine.dialect.name != "postgresql":
            return None
        try:
            with self.engine.connect() as connection:
                return text_it_cannot_hold(error, connection)
        except SQLAlchemyError:
            return None  # the driver's words, then

    def _refuse_ahead(self, positions: dict[str, int]) -> int:
        """The ledger's head; refused if a read model says it has read past it (untrustworthy)."""
        head = self.ledger.event_count()
        furthest = max(positions.values(), default=0)
        if furthest > head:
            ahead = sorted(name for name, position in positions.items() if position > head)
            raise ReadModelsAhead(ahead, furthest, head)
        return head

    def _apply_parts(
        self, rows: list[StoredRow], positions: dict[str, int]
    ) -> tuple[dict[str, int] | None, int]:
        """Apply a page in one transaction, or in several where it makes many states.

        A page of decisions recorded late on items with long histories makes
        tens of states each (``Replayer.parts``): each part is applied, and
        claimed, on its own, so memory stays flat. Gives the positions after
        it (None if another process claimed a part first) and the rows
        applied (those of the parts committed, either way).
        """
        ids = [row[0] for row in rows]
        done = 0
        with collector_paused():
            for reached, part in self.replayer.parts_of_rows(rows, len(rows)):
                try:
                    self._apply(part, positions, reached)
                except ClaimLost:
                    return None, done
                done = bisect_right(ids, reached)
                positions = {name: max(at, reached) for name, at in positions.items()}
        return positions, done

    def _apply(self, page: list[Applied], positions: dict[str, int], last: int) -> None:
        with self.tracking.transaction(commit=True) as session:
            bound_lock_waits(session)
            for projection in self.all:
                position = positions[projection.name]
                if position >= last:
                    continue
                if not self.tracking.claim(session, projection.tracking_key, position, last):
                    raise ClaimLost
                try:
                    projection.apply(session, [a for a in page if a.position > position])
                except IntegrityError as error:  # its rows for these events are there already
                    raise ReadModelsBehind(projection.name, position) from error

    # -- status and rebuild ------------------------------------------------------

    def status(self) -> list[ProjectionStatus]:
        """Each projection's position, the ledger's head, and the main table's size: one record."""
        if self.unwritable is not None:  # to rebuild, on a connection that may only read
            return status_as_found(self)
        with self.one_record() as (session, positions, head):
            return [
                ProjectionStatus(
                    name=p.name,
                    position=positions[p.name],
                    head=head,
                    rows=int(
                        session.execute(select(func.count()).select_from(p.table)).scalar_one()
                    ),
                    one_row_per_event=p.one_row_per_event,
                )
                for p in self.all
            ]

    @contextmanager
    def one_record(self) -> Iterator[tuple[Session, dict[str, int], int]]:
        """A read of one snapshot: its session, each projection's position, the ledger's head.

        Read apart, a decision another process records and catches up between
        the reads would show a read model past the head, or holding more rows
        than the positions it read: a false alarm of a change behind the ledger's back.
        """
        if self.unwritable is not None:
            raise self.unwritable
        with self.tracking.transaction(commit=False) as session:
            hold_snapshot(session.connection(), self.table_names)
            tracked = self.tracking.positions(session)
            head = self.ledger.event_count()  # in this transaction: of the same snapshot
            yield (
                session,
                {p.name: tracked[p.tracking_key] for p in self.all if p.tracking_key in tracked},
                head,
            )

    def rebuild_lock(
        self, on_wait: Callable[[], None] | None = None
    ) -> AbstractContextManager[None]:
        """Hold the lock that lets one rebuild or read-model check run at a time.

        Held already by this thread (a read-model check whose catch-up rebuilds
        a long backlog), it is not taken again: taken twice, it waits for itself.
        """
        held = self._lock_holder == threading.get_ident()
        return nullcontext() if held else self._holding(on_wait)

    @contextmanager
    def _holding(self, on_wait: Callable[[], None] | None) -> Iterator[None]:
        with rebuild_lock(self.engine, on_wait):
            self._lock_holder = threading.get_ident()
            try:
                yield
            finally:
                self._lock_holder = None

    def rebuild(
        self,
        names: Sequence[str] | None = None,
        progress: Progress | None = None,
        on_wait: Callable[[], None] | None = None,
    ) -> int:
        """Replay every event into fresh tables and swap them in; return the position reached.

        Rebuilds run one at a time: a second waits for the first (``on_wait``
        is told), then rebuilds again from the events.
        """
        from portfolio_ledger.projections.rebuild import rebuild

        targets = self.by_name(names)
        if self.unwritable is not None:
            raise self.unwritable
        try:
            with self.rebuild_lock(on_wait):
                return rebuild(self, targets, progress)
        except Exception as error:  # the driver's own too (its cursor's reads): said alike
            url = self.engine.url.render_as_string(hide_password=False)
            if (said := explain_database_error(error, url)) is None:
                raise
            raise ReadModelError(
                f"the rebuild failed and the previous read models are still in place: {said}"
            ) from error

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session on caught-up read models: a snapshot in which they have read every event.

        Another process may record between the catch-up and the snapshot, its read
        models left behind: the snapshot would hold events these have not read, and a
        read that replays events too would mix two records. Caught up and taken again
        then, ``SNAPSHOT_TRIES`` times at most (the last is read as it is).
        """
        for tries_left in reversed(range(SNAPSHOT_TRIES)):
            self.catch_up()
            with self.one_record() as (session, positions, head):
                if not tries_left or all(position == head for position in positions.values()):
                    yield session
                    return
