"""TOML the ledger did not write itself (a return's mapping, a board pack's rules), read safely.

Python's ``tomllib`` reads arrays and inline tables by recursion, so a file
nesting them a few thousand deep (``x = [[[[...]]]]``) raises the
interpreter's ``RecursionError`` rather than a ``TOMLDecodeError``: the
command stopped as an internal error. :func:`loads` turns both into a
:class:`TOMLInputError` that says what is wrong, for the caller to name the file.
"""

from __future__ import annotations

import tomllib
from typing import Any


class TOMLInputError(ValueError):
    """A TOML document that is malformed, or nested deeper than can be read."""


def loads(text: str) -> dict[str, Any]:
    """``text`` read as TOML, or a :class:`TOMLInputError` saying why it cannot be."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise TOMLInputError(str(error)) from None
    except RecursionError:
        raise TOMLInputError(
            "nested too deeply (arrays or inline tables within each other)"
        ) from None
