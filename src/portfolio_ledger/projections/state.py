"""An item's state flattened to the columns read models store."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypedDict

from portfolio_ledger.domain.item import PortfolioItem
from portfolio_ledger.domain.money import Money


class ItemState(TypedDict):
    """The columns of an item's state, as ``portfolio_items`` and ``item_versions`` store them."""

    item_id: str
    key: str
    kind: str
    title: str
    stage: str
    view: str
    owner: str
    sponsor: str
    category: str
    currency: str
    priority_rank: int | None
    estimated_cost: Decimal | None
    authorised_budget: Decimal | None
    forecast_cost: Decimal | None
    rag: str | None
    open_escalations: int
    last_decision: str
    last_decision_date: date
    recorded_at: datetime
    version: int


def _amount(money: Money | None) -> Decimal | None:
    return None if money is None else money.amount


def item_state(item: PortfolioItem) -> ItemState:
    """Flatten an item's current state."""
    return ItemState(
        item_id=item.id.hex,
        key=item.key,
        kind=item.kind.value,
        title=item.title,
        stage=item.stage.value,
        view=item.stage.view.value,
        owner=item.owner,
        sponsor=item.sponsor,
        category=item.category,
        currency=item.currency,
        priority_rank=item.rank,
        estimated_cost=_amount(item.estimated_cost),
        authorised_budget=_amount(item.authorised_budget),
        forecast_cost=_amount(item.forecast_cost),
        rag=item.rag.value if item.rag else None,
        open_escalations=len(item.open_escalations),
        last_decision=item.last_decision,
        last_decision_date=item.last_effective_date,
        recorded_at=item.modified_on,
        version=item.version,
    )


STATE_COLUMNS: tuple[str, ...] = tuple(ItemState.__annotations__)
"""The state's column names, in order."""


def rows_as_states(result: Any) -> list[ItemState]:
    """Every row of a query of the state columns, as states: fetched at once, not row by row."""
    keys = tuple(result.keys())
    return [dict(zip(keys, row, strict=True)) for row in result.all()]  # type: ignore[misc]
