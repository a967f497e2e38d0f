"""An index from an item's key to the events that merge another item into it.

An item is merged only into one still open on the merger's day (``item leave
--merged-into``); so closing an item (rejecting, cancelling, retiring it, or its
leaving) on or before the day another was merged into it is refused too. That
asks, on every closing decision, which items were merged into this one: without
an index, a fold of every item that ever left (a thousand left items doubled the
time of each closing decision). An expression index over the few events that can
name the item merged into (``ItemLeft``'s ``merged_into``, and a correction's
``corrected.merged_into``) answers it by reading those rows alone.

The expression reads the stored JSON (the ledger's own transcoder, no cipher or
compressor): SQLite's ``json_extract`` of the state as text (guarded by
``json_valid``, so a row it cannot read is left out of the index rather than
refused); PostgreSQL's, the first ``"merged_into":"KEY"`` of the state's bytes
(an immutable ``encode``, as an index needs: JSON escapes every quote inside a
string, so only a field matches). Either finds a superset of the events that
merge into the key, as they stand (a correction naming it, then corrected away,
is found): the application folds each item found and keeps the mergers in effect.

As the made index (``made_index.py``): the query names each topic literally, as
a partial index needs, and a ledger made before it gets it the next time its
write side opens it, where the database lets that role create it; where it does
not, the same query answers by a scan.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.utils import get_topic
from sqlalchemy import ColumnClause, Table, bindparam, literal_column, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from portfolio_ledger.application.errors import SetupBlocked
from portfolio_ledger.domain.events import ItemLeft
from portfolio_ledger.domain.record_keeping import DecisionCorrected
from portfolio_ledger.storage.made_index import index_exists, made_by
from portfolio_ledger.storage.schema_lock import schema_lock

if TYPE_CHECKING:
    from eventsourcing_sqlalchemy.datastore import SQLAlchemyDatastore, Transaction

MERGING_TOPICS = tuple(get_topic(kind) for kind in (ItemLeft, DecisionCorrected))
"""The topics of the events that can name an item merged into."""
_TEXT = "CAST(state AS TEXT)"
_INTO = {
    "sqlite": (
        f"CASE WHEN json_valid({_TEXT}) THEN coalesce(json_extract({_TEXT}, '$.merged_into'), "
        f"json_extract({_TEXT}, '$.corrected.merged_into')) END"
    ),
    "postgresql": 'substring(encode(state, \'escape\') from \'"merged_into":"([^"]*)"\')',
}
"""The key an event merges into, as SQL over its ``state`` column (each dialect's)."""


def merged_index_name(events: Table) -> str:
    """The index's name: the events table's, with ``_merged_idx``."""
    return f"{events.name}_merged_idx"


def ensure_merged_index(engine: Engine, events: Table) -> None:
    """Create the index if it is not there and the database lets this role."""
    name, into = merged_index_name(events), _INTO.get(engine.dialect.name)
    if into is None or index_exists(engine, name):
        return
    merging = " OR ".join(f"topic = '{topic}'" for topic in MERGING_TOPICS)  # our own names
    ddl = f'CREATE INDEX IF NOT EXISTS {name} ON "{events.name}" (({into})) WHERE {merging}'
    try:
        with schema_lock(engine) as connection:
            connection.exec_driver_sql(ddl)
    except (DBAPIError, SetupBlocked):
        return  # not the table's owner, a read-only file, a schema lock held: a scan answers


class MergerReading:
    """Finds the items merged into an item, by the index (or, without it, a scan)."""

    events_table: Table
    datastore: SQLAlchemyDatastore

    if TYPE_CHECKING:

        def transaction(self, commit: bool = True) -> Transaction:
            """The recorder's: a transaction on the ledger's database."""

    def mergers_into(self, key: str | None) -> Sequence[tuple[str, UUID]]:
        """Each key merged into and an aggregate whose events merge into it (``None``: any key).

        A superset: each aggregate found is to be folded to see whether it stands merged.
        """
        engine = self.datastore.engine
        into = _INTO.get(engine.dialect.name if engine is not None else "")
        if into is None:
            return []
        events = self.events_table
        column: ColumnClause[Any] = literal_column(into)  # as the index writes it: it serves
        found = select(column, events.c.originator_id).distinct()
        found = found.where(made_by(events, list(MERGING_TOPICS)))
        found = found.where(column.is_not(None) if key is None else column == bindparam("key", key))
        with self.transaction(commit=False) as session:
            return [(str(into), UUID(str(made))) for into, made in session.execute(found)]
