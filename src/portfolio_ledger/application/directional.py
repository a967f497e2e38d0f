"""Unicode's directional formatting characters in a record's text: what a reader would not see.

Right-to-left text (Arabic, Hebrew) needs none of them: a display orders each
letter by its own direction. An *override* (U+202D, U+202E) shows the characters
after it in an order other than the one recorded, so ``Pay`` U+202E ``llor``
reads *Payroll* on a screen while the ledger holds other text (the "Trojan Source"
trick, CVE-2021-42574). An *embedding* or *isolate* left open (no U+202C or
U+2069 after it) turns what follows the text too: the next column of a table,
the rest of a line of the trail. Both are refused; an embedding or isolate that
the text closes again stays within it, and is kept. A right-to-left mark, isolate or
embedding in text with no right-to-left letter has nothing to order but the numbers and
signs round it, and turns them: ``Budget`` U+2067 ``100 / 200`` U+2069 shows as *Budget
200 / 100*. That is refused too.
"""

from __future__ import annotations

import re
import unicodedata

_DIRECTIONAL = re.compile("[\u202a-\u202e\u2066-\u2069]")
_OVERRIDES = "\u202d\u202e"
_OPENS_EMBEDDING = "\u202a\u202b\u202d\u202e"  # closed by U+202C POP DIRECTIONAL FORMATTING
_OPENS_ISOLATE = "\u2066\u2067\u2068"  # closed by U+2069 POP DIRECTIONAL ISOLATE
_RIGHT_TO_LEFT = re.compile("[\u061c\u200f\u202b\u2067]")  # ALM, RLM, RLE, RLI


def directional_problem(value: str) -> str | None:
    """Why ``value``'s directional characters would show other text than is recorded; or None."""
    open_embeddings: list[int] = []
    open_isolates: list[int] = []
    for found in _DIRECTIONAL.finditer(value):
        char, at = found.group(), found.start()
        if char in _OVERRIDES:
            return (
                f"contains {_named(char)} at character {at + 1}, which shows the characters "
                "after it in another order than they are recorded, so a reader would see "
                "other text than the ledger holds; remove it (right-to-left text needs no "
                "such character)"
            )
        if char in _OPENS_EMBEDDING:
            open_embeddings.append(at)
        elif char in _OPENS_ISOLATE:
            open_isolates.append(at)
        elif char == "\u202c" and open_embeddings:
            open_embeddings.pop()
        elif char == "\u2069" and open_isolates:
            open_isolates.pop()
    left_open = sorted(open_embeddings + open_isolates)
    if not left_open:
        return _turned_numbers(value)
    at = left_open[0]
    closer = "\u202c" if value[at] in _OPENS_EMBEDDING else "\u2069"
    return (
        f"contains {_named(value[at])} at character {at + 1} with no {_named(closer)} after "
        "it, so it would turn the direction of whatever is shown after this text (the next "
        "column, the rest of the line) too; remove it, or close it within the text"
    )


def _turned_numbers(value: str) -> str | None:
    """Why a right-to-left formatting character in text with no right-to-left letter misleads."""
    found = _RIGHT_TO_LEFT.search(value)
    if found is None or any(_right_to_left_letter(char) for char in value):
        return None
    return (
        f"contains {_named(found.group())} at character {found.start() + 1} in text with no "
        "right-to-left letter, where it can only turn the order of the numbers and signs "
        "round it ('Budget 100 / 200' shows as 'Budget 200 / 100'), so a reader would see "
        "other text than the ledger holds; remove it (right-to-left text needs no such "
        "character)"
    )


def _right_to_left_letter(char: str) -> bool:
    """A character written right to left that shows: not a mark (U+200F is of class R too)."""
    return unicodedata.bidirectional(char) in {"R", "AL"} and unicodedata.category(char) != "Cf"


def _named(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char)}"
