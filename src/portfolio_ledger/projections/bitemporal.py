"""Tables that keep every state a subject stood in, on both clocks, and the moment's lookup.

A row says: from the decision at ``(effective_from, decision_version)`` in
effective order, until the next one, the subject stood in this state; and
the ledger has said so from ``recorded_from`` until ``recorded_to`` (NULL
while it still says so). A decision in order adds one row. A decision
recorded late, a correction or an annulment changes the subject's states
from the earliest point it touches: the rows from there on are closed at
its recorded time and the states as now known are added, so nothing a
reader was once shown is lost, and the ledger as it stood at any moment is
still a lookup.

The state of a subject *as recorded by* ``T`` and *in effect on* ``D`` is
its row recorded by ``T`` and not closed by then, latest in effective order
up to ``D``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    Index,
    Integer,
    Table,
    Update,
    and_,
    bindparam,
    or_,
    select,
    update,
)
from sqlalchemy.sql import Select, Subquery

from portfolio_ledger.projections.base import DEFERRED_INDEXES, Applied, Stood, insert_tuples
from portfolio_ledger.projections.columns import UTCDateTime

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

ROWS_PER_EVENT = 2**24
"""Row ids are ``position * ROWS_PER_EVENT + n``: the n-th state one event added."""


def interval_columns() -> list[Column[Any]]:
    """The columns every bitemporal table has besides its subject and state."""
    return [
        Column("row_id", BigInteger, primary_key=True, autoincrement=False),
        Column("position", BigInteger, nullable=False),
        Column("decision_version", Integer, nullable=False),
        Column("effective_from", Date, nullable=False),
        Column("recorded_from", UTCDateTime(), nullable=False),
        Column("recorded_to", UTCDateTime()),
    ]


def interval_indexes(name: str, subject: str, *, covering: bool = False) -> list[Index]:
    """The index the moment's lookup walks: subject, then effective order.

    ``covering`` carries the recorded clock and the row id in that index too,
    so the lookup passes over the states a moment does not see (recorded
    after it, or replaced by then) in the index alone, without reading their
    rows: for a table with many states per subject.
    """
    carried = ("recorded_from", "recorded_to", "row_id") if covering else ()
    return [
        Index(f"ix_{name}_effective", subject, "effective_from", "decision_version", *carried),
        Index(f"ix_{name}_current", subject, "recorded_to"),
    ]


def write_timelines(
    session: Session,
    table: Table,
    subject: str,
    page: Iterable[tuple[str, Applied]],
    values: Callable[[str, Stood], Sequence[Any]],
) -> None:
    """Add the states each event made; close the ones a late decision or a correction replaced.

    ``page`` is each event with the subject it is about, in ledger order;
    ``values`` gives, for a subject and a state it stood in, the table's
    columns before the interval ones (:func:`interval_columns`), in order.
    """
    pending: list[list[Any]] = []
    held: dict[str, list[list[Any]]] = {}  # the page's rows by subject, for closing
    closes: list[dict[str, Any]] = []
    at = len(table.columns) - len(_INTERVAL)  # where the interval columns begin in a row
    for value, applied in page:
        moment = applied.event.timestamp
        if not applied.in_order and applied.changed_from is not None:
            start = applied.changed_from
            for row in held.get(value, ()):  # rows of this page are closed before they are stored
                if row[at + 5] is None and (row[at + 3], row[at + 2]) >= start:
                    row[at + 5] = moment
            closes.append({"s": value, "d": start[0], "v": start[1], "t": moment})
        position = applied.position
        first = position * ROWS_PER_EVENT
        rows = held.setdefault(value, [])
        for n, stood in enumerate(applied.timeline):
            key = stood.key
            row = [*values(value, stood), first + n, position, key[1], key[0], moment, None]
            pending.append(row)
            rows.append(row)
    if closes:  # stored rows, closed in ledger order (a row is closed once)
        _index_for_closing(session, table, subject)
        session.connection().execute(_closing(table, subject), closes)
    insert_tuples(session, table, pending)


_INTERVAL = (
    "row_id", "position", "decision_version", "effective_from", "recorded_from", "recorded_to",
)  # fmt: skip
"""The interval columns, in the order :func:`interval_columns` defines them."""


def _index_for_closing(session: Session, table: Table, subject: str) -> None:
    """In a rebuild's fresh table, build now the index a close finds a subject's open rows by.

    A rebuild builds a fresh table's secondary indexes once its rows are in
    (:data:`~portfolio_ledger.projections.base.DEFERRED_INDEXES`). Without
    this one, each close reads the whole table: a rebuild of 104,876 events,
    4,876 of them decisions recorded late, spent 120 of its 169 s closing.
    Built at the first close, it is kept up as rows come; a rebuild with no
    late decision builds it at the end with the others, as before.
    """
    deferred: list[Index] = table.info.get(DEFERRED_INDEXES) or []
    for index in deferred:
        if [column.name for column in index.columns] == [subject, "recorded_to"]:
            index.create(session.connection())
            deferred.remove(index)
            return


def _closing(table: Table, subject: str) -> Update:
    """Close a subject's open rows from a point in effective order on: run once per close.

    Its parameters: ``s`` the subject, ``d`` and ``v`` the point (effective
    date, decision version), ``t`` the recorded time that closes them.
    """
    return (
        update(table)
        .where(
            table.c[subject] == bindparam("s"),
            table.c.recorded_to.is_(None),
            or_(
                table.c.effective_from > bindparam("d"),
                and_(
                    table.c.effective_from == bindparam("d"),
                    table.c.decision_version >= bindparam("v"),
                ),
            ),
        )
        .values(recorded_to=bindparam("t"))
    )


def at_moment(
    table: Any, *, as_of: datetime | None = None, effective_on: date | None = None
) -> list[Any]:
    """The conditions on a row to be one the moment sees (before the latest is picked).

    Said by the ledger at ``as_of`` (now if None) and, if ``effective_on`` is
    given, from a decision in effect by that day.
    """
    if as_of is None:
        conditions: list[Any] = [table.c.recorded_to.is_(None)]
    else:
        conditions = [
            table.c.recorded_from <= as_of,
            or_(table.c.recorded_to.is_(None), table.c.recorded_to > as_of),
        ]
    if effective_on is not None:
        conditions.append(table.c.effective_from <= effective_on)
    return conditions


def stood_at(
    table: Table,
    subject: str,
    subjects: Subquery,
    columns: Sequence[str],
    *,
    as_of: datetime | None = None,
    effective_on: date | None = None,
) -> Select[Any]:
    """Each subject's state at a moment, as a SELECT of ``columns``.

    ``subjects`` holds the subject values to look up (a column named ``subject``).
    ``as_of`` is the recorded clock (what the ledger said then; now if
    None); ``effective_on`` the effective clock (what had taken effect by
    that day; the latest if None). Subjects with no state then are absent.
    """
    inner = table.alias("inner")
    conditions = [
        inner.c[subject] == subjects.c[subject],
        *at_moment(inner, as_of=as_of, effective_on=effective_on),
    ]
    pick = (
        select(inner.c.row_id)
        .where(*conditions)
        .order_by(inner.c.effective_from.desc(), inner.c.decision_version.desc())
        .limit(1)
        .scalar_subquery()
    )
    # Each subject's row id, looked up once; then its row, by the key. The OFFSET keeps
    # PostgreSQL from folding the lookup into the join, where it hashed the whole table and
    # looked every subject up twice (SQLite plans both shapes alike).
    picks = select(pick.label("row_id")).select_from(subjects).offset(0).subquery("picks")
    return (
        select(*[table.c[name] for name in columns])
        .select_from(picks)
        .join(table, table.c.row_id == picks.c.row_id)
    )
