"""Text in one order on every database: by code point, as SQLite and Python sort it.

PostgreSQL sorts text by its database's collation. Under ``C`` (the server
the tests run on) that is by code point, as SQLite and Python sort; under a
linguistic one (``en_US.UTF-8``, an ICU locale: the default of many
installations) punctuation is weighed last, so ``PRJ_1`` came first of
``PRJ-10``, ``PRJ.1``, ``PRJ1`` and ``PRJ_1`` there and last on SQLite. Item
keys are ordered with ``COLLATE "C"`` on PostgreSQL, and as they are
elsewhere.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import String


class in_code_order(FunctionElement[str]):  # noqa: N801 - an SQL expression, named as one
    """The text column, ordered by code point on every database."""

    type = String()
    inherit_cache = True
    name = "in_code_order"


@compiles(in_code_order)
def _as_it_is(element: in_code_order, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))


@compiles(in_code_order, "postgresql")
def _collate_c(element: in_code_order, compiler: Any, **kw: Any) -> str:
    return f'({compiler.process(element.clauses, **kw)}) COLLATE "C"'
