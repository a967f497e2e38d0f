"""Questions for the read models: the portfolio now or then, one item, money, diffs, the trail."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import String, Table, and_, func, nulls_last, select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from portfolio_ledger.application.views import Moment, TrailFilter
from portfolio_ledger.projections.economics import envelope_at, rows_to_totals, totals_from
from portfolio_ledger.projections.item_versions import versions_at
from portfolio_ledger.projections.portfolio_items import list_items
from portfolio_ledger.projections.runner import Projections
from portfolio_ledger.projections.state import STATE_COLUMNS, ItemState, rows_as_states

STREAM_PAGE = 2000
DIFF_FIELDS = ("stage", "authorised_budget", "forecast_cost", "priority_rank", "rag")


def portfolio(
    session: Session, models: Projections, moment: Moment, stages: list[str] | None = None
) -> list[ItemState]:
    """Items in priority order: now from ``portfolio_items``, else from ``item_versions``."""
    if moment.is_now:
        return list_items(session, models.portfolio_items.table, stages)
    states = versions_at(
        models.item_versions.table, as_of=moment.as_of, effective_on=moment.effective_on
    ).subquery("at")
    query = select(*[states.c[name] for name in STATE_COLUMNS])
    if stages is not None:
        query = query.where(states.c.stage.in_(stages))
    query = query.order_by(nulls_last(states.c.priority_rank.asc()), states.c.key)
    return rows_as_states(session.execute(query))


def item_at(
    session: Session, models: Projections, item_id: str, moment: Moment
) -> ItemState | None:
    """One item's state at a moment, from ``item_versions``."""
    table: Table = models.item_versions.table
    conditions: list[Any] = [table.c.item_id == item_id]
    if moment.as_of is not None:
        conditions.append(table.c.recorded_from <= moment.as_of)
    if moment.effective_on is not None:
        conditions.append(table.c.effective_from <= moment.effective_on)
    row = session.execute(
        select(*[table.c[name] for name in STATE_COLUMNS])
        .where(and_(*conditions))
        .order_by(table.c.version.desc())
        .limit(1)
    ).first()
    return None if row is None else ItemState(**row._mapping)  # type: ignore[typeddict-item]


def economics(session: Session, models: Projections, moment: Moment) -> dict[str, Any]:
    """Totals by view, stage and category, and the envelope: now, or at a moment."""
    if moment.is_now:
        rows: Select[Any] = select(models.economics.table)
    else:
        rows = totals_from(
            versions_at(
                models.item_versions.table, as_of=moment.as_of, effective_on=moment.effective_on
            )
        )
    totals = rows_to_totals(session.execute(rows))
    envelope = session.execute(
        envelope_at(
            models.economics.envelopes, as_of=moment.as_of, effective_on=moment.effective_on
        )
    ).first()
    return {
        "totals": totals,
        "envelope": None
        if envelope is None
        else {"amount": envelope.amount, "currency": envelope.currency},
    }


def diff(session: Session, models: Projections, start: Moment, end: Moment) -> list[dict[str, Any]]:
    """What changed between two moments, item by item: added, or which fields moved."""
    before = {s["item_id"]: s for s in portfolio(session, models, start)}
    changes = []
    for state in portfolio(session, models, end):
        old = before.get(state["item_id"])
        if old is None:
            changes.append(_change(state, "added", None, state["stage"]))
            continue
        changes.extend(
            _change(state, name, old[name], state[name])  # type: ignore[literal-required]
            for name in DIFF_FIELDS
            if old[name] != state[name]  # type: ignore[literal-required]
        )
    return changes


def _change(state: ItemState, what: str, before: Any, after: Any) -> dict[str, Any]:
    return {
        "key": state["key"],
        "title": state["title"],
        "currency": state["currency"],
        "change": what,
        "before": before,
        "after": after,
    }


def trail_query(table: Table, where: TrailFilter, columns: list[Any] | None = None) -> Select[Any]:
    """The audit-trail rows that match, in ledger order (all columns unless told)."""
    query = select(*(columns or [table])).order_by(table.c.position)
    if where.subject:
        query = query.where(table.c.subject == where.subject)
    if where.actor:
        query = query.where(func.lower(table.c.actor) == where.actor.lower())
    if where.event_type:
        wanted = where.event_type.lower().replace("-", " ")
        query = query.where(
            (func.lower(table.c.event) == wanted)
            | (func.lower(table.c.event_type) == where.event_type.lower())
        )
    column = table.c.recorded_at if where.clock == "recorded" else table.c.effective_date
    if where.start is not None:
        query = query.where(column >= where.start)
    if where.end is not None:
        query = query.where(column <= where.end)
    return query


def trail_rows(
    session: Session, models: Projections, where: TrailFilter, upto: int
) -> Iterator[Sequence[Any]]:
    """The matching rows up to ledger position ``upto``, streamed in ledger order.

    Each row holds the table's columns in order. Times and dates come as
    SQLite stores them (UTC text) where the database is SQLite, because
    exports turn them into text anyway and parsing millions costs seconds.
    """
    table = models.audit_trail.table
    sqlite = session.get_bind().dialect.name == "sqlite"
    columns = [
        type_coerce(column, String()) if sqlite and kind in {"datetime", "date"} else column
        for column, (_, kind) in zip(table.columns, models.audit_trail.columns(), strict=True)
    ]
    query = trail_query(table, where, columns).where(table.c.position <= upto)
    yield from session.execute(query.execution_options(yield_per=STREAM_PAGE))


def subjects(session: Session, models: Projections, kind: str) -> list[str]:
    """The keys of every person, board or delegation (``kind``) ever recorded, sorted."""
    table = models.audit_trail.table
    query = select(table.c.subject).where(table.c.subject_kind == kind).distinct()
    return sorted(row.subject for row in session.execute(query))


def trail(session: Session, models: Projections, where: TrailFilter) -> list[dict[str, Any]]:
    """The matching audit-trail rows as dicts."""
    return [
        dict(row._mapping) for row in session.execute(trail_query(models.audit_trail.table, where))
    ]
