"""An item's state flattened to the columns read models store.

Figures that may be withheld or not known are two columns: the amount
(NULL unless known) and its status (``known``, ``withheld``, ``not known``,
or NULL if never given), so totals add only what is known and can say how
many are missing.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict

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


def item_state(item: PortfolioItem) -> ItemState:
    """Flatten an item's state (a scratch copy's too: it keeps the version it was copied at)."""
    stage = item.stage._value_
    rag = item.rag
    left_reason = item.left_reason
    whole = item.whole_life_cost
    budget = item.authorised_budget
    forecast = item.forecast_cost
    estimate = item.estimated_cost
    # Figures inline (no call per figure: a replay flattens a state per event).
    return {
        "item_id": item.id.hex,
        "key": item.key,
        "kind": item.kind._value_,
        "title": item.title,
        "organisation": item.organisation,
        "stage": stage,
        "view": _VIEW_OF[stage],
        "owner": item.owner,
        "sponsor": item.sponsor,
        "category": item.category,
        "currency": item.currency,
        "priority_rank": item.rank,
        "estimated_cost": estimate.amount if isinstance(estimate, Money) else None,
        "whole_life_cost": whole.amount if isinstance(whole, Money) else None,
        "whole_life_cost_status": KNOWN if isinstance(whole, Money) else _UNSTATED[whole],
        "authorised_budget": budget.amount if isinstance(budget, Money) else None,
        "authorised_budget_status": KNOWN if isinstance(budget, Money) else _UNSTATED[budget],
        "forecast_cost": forecast.amount if isinstance(forecast, Money) else None,
        "forecast_cost_status": KNOWN if isinstance(forecast, Money) else _UNSTATED[forecast],
        "forecast_date": item.forecast_date,
        "rag": None if rag is None else rag._value_,
        "last_status_date": item.last_status_date,
        "open_escalations": len(item.open_escalations),
        "left_reason": None if left_reason is None else left_reason._value_,
        "merged_into": item.merged_into,
        "last_decision": item.last_decision,
        "last_decision_date": item.last_effective_date,
        "recorded_at": item.modified_on,
        "version": item.version,
    }


STATE_COLUMNS: tuple[str, ...] = tuple(ItemState.__annotations__)
"""The state's column names, in order."""
