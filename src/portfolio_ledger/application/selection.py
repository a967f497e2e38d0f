"""What a read asks for: a moment, which items, which trail rows; and what is committed.

Plain dataclasses, without pydantic: the read commands import these and not
the result models of ``application.views`` (see docs/performance.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from portfolio_ledger.domain.caseless import caseless_order
from portfolio_ledger.domain.change_words import NO_VALUE, names_in_words
from portfolio_ledger.domain.clock import utc_text
from portfolio_ledger.domain.lifecycle import FUNDED, OPEN_VIEWS, Stage, View
from portfolio_ledger.domain.ratings import RAG


@dataclass(frozen=True)
class Moment:
    """A point on either clock, or both; neither means now."""

    as_of: datetime | None = None
    effective_on: date | None = None

    @property
    def is_now(self) -> bool:
        """No moment given."""
        return self.as_of is None and self.effective_on is None

    def describe(self) -> str:
        """Which moment a view is of: ``as recorded by ...``, ``in effect on ...``, both, or now."""
        parts = []
        if self.as_of is not None:
            parts.append(f"as recorded by {utc_text(self.as_of, asked=True)}")
        if self.effective_on is not None:
            parts.append(f"in effect on {self.effective_on.isoformat()}")
        return ", ".join(parts) or "now"


NOT_REPORTED = NO_VALUE["rag"]
"""The RAG of an item with no status report (none): a group of its own, and a filter's value."""


def group_label(dimension: str, value: str | None) -> str:
    """A group's name in a breakdown: its value, or what items with none are called."""
    return value or NO_VALUE.get(dimension, "none")


ORDERS: dict[str, tuple[str, ...]] = {
    "view": tuple(view.value for view in View),
    "stage": tuple(stage.value for stage in Stage),
    "rag": tuple(rag.value for rag in RAG),
}
"""The breakdowns whose values have an order of their own: the lifecycle's; red to green."""


def group_order(dimension: str, value: str | None) -> tuple[int, int, tuple[str, str]]:
    """Where a group comes in a breakdown by ``dimension``: the sort key of every grouping.

    Views and stages in the lifecycle's order, RAGs red, amber, green, withheld,
    not assessed (``ORDERS``); other values alphabetically in any case; the items
    with none (``None``, ``''`` or its ``NO_VALUE`` name) last, as a spreadsheet's
    pivot table puts its blanks. ``portfolio --by``, ``economics`` and the board
    pack all sort by this.
    """
    if not value or value == NO_VALUE.get(dimension):
        return (2, 0, ("", ""))
    order = ORDERS.get(dimension, ())
    if value in order:
        return (0, order.index(value), ("", ""))
    return (1, 0, caseless_order(value))


def held_value(column: str, value: str | None) -> str | None:
    """A value an item holds, as a filter names it: a RAG of none is ``not reported``."""
    return NOT_REPORTED if value is None and column == "rag" else value


def reported_earlier(on: date | None, last_status: date | None) -> bool:
    """Whether a forecast given on ``on`` is an earlier report's than the item's last.

    A status report that leaves a forecast out does not restate it: it stands
    as the report (or baseline) of ``on`` gave it, and is shown so.
    """
    return on is not None and last_status is not None and on < last_status


NAMED = frozenset({"organisation", "category"})
"""The columns filtered by a name, which may hold commas."""


def parts(value: str) -> list[str]:
    """A filter value's comma-separated parts, without the spaces around them."""
    return [part.strip() for part in value.split(",") if part.strip()]


