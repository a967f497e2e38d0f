"""Keeping a query to the items a filter selects, on every database alike."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, and_, or_
from sqlalchemy.sql import ColumnElement, Select

from portfolio_ledger.application.selection import NOT_REPORTED, ItemFilter
from portfolio_ledger.projections.held_values import held_query
from portfolio_ledger.storage.caseless import caseless_in

if TYPE_CHECKING:
    from portfolio_ledger.projections.read_models import Reading

FILTERABLE = ("stage", "organisation", "category", "rag", "kind")
CASELESS = frozenset({"organisation", "category", "kind"})


def filtered(
    session: Reading, query: Select[Any], source: Any, where: ItemFilter, held: Table
) -> Select[Any]:
    """``query`` on ``source`` kept to the items ``where`` selects.

    ``held``: the ``held_values`` table, every spelling a column has held (a few rows).
    """
    for column, values in where.by_column().items():
        if column in CASELESS:
            named = where.alternatives(column)
            query = query.where(
                caseless_in(session, source.c[column], named, held_query(held, column))
            )
        elif column == "rag" and NOT_REPORTED in values:
            query = query.where(_rag_or_none(source, values))
        else:
            query = query.where(source.c[column].in_(list(values)))
    return query


def _rag_or_none(source: Any, values: tuple[str, ...]) -> ColumnElement[bool]:
    """One of the RAGs ``values`` names, or none: an item's that has not reported.

    An item always has a stage; a row with none (the audit trail's row of an
    event on a person or a board) is no item's, so none of its RAG.
    """
    unreported = and_(source.c.rag.is_(None), source.c.stage.is_not(None))
    given = [value for value in values if value != NOT_REPORTED]
    return or_(source.c.rag.in_(given), unreported) if given else unreported
