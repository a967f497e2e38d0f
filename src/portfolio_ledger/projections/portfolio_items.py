"""``portfolio_items``: the current state of every item, one row each."""

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter
from typing import TYPE_CHECKING, Any

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
)

from portfolio_ledger.projections.base import Applied, Projection, insert_tuples
from portfolio_ledger.projections.columns import MoneyAmount, UTCDateTime
from portfolio_ledger.projections.state import FIGURES, STATE_COLUMNS, ItemState

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# SQLite caps bound parameters per statement; stay well under it.
IN_CHUNK = 500


def item_state_columns() -> list[Column[Any]]:
    """The columns of an item's state, shared by ``portfolio_items`` and ``item_timeline``.

    In :data:`~portfolio_ledger.projections.state.STATE_COLUMNS` order.
    """
    money = dict.fromkeys(("estimated_cost", *FIGURES), MoneyAmount)
    types: dict[str, Any] = {
        "item_id": String(32),
        "key": String(64),
        "kind": String(16),
        "stage": String(16),
        "view": String(16),
        "currency": String(3),
        "rag": String(16),
        "left_reason": String(32),
        "last_decision": String(32),
        **{f"{name}_status": String(16) for name in FIGURES},
    }
    nullable = set(ItemState.__annotations__) - REQUIRED
    columns: list[Column[Any]] = []
    for name in STATE_COLUMNS:
        kind = _KINDS.get(name)
        type_ = money[name]() if name in money else types.get(name) or kind or Text
        columns.append(Column(name, type_, nullable=name in nullable))
    return columns


REQUIRED = frozenset(
    {
        "item_id", "key", "kind", "title", "stage", "view", "owner", "sponsor", "category",
        "currency", "open_escalations", "last_decision", "last_decision_date", "recorded_at",
        "version",
    }
)  # fmt: skip
"""The state's columns that always hold a value."""
_KINDS: dict[str, Any] = {
    "priority_rank": Integer,
    "open_escalations": Integer,
    "version": Integer,
    "forecast_date": Date,
    "last_status_date": Date,
    "last_decision_date": Date,
    "recorded_at": UTCDateTime(),
}


class PortfolioItems(Projection):
    """The portfolio now: one row per item, replaced as decisions arrive."""

    name = "portfolio_items"
    schema_version = 2

    def __init__(self, metadata: MetaData, suffix: str = "") -> None:
        super().__init__(metadata, suffix)
        self._latest: dict[str, tuple[ItemState, int]] = {}
        """A rebuild's items: each one's last state and its position, until :meth:`finish`."""

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
        latest = _latest(page)
        if not latest:
            return
        ids = list(latest)
        for start in range(0, len(ids), IN_CHUNK):
            session.execute(
                delete(self.table).where(self.table.c.item_id.in_(ids[start : start + IN_CHUNK]))
            )
        _insert(session, self.table, latest)

    def replay(self, session: Session, page: Sequence[Applied]) -> None:  # noqa: ARG002 - written by finish
        """Keep each item's latest state: a rebuild writes one row per item, at the end."""
        self._latest.update(_latest(page))

    def finish(self, session: Session) -> None:
        """Write each item's row once, from its last state."""
        _insert(session, self.table, self._latest)
        self._latest.clear()


def _latest(page: Sequence[Applied]) -> dict[str, tuple[ItemState, int]]:
    """Each item's last state in the page, and the position of the event that left it."""
    return {a.state["item_id"]: (a.state, a.position) for a in page if a.state is not None}


_state_values = itemgetter(*STATE_COLUMNS)


def _insert(session: Session, table: Table, latest: dict[str, tuple[ItemState, int]]) -> None:
    """Insert a row per item: its state's columns, then the position."""
    insert_tuples(
        session, table, [(*_state_values(state), position) for state, position in latest.values()]
    )
