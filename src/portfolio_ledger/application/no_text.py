"""A file with no text in it: 0 bytes, a byte-order mark alone, or blank lines alone.

An editor or a spreadsheet program saving an empty file "as UTF-8 with BOM" writes the
mark alone: three bytes, no text. Said to hold "only blank lines", such a file read as
something written and lost; it is empty, and each reader says so the same way.
"""

from __future__ import annotations

from pathlib import Path

UTF8_BOM = b"\xef\xbb\xbf"
"""A UTF-8 byte-order mark: only a mark of the encoding (Excel's "CSV UTF-8", Notepad)."""

_CHUNK = 1 << 16


def no_text(path: Path) -> str | None:
    """How ``path`` holds no text (``is empty (0 bytes)``, ...); None where it holds some.

    Read a chunk at a time, and only while it is blank: a file of text is read no further
    than its first chunk. Raises OSError as reading does.
    """
    with path.open("rb") as handle:
        chunk = handle.read(_CHUNK)
        if not chunk:
            return "is empty (0 bytes)"
        marked = chunk.startswith(UTF8_BOM)
        chunk = chunk.removeprefix(UTF8_BOM)
        blank = bool(chunk)
        while not chunk.strip():
            chunk = handle.read(_CHUNK)
            if not chunk:
                break
        else:
            return None  # text, somewhere after blank lines
    if not marked:
        return "holds only blank lines"
    if not blank:
        return "is empty (a UTF-8 byte-order mark alone, 3 bytes: no text)"
    return "is empty (a UTF-8 byte-order mark and blank lines alone: no text)"
