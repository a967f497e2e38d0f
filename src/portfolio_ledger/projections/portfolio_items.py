"""``portfolio_items``: the current state of every item, one row each."""

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
)

from portfolio_ledger.projections.base import Applied, Projection, insert_tuples
from portfolio_ledger.projections.columns import MoneyAmount, NameList, UTCDateTime
from portfolio_ledger.projections.item_texts import listed_text, shown_text
from portfolio_ledger.projections.state import FIGURES, STATE_COLUMNS, ItemState

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# SQLite caps bound parameters per statement; stay well under it.
IN_CHUNK = 500
TEXTS_CHUNK = 2000
"""Items whose rows and texts are made and inserted together."""


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
        info = {"json": True} if name == "objectives" else {}
        columns.append(Column(name, type_, nullable=name in nullable, info=info))
    return columns


REQUIRED = frozenset(
    {
        "item_id", "key", "kind", "title", "stage", "view", "owner", "sponsor", "category",
        "objectives", "currency", "open_escalations", "last_decision", "last_decision_date",
        "recorded_at", "version",
    }
)  # fmt: skip
"""The state's columns that always hold a value."""
_KINDS: dict[str, Any] = {
    "priority_rank": Integer,
    "open_escalations": Integer,
    "version": Integer,
    "forecast_date": Date,
    "forecast_cost_reported_on": Date,
    "forecast_date_reported_on": Date,
    "whole_life_cost_reported_on": Date,
    "last_status_date": Date,
    "last_decision_date": Date,
    "recorded_at": UTCDateTime(),
    "objectives": NameList(),
}


class PortfolioItems(Projection):
    """The portfolio now: one row per item, replaced as decisions arrive, and its texts.

    Beside each item's row, ``portfolio_items_shown`` and ``_listed`` keep
    what ``item show`` and ``portfolio --json`` print of it (see
    ``item_texts.py``), made once here rather than on every read.
    """

    name = "portfolio_items"
    other_tables = ("portfolio_items_shown", "portfolio_items_listed")
    schema_version = 10  # 3: the texts tables; 4: the listed texts in the portfolio's order;
    # 5: times in the texts written with Z, as every --json writes them; 6: the date of the
    # report that gave each forecast (``forecast_cost_reported_on``, ``..._date_...``);
    # 7: the listed texts' index holds their order, not the texts too (SQLite);
    # 8: the date of the report that gave the whole-life cost (``whole_life_cost_reported_on``);
    # 9: the objectives the item serves (``objectives``, a JSON list); 10: the shown texts
    # hold the item's open corrective actions and its dependencies

    def __init__(self, metadata: MetaData, suffix: str = "") -> None:
        super().__init__(metadata, suffix)
        self._latest: dict[str, Latest] = {}
        """A rebuild's items: each one's last state, position and the item, until :meth:`finish`."""

    def define_tables(self, metadata: MetaData, suffix: str) -> list[Table]:
        """The states, keyed by the item's aggregate id (hex; keys are unique too); the texts."""
        columns = item_state_columns()
        columns[0] = Column("item_id", String(32), primary_key=True)
        table = Table(
            f"{self.name}{suffix}",
            metadata,
            *columns,
            Column("position", BigInteger, nullable=False),
        )
        # The portfolio's order (ranked first, by rank, then by key), walked without a sort.
        Index(
            f"ix_{table.name}_order",
            table.c.priority_rank.is_(None),
            table.c.priority_rank,
            table.c.key,
            table.c.item_id,
        )
        # Two tables, not one: each item's pair (about 2 kB) would take a 4 kB page to itself,
        # and a listing would read every item's ``item show`` record with its own text.
        shown = Table(
            f"{self.other_tables[0]}{suffix}",
            metadata,
            Column("item_id", String(32), primary_key=True),
            Column("shown", Text, nullable=False),
        )
        # The listed texts carry the portfolio's order too, in an index of the order alone:
        # the listing walks it and reads each text from the table. An index holding the
        # texts as well (as it did on SQLite until schema 7) spilled half of them (about
        # 1 kB each, over SQLite's 1,002-byte local limit for an index entry) to overflow
        # pages: no faster to read (26.9 ms against 24.7 ms for 10,000 items, medians of
        # 12), and a rebuild wrote all of them twice (0.22 s of index build against 0.03 s).
        # PostgreSQL caps an index entry at about 2.7 kB anyway.
        listed = Table(
            f"{self.other_tables[1]}{suffix}",
            metadata,
            Column("item_id", String(32), primary_key=True),
            Column("priority_rank", Integer),
            Column("key", String(64), nullable=False),
            Column("listed", Text, nullable=False),
        )
        order = (listed.c.priority_rank.is_(None), listed.c.priority_rank, listed.c.key)
        Index(f"ix_{listed.name}_order", *order, listed.c.item_id)
        return [table, shown, listed]

    @property
    def shown(self) -> Table:
        """Each item's ``item show`` record, as JSON."""
        return self.tables[1]

    @property
    def listed(self) -> Table:
        """Each item's object in ``portfolio --json``."""
        return self.tables[2]

    def apply(self, session: Session, page: Sequence[Applied]) -> None:
        """Replace the rows of the items these events touched with their latest state."""
        latest = _latest(page)
        if not latest:
            return
        ids = list(latest)
        for table in self.tables:
            for start in range(0, len(ids), IN_CHUNK):
                chunk = ids[start : start + IN_CHUNK]
                session.execute(delete(table).where(table.c.item_id.in_(chunk)))
        _insert(session, self.tables, latest)

    def replay(self, session: Session, page: Sequence[Applied]) -> None:  # noqa: ARG002 - written by finish
        """Keep each item's latest state: a rebuild writes one row per item, at the end."""
        self._latest.update(_latest(page))

    def finish(self, session: Session) -> None:
        """Write each item's rows once, from its last state."""
        _insert(session, self.tables, self._latest)
        self._latest.clear()


