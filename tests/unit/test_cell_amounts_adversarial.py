"""Money cells a real register holds, or a typo makes, read as written or refused.

Today's groupings (Swiss apostrophes, a dash for cents), signs of letters (kr, zł, Fr., R,
Rs.) and India's crores and lakhs, each tried with the inputs a second reader would: none is
read as another number than it writes.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from portfolio_ledger.returns.amounts import CellAmountError, cell_amount


@pytest.mark.parametrize(
    ("text", "currency"),
    [
        ("kr. 1.234", "DKK"),
        ("1.234 kr", "NOK"),
        ("1.234 zł", "PLN"),
        ("1.234 Kč", "CZK"),
        ("Rp 1.000", "IDR"),
        ("1.234 TL", "TRY"),
        ("1.234 Ft", "HUF"),
    ],
)
def test_a_point_before_three_digits_with_a_sign_of_a_point_grouping_country_is_refused(
    text: str, currency: str
) -> None:
    # 'kr. 1.234', as Denmark writes 1234 kroner, was read as 1.234 where the mapping's
    # decimal is a point: in a column of thousands, DKK 1,234 for DKK 1,234,000, unsaid
    # (before today's signs of letters such a cell was refused as writing 'kr').
    with pytest.raises(CellAmountError, match="may be a thousand times wrong") as refused:
        cell_amount(text, currency, 1_000)

    assert 'say decimal = "," in the mapping' in str(refused.value)


@pytest.mark.parametrize(
    ("text", "currency", "decimal", "read"),
    [
        ("1.234 kr", "SEK", ",", "1234"),  # under a decimal comma the point groups
        ("1.5 kr", "SEK", ".", "1.5"),  # a point before other than three digits is one
        ("12.50 zł", "PLN", ".", "12.50"),
        ("1,234.50 kr", "SEK", ".", "1234.50"),
        ("Fr. 1.234", "CHF", ".", "1.234"),  # Switzerland's decimal is a point
        ("Rs. 1.234", "INR", ".", "1.234"),
    ],
)
def test_a_point_otherwise_is_read_as_the_mapping_says(
    text: str, currency: str, decimal: str, read: str
) -> None:
    assert cell_amount(text, currency, 1, decimal) == (Decimal(read), 1)


@pytest.mark.parametrize(
    ("text", "currency", "decimal", "read", "multiplier"),
    [
        ("1'234.-", "CHF", ".", "1234", 1),
        ("CHF 1\u2019234\u2019567.50", "CHF", ".", "1234567.50", 1),
        ("1'234,50", "CHF", ",", "1234.50", 1),
        ("1.234,\u2014", "EUR", ",", "1234", 1),
        ("\u20ac 1.234,-", "EUR", ",", "1234", 1),
        ("kr 1.5m", "SEK", ".", "1.5", 1_000_000),
        ("12 m kr", "SEK", ".", "12", 1_000_000),
        ("12 lac", "INR", ".", "12", 100_000),
        ("Rs. 12 lakh", "INR", ".", "12", 100_000),
        ("R12", "ZAR", ".", "12", 1),
        ("Fr. 1.234,50", "CHF", ",", "1234.50", 1),
        # a cell's unit in the words a header names it by (read as no unit before)
        ("Rp 12 juta", "IDR", ".", "12", 1_000_000),
        ("1,5 miliar", "IDR", ",", "1.5", 1_000_000_000),
        ("12 tis.", "CZK", ".", "12", 1_000),
        ("12 mii lei", "RON", ".", "12", 1_000),
        ("12 milyon TL", "TRY", ".", "12", 1_000_000),
    ],
)
def test_a_register_s_amounts_are_read_as_written(
    text: str, currency: str, decimal: str, read: str, multiplier: int
) -> None:
    assert cell_amount(text, currency, 1, decimal) == (Decimal(read), multiplier)


@pytest.mark.parametrize(
    ("text", "currency", "decimal"),
    [
        *(("1'234'56", "CHF", "."), ("1'234.5'", "CHF", "."), ("12'5", "CHF", ".")),
        *(("'1234", "CHF", "."), ("1'234 567", "CHF", "."), ("1.234'567", "CHF", ".")),
        *(("1'234,567", "CHF", "."), ("1'234.-'", "CHF", ".")),
        *(("1.234,-5", "EUR", ","), ("1.234,\u2013-", "EUR", ","), ("1.234,---", "EUR", ",")),
        *(("-1.234,-", "EUR", ","), ("(1.234,-)", "EUR", ","), ("1,234.-", "EUR", ",")),
        *(("1.234,-", "EUR", "."), ("Fr. 1.234,50", "CHF", "."), ("1.5.-", "CHF", ".")),
        *(("1 234 kr 56", "SEK", ","), ("Rs. 5 lakh crore", "INR", ".")),
        *(("1.5 crore lakh", "INR", "."), ("Cr 12", "INR", "."), ("12 CR", "INR", ".")),
        *(("12 TL", "USD", "."), ("TL 12", "USD", "."), ("R&D 12", "ZAR", ".")),
        *(("R 12", "USD", "."), ("12 kr", "EUR", "."), ("12 mkr", "SEK", ".")),
        *(("12 Rs crore", "INR", "."), ("12\u5143", "JPY", ".")),
    ],
)
def test_a_typo_or_another_currency_s_sign_is_refused(
    text: str, currency: str, decimal: str
) -> None:
    with pytest.raises(CellAmountError):
        cell_amount(text, currency, 1, decimal)


@pytest.mark.parametrize("text", ["1,234.-", "1'234.-", "CHF 12.\u2013"])
def test_under_a_decimal_comma_a_dash_for_cents_after_a_point_is_said_to_be_one(text: str) -> None:
    # Refused before too, but as 'negative, its minus after it', which it is not: the
    # mapping's decimal = "," is what reads it wrong, and the refusal now says so.
    with pytest.raises(CellAmountError, match="dash after a decimal point") as refused:
        cell_amount(text, "CHF", 1, ",")

    said = str(refused.value)
    assert "negative" not in said
    assert 'read without decimal = "," in the mapping' in said
