"""Rebuild projections from the first event into fresh tables, and swap them in at the end.

Readers keep using the live tables until the swap, which drops them and
renames the fresh ones in one transaction: nobody sees a half-built model,
and a rebuild killed midway leaves the live tables as they were (its
half-built tables are removed by the next rebuild).
"""

from __future__ import annotations

import gc
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlalchemy import Connection, MetaData, inspect, text, update
from sqlalchemy.orm import Session

from portfolio_ledger.projections.base import DEFERRED_INDEXES, Applied, Projection
from portfolio_ledger.projections.replay import Replayer, collector_paused
from portfolio_ledger.storage.datastore import rollback_journal

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


def rebuild(projections: Projections, targets: list[Projection], progress: Progress | None) -> int:
    """Replay into shadow tables, then swap; return the position the rebuilt models reached.

    On an SQLite file nobody else has open, under the rollback journal rather
    than the WAL (``datastore.rollback_journal``, as a large import): the fresh
    tables' pages are appended to the file and written once, not to the WAL
    and again by its checkpoints. At 100,000 events that is 173 MB written
    instead of 316 MB, and about 7% less CPU. Commands that open the ledger
    meanwhile wait for the page being written, as for any writer.
    """
    with rollback_journal(projections.datastore):
        return _rebuild(projections, targets, progress)


def _rebuild(projections: Projections, targets: list[Projection], progress: Progress | None) -> int:
    engine = projections.engine
    with engine.begin() as connection:
        shadows = Shadows(projections, targets, connection)
    replayer = Replayer(projections.ledger)
    total = projections.ledger.event_count()
    position = 0
    with collector_paused():
        while True:
            # One transaction per page: memory stays flat however long the ledger.
            with projections.tracking.transaction(commit=True) as session:
                reached = _replay_page(projections, replayer, shadows, session, position)
            if reached == position:
                break
            if reached // COLLECT_EVERY > position // COLLECT_EVERY and reached < total:
                # The few cycles each page leaves, before they add up: only the objects made
                # since the last collection (older ones were walked then), and none after
                # the last page (the replay's objects go with it).
                gc.collect(1)
            position = reached
            if progress is not None:
                progress(min(position, total), total)
        with engine.begin() as connection:
            shadows.index(connection)
        return _swap(projections, replayer, shadows, position)


def _swap(projections: Projections, replayer: Replayer, shadows: Shadows, position: int) -> int:
    """Replay what was recorded since the last page, and swap the shadows in; the position."""
    with projections.tracking.transaction(commit=True) as session:
        shadows.hold_tracking(session)
        while (
            reached := _replay_page(projections, replayer, shadows, session, position)
        ) > position:
            position = reached
        shadows.swap(session, position)
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
        rows, so a concurrent catch-up waits and then finds them moved.
        """
        table = self.tracking.table
        session.execute(
            update(table)
            .where(table.c.application_name.in_([t.tracking_key for t in self.targets]))
            .values(notification_id=table.c.notification_id)
        )

    def swap(self, session: Session, position: int) -> None:
        """Write what the shadows kept back, and put them in place of the live tables."""
        for shadow in self.shadows:
            shadow.finish(session)
        quote = self.quote
        with _dropped_pages_left_as_they_are(session):
            for target, shadow in zip(self.targets, self.shadows, strict=True):
                for live, fresh in zip(target.tables, shadow.tables, strict=True):
                    session.execute(text(f"DROP TABLE {quote(live.name)}"))
                    session.execute(
                        text(f"ALTER TABLE {quote(fresh.name)} RENAME TO {quote(live.name)}")
                    )
                self.tracking.reset(session, target.tracking_key, position)


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
    for name in inspect(connection).get_table_names():
        if pattern.match(name):
            connection.execute(text(f"DROP TABLE IF EXISTS {quote(name)}"))
