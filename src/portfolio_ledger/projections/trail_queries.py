"""Questions for the audit trail: its rows, filtered, in ledger order, and the values it holds."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, String, func, or_, select, type_coerce
from sqlalchemy.sql import Select

from portfolio_ledger.application.selection import TrailFilter
from portfolio_ledger.domain.caseless import caseless_order
from portfolio_ledger.domain.errors import LedgerError
from portfolio_ledger.projections.fetching import fetch_dicts
from portfolio_ledger.projections.filtering import filtered
from portfolio_ledger.projections.held_values import NAMES, held_query
from portfolio_ledger.storage.caseless import caseless_in, matching

if TYPE_CHECKING:
    from portfolio_ledger.projections.read_models import Reading, ReadModelTables

STREAM_PAGE = 2000


def trail_query(
    session: Reading,
    models: ReadModelTables,
    where: TrailFilter,
    columns: list[Any] | None = None,
) -> Select[Any]:
    """The audit-trail rows that match, in ledger order (all columns unless told).

    The spellings a filter in any case looks for are read from ``held_values``
    (a few rows), not from the trail's own million.
    """
    table, held = models.audit_trail.table, models.held_values.table
    query = select(*(columns or [table])).order_by(table.c.position)
    if where.subject:
        query = query.where(table.c.subject == named_subject(session, models, where.subject))
    if where.actor:
        query = query.where(
            caseless_in(session, table.c.actor, [where.actor], held_query(held, "actor"))
        )
    if where.event_type:
        wanted = where.event_type.lower().replace("-", " ")
        query = query.where(
            (func.lower(table.c.event) == wanted)
            | (func.lower(table.c.event_type) == where.event_type.lower())
        )
    if where.subject_kinds:
        query = query.where(table.c.subject_kind.in_(where.subject_kinds))
    query = filtered(session, query, table, where.items, held)
    column = table.c.recorded_at if where.clock == "recorded" else table.c.effective_date
    if where.start is not None:
        query = query.where(column >= where.start)
    if where.end is not None:
        query = query.where(column <= where.end)
    return query


def named_subject(session: Reading, models: ReadModelTables, key: str) -> str:
    """The subject a key names in any case: the one spelt as given, else the only one.

    People's keys are kept lower case and the others' upper, so a person 'ic'
    and the board IC share a key: 'ic' is the person, 'IC' the board, and 'Ic'
    names neither alone (refused, naming both), never both.
    """
    table = models.audit_trail.table
    found = {}
    for spelling in sorted({key, key.upper(), key.lower()}):  # by the index: one row each
        query = select(table.c.subject_kind).where(table.c.subject == spelling).limit(1)
        kind = session.execute(query).scalar()
        if kind is not None:
            found[spelling] = kind
    if key in found:
        return key
    if len(found) < 2:  # else a person's spelling (lower case) and the others' (upper)
        return next(iter(found), key)
    both = " and ".join(f"the {kind} {subject}" for subject, kind in sorted(found.items()))
    raise LedgerError(
        f"{key} is the key of {both}: give it as the one meant is spelt "
        f"({' or '.join(sorted(found))})"
    )


def trail_rows(
    session: Reading, models: ReadModelTables, where: TrailFilter, upto: int
) -> Iterator[Sequence[Any]]:
    """The matching rows up to ledger position ``upto``, streamed in ledger order.

    Each row holds the table's columns in order. Times and dates come as
    SQLite stores them (UTC text) where the database is SQLite, because
    exports turn them into text anyway and parsing millions costs seconds.
    """
    table = models.audit_trail.table
    dialect = session.dialect if isinstance(session, Connection) else session.get_bind().dialect
    sqlite = dialect.name == "sqlite"
    columns = [
        type_coerce(column, String()) if sqlite and kind in {"datetime", "date"} else column
        for column, (_, kind) in zip(table.columns, models.audit_trail.columns(), strict=True)
    ]
    query = trail_query(session, models, where, columns).where(table.c.position <= upto)
    yield from session.execute(query.execution_options(yield_per=STREAM_PAGE))


def subjects(session: Reading, models: ReadModelTables, kind: str) -> list[str]:
    """The keys of every person, board or delegation (``kind``) ever recorded, sorted."""
    table = models.audit_trail.table
    query = select(table.c.subject).where(table.c.subject_kind == kind).distinct()
    return sorted(row.subject for row in session.execute(query))


def kind_of(session: Reading, models: ReadModelTables, key: str) -> str | None:
    """What other than an item the key names (``person``, ``board``...), if anything.

    The subject is the one :func:`named_subject` finds: a person 'ic' and the
    board IC are told apart by the case given, and 'Ic' is refused naming both.
    """
    table = models.audit_trail.table
    subject = named_subject(session, models, key)
    query = (
        select(table.c.subject_kind)
        .where(table.c.subject == subject, table.c.subject_kind != "item")
        .limit(1)
    )
    return session.execute(query).scalar()


TRAIL_VALUES = ("subject", "actor", "organisation", "category")
"""The trail's columns whose values a filter names freely (not from a fixed vocabulary)."""


