"""Characters that show nothing: spaces, format characters, those no font draws.

A text made only of them is blank, however long: a rationale of zero-width spaces records
nothing a reader sees, and a filter of one selects by a value no item holds.
"""

from __future__ import annotations

import json
import re
import unicodedata

# Unicode's Default_Ignorable_Code_Point, which no font draws, beyond the format
# characters (Cf): the combining grapheme joiner, Khmer inherent vowels, Mongolian
# variation selectors, the Hangul fillers, variation selectors, unassigned ignorables.
# And the blank Braille cell (U+2800): a symbol to Unicode, but drawn as nothing, and
# long used to pass off blank text as written.
IGNORABLE = re.compile(
    "[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u2065\u2800\u3164\ufe00-\ufe0f"
    "\uffa0\ufff0-\ufff8\U000e0000-\U000e0fff]"
)


def shows_nothing(char: str) -> bool:
    """A space, a format character (U+200B zero width space), or one no font draws (U+3164)."""
    return (
        char.isspace()
        or unicodedata.category(char) == "Cf"
        or IGNORABLE.fullmatch(char) is not None
    )


def unseen(text: str) -> str | None:
    """The first character of ``text`` a reader would not see, a plain space aside; or None."""
    if text.isprintable() and all(char == " " or not shows_nothing(char) for char in text):
        return None
    return next(c for c in text if c != " " and (not c.isprintable() or shows_nothing(c)))


_NAMELESS = {"Co": "(a private-use character)", "Cn": "(a character Unicode does not assign)"}
"""What a character with no name is, by its category: any other is a control character."""


def named(char: str) -> str:
    """``char`` as a refusal names it: ``U+200B ZERO WIDTH SPACE``; a control has no name."""
    nameless = _NAMELESS.get(unicodedata.category(char), "(a control character)")
    return f"U+{ord(char):04X} {unicodedata.name(char, nameless)}"


def as_json(text: str) -> str:
    """``text`` quoted as JSON does, escaping only what a screen does not show: ``"kéy\\u200b"``.

    A name is said as the line spelled it: its letters beyond ASCII (é, ß, 中) as they are.
    """
    quoted = json.dumps(text, ensure_ascii=False)
    return "".join(char if unseen(char) is None else json.dumps(char)[1:-1] for char in quoted)
