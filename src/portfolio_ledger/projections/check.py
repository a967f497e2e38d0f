"""Check the read models against the events: every row, and the position they say they read.

The read models are a cache: anyone who can write to the database can change
a row, drop one, or move a tracking position, and reads would show it. This
check replays the events afresh, up to the position the read models say
they have read, into a scratch SQLite file of its own (the live tables are
not touched), then walks the live tables and the fresh ones side by side
in primary-key order and names the first row that differs. Memory stays
flat (rows are streamed, the replay keeps one state per aggregate); the time
is about a rebuild's.

Other writers may go on: the live rows are read in one snapshot, at the
position that snapshot's tracking says, so what they record meanwhile is
left for the next check.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import zip_longest
from pathlib import Path
from typing import Any

from sqlalchemy import MetaData, String, Table, Text, cast, create_engine, select, type_coerce
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from portfolio_ledger.application.ports import ReadModelError
from portfolio_ledger.domain.errors import quoted
from portfolio_ledger.projections.base import Projection
from portfolio_ledger.projections.busy import ReadModelsBusy, ReadModelsNoRoom
from portfolio_ledger.projections.replay import Replayer
from portfolio_ledger.projections.runner import PAGE_SIZE, Progress, Projections
from portfolio_ledger.projections.unreadable import UNREADABLE, why_unreadable
from portfolio_ledger.projections.unwritable import ReadModelsUnwritable
from portfolio_ledger.storage.scratch import scratch_folder, unmade

STREAM = 2000


@dataclass(frozen=True, slots=True)
class ReadModelCheck:
    """What the check compared, up to which position, and the first difference if any."""

    position: int
    head: int
    rows: int
    tables: tuple[str, ...]
    problem: str | None = None
    unchecked: str | None = None
    """Why no row was compared: read models this connection may only read, needing writing."""
    behind: int = 0
    """Events after ``position`` not in the read models, which this connection may not write."""

    @property
    def ok(self) -> bool:
        """Every row of every read model is what the events give (and the check was made)."""
        return self.problem is None and self.unchecked is None


def check_read_models(models: Projections, progress: Progress | None = None) -> ReadModelCheck:
    """Compare every read-model row with a fresh replay of the events; name the first difference."""
    tables = tuple(table.name for p in models.all for table in p.tables)
    if models.unwritable is not None:  # made by an earlier version: not comparable as they are
        return ReadModelCheck(0, 0, 0, tables, unchecked=str(models.unwritable))
    with models.rebuild_lock():
        with models.one_record() as (_, positions, head):
            pass  # read together: one recorded and caught up meanwhile is no false alarm
        ahead = {name: at for name, at in positions.items() if at > head}
        if ahead:
            name, at = next(iter(ahead.items()))
            return ReadModelCheck(
                at,
                head,
                0,
                tables,
                f"the read model {name} says it has read up to position {at:,}, past the "
                f"ledger's last event ({head:,}): its tracking was changed, or events "
                "were removed",
            )
        unwritable = None
        try:
            models.catch_up()
        except (ReadModelsBusy, ReadModelsNoRoom):
            raise  # not a finding: another process held the ledger, or the disk was full
        except ReadModelsUnwritable as error:
            unwritable = error  # behind, on a connection that may only read: checked as they are
        except ReadModelError as error:
            return ReadModelCheck(0, head, 0, tables, f"the read models cannot catch up: {error}")
        # Every live row compared is of one snapshot, at the position it says: others may
        # record (and catch up) all the while without the check seeing half of it.
        with models.one_record() as (live, positions, head):
            position = min(positions.values())
            if unwritable is not None and len(set(positions.values())) != 1:
                return ReadModelCheck(0, head, 0, tables, unchecked=str(unwritable))
            if len(set(positions.values())) != 1:
                return ReadModelCheck(
                    position,
                    head,
                    0,
                    tables,
                    "the read models say they have read to different positions ("
                    + ", ".join(f"{n} {p:,}" for n, p in sorted(positions.items()))
                    + ") after catching up: a tracking position was changed",
                )
            rows, problem = _compare_with_replay(models, live, position, progress)
            behind = 0 if unwritable is None else max(head - position, 0)
            return ReadModelCheck(
                position, max(head, position), rows, tables, problem, None, behind
            )


def _compare_with_replay(
    models: Projections, live: Session, position: int, progress: Progress | None
) -> tuple[int, str | None]:
    try:
        made = scratch_folder("check")
    except OSError as error:
        raise ReadModelError(unmade(error, "the check replays the read models")) from None
    with made as scratch:
        engine = create_engine(f"sqlite:///{Path(scratch) / 'fresh.db'}")
        try:
            fresh = _replayed(models, engine, position, progress)
            rows = 0
            # The audit trail first: it is the auditors' record.
            pairs = sorted(
                zip(models.all, fresh, strict=True), key=lambda p: p[0].name != "audit_trail"
            )
            with Session(engine) as replayed:
                for projection, again in pairs:
                    for table, fresh_table in zip(projection.tables, again.tables, strict=True):
                        count, problem = _same_rows(live, replayed, table, fresh_table)
                        rows += count
                        if problem is not None:
                            return rows, problem
            return rows, None
        finally:
            engine.dispose()


def _replayed(
    models: Projections, engine: Engine, position: int, progress: Progress | None
) -> list[Projection]:
    """The read models built afresh from events 1 to ``position``, in the scratch database."""
    with engine.begin() as connection:
        connection.exec_driver_sql("PRAGMA journal_mode=OFF")
        connection.exec_driver_sql("PRAGMA synchronous=OFF")
    metadata = MetaData()
    fresh = [type(projection)(metadata) for projection in models.all]
    metadata.create_all(engine)
    replayer = Replayer(models.ledger)
    done = 0
    while done < position:
        notifications = models.ledger.recorder.select_notifications(
            start=done + 1, limit=PAGE_SIZE, stop=position
        )
        if not notifications:
            break
        page = replayer.advance(notifications)
        with Session(engine) as session, session.begin():
            for projection in fresh:
                projection.apply(session, page)
        done = notifications[-1].id
        if progress is not None:
            progress(done, position)
    return fresh


def _same_rows(
    live: Session, replayed: Session, table: Table, fresh: Table
) -> tuple[int, str | None]:
    """Walk both tables in key order; the first row missing, extra or different, in words."""
    keys = [column.name for column in table.primary_key.columns]
    labels = table.info.get("row_names") or keys  # what names a row for a person
    stored = _Counted(_ordered(live, table, keys))
    try:
        return _walk(stored, _ordered(replayed, fresh, keys), table, keys, labels)
    except UNREADABLE:
        # A value no row the ledger writes can hold (text in a money column on
        # SQLite, which keeps what it is given; a time of 'infinity' on
        # PostgreSQL): name it, rather than fail as a bug.
        found = _unreadable(live, table, (keys, labels), stored.count)
        if found is None:
            raise
        return stored.count + 1, found


class _Counted:
    """The rows of a walk, counting those read whole."""

    def __init__(self, rows: Iterator[Any]) -> None:
        self.rows = rows
        self.count = 0

    def __iter__(self) -> Iterator[Any]:
        for row in self.rows:
            yield row
            self.count += 1


def _unreadable(
    session: Session, table: Table, names: tuple[Sequence[str], Sequence[str]], skipped: int
) -> str | None:
    """The first value after the first ``skipped`` rows (in key order) that cannot be read.

    Rows are read a batch at a time, so the one that failed is among the
    next ``STREAM``: each is read again alone, then column by column.
    """
    keys, labels = names
    order = _order(session, table, keys)
    query = select(*(table.c[name] for name in keys)).order_by(*order)
    for found in session.execute(query.offset(skipped).limit(STREAM + 1)).all():
        where = [table.c[name] == value for name, value in zip(keys, found, strict=True)]
        try:
            session.execute(select(table).where(*where)).all()
        except UNREADABLE:
            return _unreadable_value(session, table, where, labels)
    return None


def _unreadable_value(
    session: Session, table: Table, where: list[Any], labels: Sequence[str]
) -> str | None:
    """Which column of the row ``where`` selects cannot be read, and what it holds, in words."""
    text = (lambda c: cast(c, Text)) if _postgres(session) else (lambda c: type_coerce(c, String))
    shown = select(*(text(table.c[name]).label(name) for name in labels))
    row = session.execute(shown.where(*where)).one()._mapping
    for column in table.columns:
        try:
            session.execute(select(column).where(*where)).all()
        except UNREADABLE as error:
            value = session.execute(select(text(column)).where(*where)).scalar()
            why = why_unreadable(error)
            return (
                f"{_key(table.name, labels, row)}: {column.name} is {quoted(value)} in the read "
                f"model, which is no value of that column ({why}): it was written there "
                "behind the ledger's back"
            )
    return None


def _walk(
    stored_rows: Iterable[Any],
    derived_rows: Iterable[Any],
    table: Table,
    keys: Sequence[str],
    labels: Sequence[str],
) -> tuple[int, str | None]:
    names = [column.name for column in table.columns]
    count = 0
    for stored, derived in zip_longest(stored_rows, derived_rows):
        count += 1
        if stored is None or derived is None:
            row = derived if stored is None else stored
            where = _key(table.name, labels, row)
            if stored is None:
                return count, f"{where} is missing from the read model; the events give it"
            return count, f"{where} is in the read model, but the events give no such row"
        stored_key = tuple(stored[name] for name in keys)
        derived_key = tuple(derived[name] for name in keys)
        if stored_key != derived_key:
            if stored_key < derived_key:
                return count, (
                    f"{_key(table.name, labels, stored)} is in the read model, but the events "
                    "give no such row"
                )
            return count, f"{_key(table.name, labels, derived)} is missing from the read model"
        for name in names:
            if stored[name] != derived[name]:
                return count, (
                    f"{_key(table.name, labels, stored)}: {name} is {quoted(stored[name])} in the "
                    f"read model, but the events give {quoted(derived[name])}"
                )
    return count, None


def _ordered(session: Session, table: Table, keys: Sequence[str]) -> Iterator[Any]:
    query = select(table).order_by(*_order(session, table, keys))
    query = query.execution_options(yield_per=STREAM)
    for row in session.execute(query):
        yield row._mapping


def _order(session: Session, table: Table, keys: Sequence[str]) -> list[Any]:
    """The table's key columns, in the order both databases sort alike (code points)."""
    return [
        table.c[name].collate("C")
        if _postgres(session) and isinstance(table.c[name].type, String)
        else table.c[name]
        for name in keys
    ]


def _postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _key(table: str, keys: Sequence[str], row: Any) -> str:
    return f"{table}, " + ", ".join(f"{name} {row[name]}" for name in keys)
