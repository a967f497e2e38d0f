"""Figures that may be known, or plainly not: money, or withheld, or not known.

A portfolio's figures are often not published (GMPP withholds some costs) or
not yet known. Those are values in their own right: a status report may say
a forecast is now withheld, and from then on the item shows "withheld",
never the last figure it had. Totals count only known figures, and say how
many are missing.
"""

from __future__ import annotations

from typing import Any

from portfolio_ledger.domain.money import Money
from portfolio_ledger.domain.vocabulary import Vocabulary


class Unstated(Vocabulary):
    """Why a figure is not given: withheld (known but not disclosed), or not known."""

    WITHHELD = "withheld"
    NOT_KNOWN = "not known"

    @classmethod
    def other_words(cls) -> dict[str, Any]:
        """Other words returns use: not published, redacted; unknown, n/a, none."""
        return {
            "not published": cls.WITHHELD,
            "redacted": cls.WITHHELD,
            "unknown": cls.NOT_KNOWN,
            "n/a": cls.NOT_KNOWN,
            "na": cls.NOT_KNOWN,
            "none": cls.NOT_KNOWN,
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
