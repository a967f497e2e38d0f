"""A stored event's state read as the bytes the ledger wrote, whatever SQLite kept it as.

SQLite keeps any value in any column: an edit through SQL can leave text
where the ledger wrote bytes (``CAST(state AS TEXT)``, or ``||``). The same
bytes kept as text are the same record (docs/verification.md), so every
reader of states takes them through here rather than ``bytes(value)``,
which fails on text ("string argument without an encoding").
"""

from __future__ import annotations


def stored_bytes(value: bytes | str | memoryview) -> bytes:
    """The bytes of a stored value: text (written over the column, never by the ledger) as UTF-8."""
    if isinstance(value, str):
        return value.encode("utf-8")
    return bytes(value)
