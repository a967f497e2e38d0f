"""JSON the ledger did not write itself, read strictly: one meaning per document, or a refusal.

Python's ``json.loads`` quietly keeps the last of two equal keys (so a forged
first value and a real second one read as "real"), accepts ``NaN`` and
``Infinity``, turns a 5,000-digit number into a ``ValueError`` of the
interpreter's own and a document nested 100,000 deep into a
``RecursionError``. Everything the ledger reads from outside (import lines,
export files, manifests) goes through :func:`loads`, which refuses each of
those with a :class:`JSONInputError` that says what and where.

Numbers: whole numbers stay ``int`` (at most :data:`MAX_DIGITS` digits);
numbers with a fraction or exponent become exact ``Decimal`` (never a float).
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

MAX_DIGITS = 100
"""The longest whole number accepted: far beyond any amount, rank or position."""


class JSONInputError(ValueError):
    """A JSON document that is malformed, or ambiguous, or beyond what the ledger reads."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise JSONInputError(f"the key {key!r} is given twice in one object")
        found[key] = value
    return found


def _whole(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise JSONInputError(
            f"a number of {len(text.lstrip('-')):,} digits is longer than the {MAX_DIGITS} "
            "digits any field accepts"
        )
    return int(text)


def _fraction(text: str) -> Decimal:
    if len(text) > MAX_DIGITS:
        raise JSONInputError(f"a number of {len(text):,} characters is too long")
    return Decimal(text)


def _constant(name: str) -> Any:
    raise JSONInputError(f"{name} is not a JSON number; write the value as text or a number")


_DECODER = json.JSONDecoder(
    object_pairs_hook=_unique_keys,
    parse_int=_whole,
    parse_float=_fraction,
    parse_constant=_constant,
)


def loads(text: str | bytes) -> Any:
    """Parse one JSON document strictly; raise :class:`JSONInputError` saying what is wrong."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as error:
            raise JSONInputError(f"not UTF-8 (byte {error.start + 1})") from None
    try:
        return _DECODER.decode(text)
    except json.JSONDecodeError as error:
        raise JSONInputError(f"not JSON ({error.msg} at column {error.colno})") from None
    except RecursionError:
        raise JSONInputError("nested too deeply (arrays or objects within each other)") from None
