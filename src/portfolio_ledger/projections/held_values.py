"""``held_values``: every spelling a filtered column has ever held, once each.

A filter in any case (``storage/caseless.py``) reads the spellings a column
holds, folds them in Python and compares the column with those that match.
Read from the audit trail (a row per event) or the item timeline (a row per
state), that read was a scan of a million rows on every filtered query. Here
each spelling of an actor, an organisation, a category and a kind that any
event, any item state or any state in an item's timeline has held is kept
once, so the read is of a few rows through its key. Nothing is removed: a
value held only in the past is still found (a spelling no row holds any more
matches no row, so more spellings than held never change an answer).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from itertools import repeat
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, MetaData, String, Table, Text, select, tuple_

from portfolio_ledger.projections.base import Applied, Projection, insert_tuples

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

ITEM_NAMES = ("organisation", "category", "kind")
"""The item columns filtered in any case."""
NAMES = ("actor", *ITEM_NAMES)
PER_QUERY = 400
"""Pairs looked up in one query (within every database's limit on bound values)."""


class HeldValues(Projection):
    """Each spelling each column filtered in any case has ever held."""

    name = "held_values"

    def define_tables(self, metadata: MetaData, suffix: str) -> list[Table]:
        """One small table: a column's name and a spelling it held, keyed by the name.

        The key holds the spelling's SHA-256, not the spelling: a name is kept as
        given, of any length, and a PostgreSQL index entry holds at most 2,704 bytes.
        """
        name = f"{self.name}{suffix}"
        table = Table(
            name,
            metadata,
            Column("name", String(16), primary_key=True),
            Column("digest", String(64), primary_key=True),
            Column("value", Text, nullable=False),
        )
        return [table]

    def apply(self, session: Session, page: Sequence[Applied]) -> None:
        """Add the spellings this page holds that the table does not yet."""
        held = _spellings(page)  # a page repeats its spellings: digest each once
        found = {(name, _digest(value)): value for name, value in held}
        if not found:
            return
        pairs = sorted(found)
        known: set[tuple[str, str]] = set()
        table = self.table
        for start in range(0, len(pairs), PER_QUERY):
            chunk = pairs[start : start + PER_QUERY]
            query = select(table.c.name, table.c.digest).where(
                tuple_(table.c.name, table.c.digest).in_(chunk)
            )
            known.update((str(n), str(d)) for n, d in session.execute(query))
        rows = [(n, d, found[n, d]) for n, d in pairs if (n, d) not in known]
        insert_tuples(session, table, rows)


def _spellings(page: Sequence[Applied]) -> set[tuple[str, str]]:
    """Each (column, spelling) an event of the page, or a state it left, holds: once each.

    A column at a time over the page's states, in C (a replay asks this of every event).
    """
    held = {("actor", applied.event.decision.actor) for applied in page}
    items = [applied for applied in page if applied.state is not None]
    states: list[Any] = [applied.state for applied in items]
    states += [stood.state for applied in items for stood in applied.timeline]
    for name in ITEM_NAMES:
        values = set(map(itemgetter(name), states))
        values.discard(None)
        held.update(zip(repeat(name), values))
    return held


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()


def held_query(table: Table, name: str) -> Any:
    """The spellings ``name`` has held, as a SELECT of one column."""
    return select(table.c.value).where(table.c.name == name)
