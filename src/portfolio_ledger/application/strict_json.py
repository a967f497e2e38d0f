"""JSON the ledger did not write itself, read strictly: one meaning per document, or a refusal.

Python's ``json.loads`` quietly keeps the last of two equal keys (so a forged
first value and a real second one read as "real"), accepts ``NaN`` and
``Infinity``, turns a 5,000-digit number into a ``ValueError`` of the
interpreter's own and a document nested 100,000 deep into a
``RecursionError``. Everything the ledger reads from outside (import lines,
export files, manifests) goes through :func:`loads`, which refuses each of
those with a :class:`JSONInputError` that says what and where.

Numbers: whole numbers stay ``int`` (at most :data:`MAX_DIGITS` digits);
numbers with a fraction or exponent become exact ``Decimal`` (never a float), at most
:data:`MAX_DIGITS` digits written in full (``1e999999`` is a million).

Most documents are read by orjson, four times faster; only one it reads with
no float in it (orjson's reading of a fraction, an exponent or a whole number
beyond 64 bits), nested at most :data:`_DEPTH` deep and with no key given twice
in one object is taken from it. Anything else, and anything orjson refuses, is
read again by the standard library's decoder, so every refusal and every
``Decimal`` is the one it gives (tests/unit/test_strict_json.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import orjson

from portfolio_ledger.application.strict_toml import no_collection
from portfolio_ledger.domain.invisible import named, unseen

MAX_DIGITS = 100
"""The longest whole number accepted: far beyond any amount, rank or position."""


class JSONInputError(ValueError):
    """A JSON document that is malformed, or ambiguous, or beyond what the ledger reads."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise JSONInputError(f"the key {key!r} is given twice in one object; give it once")
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
    number = Decimal(text)
    exponent = number.as_tuple().exponent  # an int: JSON writes no NaN or Infinity
    places = -exponent if isinstance(exponent, int) else 0
    written = max(number.adjusted() + 1, places)  # its digits written in full
    if written > MAX_DIGITS:  # 1e999999: a whole number of a million digits, and Python
        raise JSONInputError(  # prints no int of more than 4,300 (a position, an escalation)
            f"the number {text} has {written:,} digits written in full, more than the "
            f"{MAX_DIGITS} digits any field accepts"
        )
    return number


def _constant(name: str) -> Any:
    raise JSONInputError(f"{name} is not a JSON number; write the value as text or a number")


_DECODER = json.JSONDecoder(
    object_pairs_hook=_unique_keys,
    parse_int=_whole,
    parse_float=_fraction,
    parse_constant=_constant,
)


_DEPTH = 32
"""How deep a document orjson's reading is taken from (the standard decoder's limit is the
interpreter's recursion limit, far deeper; the ledger's own documents are two or three deep)."""
_PLAIN = frozenset({str, int, bool, type(None)})


def loads(text: str | bytes) -> Any:
    """Parse one JSON document strictly; raise :class:`JSONInputError` saying what is wrong."""
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError:
        return _strictly(text)
    members = _members(data, 0)
    if members is not None and _written(text, data, members):
        return data
    return _strictly(text)


def _members(value: Any, depth: int) -> int | None:
    """How many keys the objects in ``value`` hold; None for a float or deeper than _DEPTH."""
    inner: Iterable[Any]
    if type(value) is dict:
        count, inner = len(value), value.values()
    elif type(value) is list:
        count, inner = 0, value
    else:
        return 0 if type(value) in _PLAIN else None
    if depth == _DEPTH:
        return None
    for item in inner:
        if type(item) not in _PLAIN:
            found = _members(item, depth + 1)
            if found is None:
                return None
            count += found
    return count


def _written(text: str | bytes, data: Any, members: int) -> bool:
    """Whether ``text`` writes just ``members`` keys: none given twice in one object.

    Each key written is followed by one ``:`` outside strings, so if the text has no
    more colons than the keys read, every key written was read. Else, if no colon is
    written as ``\\u003a`` (JSON's only other way), the colons in strings are at least
    those in the strings read, which orjson writes back as they are: with as many
    colons in the text as in that, there are no more outside strings than keys read.
    """
    if isinstance(text, bytes):
        colons = text.count(b":")
        escaped = colons != members and b"\\u003" in text
    else:
        colons = text.count(":")
        escaped = colons != members and "\\u003" in text
    return colons == members or (not escaped and colons == orjson.dumps(data).count(b":"))


def _strictly(text: str | bytes) -> Any:
    """The standard decoder's reading of ``text``, or its refusal."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as error:
            raise JSONInputError(
                f"not UTF-8 text (byte {error.start + 1} is {text[error.start]:#04x}: a "
                "character saved in another encoding, such as Windows-1252's é or £); save "
                "the file as UTF-8"
            ) from None
    if text.startswith("\ufeff"):
        raise JSONInputError(
            "it starts with a byte-order mark (U+FEFF), kept from a copy saved as 'UTF-8 with "
            "BOM': save it as UTF-8 without one"
        )
    # A blank line (one added after the last, say): nothing was cut. JSON's own space only:
    # a no-break space alone is named where the decoder stops, as one anywhere else is.
    if not text.strip(_JSON_SPACE):
        raise JSONInputError("not JSON: the text is empty, or spaces and line ends alone")
    try:
        with no_collection():
            return _DECODER.decode(text)
    except json.JSONDecodeError as error:
        message = error.msg.removesuffix(" at")  # "Invalid control character at", say
        if message == "Extra data" and text[error.pos :].strip() == ",":
            # '{...},': a JSON array's items pasted as lines, each with its comma.
            message = "a comma after its end, as between a JSON array's items: delete it;"
        raise JSONInputError(f"not JSON ({message} {_where(text, error)})") from None
    except RecursionError:
        raise JSONInputError("nested too deeply (arrays or objects within each other)") from None


_JSON_SPACE = " \t\n\r"
"""The only characters JSON reads as space between its parts (Python's ``strip`` takes more)."""


def _where(text: str, error: json.JSONDecodeError) -> str:
    """Where the decoder stopped: at the end (a text cut short), or at a line and column.

    An import line keeps its newline: a line cut short stops the decoder on
    the line after it, whose column would point nowhere. A character there that
    shows nothing is named: a no-break space after a whole line was said to be
    the text's end, *is it cut short?*, and one before its ``{`` *Expecting value*.
    """
    if not text[error.pos :].strip(_JSON_SPACE):
        return "where the text ends: is it cut short?"
    at = f"at column {error.colno}"
    if error.lineno > 1:
        at = f"at line {error.lineno}, column {error.colno}"
    hidden = unseen(text[error.pos])
    if hidden is None:
        return at
    return (
        f"{at}: {named(hidden)} is there, which a screen does not show; delete it (within "
        f"a text, write it escaped: \\u{ord(hidden):04x})"
    )