Latest = tuple[ItemState, int, Any]
"""An item's last state, the position of the event that left it, and the item then."""


def _latest(page: Sequence[Applied]) -> dict[str, Latest]:
    """Each item's last state in the page, the position of the event that left it, the item."""
    return {a.state["item_id"]: (a.state, a.position, a.item) for a in page if a.state is not None}


_state_values = itemgetter(*STATE_COLUMNS)
_listed_order = itemgetter("priority_rank", "key")


def _in_order(entry: tuple[str, Latest]) -> tuple[bool, int, str, str]:
    """An item's place in the portfolio's order: ranked first, by rank, then key, then id."""
    item_id, (state, _, _) = entry
    rank = state["priority_rank"]
    return rank is None, rank or 0, state["key"], item_id


def _insert(session: Session, tables: Sequence[Table], latest: dict[str, Latest]) -> None:
    """Insert a row per item: its state's columns, then the position; and its texts.

    Each item's last event is its last in the page (or the rebuild), so the
    item stands as that event left it. Written a few thousand items at a
    time: a rebuild's texts (about 2 kB an item) are not all held at once.
    """
    # In the portfolio's order: a rebuild writes the rows of a fresh table in the order its
    # index walks them, so a listing reads the table in order rather than at random (the
    # 10,000 listed texts of ``portfolio --json`` in 7.7 ms against 15.4, medians of 5).
    items = sorted(latest.items(), key=_in_order)
    for start in range(0, len(items), TEXTS_CHUNK):
        rows, shown, listed = [], [], []
        for item_id, (state, position, item) in items[start : start + TEXTS_CHUNK]:
            rows.append((*_state_values(state), position))
            shown.append((item_id, shown_text(item)))
            listed.append((item_id, *_listed_order(state), listed_text(state)))
        insert_tuples(session, tables[0], rows)
        insert_tuples(session, tables[1], shown)
        insert_tuples(session, tables[2], listed)
