"""An item's state, flattened: each figure as its amount (if known) and its status."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime
from decimal import Decimal
from types import SimpleNamespace
from typing import Any, cast
from uuid import uuid4

import pytest

from portfolio_ledger.domain.figures import Unstated
from portfolio_ledger.domain.lifecycle import Kind, Stage
from portfolio_ledger.domain.money import Money
from portfolio_ledger.projections.state import STATE_COLUMNS, item_state

MONEY = Money.as_recorded(Decimal("2405000.50"), "GBP")
FIGURES = [None, MONEY, Unstated.WITHHELD, Unstated.NOT_KNOWN]
EXPECTED = {  # a figure: (its amount column, its status column)
    None: (None, None),
    MONEY: (Decimal("2405000.50"), "known"),
    Unstated.WITHHELD: (None, "withheld"),
    Unstated.NOT_KNOWN: (None, "not known"),
}


def an_item(**figures: Any) -> Any:
    return SimpleNamespace(
        id=uuid4(),
        key="PRJ-001",
        kind=Kind.PROJECT,
        title="A project",
        organisation=None,
        stage=Stage.APPROVED,
        owner="Owner",
        sponsor="Sponsor",
        category="Data",
        objectives=("Net zero", "Digital", "net zero "),
        currency="GBP",
        rank=None,
        forecast_date=None,
        forecast_cost_reported_on=None,
        forecast_date_reported_on=None,
        whole_life_cost_reported_on=None,
        rag=None,
        last_status_date=None,
        open_escalations=[],
        left_reason=None,
        merged_into=None,
        last_decision="approved",
        last_effective_date=date(2025, 7, 8),
        modified_on=datetime(2026, 1, 2, tzinfo=UTC),
        version=3,
        **figures,
    )


@pytest.mark.parametrize(
    ("whole_life", "authorised", "forecast"), list(itertools.product(FIGURES, repeat=3))
)
def test_each_figure_is_its_amount_if_known_and_its_status(
    whole_life: Any, authorised: Any, forecast: Any
) -> None:
    item = an_item(
        estimated_cost=MONEY,
        whole_life_cost=whole_life,
        authorised_budget=authorised,
        forecast_cost=forecast,
    )

    state = item_state(cast(Any, item))

    assert tuple(state) == STATE_COLUMNS
    assert state["estimated_cost"] == Decimal("2405000.50")
    for name, figure in (
        ("whole_life_cost", whole_life),
        ("authorised_budget", authorised),
        ("forecast_cost", forecast),
    ):
        assert (state[name], state[f"{name}_status"]) == EXPECTED[figure]  # type: ignore[literal-required]


def test_each_objective_is_held_once_as_first_given_in_the_items_order() -> None:
    item = an_item(
        estimated_cost=None, whole_life_cost=None, authorised_budget=None, forecast_cost=None
    )
    # 'net zero ' is 'Net zero' again (in another case, with a space): the item serves it once.
    assert item_state(cast(Any, item))["objectives"] == ("Net zero", "Digital")
    item.objectives = ()
    assert item_state(cast(Any, item))["objectives"] == ()


def test_an_item_with_no_estimate_has_none() -> None:
    item = an_item(
        estimated_cost=None, whole_life_cost=None, authorised_budget=None, forecast_cost=None
    )
    state = item_state(cast(Any, item))
    assert state["estimated_cost"] is None
    assert state["view"] == Stage.APPROVED.view.value
