"""An amount rounded to the penny agrees with Decimal.quantize, and with rounding done by hand.

``to_the_penny`` rounds as a return's mapping's ``round_amounts`` says (half-up, half-even):
exactly, in Decimal, at any number of places; the amount it gives is one the ledger keeps.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portfolio_ledger.domain.money import check_amount
from portfolio_ledger.domain.rounding import ROUNDINGS, to_the_penny

AMOUNTS = st.builds(
    lambda digits, places: Decimal(digits).scaleb(-places),
    st.integers(min_value=0, max_value=10**30 - 1),
    st.integers(min_value=0, max_value=18),
).filter(lambda amount: amount.adjusted() < 12)
"""Amounts of zero or more, under twelve whole digits, to as many as 18 places."""


def _by_hand(amount: Decimal, rounding: str) -> Decimal:
    """Rounded in whole hundredths with integers alone: the rule as a schoolbook says it."""
    hundredths = amount.scaleb(2)
    whole = int(hundredths)  # down, an amount being zero or more
    rest = hundredths - whole
    up = rest > Decimal("0.5") or (
        rest == Decimal("0.5") and (rounding == "half-up" or whole % 2 == 1)
    )
    return Decimal(whole + up).scaleb(-2)


@given(AMOUNTS, st.sampled_from(sorted(ROUNDINGS)))
def test_rounding_agrees_with_decimal_quantize_and_by_hand(amount: Decimal, rounding: str) -> None:
    rounded = to_the_penny(amount, rounding)
    mode = {"half-up": ROUND_HALF_UP, "half-even": ROUND_HALF_EVEN}[rounding]
    quantized = amount.quantize(Decimal("0.01"), rounding=mode)

    if quantized == amount:
        assert rounded is None  # a whole penny already: nothing rounded, nothing said
        return
    assert rounded is not None
    assert rounded.given == amount
    assert rounded.recorded == quantized == _by_hand(amount, rounding)
    assert Decimal(0) < rounded.difference <= Decimal("0.005")
    assert check_amount(rounded.recorded) == rounded.recorded


@pytest.mark.parametrize(
    ("amount", "half_up", "half_even"),
    [
        ("0.125", "0.13", "0.12"),
        ("0.135", "0.14", "0.14"),
        ("910250.265000", "910250.27", "910250.26"),
        ("1234567.512345", "1234567.51", "1234567.51"),
        ("0.004999", "0.00", "0.00"),
        # 30 places: beyond the default context's 28 digits, which would round it first
        ("0.005000000000000000000000000001", "0.01", "0.01"),
    ],
)
def test_a_half_penny_goes_up_or_to_the_even_one(amount: str, half_up: str, half_even: str) -> None:
    for rounding, expected in (("half-up", half_up), ("half-even", half_even)):
        rounded = to_the_penny(Decimal(amount), rounding)
        assert rounded is not None
        assert str(rounded.recorded) == expected


@pytest.mark.parametrize("amount", ["-0.125", "1000000000000.125", "Infinity", "NaN", "12.50"])
def test_nothing_rounding_cannot_make_an_amount_of_is_rounded(amount: str) -> None:
    """Negative, beyond twelve digits, not a number, or a whole penny: left, for its refusal."""
    assert to_the_penny(Decimal(amount), "half-up") is None
    assert to_the_penny(Decimal("0.125"), None) is None  # no rounding asked for
