"""An item's state flattened to the columns read models store.

Figures that may be withheld or not known are two columns: the amount
(NULL unless known) and its status (``known``, ``withheld``, ``not known``,
or NULL if never given), so totals add only what is known and can say how
many are missing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict, cast

from portfolio_ledger.domain.caseless import fold
from portfolio_ledger.domain.figures import Unstated
from portfolio_ledger.domain.lifecycle import Stage
from portfolio_ledger.domain.money import Money

if TYPE_CHECKING:
    from portfolio_ledger.domain.item import PortfolioItem

FIGURES = ("whole_life_cost", "authorised_budget", "forecast_cost")
"""The item's figures that may be withheld or not known (each has a ``_status`` column)."""
KNOWN = "known"


class ItemState(TypedDict):
    """The columns of an item's state, as ``portfolio_items`` and ``item_timeline`` store them."""

    item_id: str
    key: str
    kind: str
    title: str
    organisation: str | None
    stage: str
    view: str
    owner: str
    sponsor: str
    category: str
    objectives: tuple[str, ...]
    currency: str
    priority_rank: int | None
    estimated_cost: Decimal | None
    whole_life_cost: Decimal | None
    whole_life_cost_status: str | None
    authorised_budget: Decimal | None
    authorised_budget_status: str | None
    forecast_cost: Decimal | None
    forecast_cost_status: str | None
    forecast_date: date | None
    forecast_cost_reported_on: date | None
    forecast_date_reported_on: date | None
    whole_life_cost_reported_on: date | None
    rag: str | None
    last_status_date: date | None
    open_escalations: int
    left_reason: str | None
    merged_into: str | None
    last_decision: str
    last_decision_date: date
    recorded_at: datetime
    version: int


# Enum members' values are read as ``_value_``, the attribute ``.value`` returns: ``.value``
# goes through a descriptor in Python, and a replay reads six per event.
_VIEW_OF = {stage._value_: stage.view._value_ for stage in Stage}
_UNSTATED: dict[Unstated | None, str | None] = {None: None} | {u: u._value_ for u in Unstated}
"""The status of a figure that is not money: none given, or why it is not."""


def one_each(objectives: tuple[str, ...]) -> tuple[str, ...]:
    """The objectives an item serves, each name once, as first given, in the item's order.

    An item may be given a name twice, or in two spellings (``Net zero``, ``net
    zero``: one name, ``domain/caseless.py``); it serves it once, and economics
    counts it once in that objective's row.
    """
    if len(objectives) < 2:  # one name is itself (as a tuple: events read back give lists)
        return tuple(objectives)
    first: dict[str, str] = {}
    for name in objectives:
        first.setdefault(fold(name), name)
    return tuple(first.values())


def _figure(name: str) -> tuple[tuple[str, str, str], tuple[str, str, str]]:
    """A figure's two columns: its amount if it is money, and its status."""
    value = f"(v := item.{name})"
    return (
        (name, f"v.amount if isinstance({value}, Money) else None", name),
        (f"{name}_status", f"KNOWN if isinstance({value}, Money) else UNSTATED[v]", name),
    )


_COLUMNS: tuple[tuple[str, str, str], ...] = (
    # (column, its value as an expression of the item, the item's attribute it reads)
    ("item_id", "item.id.hex", "id"),
    ("key", "item.key", "key"),
    ("kind", "item.kind._value_", "kind"),
    ("title", "item.title", "title"),
    ("organisation", "item.organisation", "organisation"),
    ("stage", "item.stage._value_", "stage"),
    ("view", "VIEW_OF[item.stage._value_]", "stage"),
    ("owner", "item.owner", "owner"),
    ("sponsor", "item.sponsor", "sponsor"),
    ("category", "item.category", "category"),
    ("objectives", "one_each(item.objectives)", "objectives"),
    ("currency", "item.currency", "currency"),
    ("priority_rank", "item.rank", "rank"),
    (
        "estimated_cost",
        "v.amount if isinstance(v := item.estimated_cost, Money) else None",
        "estimated_cost",
    ),
    *_figure("whole_life_cost"),
    *_figure("authorised_budget"),
    *_figure("forecast_cost"),
    ("forecast_date", "item.forecast_date", "forecast_date"),
    ("forecast_cost_reported_on", "item.forecast_cost_reported_on", "forecast_cost_reported_on"),
    ("forecast_date_reported_on", "item.forecast_date_reported_on", "forecast_date_reported_on"),
    (
        "whole_life_cost_reported_on",
        "item.whole_life_cost_reported_on",
        "whole_life_cost_reported_on",
    ),
    ("rag", "None if (v := item.rag) is None else v._value_", "rag"),
    ("last_status_date", "item.last_status_date", "last_status_date"),
    ("open_escalations", "len(item.open_escalations)", "open_escalations"),
    ("left_reason", "None if (v := item.left_reason) is None else v._value_", "left_reason"),
    ("merged_into", "item.merged_into", "merged_into"),
    ("last_decision", "item.last_decision", "last_decision"),
    ("last_decision_date", "item.last_effective_date", "last_effective_date"),
    ("recorded_at", "item.modified_on", "modified_on"),
    ("version", "item.version", "version"),
)
"""Each column of an item's state, and how it is read from the item.

:func:`item_state` and :func:`state_after` are written from this one table,
so a state moved on from the one before has each column it recomputes
exactly as a whole state has it.
"""
_SCOPE = {
    "one_each": one_each,
    "Money": Money,
    "KNOWN": KNOWN,
    "UNSTATED": _UNSTATED,
    "VIEW_OF": _VIEW_OF,
}
EVERY_EVENT = frozenset({"last_decision", "last_effective_date", "modified_on", "version"})
"""What every decision folded in changes (``DecidedAggregate._fold_in``, the library's
``mutate``)."""


def _written(name: str, lines: list[str]) -> Callable[..., ItemState]:
    scope = dict(_SCOPE)
    exec("\n".join(lines), scope)  # noqa: S102 - our own text, from _COLUMNS
    made: Callable[..., ItemState] = cast(Callable[..., ItemState], scope[name])
    return made


item_state: Callable[[PortfolioItem], ItemState] = _written(
    "item_state",
    [
        "def item_state(item):",
        "    return {",
        *(f"        {column!r}: {value}," for column, value, _ in _COLUMNS),
        "    }",
    ],
)
item_state.__doc__ = """Flatten an item's state (a scratch copy's too: it keeps the version it was
copied at). Each figure inline, no call per column: a replay flattens a state per event."""


def state_after(
    changes: frozenset[str],
) -> Callable[[ItemState, PortfolioItem, int, datetime], ItemState]:
    """How a state is moved on by a decision that changes only the item's ``changes``.

    ``after(previous, item, version, recorded_at)``: a copy of ``previous``
    (the item's state just before the decision) with each column that reads
    one of ``changes``, or what every decision changes, read again from the
    item (as :func:`item_state` reads it), but its version and recorded time
    as given (the decision's, which the replay gives every state it adds). The
    rest stay as they were.
    """
    changed = changes | EVERY_EVENT
    given = {"version": "version", "modified_on": "recorded_at"}
    return _written(
        "after",
        [
            "def after(previous, item, version, recorded_at):",
            "    state = previous.copy()",
            *(
                f"    state[{column!r}] = {given.get(reads, value)}"
                for column, value, reads in _COLUMNS
                if reads in changed
            ),
            "    return state",
        ],
    )


STATE_COLUMNS: tuple[str, ...] = tuple(ItemState.__annotations__)
"""The state's column names, in order."""
