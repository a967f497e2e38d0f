"""The scales a portfolio office rates things on.

A rating is either given (red, amber, green) or plainly not: ``withheld``
(assessed but not disclosed, as GMPP withholds some delivery-confidence
ratings) or ``not assessed``. Neither of those is ever shown as a colour,
and neither carries an earlier rating forward. Every scale is read
case-insensitively (``AMBER`` is ``amber``).
"""

from __future__ import annotations

from portfolio_ledger.domain.vocabulary import Vocabulary


class RAG(Vocabulary):
    """Red, amber, green: delivery confidence; or withheld, or not assessed."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    WITHHELD = "withheld"
    NOT_ASSESSED = "not assessed"

    @property
    def is_given(self) -> bool:
        """Whether this is a colour (not withheld, not unassessed)."""
        return self in _GIVEN


_GIVEN = frozenset({RAG.RED, RAG.AMBER, RAG.GREEN})


class RiskRating(Vocabulary):
    """The overall risk of a business case."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    VERY_HIGH = "very high"


class Severity(Vocabulary):
    """How serious an escalated issue is."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"
