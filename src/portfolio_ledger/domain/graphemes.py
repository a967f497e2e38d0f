"""Where text may be cut: between the characters a reader sees, never inside one.

A name cut at a count of code points can end inside what shows as one character:
between ``e`` and the combining accent a Mac types after it (``Dupre`` for
``Dupré``), inside an emoji sequence (a family, U+200D joining four people, left
as one of them and a joiner), between a Devanagari consonant and the virama that
joins it to the next, between two halves of a flag, or between a Hangul syllable's
jamo. These functions move a cut to the nearest boundary of Unicode's grapheme
clusters (UAX #29, extended), by these rules, which the standard library does not give.
"""

from __future__ import annotations

import unicodedata

_MARKS = frozenset({"Mn", "Mc", "Me"})
_JOINERS = "\u200c\u200d"
_SPACING_VOWELS = "\u0e33\u0eb3"  # Thai and Lao SARA AM: letters, yet part of the one before


def _joins_previous(text: str, at: int) -> bool:
    """Whether ``text[at]`` belongs to the character a reader sees before it."""
    char, before = text[at], text[at - 1]
    code = ord(char)
    if unicodedata.category(char) in _MARKS or char in _JOINERS or char in _SPACING_VOWELS:
        return True  # combining marks, variation selectors, ZWJ and ZWNJ (GB9, GB9a)
    if 0x1F3FB <= code <= 0x1F3FF or 0xE0020 <= code <= 0xE007F:
        return True  # an emoji's skin tone, and the tags of a subdivision's flag
    if 0x1160 <= code <= 0x11FF or 0xD7B0 <= code <= 0xD7FF:
        return True  # Hangul jamo vowels and finals after the syllable's start (GB7, GB8)
    if before == "\u200d" or (before == "\r" and char == "\n"):
        return True  # an emoji joined by ZWJ (GB11); CR LF (GB3)
    if unicodedata.combining(before) == 9 and unicodedata.category(char).startswith("L"):
        return True  # a virama joining two consonants in one conjunct (GB9c)
    return _second_of_a_flag(text, at)


def _second_of_a_flag(text: str, at: int) -> bool:
    """Whether ``text[at]`` is the second regional indicator of a pair (a flag, GB12, GB13)."""
    count = 0
    while at - count - 1 >= 0 and _regional(text[at - count - 1]):
        count += 1
    return _regional(text[at]) and count % 2 == 1


def _regional(char: str) -> bool:
    return 0x1F1E6 <= ord(char) <= 0x1F1FF


def boundary(text: str, at: int) -> bool:
    """Whether ``text`` may be cut before ``text[at]`` (its start and end always may)."""
    return at <= 0 or at >= len(text) or not _joins_previous(text, at)


def start_of(text: str, most: int) -> str:
    """The longest start of ``text`` of at most ``most`` characters that ends at a boundary.

    Where no boundary is within ``most`` characters (one character shown with more marks
    than that), the first ``most``: a cut is never longer than asked.
    """
    end = min(most, len(text))
    while end > 0 and not boundary(text, end):
        end -= 1
    return text[:end] if end > 0 else text[: max(most, 0)]


def end_of(text: str, most: int) -> str:
    """The longest end of ``text`` of at most ``most`` characters that starts at a boundary."""
    start = max(len(text) - most, 0)
    while start < len(text) and not boundary(text, start):
        start += 1
    return text[start:]
