"""Rebuild projections from the first event into fresh tables, and swap them in at the end.

Readers keep using the live tables until the swap, which drops them and
renames the fresh ones in one transaction: nobody sees a half-built model,
and a rebuild killed midway leaves the live tables as they were (its
half-built tables are removed by the next rebuild; one interrupted by Ctrl-C or
SIGTERM removes its own).
"""

from __future__ import annotations

import contextlib
import gc
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlalchemy import Connection, MetaData, text, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from portfolio_ledger.application.ports import ReadModelError
from portfolio_ledger.projections.base import DEFERRED_INDEXES, Applied, Projection
from portfolio_ledger.projections.replay import Replayer, collector_paused
from portfolio_ledger.storage.datastore import lock_timeout, rollback_journal
from portfolio_ledger.storage.schema_lock import reading_tables
from portfolio_ledger.storage.search_path import table_names

if TYPE_CHECKING:
    from portfolio_ledger.projections.runner import Progress, Projections

PAGE_SIZE = 10_000  # a rebuild writes fresh tables nobody reads: fewer, larger commits
FOLD_AT_ONCE = 1_000
"""Events folded and written at a time within a page, at most (fewer where they make many states:
``Replayer.parts``). A decision recorded late carries every state of its item from the point it
changed (a timeline row each): a page of 10,000 events holding 5,000 such decisions, folded at
once, held 50,000 states and peaked 60 MB higher."""
COLLECT_EVERY = 100_000
"""Events between collections while the collector is paused for a rebuild: the few objects
each page leaves in cycles are freed before they add up (a rebuild of 950,466 events
otherwise peaked at 253 MB against 193 MB with the collector on). A collection walks the
objects made since the one before; the long-lived (each item's state) are not walked again."""


SWAP_WAIT_SECONDS = 5.0
"""How long the swap after an import (or the catch-up after one) waits on PostgreSQL for
sessions reading the live read models in an open transaction before it lets the rebuilt
tables go and catches up row by row instead (which readers do not block)."""
_LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's lock_not_available


class ReadModelsInUse(ReadModelError):  # noqa: N818 - a finding, named for what it means
    """Another session reads the live read models in an open transaction: no swap."""

    def __init__(self, seconds: float, who: str = "") -> None:
        holder = (
            f"the read models are in use by {who}"
            if who
            else "another session has the read models open in a transaction (a report, a BI "
            "tool, a psql session)"
        )
        ended = (
            "it has finished (a transaction left open: ask whoever runs it to end it)"
            if who
            else "that session has ended (PostgreSQL's pg_stat_activity lists it as 'idle in "
            "transaction')"
        )
        super().__init__(
            f"{holder}, so the rebuilt ones could not take their place within {seconds:g} s; "
            "nothing of the rebuild was kept and the live read models are as they were. Run "
            f"the command again once {ended}"
        )


def rebuild(
    projections: Projections,
    targets: list[Projection],
    progress: Progress | None,
    *,
    wait: float | None = None,
) -> int:
    """Replay into shadow tables, then swap; return the position the rebuilt models reached.

    On PostgreSQL the swap waits at most ``wait`` seconds (the ledger's lock
    timeout if None) for readers of the live tables, else raises
    :class:`ReadModelsInUse`, the shadows dropped.

    On an SQLite file nobody else has open, under the rollback journal rather
    than the WAL (``datastore.rollback_journal``, as a large import): the fresh
    tables' pages are appended to the file and written once, not to the WAL
    and again by its checkpoints. At 100,000 events that is 173 MB written
    instead of 316 MB, and about 7% less CPU. Commands that open the ledger
    meanwhile wait for the page being written, as for any writer.
    """
    with rollback_journal(projections.datastore):
        return _rebuild(projections, targets, progress, wait)


def _rebuild(
    projections: Projections,
    targets: list[Projection],
    progress: Progress | None,
    wait: float | None,
) -> int:
    engine = projections.engine
    try:
        with engine.begin() as connection:
            shadows = Shadows(projections, targets, connection)
        replayer = Replayer(projections.ledger)
        with collector_paused():
            position = _fill(projections, replayer, shadows, progress)
            with engine.begin() as connection:
                shadows.index(connection)
            return _swap(projections, replayer, shadows, position, wait)
    except BaseException:
        # Interrupted (Ctrl-C, SIGTERM), refused the swap, or failed: the fresh tables go
        # with it (those being made too), as the next rebuild would remove them, so an
        # interrupted rebuild, like a refused one, leaves the ledger as it was. Tidying
        # only: its own failure, on a connection the interruption broke, never hides why
        # the rebuild stopped.
        with contextlib.suppress(Exception), engine.begin() as connection:
            _drop_abandoned_shadows(projections, targets, connection)
        raise


