"""Item keys made for a return's rows: from a name, or from an id that is not a key.

A row with no id joins under a key made from its name; a row whose id is not
written as a key (``P/2024/001``) is keyed from it when the mapping says
``make_keys``. Either way the key is plain ASCII a key can hold, and a long or
foreign one keeps part of its SHA-256 so that two never make one key.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from portfolio_ledger.domain.caseless import plain_typography


def key_from_name(name: str) -> str:
    """An item key made from a name: ASCII letters and digits, words joined by ``-``.

    ``Children's Homes Capital Programme`` becomes
    ``CHILDREN-S-HOMES-CAPITAL-PROGRAMME``. Accents are dropped; a name
    longer than a key allows is cut and ends in eight characters of its
    SHA-256, so two long names that start alike still get different keys.
    """
    folded = _ascii(unicodedata.normalize("NFKD", plain_typography(name)))
    slug = re.sub(r"[^A-Z0-9]+", "-", folded.upper()).strip("-")
    if len(slug) <= 64 and slug:
        return slug
    return _digested(slug, name)


def _digested(slug: str, written: str) -> str:
    """``slug`` cut to leave room for eight characters of ``written``'s SHA-256, and them."""
    digest = hashlib.sha256(written.encode("utf-8")).hexdigest()[:8].upper()
    return f"{slug[:55].rstrip('-')}-{digest}".lstrip("-")


def key_from_id(written: str) -> str:
    """An item key made from an id that is not one: each run of other characters one ``-``.

    ``P/2024/001`` becomes ``P-2024-001``, ``PRJ 002`` ``PRJ-002``; accents are
    dropped, and an id longer than a key allows is made as a long name is. An id with
    letters or digits no key can hold (``Проект/1``, ``项目-7``) ends in eight characters
    of its SHA-256: left out, ids that differ only in them would make one key (``1``).
    """
    decomposed = unicodedata.normalize("NFKD", plain_typography(written))
    folded = _ascii(decomposed)
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", folded).strip("-._").upper()
    lost = any(c.isalnum() and not c.isascii() for c in decomposed)
    if lost:
        return _digested(slug, written)
    return slug if slug and len(slug) <= 64 else key_from_name(written)


def _ascii(decomposed: str) -> str:
    """``decomposed`` (NFKD) in ASCII: accents and letters no key holds (``ß``, ``Ж``) dropped.

    Any other character (a dash or quote typography or NFKD made, ``·``, a symbol) is a
    space, so that it parts words as a plain one does, never joins them.
    """
    kept = (
        c if c.isascii() or c.isalnum() or unicodedata.combining(c) else " " for c in decomposed
    )
    return "".join(kept).encode("ascii", "ignore").decode()
