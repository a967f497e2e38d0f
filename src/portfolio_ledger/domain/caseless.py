"""Text in any case: one rule for matching, whatever the database or its locale."""

from __future__ import annotations


def fold(text: str) -> str:
    """``text`` in no case: equal for two texts that differ only in case (``str.casefold``)."""
    return text.casefold()
