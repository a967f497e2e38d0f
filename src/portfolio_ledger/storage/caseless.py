"""Matching text in any case, for every letter, by one rule on SQLite and on PostgreSQL.

Letting each database fold case gave two answers to one question. SQLite's
built-in ``lower()`` folds only ASCII letters; PostgreSQL's follows the
server's locale, where ``lower('İ')`` is ``i`` and ``lower('ΟΔΟΣ')`` is
``οδοσ``, while Python's gives ``i̇`` and ``οδος``. So a filter that matched
two spellings of a value on one database matched one on the other.

Here neither database folds anything. The spellings a column holds (a few
dozen categories, organisations, actors: kept in the ``held_values`` read
model, not read from the million rows of the audit trail) are read, folded in Python
by :func:`fold` (``str.casefold``: Unicode's caseless matching, the same
whatever the database's locale), and the column is then compared exactly
with those that match: ``column IN (the held spellings)``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy.sql.elements import ColumnElement

from portfolio_ledger.domain.caseless import fold


def matching(held: Iterable[str | None], values: Iterable[str]) -> list[str]:
    """The texts in ``held`` equal to one of ``values`` in any case (:func:`fold`), sorted."""
    wanted = {fold(value) for value in values}
    return sorted({t for t in held if t is not None and fold(t) in wanted})


def caseless_in(
    session: Any, column: Any, values: Iterable[str], held_in: Any
) -> ColumnElement[bool]:
    """``column`` is one of ``values``, ignoring case (:func:`fold`), the same on every database.

    The spellings to look for are read by ``held_in`` (a SELECT of one column giving
    every spelling ``column`` may hold, and perhaps more: the read models keep them
    in ``held_values``, a few rows, so no filter scans a large table to find them).
    """
    held = session.execute(held_in).scalars()
    found: ColumnElement[bool] = column.in_(matching(held, values))
    return found
