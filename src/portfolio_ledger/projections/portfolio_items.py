"""``portfolio_items``: the current state of every item, one row each."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    Column,
    Date,
    DateTime,
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

from portfolio_ledger.projections.base import Applied, Projection
from portfolio_ledger.projections.money_column import MoneyAmount
from portfolio_ledger.projections.state import ItemState

MONEY = MoneyAmount()


def item_state_columns() -> list[Column[Any]]:
    """The columns of an item's state, shared by ``portfolio_items`` and ``item_versions``."""
    return [
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
        Column("estimated_cost", MONEY),
        Column("authorised_budget", MONEY),
        Column("forecast_cost", MONEY),
        Column("rag", String(8)),
        Column("open_escalations", Integer, nullable=False),
        Column("last_decision", String(32), nullable=False),
        Column("last_decision_date", Date, nullable=False),
        Column("recorded_at", DateTime(timezone=True), nullable=False),
        Column("version", Integer, nullable=False),
    ]


class PortfolioItems(Projection):
    """The portfolio now: one row per item, replaced as decisions arrive."""

    name = "portfolio_items"

    def define_tables(self, metadata: MetaData, suffix: str) -> list[Table]:
        """One table, keyed by the item's aggregate id (hex)."""
        self.table = Table(
            f"{self.name}{suffix}",
            metadata,
            Column("item_id", String(32), primary_key=True),
            *item_state_columns(),
            Column("position", Integer, nullable=False),
        )
        return [self.table]

    def apply(self, session: Session, page: Sequence[Applied]) -> None:
        """Replace the rows of the items these events touched with their latest state."""
        latest: dict[str, dict[str, Any]] = {}
        for applied in page:
            latest[applied.state["item_id"]] = {**applied.state, "position": applied.position}
        if not latest:
            return
        ids = list(latest)
        for start in range(0, len(ids), 500):
            session.execute(
                delete(self.table).where(self.table.c.item_id.in_(ids[start : start + 500]))
            )
        session.execute(self.table.insert(), list(latest.values()))


def list_items(
    session: Session, table: Table, stages: Sequence[str] | None = None
) -> list[ItemState]:
    """Items in priority order (unranked last, then by key), optionally only some stages."""
    query = select(*[table.c[name] for name in ItemState.__annotations__])
    if stages is not None:
        query = query.where(table.c.stage.in_(list(stages)))
    query = query.order_by(nulls_last(table.c.priority_rank.asc()), table.c.key)
    return [ItemState(**row._mapping) for row in session.execute(query)]  # type: ignore[typeddict-item]
