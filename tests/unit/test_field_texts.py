"""A name or text is refused as blank (or as showing nothing), for a control character, or
for a directional character that would show other text than is recorded."""

from __future__ import annotations

import re
import sys
import unicodedata
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from portfolio_ledger.application.commands.fields import _CONTROLS, _not_blank
from portfolio_ledger.application.directional import directional_problem


def _searched(value: str) -> str:
    """_not_blank as it was: a stripped copy, and the whole text searched.

    Also blank: text of spaces and format characters alone (U+200B, U+FEFF, U+200F),
    which shows nothing; the first of them that is not a space is named.
    """
    if not value.strip():
        raise ValueError("is required and must not be blank")
    if all(
        char.isspace() or unicodedata.category(char) == "Cf" or _drawn_by_none(char)
        for char in value
    ):
        invisible = value.strip()[0]
        raise ValueError(
            "is required and must not be blank: it holds only spaces and characters that "
            f"show nothing (U+{ord(invisible):04X} {unicodedata.name(invisible, '')}); "
            "write the text itself"
        )
    control = _CONTROLS.search(value)
    if control is not None:
        raise ValueError(
            f"contains the control character U+{ord(control.group()):04X} at character "
            f"{control.start() + 1}; remove it (tabs and line breaks are fine)"
        )
    if _misleads(value):
        raise ValueError(directional_problem(value))
    return value


_DIRECTIONAL = re.compile("[\u202a-\u202c\u2066-\u2069]")


def _misleads(value: str) -> bool:
    """An override anywhere, or an embedding or isolate the text does not close (counted)."""
    if "\u202d" in value or "\u202e" in value:
        return True
    if any(char in "\u061c\u200f\u202b\u2067" for char in value) and not any(
        unicodedata.bidirectional(char) in {"R", "AL"} and unicodedata.category(char) != "Cf"
        for char in value
    ):  # right-to-left formatting with no right-to-left letter: it turns numbers round
        return True
    if _DIRECTIONAL.search(value) is None:  # none of the characters counted below
        return False
    embeddings = isolates = 0
    for char in value:
        if char in "\u202a\u202b":
            embeddings += 1
        elif char == "\u202c":
            embeddings = max(embeddings - 1, 0)
        elif char in "\u2066\u2067\u2068":
            isolates += 1
        elif char == "\u2069":
            isolates = max(isolates - 1, 0)
    return embeddings > 0 or isolates > 0


# Default_Ignorable_Code_Point (DerivedCoreProperties.txt) that is not Cf, by code point;
# and the blank Braille cell, U+2800, a symbol drawn as nothing.
_NOT_DRAWN = [
    (0x034F, 0x034F), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F), (0x2065, 0x2065),
    (0x2800, 0x2800), (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8),
    (0xE0000, 0xE0FFF),
]  # fmt: skip


_NOT_DRAWN_CODES = frozenset(
    code for first, last in _NOT_DRAWN for code in range(first, last + 1)
)  # the same ranges as a set: the test asks this of every character, three times


def _drawn_by_none(char: str) -> bool:
    return ord(char) in _NOT_DRAWN_CODES


def _outcome(check: Any, value: str) -> tuple[str, str]:
    try:
        return "kept", check(value)
    except ValueError as error:
        return "refused", str(error)


def test_every_character_alone_and_in_text_is_checked_as_before() -> None:
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        for value in (char, f"a{char}", f"{char} b"):
            assert _outcome(_not_blank, value) == _outcome(_searched, value), hex(code)


texts = st.text(
    st.characters(codec=None)
    | st.sampled_from(["\x00", "\x01", "\t", "\n", "\r", "\x0b", "\x0c", "\x1f", "\x7f", " "])
    | st.sampled_from(["\x85", "\xa0", "\u2028", "\u3000", "\ufeff", "\ud800"])
    | st.sampled_from(["\u202a", "\u202b", "\u202c", "\u202d", "\u202e"])
    | st.sampled_from(["\u2066", "\u2067", "\u2068", "\u2069", "\u200f", "\u061c"])
    | st.sampled_from(["1", "/", "\u05d0", "\u0627"]),
    max_size=12,
)


@given(texts)
def test_a_text_is_checked_as_before(value: str) -> None:
    assert _outcome(_not_blank, value) == _outcome(_searched, value)
