"""``economics``: items, estimated cost, budget and forecast, by view, stage and category.

Kept incrementally: each event moves its item's amounts out of the buckets
of the state it left and into those of the state it made. Alongside,
``portfolio_envelopes`` keeps every envelope the portfolio has had, with its
interval on both clocks, so the envelope at a moment is one lookup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    Integer,
    MetaData,
    String,
    Table,
    and_,
    delete,
    func,
    literal,
    select,
    tuple_,
    union_all,
    update,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from portfolio_ledger.domain.lifecycle import Stage, View
from portfolio_ledger.domain.portfolio import EnvelopeChanged, EnvelopeSet
from portfolio_ledger.projections.base import Applied, Projection, insert_rows
from portfolio_ledger.projections.columns import MoneyAmount, UTCDateTime
from portfolio_ledger.projections.state import ItemState

DIMENSIONS = ("view", "stage", "category")
AMOUNTS = ("estimated_cost", "authorised_budget", "forecast_cost")
ZERO = Decimal(0)

Bucket = tuple[str, str, str]  # dimension, value, currency


@dataclass
class Totals:
    """How many items a bucket holds and what they add up to."""

    items: int = 0
    amounts: dict[str, Decimal] = field(default_factory=lambda: dict.fromkeys(AMOUNTS, ZERO))

    def add(self, state: ItemState, sign: int) -> None:
        """Add (+1) or remove (-1) one item's contribution."""
        self.items += sign
        for name in AMOUNTS:
            value = state[name]  # type: ignore[literal-required]
            if value is not None:
                self.amounts[name] += sign * value


def buckets_of(state: ItemState) -> list[Bucket]:
    """The buckets an item's state counts in: its view, its stage, its category."""
    return [(dimension, str(state[dimension]), state["currency"]) for dimension in DIMENSIONS]  # type: ignore[literal-required]


class Economics(Projection):
    """The portfolio's money, by view, stage and category; and its envelope over time."""

    name = "economics"

    def define_tables(self, metadata: MetaData, suffix: str) -> list[Table]:
        """The totals table, then the envelope history."""
        money: list[Column[Any]] = [Column(name, MoneyAmount(), nullable=False) for name in AMOUNTS]
        totals = Table(
            f"{self.name}{suffix}",
            metadata,
            Column("dimension", String(16), primary_key=True),
            Column("value", String(200), primary_key=True),
            Column("currency", String(3), primary_key=True),
            Column("items", Integer, nullable=False),
            *money,
        )
        envelopes = Table(
            f"portfolio_envelopes{suffix}",
            metadata,
            Column("position", BigInteger, primary_key=True, autoincrement=False),
            Column("amount", MoneyAmount(), nullable=False),
            Column("currency", String(3), nullable=False),
            Column("recorded_from", UTCDateTime(), nullable=False),
            Column("recorded_to", UTCDateTime()),
            Column("effective_from", Date, nullable=False),
            Column("effective_to", Date),
        )
        self.envelopes = envelopes
        return [totals, envelopes]

    def apply(self, session: Session, page: Sequence[Applied]) -> None:
        """Move each changed item between buckets; record envelope changes."""
        deltas: dict[Bucket, Totals] = {}
        for applied in page:
            for state, sign in ((applied.previous, -1), (applied.state, 1)):
                if state is not None:
                    for bucket in buckets_of(state):
                        deltas.setdefault(bucket, Totals()).add(state, sign)
            if isinstance(applied.event, EnvelopeSet | EnvelopeChanged):
                self._record_envelope(session, applied)
        if deltas:
            self._merge(session, deltas)

    def _merge(self, session: Session, deltas: dict[Bucket, Totals]) -> None:
        table = self.table
        keys = list(deltas)
        current = {
            (row.dimension, row.value, row.currency): row
            for start in range(0, len(keys), 300)
            for row in session.execute(
                select(table).where(
                    tuple_(table.c.dimension, table.c.value, table.c.currency).in_(
                        keys[start : start + 300]
                    )
                )
            )
        }
        rows = []
        for bucket, delta in deltas.items():
            row = current.get(bucket)
            totals = Totals(
                items=(row.items if row else 0) + delta.items,
                amounts={
                    name: (getattr(row, name) if row else ZERO) + delta.amounts[name]
                    for name in AMOUNTS
                },
            )
            if totals.items:
                dimension, value, currency = bucket
                rows.append(
                    {
                        "dimension": dimension,
                        "value": value,
                        "currency": currency,
                        "items": totals.items,
                        **totals.amounts,
                    }
                )
        for bucket in current:
            session.execute(
                delete(table).where(
                    table.c.dimension == bucket[0],
                    table.c.value == bucket[1],
                    table.c.currency == bucket[2],
                )
            )
        if rows:
            insert_rows(session, table, rows)

    def _record_envelope(self, session: Session, applied: Applied) -> None:
        event = applied.event
        assert isinstance(event, EnvelopeSet | EnvelopeChanged)
        envelopes = self.envelopes
        effective = event.decision.effective_date
        session.execute(
            update(envelopes)
            .where(envelopes.c.recorded_to.is_(None))
            .values(recorded_to=event.timestamp, effective_to=effective)
        )
        session.execute(
            envelopes.insert().values(
                position=applied.position,
                amount=event.envelope.amount,
                currency=event.envelope.currency,
                recorded_from=event.timestamp,
                effective_from=effective,
            )
        )


def totals_from(states: Select[Any]) -> Select[Any]:
    """The economics rows, computed in SQL from any SELECT of item states (a moment's)."""
    source = states.subquery("states")
    parts = [
        select(
            literal(dimension).label("dimension"),
            source.c[dimension].label("value"),
            source.c.currency,
            func.count().label("items"),
            *[func.coalesce(func.sum(source.c[name]), 0).label(name) for name in AMOUNTS],
        ).group_by(source.c[dimension], source.c.currency)
        for dimension in DIMENSIONS
    ]
    return union_all(*parts)  # type: ignore[return-value]


def envelope_at(
    table: Table, *, as_of: datetime | None = None, effective_on: date | None = None
) -> Select[Any]:
    """The envelope standing at a moment (or now), as a SELECT of amount and currency.

    Both clocks move forward with the ledger's order, so it is the latest
    envelope (by position) recorded by ``as_of`` and effective by ``effective_on``.
    """
    conditions: list[Any] = []
    if as_of is not None:
        conditions.append(table.c.recorded_from <= as_of)
    if effective_on is not None:
        conditions.append(table.c.effective_from <= effective_on)
    query = select(table.c.amount, table.c.currency)
    if conditions:
        query = query.where(and_(*conditions))
    return query.order_by(table.c.position.desc()).limit(1)


def rows_to_totals(rows: Iterable[Any]) -> list[dict[str, Any]]:
    """Economics rows as plain dicts with exact amounts, in a stable order."""
    result = [
        {
            "dimension": row.dimension,
            "value": row.value,
            "currency": row.currency,
            "items": int(row.items),
            **{
                name: Decimal(str(getattr(row, name) or 0)).quantize(Decimal("0.01"))
                for name in AMOUNTS
            },
        }
        for row in rows
    ]
    return sorted(result, key=_order)


def _order(row: dict[str, Any]) -> tuple[int, str, int, str]:
    """Views and stages in lifecycle order, categories alphabetically."""
    lifecycle = {v.value: i for i, v in enumerate(View)} | {s.value: i for i, s in enumerate(Stage)}
    rank = lifecycle.get(row["value"], 0) if row["dimension"] != "category" else 0
    return (DIMENSIONS.index(row["dimension"]), row["currency"], rank, row["value"])