@dataclass(frozen=True)
class ItemFilter:
    """Which items a listing or a total covers: each field a set of values (any matches).

    Empty fields do not filter. Organisations, categories and kinds match
    without regard to case; stages and ratings are their canonical values.
    An organisation or category is kept as given, commas and all: it matches
    a name that is the whole of it (``Environment, Food and Rural Affairs``)
    or any of its comma-separated parts (``DDAT,HMRC``): :meth:`alternatives`.
    """

    stages: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    rags: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()

    def by_column(self) -> dict[str, tuple[str, ...]]:
        """The state column each given field filters on, and its values."""
        fields = {
            "stage": self.stages,
            "organisation": self.organisations,
            "category": self.categories,
            "rag": self.rags,
            "kind": self.kinds,
        }
        return {column: values for column, values in fields.items() if values}

    def alternatives(self, column: str) -> tuple[str, ...]:
        """The names ``column``'s values match: each value, and its parts if it has commas."""
        values = self.by_column().get(column, ())
        if column not in NAMED:
            return values
        return tuple(dict.fromkeys(name for value in values for name in (value, *parts(value))))

    def describe(self) -> str:
        """``organisation DFE; rag red`` (empty if it filters nothing).

        A column's values as ``names_in_words`` says them: ``category "Transport, roads",
        Health`` for the two categories given, one holding a comma, as given.
        """
        return "; ".join(
            f"{column} {names_in_words(values)}" for column, values in self.by_column().items()
        )


@dataclass(frozen=True)
class TrailFilter:
    """Which audit-trail rows to show; dates or times on the chosen clock."""

    subject: str | None = None
    actor: str | None = None
    event_type: str | None = None
    start: datetime | date | None = None
    end: datetime | date | None = None
    clock: str = "recorded"
    items: ItemFilter = field(default_factory=ItemFilter)
    """Only events on items matching this, as the item was just after the event."""
    subject_kinds: tuple[str, ...] = ()
    """Only events on subjects of these kinds (``person``, ``board``...); empty: any."""


NO_MONEY = Decimal("0.00")
"""A total of no amounts, to the cent as every amount is written (``0.00``, not ``0``)."""


def committed(totals: Iterable[Mapping[str, Any]]) -> dict[str, Decimal]:
    """The authorised budget of open items (pipeline and catalogue), by currency.

    ``totals`` are the economics rows (``dimension``, ``value``, ``currency``,
    ``authorised_budget``); the rows by view are summed.
    """
    result: dict[str, Decimal] = {}
    for row in totals:
        if row["dimension"] == "view" and row["value"] in OPEN_VIEWS:
            result[row["currency"]] = result.get(row["currency"], NO_MONEY) + Decimal(
                row["authorised_budget"] or 0
            )
    return result


def uncounted(totals: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, int]]:
    """Open items whose authorised budget :func:`committed` cannot add, by currency.

    ``{"GBP": {"withheld": 1, "not known": 2, "no budget on record": 189}}``: budgets
    withheld or not known, and items authorised to spend (approved, in delivery, paused,
    live) with no budget ever given, as items onboarded from a register of whole-life
    costs (the GMPP's) join: what they commit is not known, not nothing. Only the
    currencies and statuses some item has (a withheld EUR budget leaves GBP's sum exact).
    """
    rows = list(totals)
    result: dict[str, dict[str, int]] = {}

    def add(currency: str, status: str, count: int) -> None:
        if count:
            counts = result.setdefault(currency, {})
            counts[status] = counts.get(status, 0) + count

    views = [r for r in rows if r["dimension"] == "view" and r["value"] in OPEN_VIEWS]
    for status in ("withheld", "not_known"):
        for row in views:
            add(row["currency"], status.replace("_", " "), int(row[f"authorised_budget_{status}"]))
    funded = {stage.value for stage in FUNDED}
    for row in rows:
        if row["dimension"] == "stage" and row["value"] in funded:
            given = sum(
                int(row[f"authorised_budget_{status}"])
                for status in ("known", "withheld", "not_known")
            )
            add(row["currency"], NO_BUDGET, int(row["items"]) - given)
    return dict(sorted(result.items()))


NO_BUDGET = "no budget on record"
"""An open item authorised to spend whose budget was never given: uncounted, as unknown."""
