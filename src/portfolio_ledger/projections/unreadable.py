"""A read-model value its column's type cannot read: the cache altered, said so, not a bug.

Kept apart from ``check.py`` (which replays events, and so imports the write
stack): read commands guard every read with :func:`checked_values`, and
start without the write stack.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DataError

UNREADABLE = (ValueError, ArithmeticError, TypeError, DataError)
"""What reading a value its column's type could never have written raises."""


@contextmanager
def checked_values() -> Iterator[None]:
    """A read-model value its column's type cannot read, said as the cache altered, not a bug."""
    try:
        yield
    except Exception as error:
        if not unreadable_value(error):
            raise
        from portfolio_ledger.application.ports import ReadModelError  # the write stack: only now

        raise ReadModelError(
            f"a read model holds a value its column cannot hold ({why_unreadable(error)}): it was "
            "changed behind the ledger's back; the events are "
            "not affected. Run 'portfolio-ledger audit verify --read-models' to find the row, "
            "then 'portfolio-ledger projections rebuild' to make the read models afresh"
        ) from error


def unreadable_value(error: BaseException) -> bool:
    """Whether ``error`` is a stored value failing its column's type as it was read.

    That is the read models changed behind the ledger's back (nothing the
    ledger writes fails so), not a bug: raised where values are read (the
    database library, or the ledger's own column types and fetching).
    """
    if isinstance(error, DataError):
        return True
    if not isinstance(error, UNREADABLE):
        return False
    innermost = None
    for frame, _ in traceback.walk_tb(error.__traceback__):
        name = frame.f_code.co_filename.replace("\\", "/")
        if "/sqlalchemy/" in name or "/portfolio_ledger/" in name:
            innermost = name
    return innermost is not None and ("/sqlalchemy/" in innermost or innermost.endswith(_READERS))


_READERS = ("/projections/columns.py", "/projections/fetching.py")
"""The ledger's own code that turns a read-model value into a Python one."""


def why_unreadable(error: Exception) -> str:
    """Why a value could not be read: the error's own words (the driver's first line)."""
    if isinstance(error, ArithmeticError):  # decimal's own words are a list of classes
        return "not a number"
    reason = str(getattr(error, "orig", None) or error).strip().splitlines()
    return reason[0] if reason else type(error).__name__
