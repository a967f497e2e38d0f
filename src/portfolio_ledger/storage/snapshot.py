"""One snapshot for a read of several statements: what a read command sees is one record.

A read that asks more than one question (a page of the trail and how many
rows match; the read models' positions, then the rows) must not see a
decision another process commits between them. Neither database gives that
by default: Python's sqlite3 begins a transaction only before a write, so
each SELECT reads the file as it is at that moment; PostgreSQL's READ
COMMITTED gives each statement a snapshot of its own. Called first in a
transaction, :func:`hold_snapshot` makes every later statement in it read
the database as it stood at its first read.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection
from sqlalchemy.exc import OperationalError, ProgrammingError

from portfolio_ledger.application.errors import ReadBlocked
from portfolio_ledger.storage.schema_lock import (
    bound_lock_waits,
    is_lock_timeout,
    only_bounded,
    reading_blocked,
)


def hold_snapshot(connection: Connection, tables: Sequence[str] = ()) -> None:
    """Read the database, until this transaction ends, as it stands at its first read.

    SQLite: a deferred ``BEGIN`` (in WAL mode writers carry on; the snapshot is
    taken at the first read). PostgreSQL: ``REPEATABLE READ`` for the
    transaction (a transaction that only reads never fails for it). A
    transaction that has already run a statement is left as it is: it is
    someone else's, and PostgreSQL refuses the level once a query has run.

    ``tables``, on PostgreSQL, are locked (shared) before the snapshot is
    taken. PostgreSQL finds a table by its name as it is now: a read that
    first touched a read model after a rebuild swapped fresh tables in would
    read the fresh one through the older snapshot, seeing none of the rows
    the swap wrote. Locked first, a swap under way is waited for, and one that
    comes later waits for this read. Tables not there yet are left out. A
    lock another session holds is waited for at most the lock timeout, then
    :class:`ReadBlocked` names that session.
    """
    dialect = connection.dialect.name
    driver = connection.connection.driver_connection
    if dialect == "sqlite":
        if driver is not None and not getattr(driver, "in_transaction", True):
            connection.exec_driver_sql("BEGIN")
    elif dialect == "postgresql":
        status = getattr(getattr(driver, "info", None), "transaction_status", None)
        # psycopg's IDLE: no statement run yet; or none but the bound on its lock waits.
        if status is None or int(status) == 0 or only_bounded(connection):
            connection.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            if tables:
                _lock_before_the_snapshot(connection, tables)


def _lock_before_the_snapshot(connection: Connection, tables: Sequence[str]) -> None:
    """LOCK TABLE takes no snapshot (nor does a savepoint): the first read after it does."""
    quote = connection.dialect.identifier_preparer.quote
    names = ", ".join(quote(name) for name in tables)
    try:
        with connection.begin_nested():  # a table not made yet (a new ledger): nothing locked
            bound_lock_waits(connection)  # a table held exclusively (ALTER, VACUUM FULL)
            connection.exec_driver_sql(f"LOCK TABLE {names} IN ACCESS SHARE MODE")
    except ProgrammingError:
        return
    except OperationalError as error:
        if not is_lock_timeout(error):
            raise
        raise ReadBlocked(reading_blocked(connection.engine)) from None
