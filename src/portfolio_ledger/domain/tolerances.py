"""Tolerances: how far an item's forecast may drift before it becomes an exception.

The body that approved an item sets them (PRINCE2's management by
exception): a cost tolerance, as a percentage of the authorised budget or an
amount above it, and a time tolerance, as days after a planned finish date
or a percentage of the time from the day the tolerance was set to that date.
A status report whose forecast goes beyond one is a breach, escalated to the
body that set it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal
from enum import Enum

from portfolio_ledger.domain.errors import InvalidDecision
from portfolio_ledger.domain.money import Money, format_amount, within_limit

TOLERANCE_BEYOND_LIMIT = "tolerance beyond limit"
"""The kind of finding: a cost tolerance whose ceiling is past its setter's limit."""
MAX_PERCENT = Decimal(100)
MAX_DAYS = 3650
CENT = Decimal("0.01")


class ToleranceDimension(Enum):
    """What a tolerance bounds."""

    __hash__ = object.__hash__  # in C, as a Vocabulary's: a status report looks up each

    COST = "cost"
    TIME = "time"


def _check_percent(percent: Decimal) -> None:
    if not percent.is_finite() or not 0 <= percent <= MAX_PERCENT:
        raise InvalidDecision(f"a tolerance of {percent}% is not between 0% and {MAX_PERCENT}%")
    if percent != percent.quantize(CENT):
        raise InvalidDecision(f"a tolerance of {percent}% has more than 2 decimal places")


def _percent(percent: Decimal) -> str:
    return f"{format_amount(percent)}%"


@dataclass(frozen=True, slots=True)
class CostTolerance:
    """How far the forecast cost may exceed the authorised budget: a percentage or an amount."""

    percent: Decimal | None = None
    amount: Money | None = None

    def __post_init__(self) -> None:
        if (self.percent is None) == (self.amount is None):
            raise InvalidDecision("a cost tolerance is a percentage or an amount, not both")
        if self.percent is not None:
            _check_percent(self.percent)

    def ceiling(self, budget: Money) -> Decimal:
        """The highest forecast within tolerance, for this budget."""
        if self.amount is not None:
            return budget.amount + self.amount.amount
        assert self.percent is not None
        allowance = budget.amount * self.percent / 100
        return (budget.amount + allowance).quantize(CENT, rounding=ROUND_DOWN)

    def describe(self) -> str:
        """``10% over budget`` or ``GBP 100,000 over budget``."""
        over = _percent(self.percent) if self.percent is not None else str(self.amount)
        return f"{over} over budget"


@dataclass(frozen=True, slots=True)
class TimeTolerance:
    """How late the forecast finish may be: days, or a percentage of the time to the plan."""

    planned_finish: date
    percent: Decimal | None = None
    days: int | None = None

    def __post_init__(self) -> None:
        if (self.percent is None) == (self.days is None):
            raise InvalidDecision("a time tolerance is a percentage or a number of days, not both")
        if self.percent is not None:
            _check_percent(self.percent)
        if self.days is not None and not 0 <= self.days <= MAX_DAYS:
            raise InvalidDecision(f"a time tolerance must be from 0 to {MAX_DAYS} days")

    def latest(self, set_on: date) -> date:
        """The latest forecast finish within tolerance (the tolerance was set on ``set_on``).

        A tolerance reaching past the end of the calendar reaches its last day.
        """
        if self.days is not None:
            allowance = self.days
        else:
            assert self.percent is not None
            span = max((self.planned_finish - set_on).days, 0)
            allowance = math.floor(span * self.percent / 100)  # whole days within it
        try:
            return self.planned_finish + timedelta(days=allowance)
        except OverflowError:
            return date.max

    def describe(self) -> str:
        """``30 days after 2027-03-31`` or ``10% of the time to 2027-03-31``."""
        finish = self.planned_finish.isoformat()
        if self.days is not None:
            return f"{self.days} days after {finish}"
        assert self.percent is not None
        return f"{_percent(self.percent)} of the time to {finish}"


