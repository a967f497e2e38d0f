"""Matching text in any case, for every letter, the same on SQLite as on PostgreSQL.

SQLite's built-in ``lower()`` folds only ASCII letters, PostgreSQL's every
letter: ``lower('ZOË')`` is ``zoË`` on one and ``zoë`` on the other, so a
filter in any case had two answers. Where a value asked for has letters
beyond ASCII, SQLite is given Python's ``str.lower`` as ``ledger_lower`` (on
every connection: registered here, for every engine, when this module is
imported by the datastore and the read models); ASCII values keep the
built-in, which answers the same and is faster.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from sqlalchemy import event, func, literal
from sqlalchemy.engine import Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import String


class lowered(FunctionElement[str]):  # noqa: N801 - an SQL function, named as one
    """``lower(x)`` with every letter folded, on SQLite too."""

    type = String()
    inherit_cache = True
    name = "lowered"


@compiles(lowered)
def _lower(element: lowered, compiler: Any, **kw: Any) -> str:
    return f"lower({compiler.process(element.clauses, **kw)})"


@compiles(lowered, "sqlite")
def _ledger_lower(element: lowered, compiler: Any, **kw: Any) -> str:
    return f"ledger_lower({compiler.process(element.clauses, **kw)})"


def _python_lower(text: Any) -> str | None:
    return None if text is None else str(text).lower()


@event.listens_for(Engine, "connect")
def _register(dbapi_connection: Any, _record: Any) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.create_function("ledger_lower", 1, _python_lower, deterministic=True)


def caseless_in(column: Any, values: Iterable[str], *, spaced: bool = False) -> ColumnElement[bool]:
    """``column`` is one of ``values``, ignoring case.

    Each value is folded by the database's own lower(), as the column is, never
    one in Python and the other in SQL: Python ends a Greek word with a final
    sigma (``'ΟΔΟΣ'.lower()`` is ``οδος``) where PostgreSQL's lower() gives
    ``οδοσ`` (and follows the database's collation), so the very text an item
    holds was not found. Its case folding (``οδος`` is ``οδοσ``) is asked for
    too, so a value typed in lower case finds the one held in capitals on both.
    ``spaced``: spaces around the text held are not part of it (the values given
    have none: the command line strips them), so ``" Digital"`` is found as ``Digital``.
    """
    wanted = sorted({form for value in values for form in (value, value.casefold())})
    fold: Any = func.lower if all(value.isascii() for value in wanted) else lowered
    held = func.trim(column) if spaced else column
    matched: ColumnElement[bool] = fold(held).in_([fold(literal(v, String())) for v in wanted])
    return matched
