"""Text in any case: one rule for matching and ordering, whatever the database or its locale."""

from __future__ import annotations

from unicodedata import normalize

SHOWING_NOTHING = "\u200b\u2060\ufeff\u00ad\ufe0e\ufe0f"
"""Zero-width space, word joiner, byte-order mark, soft hyphen, variation selectors."""

UNSEEN = str.maketrans(dict.fromkeys(SHOWING_NOTHING))

TYPOGRAPHY = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201b\u02bc\u2032", "'"),
        **dict.fromkeys("\u201c\u201d\u201f", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"),
        **dict.fromkeys(SHOWING_NOTHING),
    }
)
"""Apostrophes, quotes and dashes as typography writes them, and the plain ones they are;
and characters that show nothing (zero-width space, word joiner, a byte-order mark, a soft
hyphen), which are none; so are the variation selectors that show a symbol as text or as
emoji (``\u26a0`` and ``\u26a0\ufe0f``, one sign, as one tool or keyboard writes it and
another does not). Not the zero-width (non-)joiners: they spell words and emoji."""


def plain_typography(text: str) -> str:
    """``text`` with typographic apostrophes, quotes and dashes as the plain ones.

    A spreadsheet's autocorrect writes ``Children\u2019s`` and ``Phase 1 \u2013 Build``
    where a keyboard, last quarter's file or the ledger has ``'`` and ``-``: they read alike.
    So do ``Place`` and ``Place\u200b``, a zero-width space copied from a web page with it.
    """
    return text if text.isascii() else text.translate(TYPOGRAPHY)


def as_shown(text: str) -> str:
    """``text`` without the characters that show nothing (``PRJ003`` then U+200B is ``PRJ003``)."""
    return text if text.isascii() else text.translate(UNSEEN)


def fold(text: str) -> str:
    """``text`` in no case: equal for two texts that differ only in case (``str.casefold``).

    Spaces around a name are not part of it: the command line strips what it is
    given, so a category recorded as ``" Digital "`` is found as ``Digital``. Nor is
    how an accent was typed: ``é`` as one character (NFC) or as ``e`` and a
    combining acute (NFD, as a Mac may give it) display alike and fold alike
    (Unicode's canonical caseless match: NFD, casefold, NFD). Nor typography:
    ``Children\u2019s`` folds as ``Children's`` (:func:`plain_typography`), as a return
    compares them, so a filter typed on a keyboard finds it and ``economics`` adds them up.
    """
    return normalize("NFD", normalize("NFD", plain_typography(text.strip(" "))).casefold())


def accents_typed(spelling: str, shown: str) -> str:
    """How ``spelling`` differs from ``shown`` where the two look the same; else nothing.

    How its accents are typed: `` typed with separate accent marks``, as a Mac types them,
    or `` typed with composed accents``. ``Défense`` and ``De\u0301fense`` are one name,
    one row: said as *also recorded as Défense*, the other spelling read as the very name
    it was told apart from.
    """
    if spelling == shown or normalize("NFC", spelling) != normalize("NFC", shown):
        return ""
    if spelling == normalize("NFC", spelling):
        return " typed with composed accents"
    return " typed with separate accent marks"


def caseless_order(text: str) -> tuple[str, str]:
    """A sort key: alphabetical in any case; spellings that differ only in case in a fixed order.

    ``str.casefold`` alone leaves ``Énergie`` and ``énergie`` tied, and a tie keeps
    the order the database happened to return them in. How an accent was typed does not
    move a name: ``É`` as one character or as ``E`` and U+0301 (as a Mac types it) sort
    alike, by code point, after ``z`` (``Écoles`` sorted among the E's, ``Énergie`` after
    ``Zeta``).
    """
    return (normalize("NFC", normalize("NFD", text).casefold()), text)