@dataclass(frozen=True, slots=True)
class Tolerances:
    """The tolerances an item carries, who set them (the body breaches go to), and when."""

    cost: CostTolerance | None
    time: TimeTolerance | None
    set_by: str
    set_on: date


@dataclass(frozen=True, slots=True)
class Breach:
    """A forecast beyond a tolerance: the dimension, the forecast, and the bound it passed."""

    dimension: ToleranceDimension
    forecast_cost: Money | None
    ceiling: Money | None
    forecast_date: date | None
    latest_date: date | None
    tolerance: str

    def describe(self) -> str:
        """``forecast cost GBP 1,400,000 exceeds GBP 1,320,000 (cost tolerance: ...)``."""
        return describe_breach(
            self.dimension,
            self.forecast_cost,
            self.ceiling,
            self.forecast_date,
            self.latest_date,
            self.tolerance,
        )


def describe_breach(  # noqa: PLR0917 - the fields of a breach, in the order events keep them
    dimension: ToleranceDimension,
    forecast_cost: Money | None,
    ceiling: Money | None,
    forecast_date: date | None,
    latest_date: date | None,
    tolerance: str,
) -> str:
    """A breach in words: the forecast, the bound it passed, and the tolerance."""
    if dimension is ToleranceDimension.COST:
        return f"forecast cost {forecast_cost} exceeds {ceiling} (cost tolerance: {tolerance})"
    finish = forecast_date.isoformat() if forecast_date else "-"
    latest = latest_date.isoformat() if latest_date else "-"
    return f"forecast finish {finish} is after {latest} (time tolerance: {tolerance})"


def breaches(
    tolerances: Tolerances | None,
    budget: Money | None,
    forecast_cost: Money | None,
    forecast_date: date | None,
) -> list[Breach]:
    """The tolerances a status report's forecast goes beyond (only what it forecasts is checked)."""
    if tolerances is None:
        return []
    found = []
    cost = tolerances.cost
    if cost is not None and budget is not None and forecast_cost is not None:
        ceiling = cost.ceiling(budget)
        if forecast_cost.amount > ceiling:
            found.append(
                Breach(
                    ToleranceDimension.COST,
                    forecast_cost,
                    Money(amount=ceiling, currency=budget.currency),
                    None,
                    None,
                    cost.describe(),
                )
            )
    time = tolerances.time
    if time is not None and forecast_date is not None:
        latest = time.latest(tolerances.set_on)
        if forecast_date > latest:
            found.append(
                Breach(ToleranceDimension.TIME, None, None, forecast_date, latest, time.describe())
            )
    return found


def beyond_limit(key: str, cost: CostTolerance, budget: Money, limit: Money | None) -> str | None:
    """Why a cost tolerance on ``key`` reaches past the setter's ``limit`` (None: it does not).

    ``budget``: the item's authorised budget when the tolerance was set. The ledger holds a
    tolerance to no limit, as it authorises no amount; its ceiling, the forecast that raises
    an exception, is what an auditor compares with the limit (another currency is not within).
    A tolerance of nothing (0%, or no amount) reaches no further than the budget, which
    whoever approved it authorised: not flagged where the limit was lowered below it since.
    """
    ceiling = Money(amount=cost.ceiling(budget), currency=budget.currency)
    if limit is None or ceiling.amount <= budget.amount or within_limit(limit, ceiling):
        return None
    past = (
        f"beyond the limit that applied ({limit}): a forecast past that limit"
        if limit.currency == ceiling.currency
        else f"and the limit that applied ({limit}) is in {limit.currency}, which the ledger "
        f"does not convert: a forecast in {ceiling.currency}"
    )
    return (
        f"its cost tolerance ({cost.describe()}) lets the forecast cost of {key} reach "
        f"{ceiling} (its budget then, {budget}, and the tolerance) before an exception is "
        f"raised, {past} would reach no authority able to approve it; check the tolerance "
        f"was meant, or have an authority whose limit covers {ceiling} set it"
    )
