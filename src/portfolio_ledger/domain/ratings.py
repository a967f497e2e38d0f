"""The scales a portfolio office rates things on.

A rating is either given (red, amber, green) or plainly not: ``withheld``
(assessed but not disclosed, as GMPP withholds some delivery-confidence
ratings) or ``not assessed``. Neither of those is ever shown as a colour,
and neither carries an earlier rating forward. Every scale is read
case-insensitively (``AMBER`` is ``amber``).
"""

from __future__ import annotations

from enum import Enum
from typing import Self


class _Scale(Enum):
    """A scale whose values are read case-insensitively, spacing and hyphens aside."""

    @classmethod
    def _missing_(cls, value: object) -> Self | None:
        if not isinstance(value, str):
            return None
        wanted = " ".join(value.replace("-", " ").replace("_", " ").split()).casefold()
        for member in cls:
            if member.value == wanted:
                return member
        return None

    @classmethod
    def choices(cls) -> str:
        """The values, as a user writes them: ``red, amber, green``."""
        return ", ".join(member.value for member in cls)


class RAG(_Scale):
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


class RiskRating(_Scale):
    """The overall risk of a business case."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    VERY_HIGH = "very high"


class Severity(_Scale):
    """How serious an escalated issue is."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"