def trail_values(
    session: Reading, models: ReadModelTables, column: str, among: Sequence[str] | None = None
) -> list[str]:
    """The values the trail's ``column`` holds, sorted; with ``among``, only those (any case)."""
    if column not in TRAIL_VALUES:
        raise ValueError(f"{column} is not a column filtered by value")
    if column in NAMES:  # a few rows, not a scan of the trail (``held_values``)
        found = session.execute(held_query(models.held_values.table, column)).scalars()
    else:
        held = models.audit_trail.table.c[column]
        found = session.execute(select(held).where(held.is_not(None)).distinct()).scalars()
    return sorted(set(found) if among is None else matching(found, among), key=caseless_order)


def trail(session: Reading, models: ReadModelTables, where: TrailFilter) -> list[dict[str, Any]]:
    """The matching audit-trail rows as dicts."""
    return fetch_dicts(session, trail_query(session, models, where))


def trail_page(
    session: Reading, models: ReadModelTables, where: TrailFilter, offset: int, limit: int | None
) -> tuple[list[dict[str, Any]], int]:
    """A page of the matching audit-trail rows, and how many match in all.

    The page is cut in SQL, so a short page of a long trail reads only its rows.
    """
    query = trail_query(session, models, where)
    page = query.offset(offset).limit(limit)
    rows = fetch_dicts(session, page)
    if offset == 0 and (limit is None or len(rows) < limit):
        return rows, len(rows)
    counted = select(func.count()).select_from(query.order_by(None).subquery())
    return rows, int(session.execute(counted).scalar_one())


def row_at(session: Reading, models: ReadModelTables, position: int) -> dict[str, Any] | None:
    """The trail's row at a ledger position, if the read model holds it."""
    table = models.audit_trail.table
    rows = fetch_dicts(session, select(table).where(table.c.position == position))
    return rows[0] if rows else None


def governed_naming(
    session: Reading,
    models: ReadModelTables,
    needles: Sequence[str],
    *,
    since: date = date.min,
    below: int | None = None,
    kinds: Sequence[str] = ("item", "delegation"),
) -> list[dict[str, Any]]:
    """Rows made under a mandate whose JSON holds one of ``needles``, effective ``since`` on.

    A needle is a key as the mandate's JSON writes it (``"DEL-001"``, quotes
    included), so the database reads no row that cannot be one; the caller
    reads the mandate to be sure. Only rows of subjects of ``kinds``, and only
    those before ledger position ``below``, if given. Each row has its ``effective_date``
    as recorded too (``corrected`` says which were corrected since).
    """
    table = models.audit_trail.table
    detail = table.c.authority_detail
    query = (
        select(table.c.position, table.c.subject, table.c.subject_kind, detail)
        .add_columns(table.c.effective_date)
        .where(detail.is_not(None), table.c.subject_kind.in_(kinds))
        .where(or_(*(detail.contains(needle, autoescape=True) for needle in needles)))
        .order_by(table.c.position)
    )
    if since > date.min:  # a row's day is as recorded: one corrected since may fall later
        corrected = select(table.c.corrects).where(table.c.corrects.is_not(None))
        query = query.where(
            or_(table.c.effective_date >= since, table.c.position.in_(corrected.scalar_subquery()))
        )
    if below is not None:
        query = query.where(table.c.position < below)
    return fetch_dicts(session, query)


def corrected(session: Reading, models: ReadModelTables) -> set[int]:
    """The positions of the decisions corrected since they were recorded."""
    table = models.audit_trail.table
    query = select(table.c.corrects).where(table.c.corrects.is_not(None))
    return {int(position) for (position,) in session.execute(query)}
