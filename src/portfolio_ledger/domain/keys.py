"""Natural keys (``PRJ-042``, board ``IC``, person ``hcarter``) and the ids they map to.

Every key maps to a fixed UUID (``uuid5``), so nobody types a UUID and the
same key means the same thing in any ledger. Items, boards and delegations
have upper-case keys; people have lower-case ones, like user names. Keys are
case-insensitive either way.
"""

from __future__ import annotations

import re
from functools import lru_cache
from uuid import UUID, uuid5

from portfolio_ledger.domain.errors import InvalidKey, quoted

# Fixed forever: changing it would orphan every stored item.
_NAMESPACE = UUID("5d0b7f9e-3c1a-4e55-9a57-3f1c2b8a6d42")
ORGANISATIONS_ID: UUID = uuid5(_NAMESPACE, "organisations")
"""The list of organisations: one aggregate, the same in every ledger (fixed forever)."""
KEY_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9_.\-]{0,63}$")
KEY_RULE = "1 to 64 letters, digits, '-', '_' or '.', starting with a letter or digit"


@lru_cache(maxsize=1 << 16)  # pure, and asked for again and again in imports (several a line)
def normalise_key(raw: str, what: str = "item", example: str = "PRJ-042") -> str:
    """Upper-case and check a key: letters, digits, ``-``, ``_`` and ``.``; at most 64.

    Only ASCII letters: a key with any other character is refused before it
    is upper-cased, because upper-casing folds some of them into ASCII ones
    (the ligature U+FB01 into ``FI``, the dotless i U+0131 into ``I``, the long
    s U+017F into ``S``), which would make different keys one.
    """
    if not raw.isascii():
        raise InvalidKey(
            f"{_said(raw)} is not a valid {what} key: use {KEY_RULE}, in plain ASCII (no accented, "
            f"ligature or look-alike letters) (e.g. {example})"
        )
    key = raw.strip().upper()
    if not KEY_PATTERN.match(key):
        raise InvalidKey(f"{_said(raw)} is not a valid {what} key: use {KEY_RULE} (e.g. {example})")
    return key


def _said(raw: str) -> str:
    """A refused key as its refusal quotes it: whole, or its start and its length.

    A key of 100,000 characters (a list pasted into --present, a line's value) was
    echoed whole, burying the rule after it; no key is longer than 64 characters.
    """
    said = quoted(raw)
    return said if said == repr(raw) else f"{said} ({len(raw):,} characters)"


@lru_cache(maxsize=1 << 16)  # pure, and asked for again and again in imports
def normalise_person_key(raw: str) -> str:
    """Lower-case and check a person's key (``hcarter``); the same characters as item keys."""
    return normalise_key(raw, "person", "hcarter").lower()


@lru_cache(maxsize=1 << 16)  # pure, and asked for again and again in imports
def item_id(key: str) -> UUID:
    """The aggregate id of the item with this (normalised) key; the same everywhere."""
    return uuid5(_NAMESPACE, f"item:{key}")


@lru_cache(maxsize=1 << 16)  # pure, and asked for again and again in imports
def person_id(key: str) -> UUID:
    """The aggregate id of the person with this (normalised) key."""
    return uuid5(_NAMESPACE, f"person:{key}")


@lru_cache(maxsize=1 << 16)  # pure, and asked for again and again in imports
def board_id(key: str) -> UUID:
    """The aggregate id of the board with this (normalised) key."""
    return uuid5(_NAMESPACE, f"board:{key}")


@lru_cache(maxsize=1 << 16)  # pure, and asked for again and again in imports
def delegation_id(key: str) -> UUID:
    """The aggregate id of the delegation with this (normalised) key."""
    return uuid5(_NAMESPACE, f"delegation:{key}")
