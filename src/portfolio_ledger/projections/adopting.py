"""A ledger put beside another application's tables (``init --force``), never over them.

The read models keep tables under plain names (``audit_trail``,
``portfolio_items``, ...), and setting them up drops a read model's table it
finds untracked, to make it afresh. In a database where no ledger was ever
set up, a table by such a name is another application's: the set-up would
have dropped it, rows and all, and said a read model was being rebuilt.
Adopting such a database is refused before anything is made.
"""

from __future__ import annotations

from portfolio_ledger.application.errors import NotALedger
from portfolio_ledger.projections.read_models import (
    EVENTS,
    OBSOLETE_TABLES,
    TRACKING,
    ReadModelTables,
)
from portfolio_ledger.storage.held import held_tables
from portfolio_ledger.storage.urls import describe_url


def refuse_tables_in_the_way(url: str) -> None:
    """Refuse to make a ledger where another application's table has a read model's name.

    Nothing to refuse where a ledger is already (its events table, or its read
    models' tracking, is there: the read models' tables are its own) or the
    database cannot be asked (opening it says why).
    """
    existing = held_tables(url)
    if existing is None or EVENTS in existing or TRACKING in existing:
        return
    taken = sorted(existing & {*ReadModelTables().table_names, *OBSOLETE_TABLES})
    if not taken:
        return
    plural = len(taken) > 1
    raise NotALedger(
        f"{describe_url(url)} holds another application's table{'s' if plural else ''} "
        f"{', '.join(taken)}, under {'names' if plural else 'a name'} the ledger's read models "
        "use; the ledger never replaces or writes into another application's tables, so "
        "nothing was created. Keep the ledger in a database of its own, or, on PostgreSQL, "
        "in a schema of its own (CREATE SCHEMA ledger, then "
        "?options=-csearch_path%3Dledger in --db)"
    )
