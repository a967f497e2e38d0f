"""Where a file that should be UTF-8 is not: the byte, its line, and the character it likely is."""

from __future__ import annotations


def byte_not_utf8(data: bytes, error: UnicodeDecodeError) -> str:
    """``byte 258, on line 9, is 0xf4 (ô in Windows-1252, after '# C')``: the first bad byte.

    A byte's number alone does not say which character of a long file to look for: its line,
    the character Windows-1252 (Excel's and Notepad's encoding on Windows) reads it as, and up
    to 20 characters before it on its line do. ``error`` is ``data``'s decoding's, as UTF-8 or
    ``utf-8-sig``: that counts from after a byte-order mark, so its place is moved past it.
    """
    start = error.start + len(data) - len(error.object)
    line = data[:start].count(b"\n") + 1
    return f"byte {start + 1:,}, on line {line:,}, is {data[start]:#04x}{_which(data, start)}"


def _which(data: bytes, start: int) -> str:
    """The byte at ``start`` as Windows-1252 reads it, and the text before it on its line."""
    char = data[start : start + 1].decode("cp1252", errors="replace")
    if char == "\ufffd" or not char.isprintable():
        return ""
    before = data[data.rfind(b"\n", 0, start) + 1 : start].decode("utf-8-sig", errors="replace")
    words = before[-20:].strip()
    return f" ({char} in Windows-1252{f', after {words!r}' if words else ''})"
