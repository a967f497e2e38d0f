"""Counts as a message says them: ``1 event``, ``10,000 events``."""

from __future__ import annotations


def events(count: int) -> str:
    """``1 event``, ``0 events``, ``10,000 events``: plural unless one."""
    return f"{count:,} event" if count == 1 else f"{count:,} events"
