"""TOML the ledger did not write itself (a return's mapping, a board pack's rules), read safely.

Python's ``tomllib`` reads arrays and inline tables by recursion, so a file
nesting them a few thousand deep (``x = [[[[...]]]]``) raises the
interpreter's ``RecursionError`` rather than a ``TOMLDecodeError``: the
command stopped as an internal error. :func:`loads` turns both into a
:class:`TOMLInputError` that says what is wrong, for the caller to name the file.
Where the interpreter's recursion limit has been raised (a test framework does so,
for a while), such a file may read without one: the depth of what was read is
then checked as well, so the refusal never depends on that limit.
"""

from __future__ import annotations

import gc
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


def loads(text: str) -> dict[str, Any]:
    """``text`` read as TOML, or a :class:`TOMLInputError` saying why it cannot be."""
    try:
        with no_collection():
            data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise TOMLInputError(str(error)) from None
    except RecursionError:
        # Refused below, out of the handler: the error and its thousand frames go now,
        # not with the refusal (its context) to wherever that is shown and collected.
        data = None
    if data is None or _deeper_than(data, MAX_DEPTH):
        raise TOMLInputError(_TOO_DEEP)
    return data


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
