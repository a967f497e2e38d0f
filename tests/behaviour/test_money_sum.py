"""money_sum: a total of money exact to the cent on both databases, however large.

On SQLite the cents were summed in one integer and divided as a double: past
2**53 cents a total lost cents (a wrong figure), past 2**63 cents SQLite stopped
with "integer overflow" (a traceback). Totals at a moment (economics --as-of,
the board pack's commitments) are such sums.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal

import pytest
from sqlalchemy import Column, Engine, Integer, MetaData, Table, create_engine, func, select

from portfolio_ledger.projections.columns import MoneyAmount, money_sum
from portfolio_ledger.storage.urls import normalise_url

LARGEST = Decimal("999999999999.99")
"""The largest amount a decision takes: twelve digits before the point."""


@pytest.fixture
def amounts(db_url: str) -> Iterator[tuple[Engine, Table]]:
    engine = create_engine(normalise_url(db_url))
    table = Table("amounts", MetaData(), Column("id", Integer, primary_key=True),
                  Column("amount", MoneyAmount()))  # fmt: skip
    table.create(engine)
    try:
        yield engine, table
    finally:
        engine.dispose()


def _total(engine: Engine, table: Table, amounts: Sequence[Decimal | None]) -> Decimal:
    with engine.begin() as connection:
        connection.execute(table.insert(), [{"amount": amount} for amount in amounts])
        total = connection.execute(select(func.coalesce(money_sum(table.c.amount), 0))).scalar_one()
    assert isinstance(total, Decimal)
    return total


def test_a_total_past_2_to_the_63_cents_is_exact(amounts: tuple[Engine, Table]) -> None:
    many = 92_300  # x 99,999,999,999,999 cents > 2**63 - 1 = 9,223,372,036,854,775,807
    assert many * LARGEST * 100 > 2**63

    total = _total(*amounts, [LARGEST] * many + [Decimal("0.01")])

    assert total == many * LARGEST + Decimal("0.01")


def test_a_total_past_2_to_the_53_cents_keeps_its_cents(amounts: tuple[Engine, Table]) -> None:
    values = [LARGEST] * 100 + [Decimal("0.03"), None]
    assert 100 * LARGEST * 100 > 2**53

    total = _total(*amounts, values)

    assert total == Decimal("99999999999999.03")
    assert str(total) == "99999999999999.03"


def test_no_amount_at_all_totals_zero(amounts: tuple[Engine, Table]) -> None:
    assert _total(*amounts, [None, None]) == 0
