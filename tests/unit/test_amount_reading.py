"""An amount of plain digits, taken as written, reads as ``parse_amount`` reads it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from portfolio_ledger.application.commands.fields import Amount, read_amount
from portfolio_ledger.application.field_wording import worded_as
from portfolio_ledger.domain.money import MoneyError, parse_amount


def _parsed(value: Any) -> Amount:
    """read_amount as it was: every amount through parse_amount, a number's exponent in full."""
    if isinstance(value, Amount):
        return value
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise ValueError(  # noqa: TRY004 - as read_amount raises it
            'must be an amount, as text ("1200000", "GBP 1,200,000", "1.2m") or a JSON '
            f"number (1200000), not {worded_as(value)}"
        )
    written = format(value, "f") if type(value) is Decimal else str(value)
    try:
        parsed, currency = parse_amount(written)
    except MoneyError as error:
        raise ValueError(str(error)) from None
    return Amount(parsed, currency)


def _outcome(read: Any, value: Any) -> tuple[str, str]:
    try:
        amount = read(value)
    except Exception as error:  # noqa: BLE001 - the refusal is what is compared
        return type(error).__name__, str(error)
    # The exponent too: Decimal("1E+2") == Decimal("100"), but they are written differently.
    return "read", f"{amount!r} {amount.value.as_tuple()}"


digits = st.text(st.sampled_from("0123456789"), max_size=15)
near_digits = st.text(st.sampled_from("0123456789٣²¹ ,._-+kmGBP\t\n\u00a0"), max_size=15)
values = digits | near_digits | st.text(max_size=14) | st.integers() | st.decimals(allow_nan=True)


@given(values)
def test_an_amount_reads_as_parse_amount_reads_it(value: Any) -> None:
    assert _outcome(read_amount, value) == _outcome(_parsed, value)


def test_the_longest_plain_amount_and_one_digit_more() -> None:
    assert read_amount("999999999999") == Amount(Decimal(999_999_999_999))
    assert read_amount("000000000007").value.as_tuple() == Decimal(7).as_tuple()
    for value in ("1000000000000", "0000000000000", "", "٣", "²"):
        assert _outcome(read_amount, value) == _outcome(_parsed, value)