def _fill(
    projections: Projections,
    replayer: Replayer,
    shadows: Shadows,
    progress: Progress | None,
) -> int:
    """Replay every event into the fresh tables, a page a transaction; the position reached."""
    total = projections.ledger.event_count()
    position = 0
    while True:
        # One transaction per page: memory stays flat however long the ledger.
        with projections.tracking.transaction(commit=True) as session:
            reached = _replay_page(projections, replayer, shadows, session, position)
        if reached == position:
            return position
        if reached // COLLECT_EVERY > position // COLLECT_EVERY and reached < total:
            # The few cycles each page leaves, before they add up: only the objects made
            # since the last collection (older ones were walked then), and none after
            # the last page (the replay's objects go with it).
            gc.collect(1)
        position = reached
        if progress is not None:
            progress(min(position, total), total)


def _swap(
    projections: Projections,
    replayer: Replayer,
    shadows: Shadows,
    position: int,
    wait: float | None,
) -> int:
    """Replay what was recorded since the last page, and swap the shadows in; the position."""
    with projections.tracking.transaction(commit=True) as session:
        shadows.hold_tracking(session)
        while (
            reached := _replay_page(projections, replayer, shadows, session, position)
        ) > position:
            position = reached
        shadows.swap(session, position, wait)
    return position


class Shadows:
    """Fresh tables for the targets, filled a page at a time, then swapped in for the live ones.

    Made, filled and swapped in by a rebuild (a transaction a page), or all
    within one large import's own transaction (``follow.ImportFollower``).
    """

    def __init__(
        self, projections: Projections, targets: list[Projection], connection: Connection
    ) -> None:
        _drop_abandoned_shadows(projections, targets, connection)
        suffix = f"__r{secrets.token_hex(4)}"
        metadata = MetaData()
        self.tracking = projections.tracking
        self.quote = projections.engine.dialect.identifier_preparer.quote
        self.targets = targets
        order = [p.tracking_key for p in projections.all]
        self.claim_order = sorted((t.tracking_key for t in targets), key=order.index)
        """The targets' tracking rows in the order a catch-up claims them."""
        self.shadows = [type(target)(metadata, suffix) for target in targets]
        # Secondary indexes are built once the rows are in: far faster than keeping
        # them up to date row by row (primary keys stay, for the updates replay makes).
        # Each table keeps its own in its ``info`` until then (one may be built early:
        # ``bitemporal.write_timelines``).
        for table in (table for shadow in self.shadows for table in shadow.tables):
            table.info[DEFERRED_INDEXES] = deferred = list(table.indexes)
            for index in deferred:
                table.indexes.discard(index)
        metadata.create_all(connection)

    def replay(self, session: Session, page: list[Applied]) -> None:
        """Write a page of replayed events into every fresh table."""
        for shadow in self.shadows:
            shadow.replay(session, page)

    def index(self, connection: Connection) -> None:
        """Build the secondary indexes not built yet, once the rows are in."""
        for table in (table for shadow in self.shadows for table in shadow.tables):
            for index in table.info.pop(DEFERRED_INDEXES, []):
                index.create(connection)

    def hold_tracking(self, session: Session) -> None:
        """Lock the targets' tracking rows before the swap (see :meth:`swap`).

        The first statement writes, so on SQLite the swap holds the write
        lock from here on; on PostgreSQL it locks the projections' tracking
        rows, so a concurrent catch-up waits and then finds them moved. One
        row at a time, in the order a catch-up claims them
        (``Projections.all``): locked in one statement, they were taken in the
        order they lie in the table (a read model begun again lies last), so
        the rebuild could hold rows a catch-up had yet to claim while waiting
        for one it had claimed, and PostgreSQL ended one of the two as a
        deadlock (``tests/reliability/test_rebuild_beside_catch_up.py``).
        """
        table = self.tracking.table
        for key in self.claim_order:
            session.execute(
                update(table)
                .where(table.c.application_name == key)
                .values(notification_id=table.c.notification_id)
            )

    def swap(self, session: Session, position: int, wait: float | None = None) -> None:
        """Write what the shadows kept back, and put them in place of the live tables.

        On PostgreSQL the live tables are locked first, waiting at most ``wait``
        seconds (the ledger's lock timeout if None) for sessions that read them
        in an open transaction: :class:`ReadModelsInUse` if they stay, with the
        transaction as it was before the lock was asked for.
        """
        for shadow in self.shadows:
            shadow.finish(session)
        self._take_live_tables(session, lock_timeout() if wait is None else wait)
        quote = self.quote
        with _dropped_pages_left_as_they_are(session):
            for target, shadow in zip(self.targets, self.shadows, strict=True):
                for live, fresh in zip(target.tables, shadow.tables, strict=True):
                    session.execute(text(f"DROP TABLE {quote(live.name)}"))
                    session.execute(
                        text(f"ALTER TABLE {quote(fresh.name)} RENAME TO {quote(live.name)}")
                    )
                self.tracking.reset(session, target.tracking_key, position)

    def _take_live_tables(self, session: Session, seconds: float) -> None:
        if session.connection().dialect.name != "postgresql":
            return  # SQLite's readers see the file as it was: they never stop a writer
        live = [t.name for target in self.targets for t in target.tables]
        names = ", ".join(self.quote(name) for name in live)
        before = session.execute(text("SHOW lock_timeout")).scalar()
        try:
            with session.begin_nested():  # a savepoint: the lock, or nothing
                wait = f"{max(1, round(seconds * 1000))}ms"
                session.execute(text("SELECT set_config('lock_timeout', :t, true)"), {"t": wait})
                session.execute(text(f"LOCK TABLE {names} IN ACCESS EXCLUSIVE MODE"))
        except OperationalError as error:
            if getattr(error.orig, "sqlstate", None) != _LOCK_NOT_AVAILABLE:
                raise
            raise ReadModelsInUse(seconds, reading_tables(session.connection(), live)) from None
        session.execute(text("SELECT set_config('lock_timeout', :t, true)"), {"t": before})

    def drop(self, connection: Connection) -> None:
        """Remove the fresh tables (after a swap that could not be made)."""
        for table in (table for shadow in self.shadows for table in shadow.tables):
            connection.execute(text(f"DROP TABLE IF EXISTS {self.quote(table.name)}"))


