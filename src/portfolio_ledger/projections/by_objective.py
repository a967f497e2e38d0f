"""Economics by strategic objective: an item counts under each objective it serves.

The other breakdowns put each item in one row, so their rows add up to the
portfolio. An item serving two objectives is in both of their rows (its
money counted in each), so the objective rows can add up to more than the
portfolio: each row answers "what serves this objective", not a share of
the whole. An item serving none is in the row of items with no objective
(``''``), as items with no organisation are in theirs. The item's state
holds its objectives, each name once (``state.one_each``), as a JSON list.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import cast, func, literal, select, true

if TYPE_CHECKING:
    from sqlalchemy.sql import ColumnElement, FromClause, Select, Subquery

    from portfolio_ledger.projections.state import ItemState

OBJECTIVE = "objective"
"""The breakdown's dimension (the state's column is ``objectives``, a list)."""


def objective_buckets(state: ItemState, none: str) -> list[tuple[str, str, str]]:
    """The objective buckets an item's state counts in: one per objective, or the ``none`` row."""
    currency = state["currency"]
    return [(OBJECTIVE, name, currency) for name in state["objectives"]] or [
        (OBJECTIVE, none, currency)
    ]


def each_objective(states: FromClause, dialect: str) -> FromClause:
    """Each of a state's objectives (its ``value``), to join to the ``states`` whose they are.

    SQLite's ``json_each`` reads a column of the table to its left; PostgreSQL's
    ``jsonb_array_elements_text`` (of the text cast to ``jsonb``) is joined LATERAL.
    """
    if dialect == "postgresql":
        # Imported here: loading the PostgreSQL dialect costs an SQLite ledger's reads.
        from sqlalchemy.dialects.postgresql import JSONB

        names = func.jsonb_array_elements_text(cast(states.c.objectives, JSONB))
        return names.table_valued("value", name="objective").lateral()
    return func.json_each(states.c.objectives).table_valued("value", name="objective")


def objective_totals(
    source: Subquery,
    totals: Sequence[ColumnElement[Any]],
    nothing: ColumnElement[str],
    dialect: str,
) -> Select[Any]:
    """The objective rows of ``totals`` (aggregates of ``source``'s columns), in SQL.

    Each state joined to each of its objectives (SQLite's ``json_each``,
    PostgreSQL's ``jsonb_array_elements_text``), or to none (the outer join's
    NULL, grouped as ``nothing``) where it serves none: ``count()`` counts the
    items in each objective's row.
    """
    each = each_objective(source, dialect)
    value = func.coalesce(each.c.value, nothing)
    return (
        select(
            literal(OBJECTIVE).label("dimension"),
            value.label("value"),
            source.c.currency,
            func.count().label("items"),
            *totals,
        )
        .select_from(source.outerjoin(each, true()))
        .group_by(value, source.c.currency)
    )
