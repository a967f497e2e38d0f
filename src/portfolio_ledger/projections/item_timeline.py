"""``item_timeline``: every state every item stood in, on both clocks.

One row per state an item stood in, from a decision (in effective order)
until the next, for as long as the ledger has said so (see
``bitemporal.py``). Point-in-time questions are answered from here, in SQL,
without replaying: the item as recorded by a moment, in effect on a day, or
both, even where decisions were recorded late, corrected or annulled.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Index, MetaData, Table, event, select
from sqlalchemy.sql import Select

from portfolio_ledger.projections.base import Applied, Projection, Stood
from portfolio_ledger.projections.bitemporal import (
    interval_columns,
    interval_indexes,
    stood_at,
    write_timelines,
)
from portfolio_ledger.projections.portfolio_items import item_state_columns
from portfolio_ledger.projections.state import STATE_COLUMNS

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class ItemTimeline(Projection):
    """Every state every item has stood in, and when, on both clocks."""

    name = "item_timeline"
    schema_version = 2

    def define_tables(self, metadata: MetaData, suffix: str) -> list[Table]:
        """One table of states and their intervals, indexed for the moment's lookup."""
        name = f"{self.name}{suffix}"
        table = Table(
            name,
            metadata,
            *item_state_columns(),
            *interval_columns(),
            *interval_indexes(name, "item_id"),
            info={"row_names": ("key", "decision_version", "position")},
        )
        first = Index(f"ix_{name}_first", table.c.item_id)
        # Partial (decision_version = 1) on both databases. Set as the index is created:
        # naming a dialect's options loads that dialect, and readers never create it.
        event.listen(first, "before_create", _first_versions_only)
        return [table]

    def apply(self, session: Session, page: Sequence[Applied]) -> None:
        """Add the states each event made; close those a late decision or correction replaced."""
        items = [(a.state["item_id"], a) for a in page if a.state is not None]
        write_timelines(session, self.table, "item_id", items, _state)


def _first_versions_only(index: Index, connection: Connection, **_: Any) -> None:
    """Make ``ix_item_timeline_first`` partial, in the dialect creating it."""
    if connection.dialect.name in {"sqlite", "postgresql"}:
        table: Any = index.table
        index.dialect_options[connection.dialect.name]["where"] = table.c.decision_version == 1


_state_values = itemgetter(*STATE_COLUMNS)


def _state(_item_id: str, stood: Stood) -> tuple[Any, ...]:
    """The state columns' values, in order (the item's id is the first)."""
    values: tuple[Any, ...] = _state_values(stood.state)
    return values


def states_at(
    table: Table, *, as_of: datetime | None = None, effective_on: date | None = None
) -> Select[Any]:
    """The state of every item at a moment, as a SELECT of the state columns.

    ``as_of`` is the recorded clock (what the ledger said then);
    ``effective_on`` the effective clock (what had taken effect by that day,
    as known now, or as known at ``as_of`` if both are given). Items with no
    state by then are absent.
    """
    items = (
        select(table.c.item_id).where(table.c.decision_version == 1).distinct().subquery("items")
    )
    return stood_at(table, "item_id", items, STATE_COLUMNS, as_of=as_of, effective_on=effective_on)
