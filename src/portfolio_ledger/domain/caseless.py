"""Text in any case: one rule for matching and ordering, whatever the database or its locale."""

from __future__ import annotations


def fold(text: str) -> str:
    """``text`` in no case: equal for two texts that differ only in case (``str.casefold``).

    Spaces around a name are not part of it: the command line strips what it is
    given, so a category recorded as ``" Digital "`` is found as ``Digital``.
    """
    return text.strip(" ").casefold()


def caseless_order(text: str) -> tuple[str, str]:
    """A sort key: alphabetical in any case; spellings that differ only in case in a fixed order.

    ``str.casefold`` alone leaves ``Énergie`` and ``énergie`` tied, and a tie keeps
    the order the database happened to return them in.
    """
    return (text.casefold(), text)
