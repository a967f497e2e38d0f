"""TOML the ledger did not write itself (a return's mapping, a board pack's rules), read safely.

Python's ``tomllib`` reads arrays and inline tables by recursion, so a file
nesting them a few thousand deep (``x = [[[[...]]]]``) raises the
interpreter's ``RecursionError`` rather than a ``TOMLDecodeError``: the
command stopped as an internal error. :func:`loads` turns both into a
:class:`TOMLInputError` that says what is wrong, for the caller to name the file.
Where the interpreter's recursion limit has been raised (a test framework does so,
for a while), such a file may read without one: the depth of what was read is
then checked as well, so the refusal never depends on that limit.

Two more things ``tomllib`` does badly with hostile text are refused first: a dotted key
of many parts (``a.a.a...``), which it reads in time and memory growing with the square
of its parts (50,000 parts: half a minute and 9 GiB), and an integer of more digits than
Python converts (a ``ValueError``, not a ``TOMLDecodeError``).
"""

from __future__ import annotations

import gc
import math
import re
import sys
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

MAX_DEPTH = 100
"""Arrays and tables within each other, at most: a mapping or rules file needs three or four."""


class TOMLInputError(ValueError):
    """A TOML document that is malformed, or nested deeper than can be read."""


@contextmanager
def no_collection() -> Iterator[None]:
    """No garbage collection within: for a parse that may recurse to the interpreter's limit.

    A collection the parse's allocations set off runs whatever finalizers are due
    (a database connection's, left by earlier work) where no stack is left to spare:
    they fail there, as errors nobody can catch. Collection resumes afterwards.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


_TOO_DEEP = "nested too deeply (arrays or inline tables within each other)"
_TOO_DOTTED = (
    f"nested too deeply (a key or table name of more than {MAX_DEPTH} parts joined by dots)"
)

_STRING_OR_COMMENT = re.compile(
    r'"""(?:[^\\]|\\[\s\S])*?"""'  # multi-line basic string
    r"|'''[\s\S]*?'''"  # multi-line literal string
    r'|"(?:[^"\\\n]|\\.)*"'  # basic string
    r"|'[^'\n]*'"  # literal string
    r"|#[^\n]*"  # comment
)
_AROUND_DOT = re.compile(r"[ \t]*\.[ \t]*")
_NOT_IN_KEY = re.compile(r"[^A-Za-z0-9_.-]+")


def loads(text: str) -> dict[str, Any]:
    """``text`` read as TOML, or a :class:`TOMLInputError` saying why it cannot be."""
    if _most_dots(text) >= MAX_DEPTH:
        raise TOMLInputError(_TOO_DOTTED)
    try:
        with no_collection():
            data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise TOMLInputError(str(error)) from None
    except ValueError:  # an integer of more digits than int() converts
        raise TOMLInputError(_too_long()) from None
    except RecursionError:
        # Refused below, out of the handler: the error and its thousand frames go now,
        # not with the refusal (its context) to wherever that is shown and collected.
        data = None
    if data is None or _deeper_than(data, MAX_DEPTH):
        raise TOMLInputError(_TOO_DEEP)
    if _too_long_a_number(data):  # 0x, 0o or 0b digits, read whatever their length
        raise TOMLInputError(_too_long())
    return data


def _too_long() -> str:
    limit = sys.get_int_max_str_digits()
    return f"it holds a number of more than {limit:,} digits, more than any setting takes"


def _too_long_a_number(data: dict[str, Any]) -> bool:
    """Whether ``data`` holds an integer of more decimal digits than Python writes out.

    Such a number written in hex (``0xfff...``) is read, and only fails where it is
    said: as an internal error, or in Python's own words.
    """
    limit = sys.get_int_max_str_digits()
    bits = int(limit * math.log2(10))  # 2**bits < 10**limit: fewer bits, fewer digits
    waiting: list[Any] = [data]
    while waiting:
        value = waiting.pop()
        if isinstance(value, dict):
            waiting.extend(value.values())
        elif isinstance(value, list):
            waiting.extend(value)
        elif isinstance(value, int) and value.bit_length() > bits and abs(value) >= 10**limit:
            return True
    return False


def _most_dots(text: str) -> int:
    """The most dots joining parts of one key, table name or number in ``text`` (a loop's time).

    Strings and comments are taken out first (a quoted part stands as one part), so a dot
    in a text or a comment is not counted.
    """
    bare = _STRING_OR_COMMENT.sub(lambda found: "" if found[0][0] == "#" else "k", text)
    runs = _NOT_IN_KEY.split(_AROUND_DOT.sub(".", bare))
    return max((run.count(".") for run in runs), default=0)


def _deeper_than(data: dict[str, Any], limit: int) -> bool:
    """Whether arrays and tables nest more than ``limit`` deep in ``data`` (found by a loop)."""
    waiting: list[tuple[Any, int]] = [(data, 1)]
    while waiting:
        value, depth = waiting.pop()
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, list):
            if depth > limit:
                return True
            waiting.extend((child, depth + 1) for child in value)
    return False
