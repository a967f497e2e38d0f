"""Amounts rounded to the penny, where the one who gives them asks for it: exactly, and said.

An amount finer than the penny is refused by default (``money.check_amount``): nothing is
guessed. A return's mapping may ask that its amounts be rounded (``round_amounts``), as a
PPM tool's export computes costs to six places (rate times hours). The ledger keeps every
currency to two decimal places (it knows no currency's own minor unit: a yen amount may
have cents, a dinar's third place of fils is refused), so an amount is rounded to two.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

from portfolio_ledger.domain.money import EXACT, MAX_DECIMAL_PLACES, MAX_WHOLE_DIGITS

ROUNDINGS = {"half-up": ROUND_HALF_UP, "half-even": ROUND_HALF_EVEN}
"""How an amount may be rounded to the penny: half-up, as an accountant and a spreadsheet's
ROUND do (0.125 to 0.13), or half-even, as a bank does (0.125 to 0.12, 0.135 to 0.14: over
many amounts, no drift upward). An amount is zero or more, so half-up is half away from zero."""
PENNY = Decimal(1).scaleb(-MAX_DECIMAL_PLACES)
"""The smallest amount the ledger keeps: 0.01 of any currency."""


@dataclass(frozen=True)
class Rounded:
    """An amount rounded to the penny: as given, and as recorded."""

    given: Decimal
    recorded: Decimal

    @property
    def difference(self) -> Decimal:
        """How far the amount recorded is from the one given (less than a penny), exactly."""
        return EXACT.abs(EXACT.subtract(self.given, self.recorded)).normalize(EXACT)

    def said(self, currency: str) -> str:
        """``GBP 1,234.567890 rounded to the penny: GBP 1,234.57``: where the figure came from."""
        given = f"{self.given:,f}"
        given = given if len(given) <= 60 else f"{given[:57]}..."
        return f"{currency} {given} rounded to the penny: {currency} {self.recorded:,f}"


def to_the_penny(amount: Decimal, rounding: str | None) -> Rounded | None:
    """``amount`` rounded to the penny by ``rounding`` (one of ROUNDINGS), exactly; or None.

    None where no rounding is asked for, where there is nothing to round (a whole penny
    already) or nothing that rounding makes an amount (not finite, negative, or beyond twelve
    digits): left as it is, it is refused for what it is.
    """
    if rounding is None or not amount.is_finite() or amount.is_signed():
        return None
    if amount.adjusted() >= MAX_WHOLE_DIGITS:
        return None
    recorded = amount.quantize(PENNY, rounding=ROUNDINGS[rounding], context=EXACT)
    if recorded == amount:
        return None
    return Rounded(amount, recorded)
