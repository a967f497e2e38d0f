"""The characters a PDF draws as empty boxes, no font on the machine having them.

WeasyPrint sets the PDF with the machine's fonts (``render.to_pdf``). Where none has a
character of a name (Japanese on a machine with DejaVu alone, an emoji), it draws the
font's empty box in its place and says so only to its logger, which no one reads: a board
got a pack of boxes for an organisation's name, and whoever made it was not told.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager

_NOTDEF = re.compile(r"\(U\+([0-9A-F]{4,6})\)$")
"""The code point at the end of WeasyPrint's *.notdef glyph rendered for ...* line."""
SHOWN = 12
"""The most characters a warning names; it counts the rest."""


class _Missing(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.found: dict[str, None] = {}  # in the order first drawn, each once

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith(".notdef glyph") and (code := _NOTDEF.search(message)):
            self.found[chr(int(code.group(1), 16))] = None


@contextmanager
def collected(into: list[str]) -> Iterator[None]:
    """Each character WeasyPrint draws as an empty box inside, added once to ``into``."""
    logger = logging.getLogger("weasyprint")
    handler = _Missing()
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        into.extend(handler.found)


def warning(missing: list[str]) -> str | None:
    """What a user is told of ``missing``: which characters, and how to have them drawn."""
    if not missing:
        return None
    named = " ".join(f"{char} (U+{ord(char):04X})" for char in missing[:SHOWN])
    more = f" and {len(missing) - SHOWN} more" if len(missing) > SHOWN else ""
    return (
        f"the PDF draws {len(missing)} character{'s' if len(missing) > 1 else ''} as empty "
        f"boxes, as no font on this machine has them: {named}{more}. Install a font that "
        "has them for the whole machine (Debian: fonts-noto-cjk for Chinese, Japanese and "
        "Korean, fonts-noto-color-emoji for emoji, fonts-noto for most other scripts) and "
        "make the pack again; the HTML (--out FILE.html) is drawn with its reader's fonts"
    )
