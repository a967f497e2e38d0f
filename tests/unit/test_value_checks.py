"""The cheaper checks of amounts and decision texts refuse exactly what the earlier ones did."""

from __future__ import annotations

import sys
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portfolio_ledger.domain.decision import Decision
from portfolio_ledger.domain.errors import InvalidDecision
from portfolio_ledger.domain.money import (
    EXACT,
    MAX_DECIMAL_PLACES,
    MAX_WHOLE_DIGITS,
    MoneyError,
    check_amount,
)


def _earlier_check_amount(amount: Decimal) -> Decimal:
    """``check_amount`` as it was written before (by ``as_tuple``).

    But normalised exactly, and a long amount said by its start, as ``check_amount`` came
    to (b32c28f8): normalised in the default context's 28 digits, 1.99...9 (30 nines) was
    read as 2, and an amount of 30 decimal places passed, in this form as in that.
    """
    if not amount.is_finite():
        raise MoneyError(f"{amount} is not a finite amount")
    if amount < 0:
        raise MoneyError(f"{amount} is negative; amounts of money are zero or more")
    _sign, digits, exponent = amount.normalize(EXACT).as_tuple()
    assert isinstance(exponent, int)
    if exponent < -MAX_DECIMAL_PLACES:
        written = str(amount) if len(str(amount)) <= 40 else f"{str(amount)[:37]}..."
        raise MoneyError(f"{written} has more than {MAX_DECIMAL_PLACES} decimal places")
    if len(digits) + exponent > MAX_WHOLE_DIGITS:
        raise MoneyError(f"{amount} is larger than {MAX_WHOLE_DIGITS} digits allow")
    return amount


def _outcome(check: object, amount: Decimal) -> object:
    try:
        return check(amount)  # type: ignore[operator]
    except (MoneyError, ArithmeticError) as error:
        return (type(error), str(error))


amounts = (
    st.decimals()
    | st.decimals(places=2, min_value=0, max_value=10**13)
    | st.builds(
        lambda digits, exponent: Decimal(f"{digits}E{exponent}"),
        st.integers(min_value=0, max_value=10**40),
        st.integers(min_value=-60, max_value=60),
    )
)


@given(amounts)
def test_amounts_are_checked_as_before(amount: Decimal) -> None:
    assert _outcome(check_amount, amount) == _outcome(_earlier_check_amount, amount)


@pytest.mark.parametrize(
    "text",
    ["0", "0.00", "0E+9", "0E-9", "1.5", "1.50", "1.505", "999999999999", "1000000000000",
     "999999999999.99", "1E+11", "1E+12", "120E-3", "1.2E+6", "-0", "-0.00", "NaN", "Infinity",
     "38158027352834678027602088.857", "1." + "9" * 30, "1." + "0" * 40],
)  # fmt: skip
def test_amounts_at_the_edges_are_checked_as_before(text: str) -> None:
    amount = Decimal(text)
    assert _outcome(check_amount, amount) == _outcome(_earlier_check_amount, amount)


def test_blank_is_what_strip_left_empty_for_every_character() -> None:
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert (not char.strip()) == char.isspace(), hex(code)


@given(st.text(alphabet=st.sampled_from(" \t\n\u00a0\u2028\u3000x\x1c\x85"), max_size=6))
def test_a_decision_refuses_blank_texts_as_before(text: str) -> None:
    refused = not text.strip()
    for field in ("actor", "role", "rationale", "authority"):
        fields: dict[str, Any] = {"actor": "a", "role": "r", "rationale": "why", field: text}
        if refused:
            with pytest.raises(
                InvalidDecision, match=f"^{field} is required and must not be blank$"
            ):
                Decision(effective_date=date(2026, 1, 1), **fields)
        else:
            assert Decision(effective_date=date(2026, 1, 1), **fields).actor == fields["actor"]
