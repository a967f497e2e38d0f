"""``item_versions``: every version of every item, with the interval it held on both clocks.

A version holds from its event's recorded time until the next version's
(``recorded_from`` / ``recorded_to``, the latter NULL while current), and
from its effective date until the next version's (``effective_from`` /
``effective_to``). Both clocks only move forward within an item, so the
versions an item had by a moment are always a prefix of its history: the
item's state at that moment is its latest version that started by then.
Point-in-time questions are answered from here, in SQL, without replaying.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    Index,
    MetaData,
    Table,
    and_,
    bindparam,
    case,
    select,
    update,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from portfolio_ledger.projections.base import Applied, Projection, insert_rows
from portfolio_ledger.projections.columns import UTCDateTime
from portfolio_ledger.projections.portfolio_items import item_state_columns
from portfolio_ledger.projections.state import STATE_COLUMNS


class ItemVersions(Projection):
    """Every state every item has been in, and when, on both clocks."""

    name = "item_versions"

    def define_tables(self, metadata: MetaData, suffix: str) -> list[Table]:
        """One table keyed by (item, version), indexed for point-in-time lookups."""
        name = f"{self.name}{suffix}"
        columns = item_state_columns()
        item_id, version = columns[0], columns[-1]
        item_id.primary_key = version.primary_key = True
        version.autoincrement = False
        table = Table(
            name,
            metadata,
            *columns,
            Column("position", BigInteger, nullable=False),
            Column("recorded_from", UTCDateTime(), nullable=False),
            Column("recorded_to", UTCDateTime()),
            Column("effective_from", Date, nullable=False),
            Column("effective_to", Date),
            Index(f"ix_{name}_recorded", "item_id", "recorded_from", "version"),
            Index(f"ix_{name}_effective", "item_id", "effective_from", "version"),
        )
        first = Index(f"ix_{name}_first", table.c.item_id)
        first.dialect_options["sqlite"]["where"] = table.c.version == 1
        first.dialect_options["postgresql"]["where"] = table.c.version == 1
        return [table]

    def apply(self, session: Session, page: Sequence[Applied]) -> None:
        """Add each new version, and close the one it replaces on both clocks."""
        new: dict[tuple[str, int], dict[str, Any]] = {}
        closes: list[dict[str, Any]] = []
        for applied in page:
            if applied.state is None:
                continue
            state = applied.state
            recorded, effective = state["recorded_at"], applied.event.decision.effective_date
            previous = (state["item_id"], state["version"] - 1)
            if previous in new:
                new[previous].update(recorded_to=recorded, effective_to=effective)
            elif state["version"] > 1:
                closes.append(
                    {"id": previous[0], "v": previous[1], "rt": recorded, "et": effective}
                )
            new[(state["item_id"], state["version"])] = {
                **state,
                "position": applied.position,
                "recorded_from": recorded,
                "recorded_to": None,
                "effective_from": effective,
                "effective_to": None,
            }
        if closes:
            table = self.table
            session.execute(
                update(table)
                .where(table.c.item_id == bindparam("id"), table.c.version == bindparam("v"))
                .values(recorded_to=bindparam("rt"), effective_to=bindparam("et")),
                closes,
                execution_options={"synchronize_session": False},
            )
        if new:
            insert_rows(session, self.table, list(new.values()))


def versions_at(
    table: Table, *, as_of: datetime | None = None, effective_on: date | None = None
) -> Select[Any]:
    """The version of every item that stood at a moment, as a SELECT of its state columns.

    ``as_of`` is the recorded clock (what the ledger said then);
    ``effective_on`` the effective clock (what had taken effect by that day,
    as known now). Given both, the state known at ``as_of`` with effect by
    ``effective_on``. Items with no version by then are absent.
    """
    firsts = select(table.c.item_id).where(table.c.version == 1).subquery("firsts")
    latest = {}
    for label, column, moment in (
        ("by_recorded", "recorded_from", as_of),
        ("by_effective", "effective_from", effective_on),
    ):
        if moment is None:
            continue
        inner = table.alias()
        latest[label] = (
            select(inner.c.version)
            .where(inner.c.item_id == firsts.c.item_id, inner.c[column] <= moment)
            .order_by(inner.c[column].desc(), inner.c.version.desc())
            .limit(1)
            .scalar_subquery()
            .label(label)
        )
    if not latest:
        raise ValueError("versions_at needs as_of, effective_on or both")
    picks = select(firsts.c.item_id, *latest.values()).subquery("picks")
    if len(latest) == 1:
        version: Any = picks.c[next(iter(latest))]
    else:
        # Both clocks move forward together within an item, so the versions
        # standing on both are those up to the smaller of the two.
        by_recorded, by_effective = picks.c.by_recorded, picks.c.by_effective
        # (Where either is NULL, neither branch holds and the item is absent.)
        version = case(
            (by_recorded <= by_effective, by_recorded),
            (by_effective < by_recorded, by_effective),
        )
    return select(*[table.c[name] for name in STATE_COLUMNS]).join(
        picks, and_(table.c.item_id == picks.c.item_id, table.c.version == version)
    )
