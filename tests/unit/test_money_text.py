"""Amounts written as text: a comma groups digits (in thousands, or as India groups them), never
separates decimals."""

from __future__ import annotations

from decimal import Decimal

import pytest

from portfolio_ledger.domain.money import MoneyError, parse_amount


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1,200,000", Decimal(1200000)),
        ("1,200,000.50", Decimal("1200000.50")),
        ("GBP 1,200", Decimal(1200)),
        ("999,999.9", Decimal("999999.9")),
        ("1_000", Decimal(1000)),
        ("1200000", Decimal(1200000)),
        ("12,34,567", Decimal(1234567)),  # India's grouping: lakh and crore
        ("1,00,000", Decimal(100000)),
        ("INR 1,20,00,000.50", Decimal("12000000.50")),
    ],
)
def test_commas_between_groups_of_digits_group_them(text: str, amount: Decimal) -> None:
    assert parse_amount(text)[0] == amount


@pytest.mark.parametrize(
    "text",
    [
        "1,5",
        "1234,56",
        "EUR 1,25",
        "1,000,",
        ",5",
        "1,00",
        "12,3,456",
        "1,0000",
        "0,500",
        "0,50,000",
    ],
)
def test_a_comma_that_does_not_group_digits_is_refused_not_dropped(text: str) -> None:
    # '1,5' (a decimal comma: one and a half) was read as 15, '1234,56' as 123,456;
    # '0,500' (a half, to three places) as 500: no one groups the digits of a leading 0.
    with pytest.raises(MoneyError, match=r"a comma groups digits .* write the decimal"):
        parse_amount(text, units=False)


@pytest.mark.parametrize(
    "text", ["1_5", "1__000", "1_00", "GBP 1_5", "_1000", "1,000_000", "1_0.5"]
)
def test_an_underscore_that_groups_no_thousands_is_refused_not_dropped(text: str) -> None:
    """'1_5' was read as 15 and '1__0' as 10: the underscore was dropped wherever it stood."""
    with pytest.raises(MoneyError, match="an underscore groups digits in thousands"):
        parse_amount(text)


@pytest.mark.parametrize(
    ("text", "amount"), [("1_000_000", Decimal(1000000)), ("GBP 12_500.50", Decimal("12500.50"))]
)
def test_underscores_between_thousands_group_them(text: str, amount: Decimal) -> None:
    assert parse_amount(text)[0] == amount


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("1.234567891m", "'1.234567891m' is 1234567.891, which has more than 2 decimal places"),
        ("5000bn", "'5000bn' is 5000000000000, which is larger than 12 digits allow"),
    ],
)
def test_an_amount_a_unit_makes_too_precise_or_large_says_what_it_made(
    text: str, said: str
) -> None:
    """The refusal showed '1234567.891000000 has more...', an amount nobody wrote."""
    with pytest.raises(MoneyError) as refused:
        parse_amount(text)
    assert str(refused.value) == said
