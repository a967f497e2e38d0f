"""Text in any case: one rule for matching and ordering, whatever the database or its locale."""

from __future__ import annotations

from unicodedata import normalize


def fold(text: str) -> str:
    """``text`` in no case: equal for two texts that differ only in case (``str.casefold``).

    Spaces around a name are not part of it: the command line strips what it is
    given, so a category recorded as ``" Digital "`` is found as ``Digital``. Nor is
    how an accent was typed: ``é`` as one character (NFC) or as ``e`` and a
    combining acute (NFD, as a Mac may give it) display alike and fold alike
    (Unicode's canonical caseless match: NFD, casefold, NFD).
    """
    return normalize("NFD", normalize("NFD", text.strip(" ")).casefold())


def caseless_order(text: str) -> tuple[str, str]:
    """A sort key: alphabetical in any case; spellings that differ only in case in a fixed order.

    ``str.casefold`` alone leaves ``Énergie`` and ``énergie`` tied, and a tie keeps
    the order the database happened to return them in.
    """
    return (text.casefold(), text)
