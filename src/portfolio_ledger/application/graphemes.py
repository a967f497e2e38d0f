"""Where text may be cut: between the characters a reader sees, never inside one.

A name cut at a count of code points can end inside what shows as one character:
between ``e`` and the combining accent a Mac types after it (``Dupre`` for
``Dupré``), inside an emoji sequence (a family, U+200D joining four people, left
as one of them and a joiner), between a Devanagari consonant and the virama that
joins it to the next, between two halves of a flag, or between a Hangul syllable's
jamo. These functions cut at the nearest boundary of Unicode's extended grapheme
clusters (UAX #29), as the ``regex`` module's ``\\X`` finds them (the standard
library's ``re`` has none).
"""

from __future__ import annotations


def _clusters(text: str) -> list[str]:
    """``text``'s extended grapheme clusters, in order."""
    import regex  # only where a text is cut: every command's start does not pay for it

    found: list[str] = regex.findall(r"\X", text)
    return found


def start_of(text: str, most: int) -> str:
    """The longest start of ``text`` of at most ``most`` characters that ends at a boundary.

    Where no boundary is within ``most`` characters (one character shown with more marks
    than that), the first ``most``: a cut is never longer than asked.
    """
    if len(text) <= most:
        return text
    end = 0
    # A boundary depends on the characters before it and the one after, never later ones.
    for cluster in _clusters(text[: max(most, 0) + 1]):
        if end + len(cluster) > most:
            break
        end += len(cluster)
    return text[:end] if end > 0 else text[: max(most, 0)]


def end_of(text: str, most: int) -> str:
    """The longest end of ``text`` of at most ``most`` characters that starts at a boundary."""
    if len(text) <= most:
        return text
    start = len(text)
    for cluster in reversed(_clusters(text)):
        if len(text) - start + len(cluster) > most:
            break
        start -= len(cluster)
    return text[start:]
