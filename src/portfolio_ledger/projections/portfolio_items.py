"""``portfolio_items``: the current state of every item, one row each."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
    nulls_last,
    select,
)
from sqlalchemy.orm import Session

from portfolio_ledger.projections.base import Applied, Projection, insert_rows
from portfolio_ledger.projections.columns import MoneyAmount, UTCDateTime
from portfolio_ledger.projections.state import STATE_COLUMNS, ItemState, rows_as_states

# SQLite caps bound parameters per statement; stay well under it.
IN_CHUNK = 500


def item_state_columns() -> list[Column[Any]]:
    """The columns of an item's state, shared by ``portfolio_items`` and ``item_versions``."""
    return [
        Column("item_id", String(32), nullable=False),
        Column("key", String(64), nullable=False),
        Column("kind", String(16), nullable=False),
        Column("title", Text, nullable=False),
        Column("stage", String(16), nullable=False),
        Column("view", String(16), nullable=False),
        Column("owner", Text, nullable=False),
        Column("sponsor", Text, nullable=False),
        Column("category", Text, nullable=False),
        Column("currency", String(3), nullable=False),
        Column("priority_rank", Integer),
        Column("estimated_cost", MoneyAmount()),
        Column("authorised_budget", MoneyAmount()),
        Column("forecast_cost", MoneyAmount()),
        Column("rag", String(8)),
        Column("open_escalations", Integer, nullable=False),
        Column("last_decision", String(32), nullable=False),
        Column("last_decision_date", Date, nullable=False),
        Column("recorded_at", UTCDateTime(), nullable=False),
        Column("version", Integer, nullable=False),
    ]


class PortfolioItems(Projection):
    """The portfolio now: one row per item, replaced as decisions arrive."""

    name = "portfolio_items"

    def define_tables(self, metadata: MetaData, suffix: str) -> list[Table]:
        """One table, keyed by the item's aggregate id (hex); keys are unique too."""
        columns = item_state_columns()
        columns[0] = Column("item_id", String(32), primary_key=True)
        table = Table(
            f"{self.name}{suffix}",
            metadata,
            *columns,
            Column("position", BigInteger, nullable=False),
        )
        return [table]

    def apply(self, session: Session, page: Sequence[Applied]) -> None:
        """Replace the rows of the items these events touched with their latest state."""
        latest: dict[str, dict[str, Any]] = {}
        for applied in page:
            if applied.state is not None:
                latest[applied.state["item_id"]] = {**applied.state, "position": applied.position}
        if not latest:
            return
        ids = list(latest)
        for start in range(0, len(ids), IN_CHUNK):
            session.execute(
                delete(self.table).where(self.table.c.item_id.in_(ids[start : start + IN_CHUNK]))
            )
        insert_rows(session, self.table, list(latest.values()))


def list_items(
    session: Session, table: Table, stages: Sequence[str] | None = None
) -> list[ItemState]:
    """Items in priority order (unranked last, then by key), optionally only some stages."""
    query = select(*[table.c[name] for name in STATE_COLUMNS])
    if stages is not None:
        query = query.where(table.c.stage.in_(list(stages)))
    query = query.order_by(nulls_last(table.c.priority_rank.asc()), table.c.key)
    return rows_as_states(session.execute(query))
