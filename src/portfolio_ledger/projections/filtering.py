"""Keeping a query to the items a filter selects, on every database alike."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import Table
from sqlalchemy.sql import Select

from portfolio_ledger.application.selection import ItemFilter
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
        else:
            query = query.where(source.c[column].in_(list(values)))
    return query
