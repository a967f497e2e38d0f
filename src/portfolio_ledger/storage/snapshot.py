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

from sqlalchemy import Connection


def hold_snapshot(connection: Connection) -> None:
    """Read the database, until this transaction ends, as it stands at its first read.

    SQLite: a deferred ``BEGIN`` (in WAL mode writers carry on; the snapshot is
    taken at the first read). PostgreSQL: ``REPEATABLE READ`` for the
    transaction (a transaction that only reads never fails for it). A
    transaction that has already run a statement is left as it is: it is
    someone else's, and PostgreSQL refuses the level once a query has run.
    """
    dialect = connection.dialect.name
    driver = connection.connection.driver_connection
    if dialect == "sqlite":
        if driver is not None and not getattr(driver, "in_transaction", True):
            connection.exec_driver_sql("BEGIN")
    elif dialect == "postgresql":
        status = getattr(getattr(driver, "info", None), "transaction_status", None)
        if status is None or int(status) == 0:  # psycopg's IDLE: no statement run yet
            connection.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
