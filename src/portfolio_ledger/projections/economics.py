"""``economics``: items and money by view, stage, category, organisation, kind, RAG, objective.

Kept incrementally: each event moves its item's figures out of the buckets
of the state it left and into those of the state it made. A figure that is
withheld or not known adds nothing to a total; each bucket counts, per
figure, the items whose figure is known, withheld and not known (and the
items with an estimate, which is never withheld), so a total always says
what it leaves out, and a total of no known figure is told from a known
zero. By objective, an item counts under each objective it serves
(``by_objective.py``). Alongside, ``portfolio_envelopes`` keeps every envelope the portfolio
has had, on both clocks (``bitemporal.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    String,
    Table,
    and_,
    case,
    delete,
    func,
    literal,
    literal_column,
    select,
    tuple_,
    union_all,
)
from sqlalchemy.sql import ColumnElement, Select, Subquery

from portfolio_ledger.application.selection import group_order, reported_earlier
from portfolio_ledger.domain.figures import Unstated
from portfolio_ledger.projections.base import Applied, Projection, Stood, insert_rows
from portfolio_ledger.projections.bitemporal import (
    interval_columns,
    interval_indexes,
    stood_at,
    write_timelines,
)
from portfolio_ledger.projections.by_objective import (
    OBJECTIVE,
    objective_buckets,
    objective_totals,
)
from portfolio_ledger.projections.columns import MoneyAmount, MoneyTotal, money_sum
from portfolio_ledger.projections.state import FIGURES, KNOWN, ItemState

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

DIMENSIONS = ("view", "stage", "category", "organisation", "kind", "rag", OBJECTIVE)
"""What totals are grouped by (a state's column each; ``objective``, each of its objectives)."""
AMOUNTS = ("estimated_cost", *FIGURES)
"""The money added up: only what is known counts."""
STATUSES = {
    KNOWN: "known",
    Unstated.WITHHELD.value: "withheld",
    Unstated.NOT_KNOWN.value: "not_known",
}
ESTIMATE_KNOWN = "estimated_cost_known"
"""How many items have an estimate (an appraisal's: money, never withheld or not known)."""
COUNTS = (
    ESTIMATE_KNOWN,
    *(f"{figure}_{suffix}" for figure in FIGURES for suffix in STATUSES.values()),
)
"""Per figure, how many items have it known, withheld, not known (the rest never gave it)."""
EARLIER_OF = {
    "whole_life_cost": "whole_life_cost_earlier",
    "forecast_cost": "forecast_cost_earlier",
}
"""Per figure a status report gives, how many of the known ones added up are as an earlier
report gave them: the item's last report left it out (``..._reported_on`` before it)."""
EARLIER = tuple(EARLIER_OF.values())
NONE = ""
"""The bucket of items with no value for a dimension (no organisation, never rated)."""
ZERO = Decimal(0)

Bucket = tuple[str, str, str]  # dimension, value, currency


FIELDS = ("items", *AMOUNTS, *COUNTS, *EARLIER)
"""The totals' columns, in the order :func:`contribution` gives them."""


def contribution(state: ItemState) -> tuple[Any, ...]:
    """What one item adds to each of its buckets (in ``FIELDS`` order): one item, money, counts."""
    amounts = [state[name] or ZERO for name in AMOUNTS]  # type: ignore[literal-required]
    estimated = int(state["estimated_cost"] is not None)
    statuses = [state[f"{figure}_status"] for figure in FIGURES]  # type: ignore[literal-required]
    counts = [int(status == value) for status in statuses for value in STATUSES]
    earlier = [int(_earlier(state, figure)) for figure in EARLIER_OF]
    return (1, *amounts, estimated, *counts, *earlier)


def _earlier(state: ItemState, figure: str) -> bool:
    """The item's known ``figure`` is an earlier status report's than its last."""
    values: Mapping[str, Any] = state  # read by a figure's name
    on, last = values[f"{figure}_reported_on"], state["last_status_date"]
    return values[f"{figure}_status"] == KNOWN and reported_earlier(on, last)


def net_changes(page: Sequence[Applied]) -> list[tuple[ItemState | None, ItemState | None]]:
    """Each item's state before its first event in the page and after its last.

    An item's states chain (each event's ``previous`` is the last one's
    ``state``), so what a page moves between buckets is the difference of
    these two alone, however many events the item had in it.
    """
    first: dict[str, ItemState | None] = {}
    last: dict[str, ItemState | None] = {}
    for applied in page:
        if applied.state is None and applied.previous is None:
            continue
        if applied.subject not in first:
            first[applied.subject] = applied.previous
        last[applied.subject] = applied.state
    return [(first[subject], last[subject]) for subject in first]


def buckets_of(state: ItemState) -> list[Bucket]:
    """The buckets an item's state counts in: one per dimension, and one per objective."""
    return [
        *(
            (dimension, str(state[dimension] or NONE), state["currency"])  # type: ignore[literal-required]
            for dimension in DIMENSIONS
            if dimension != OBJECTIVE
        ),
        *objective_buckets(state, NONE),
    ]


class Economics(Projection):
    """The portfolio's money by every dimension; and its envelope over time."""

    name = "economics"
    other_tables = ("portfolio_envelopes",)
    # 3: totals are NUMERIC(24, 2); 4: envelope corrections moved it; 5: estimated_cost_known,
    # and the forecasts as an earlier report gave them counted (``forecast_cost_earlier``);
    # 6: the whole-life costs likewise (``whole_life_cost_earlier``); 7: by objective
    schema_version = 7

    def __init__(self, metadata: MetaData, suffix: str = "") -> None:
        super().__init__(metadata, suffix)
        self._last: dict[str, ItemState | None] = {}
        """A rebuild's items: each one's last state, until :meth:`finish`."""

    def define_tables(self, metadata: MetaData, suffix: str) -> list[Table]:
        """The totals table, then the envelope history."""
        totals = Table(
            f"{self.name}{suffix}",
            metadata,
            Column("dimension", String(16), primary_key=True),
            Column("value", String(200), primary_key=True),
            Column("currency", String(3), primary_key=True),
            Column("items", Integer, nullable=False),
            *[Column(name, MoneyTotal(), nullable=False) for name in AMOUNTS],
            *[Column(name, Integer, nullable=False) for name in (*COUNTS, *EARLIER)],
        )
        name = f"{self.other_tables[0]}{suffix}"
        envelopes = Table(
            name,
            metadata,
            Column("subject", String(16), nullable=False),
            Column("amount", MoneyAmount(), nullable=False),
            Column("currency", String(3), nullable=False),
            *interval_columns(),
            *interval_indexes(name, "subject"),
            info={"row_names": ("subject", "decision_version", "position")},
        )
        return [totals, envelopes]

    @property
    def envelopes(self) -> Table:
        """The envelope history: each portfolio's envelopes on both clocks."""
        return self.tables[1]

    def apply(self, session: Session, page: Sequence[Applied]) -> None:
        """Move each changed item between buckets; keep the envelope's timeline."""
        self._move(session, net_changes(page))
        self._envelopes(session, page)

    def replay(self, session: Session, page: Sequence[Applied]) -> None:
        """Keep each item's last state (a rebuild adds up the totals once, at the end)."""
        for before, after in net_changes(page):
            self._last[(before or after)["item_id"]] = after  # type: ignore[index]
        self._envelopes(session, page)

    def finish(self, session: Session) -> None:
        """Write the totals once, from each item's last state."""
        self._move(session, [(None, state) for state in self._last.values()])
        self._last.clear()

    def _envelopes(self, session: Session, page: Sequence[Applied]) -> None:
        # A correction or annulment of an envelope is the portfolio's too: it moves the timeline.
        envelopes = [(a.subject, a) for a in page if a.event.kind_of_subject() == "portfolio"]
        if envelopes:
            write_timelines(session, self.envelopes, "subject", envelopes, _envelope)

    def _move(
        self, session: Session, changes: Iterable[tuple[ItemState | None, ItemState | None]]
    ) -> None:
        """Take each item's ``before`` state out of its buckets and put its ``after`` state in."""
        moved: dict[Bucket, list[tuple[Any, ...]]] = {}
        for before, after in changes:
            if before is not None:
                taken = tuple(-value for value in contribution(before))
                for bucket in buckets_of(before):
                    moved.setdefault(bucket, []).append(taken)
            if after is not None:
                added = contribution(after)
                for bucket in buckets_of(after):
                    moved.setdefault(bucket, []).append(added)
        if moved:
            # Each bucket's change is the sum of its items' contributions, field by field.
            deltas = {
                bucket: dict(zip(FIELDS, map(sum, zip(*each, strict=True)), strict=True))
                for bucket, each in moved.items()
            }
            self._merge(session, deltas)

    def _merge(self, session: Session, deltas: dict[Bucket, dict[str, Any]]) -> None:
        table = self.table
        keys = list(deltas)
        columns = tuple_(table.c.dimension, table.c.value, table.c.currency)
        current = {
            (row.dimension, row.value, row.currency): row._mapping
            for start in range(0, len(keys), 300)
            for row in session.execute(select(table).where(columns.in_(keys[start : start + 300])))
        }
        rows = []
        for bucket, delta in deltas.items():
            row = current.get(bucket)
            merged = {name: (row[name] if row else 0) + value for name, value in delta.items()}
            if merged["items"]:
                dimension, value, currency = bucket
                rows.append(
                    {"dimension": dimension, "value": value, "currency": currency, **merged}
                )
        gone = list(current)  # in one statement a page: a decision touches seven or so
        for start in range(0, len(gone), 300):
            session.execute(delete(table).where(columns.in_(gone[start : start + 300])))
        if rows:
            insert_rows(session, table, rows)


def _envelope(subject: str, stood: Stood) -> tuple[Any, ...]:
    return (subject, stood.state["amount"], stood.state["currency"])


def totals_from(states: Select[Any], dialect: str) -> Select[Any]:
    """The economics rows, computed in SQL from any SELECT of item states (a moment's).

    ``dialect``: the database's (``sqlite``, ``postgresql``), which unnest objectives apart.
    """
    source = states.subquery("states")
    totals = [
        *[func.coalesce(money_sum(source.c[name]), 0).label(name) for name in AMOUNTS],
        *_counts(source),
    ]
    # The empty value as SQL text, not a bound parameter: PostgreSQL then sees the
    # selected value and the grouped one as the same expression.
    nothing: ColumnElement[str] = literal_column("''")
    parts = [
        select(
            literal(dimension).label("dimension"),
            func.coalesce(source.c[dimension], nothing).label("value"),
            source.c.currency,
            func.count().label("items"),
            *totals,
        ).group_by(func.coalesce(source.c[dimension], nothing), source.c.currency)
        for dimension in DIMENSIONS
        if dimension != OBJECTIVE
    ]
    parts.append(objective_totals(source, totals, nothing, dialect))
    return union_all(*parts)  # type: ignore[return-value]


def _counts(source: Subquery) -> list[ColumnElement[Any]]:
    """Per figure, how many of the rows' items have it known, withheld, not known, earlier."""
    counts: list[ColumnElement[Any]] = [
        func.count(source.c.estimated_cost).label(ESTIMATE_KNOWN),  # the non-null ones
        *(
            func.coalesce(
                func.sum(case((source.c[f"{figure}_status"] == status, 1), else_=0)), 0
            ).label(f"{figure}_{suffix}")
            for figure in FIGURES
            for status, suffix in STATUSES.items()
        ),
    ]
    for figure, label in EARLIER_OF.items():  # reported_earlier, in SQL
        reported = source.c[f"{figure}_reported_on"]
        known = source.c[f"{figure}_status"] == KNOWN
        earlier = case((and_(known, reported < source.c.last_status_date), 1), else_=0)
        counts.append(func.coalesce(func.sum(earlier), 0).label(label))
    return counts


def envelope_at(
    table: Table, *, as_of: datetime | None = None, effective_on: date | None = None
) -> Select[Any]:
    """The envelope standing at a moment (or now), as a SELECT of amount and currency."""
    subjects = select(table.c.subject).distinct().subquery("subjects")
    return stood_at(
        table, "subject", subjects, ("amount", "currency"), as_of=as_of, effective_on=effective_on
    )


def rows_to_totals(rows: Iterable[Any]) -> list[dict[str, Any]]:
    """Economics rows as plain dicts with exact amounts and whole counts, in a stable order."""
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
            **{name: int(getattr(row, name) or 0) for name in (*COUNTS, *EARLIER)},
        }
        for row in rows
    ]
    return in_order(result)


def none_unless_known(totals: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``totals`` with ``None`` for what is not on record: figures no item knows, a value none.

    A sum of no known figures is not a zero on record: the table shows a dash and the
    CSV an empty cell, so the JSON says ``null``; a known zero stays ``0.00``. The
    estimate too: ``null`` where no item in the row has one. The row of items with no
    value (no organisation, not reported) has ``value`` ``None``, as ``portfolio
    --json`` gives an item's none (the read model's ``NONE``: a key column holds no null).
    """
    return [
        row
        | {"value": row["value"] or None}
        | {name: None for name in AMOUNTS if not row[f"{name}_known"]}
        for row in totals
    ]


def in_order(totals: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Totals in the order they are shown (``_order``)."""
    return sorted(totals, key=_order)


def _order(row: dict[str, Any]) -> tuple[int, str, tuple[int, int, tuple[str, str]]]:
    """Dimensions in turn, each currency's rows in the order of every grouping (``group_order``).

    Views and stages in the lifecycle's order, RAGs red to green, the rest
    alphabetically; the items with none (``''``) last.
    """
    dimension = row["dimension"]
    return (DIMENSIONS.index(dimension), row["currency"], group_order(dimension, row["value"]))