def _replay_page(
    projections: Projections,
    replayer: Replayer,
    shadows: Shadows,
    session: Session,
    position: int,
) -> int:
    with projections.engine.connect() as connection:
        rows = replayer.rows(connection, position + 1, PAGE_SIZE)
    if not rows:
        return position
    for _, part in replayer.parts_of_rows(rows, FOLD_AT_ONCE):
        shadows.replay(session, part)
    return rows[-1][0]


@contextmanager
def _dropped_pages_left_as_they_are(session: Session) -> Iterator[None]:
    """On SQLite, drop the live read models' tables without overwriting every page they held.

    Where SQLite is built with ``secure_delete`` on (Debian's is), dropping a
    table writes zeros over each of its pages, through the WAL: 116 MB of WAL
    and 0.6-0.9 s of CPU for the read models of 100,000 events. Their rows are
    only what the ledger's events (in the same file, kept for ever) say, so
    the overwrite hides nothing; ``FAST`` zeroes only what is written anyway.
    The connection's own setting is put back after.
    """
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        yield
        return
    before = int(connection.exec_driver_sql("PRAGMA secure_delete").scalar() or 0)
    connection.exec_driver_sql("PRAGMA secure_delete=FAST")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA secure_delete={before}")


def _drop_abandoned_shadows(
    projections: Projections, targets: list[Projection], connection: Connection
) -> None:
    """Remove tables a killed rebuild left behind (never the live ones)."""
    live = [table.name for target in targets for table in target.tables]
    pattern = re.compile(rf"^(?:{'|'.join(map(re.escape, live))})__r[0-9a-f]{{8}}$")
    quote = projections.engine.dialect.identifier_preparer.quote
    for name in table_names(connection):
        if pattern.match(name):
            connection.execute(text(f"DROP TABLE IF EXISTS {quote(name)}"))
