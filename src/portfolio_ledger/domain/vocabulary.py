"""Words the ledger reads from people: case, spacing, hyphens and underscores aside.

``AMBER``, ``Not-Assessed`` and ``not_assessed`` all name the same value; a
vocabulary may also accept other words for one of its values (``BAU`` for
*transferred to business as usual*). The value stored is always the
canonical one.
"""

from __future__ import annotations

from enum import Enum
from functools import cache
from typing import Any, Self


def spoken(text: str) -> str:
    """``Not-Assessed`` as ``not assessed``: one space between words, lower case."""
    return " ".join(text.replace("-", " ").replace("_", " ").split()).casefold()


class Vocabulary(Enum):
    """An enum whose values are read as :func:`spoken` words, with any other words it accepts."""

    # A member equals only itself (Enum's ``==`` is identity), so identity's hash, in C, keeps
    # every set and dict of members as it was; Enum's own is a call into Python (hash of the
    # name), and the lifecycle's rules look up a stage or two on every decision.
    __hash__ = object.__hash__

    @classmethod
    def _missing_(cls, value: object) -> Self | None:
        if not isinstance(value, str):
            return None
        found: Self | None = _words(cls).get(spoken(value))
        return found

    @classmethod
    def other_words(cls) -> dict[str, Any]:
        """Other words for values, as spoken words (none unless a vocabulary says)."""
        return {}

    @classmethod
    def choices(cls) -> str:
        """The values, as a user writes them: ``red, amber, green``."""
        return ", ".join(member.value for member in cls)


@cache
def _words(vocabulary: type[Vocabulary]) -> dict[str, Any]:
    """Every word the vocabulary reads, as spoken words: its values, then any other words.

    A value wins over another word spelt the same, as it always has. Worked
    out once per vocabulary: an import reads one (a figure that may be
    ``withheld``) for every status report, most often to find it is not one.
    """
    return {**vocabulary.other_words(), **{member.value: member for member in vocabulary}}
