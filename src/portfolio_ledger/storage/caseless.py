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

from sqlalchemy import event, func
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


def caseless_in(column: Any, values: Iterable[str]) -> ColumnElement[bool]:
    """``column`` is one of ``values``, ignoring case (``str.lower``, as both databases)."""
    wanted = sorted({value.lower() for value in values})
    if all(value.isascii() for value in wanted):
        return func.lower(column).in_(wanted)
    return lowered(column).in_(wanted)
