"""Natural keys for items (``PRJ-042``) and the deterministic aggregate ids they map to."""

from __future__ import annotations

import re
from uuid import UUID, uuid5

from portfolio_ledger.domain.errors import InvalidDecision

# Fixed forever: changing it would orphan every stored item.
_NAMESPACE = UUID("5d0b7f9e-3c1a-4e55-9a57-3f1c2b8a6d42")
KEY_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9_.\-]{0,63}$")


def normalise_key(raw: str) -> str:
    """Upper-case and check a key: letters, digits, ``-``, ``_`` and ``.``; at most 64."""
    key = raw.strip().upper()
    if not KEY_PATTERN.match(key):
        raise InvalidDecision(
            f"{raw!r} is not a valid item key: use 1 to 64 letters, digits, '-', '_' "
            "or '.', starting with a letter or digit (e.g. PRJ-042)"
        )
    return key


def item_id(key: str) -> UUID:
    """The aggregate id of the item with this (normalised) key; the same everywhere."""
    return uuid5(_NAMESPACE, f"item:{key}")
