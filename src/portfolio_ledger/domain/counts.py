"""Counts as a message says them: ``1 event``, ``10,000 events``."""

from __future__ import annotations


def events(count: int) -> str:
    """``1 event``, ``0 events``, ``10,000 events``: plural unless one."""
    return f"{count:,} event" if count == 1 else f"{count:,} events"


def first_events(count: int) -> str:
    """``first event``, ``first 10,000 events``: a ledger's first events, not ``first 1 event``."""
    return "first event" if count == 1 else f"first {count:,} events"


def among_events(count: int) -> str:
    """``the one event``, ``among the 10,000 events``: where a position is not found."""
    return "the one event" if count == 1 else f"among the {count:,} events"
