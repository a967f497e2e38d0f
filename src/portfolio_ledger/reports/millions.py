"""Amounts in millions, as the pack's money charts draw them and their words say them."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

MILLION = Decimal(1_000_000)
TENTH = Decimal("0.1")


def millions(amounts: list[Decimal | None]) -> list[float | None]:
    """Each amount in millions, to draw (a float); None where no figure is known."""
    return [None if a is None else float(a / MILLION) for a in amounts]


def in_millions(amount: Decimal) -> str:
    """An amount in millions to one place, as words and labels say it: ``1,234.6``.

    Rounded half up from the amount itself: through a float, GBP 22,950,000 (22.949999...)
    was said 22.9.
    """
    return f"{(amount / MILLION).quantize(TENTH, ROUND_HALF_UP):,}"
