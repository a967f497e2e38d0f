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

from sqlalchemy import Connection, Index, MetaData, Table, and_, event, func, or_, select
from sqlalchemy.sql import ColumnElement, Select, Subquery

from portfolio_ledger.projections.base import Applied, Projection, Stood
from portfolio_ledger.projections.bitemporal import (
    at_moment,
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
    schema_version = 6
    """3: the moment's lookup finds its row in the indexes alone (ledgers of 2 are rebuilt);
    4: each state says the date of the report that gave its forecast; 5: and its whole-life
    cost (``whole_life_cost_reported_on``); 6: the objectives the item serves."""

    def define_tables(self, metadata: MetaData, suffix: str) -> list[Table]:
        """One table of states and their intervals, indexed for the moment's lookup."""
        name = f"{self.name}{suffix}"
        table = Table(
            name,
            metadata,
            *item_state_columns(),
            *interval_columns(),
            *interval_indexes(name, "item_id", covering=True),
            info={"row_names": ("key", "decision_version", "position")},
        )
        # The items: with decision_version in it, SQLite reads this index alone, and picks
        # it over scanning the wider ones (without statistics it would not otherwise).
        first = Index(f"ix_{name}_first", table.c.item_id, table.c.decision_version)
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
    table: Table,
    *,
    as_of: datetime | None = None,
    effective_on: date | None = None,
    item_id: str | None = None,
) -> Select[Any]:
    """The state of every item (or of ``item_id`` alone) at a moment, as a SELECT of its columns.

    ``as_of`` is the recorded clock (what the ledger said then);
    ``effective_on`` the effective clock (what had taken effect by that day,
    as known now, or as known at ``as_of`` if both are given). Items with no
    state by then are absent.
    """
    first = select(table.c.item_id).where(table.c.decision_version == 1)
    if item_id is not None:
        first = first.where(table.c.item_id == item_id)
    items = first.distinct().subquery("items")
    return stood_at(table, "item_id", items, STATE_COLUMNS, as_of=as_of, effective_on=effective_on)


def last_reports(
    table: Table,
    item_ids: Sequence[str],
    count: int,
    *,
    as_of: datetime | None = None,
    effective_on: date | None = None,
) -> Select[Any]:
    """The overall RAG of each item's last ``count`` status reports at a moment.

    Each status report in effect is one row of the timeline the moment sees
    (the state it left, ``last_decision`` its label, ``rag`` its overall RAG),
    and so is an onboarding that gave a rating (the baseline's, the item's
    first report), so the last reports are those rows, latest first in
    effective order: ``(item_id, rag, n)`` with ``n`` from 1, the latest.
    What an item's ``rag_history`` holds, read without replaying it.
    """
    from portfolio_ledger.domain.events_control import StatusReported
    from portfolio_ledger.domain.events_definition import ItemOnboarded

    ranked = latest_first(
        table,
        "rag",
        table.c.item_id.in_(list(item_ids)),
        or_(
            table.c.last_decision == StatusReported.label,
            and_(table.c.last_decision == ItemOnboarded.label, table.c.rag.is_not(None)),
        ),
        *at_moment(table, as_of=as_of, effective_on=effective_on),
    )
    return select(ranked.c.item_id, ranked.c.rag, ranked.c.n).where(ranked.c.n <= count)


def latest_first(table: Table, column: str, *where: ColumnElement[bool]) -> Subquery:
    """``(item_id, column, n)`` of the rows ``where`` picks, each item's latest first.

    ``n`` counts from 1, the item's latest row in effective order (then the latest
    decision of a day): its last status reports, or its last stage before leaving.
    """
    order = (table.c.effective_from.desc(), table.c.decision_version.desc())
    return (
        select(
            table.c.item_id,
            table.c[column],
            func.row_number().over(partition_by=table.c.item_id, order_by=order).label("n"),
        )
        .where(*where)
        .subquery("latest_first")
    )
