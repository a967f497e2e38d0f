"""Figures that may be known, or plainly not: money, or withheld, or not known.

A portfolio's figures are often not published (GMPP withholds some costs) or
not yet known. Those are values in their own right: a status report may say
a forecast is now withheld, and from then on the item shows "withheld",
never the last figure it had. Totals count only known figures, and say how
many are missing.
"""

from __future__ import annotations

from enum import Enum
from typing import Self

from portfolio_ledger.domain.money import Money


class Unstated(Enum):
    """Why a figure is not given: withheld (known but not disclosed), or not known."""

    WITHHELD = "withheld"
    NOT_KNOWN = "not known"

    @classmethod
    def _missing_(cls, value: object) -> Self | None:
        if not isinstance(value, str):
            return None
        wanted = " ".join(value.replace("-", " ").replace("_", " ").split()).casefold()
        return next((member for member in cls if wanted in _SPELLINGS[member]), None)


_SPELLINGS = {
    Unstated.WITHHELD: {"withheld", "not published", "redacted"},
    Unstated.NOT_KNOWN: {"not known", "unknown", "n/a", "na", "none"},
}

Figure = Money | Unstated
"""A money figure, or why there is none."""


def known(figure: Figure | None) -> Money | None:
    """The money, if the figure is known."""
    return figure if isinstance(figure, Money) else None


def describe_figure(figure: Figure | None) -> str:
    """``GBP 1,200,000``, ``withheld``, ``not known``, or ``none`` (never given)."""
    if figure is None:
        return "none"
    return str(figure) if isinstance(figure, Money) else figure.value
