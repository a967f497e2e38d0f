"""The database behind the ledger: connections, the locks that order writers, and tables.

eventsourcing-sqlalchemy's datastore with durable, patient connections; the
schema lock (creating tables once, whoever opens first), the rebuild lock
(one rebuild of the read models at a time), and how long a writer waits.
"""

from __future__ import annotations

import os
import random
import sqlite3
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, cast

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows: rebuilds there are not serialised
    fcntl = None  # type: ignore[assignment]

from eventsourcing_sqlalchemy.datastore import SQLAlchemyDatastore
from sqlalchemy import Table, event, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from portfolio_ledger.application.errors import DatabaseUnavailable
from portfolio_ledger.application.settings import LOCK_TIMEOUT
from portfolio_ledger.storage.date_style import keep_iso_dates, refuse_a_database_not_in_utf8
from portfolio_ledger.storage.schema_lock import bound_every_transaction, schema_lock
from portfolio_ledger.storage.search_path import tables_present
from portfolio_ledger.storage.urls import connect_args, describe_url, sqlite_file

LOCK_TIMEOUT_ENV = LOCK_TIMEOUT.variable
DEFAULT_LOCK_TIMEOUT_SECONDS = LOCK_TIMEOUT.default


def lock_timeout() -> float:
    """How long a writer waits for another to let go of the ledger, in seconds.

    ``PORTFOLIO_LEDGER_LOCK_TIMEOUT`` sets it (default 30; a value that is not a
    number of seconds is refused, :class:`InvalidSetting`); then the writer
    gives up with :class:`LedgerBusy`, having written nothing.
    """
    return LOCK_TIMEOUT.value()


class LedgerDatastore(SQLAlchemyDatastore):
    """The eventsourcing-sqlalchemy datastore, with durable and patient connections."""

    def __init__(self, *, url: str | None = None, **kwargs: Any) -> None:
        if url is not None:
            kwargs["connect_args"] = connect_args(make_url(url), kwargs.pop("connect_args", {}))
        try:
            super().__init__(url=url, **kwargs)
        except ModuleNotFoundError as error:  # every command opens its database here
            raise DatabaseUnavailable(
                f"{describe_url(url or '')} needs the driver {error.name!r}, which is not "
                "installed; install it with: pip install 'portfolio-ledger[postgres]'"
            ) from None
        if isinstance(self.engine, Engine):
            bound_every_transaction(keep_iso_dates(self.engine))
        if self.is_sqlite_filedb and self.engine is not None:
            event.listen(self.engine, "connect", _sqlite_durability)
            _mend_sqlite_siblings(cast(Engine, self.engine).url.database)

    def init_sqlite_wal_mode(self) -> None:
        """Switch an SQLite file to WAL if it can: tried for a while, then left for later.

        SQLite answers "database is locked" at once, without waiting, when
        another connection holds the file while this one changes its journal
        mode (it would otherwise risk a deadlock): several processes opening a
        new ledger at the same moment meet exactly that. So it is tried again,
        after a short random pause, for up to ``WAL_SWITCH_SECONDS`` (or the
        lock timeout, if shorter). A ledger a bulk import or a rebuild left
        under the rollback journal (interrupted, or with a reader in a long
        read) works the same in that mode, one writer or many readers at a
        time: if another process holds it all that while, the command goes on
        in that mode, and a later one switches it back.
        """
        deadline = time.monotonic() + min(lock_timeout(), WAL_SWITCH_SECONDS)
        while True:
            try:
                super().init_sqlite_wal_mode()
            except OperationalError as error:
                if "locked" not in str(error).lower():
                    raise
                if time.monotonic() > deadline:
                    return  # under the rollback journal for now; the next command tries again
                time.sleep(random.uniform(0.005, 0.05))  # noqa: S311 - a pause, not a secret
            else:
                return


def _mend_sqlite_siblings(database: str | None) -> None:
    """Make FILE-wal and FILE-shm writable again where the ledger file is.

    SQLite creates them with the ledger file's permissions: a command run
    while the file was read-only leaves them read-only, and the ledger would
    stay unwritable after the file itself is made writable again. Only files
    of this user's own are changed.
    """
    if not database:
        return
    path = Path(database)
    try:
        if not path.exists() or not os.access(path, os.W_OK):
            return
        mode = stat.S_IMODE(path.stat().st_mode) | stat.S_IRUSR | stat.S_IWUSR
        for sibling in (Path(f"{path}-wal"), Path(f"{path}-shm")):
            if (
                sibling.exists()
                and not os.access(sibling, os.W_OK)
                and sibling.stat().st_uid == os.geteuid()
            ):
                sibling.chmod(mode)
    except OSError:
        return  # access_problem() explains it if the ledger then cannot be written


WAL_SWITCH_SECONDS = 2.0
"""How long a command tries to put an SQLite ledger back in WAL mode before going on without."""

WAL_SIZE_LIMIT = 64 * 1024 * 1024
"""Bytes the SQLite WAL file is cut back to whenever a checkpoint empties it.

Without a limit the file keeps the size of the largest transaction ever
written (an import of a million events: gigabytes) for as long as any
process has the ledger open. A transaction still needs room for every page
it writes: see docs/performance.md."""


def _sqlite_durability(dbapi_connection: Any, _record: Any) -> None:
    # WAL is switched on by the datastore; FULL makes every commit durable
    # through power loss, at the price of one more fsync per transaction
    # (see docs/reliability.md).
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute(f"PRAGMA journal_size_limit={int(WAL_SIZE_LIMIT)}")
    cursor.close()


@contextmanager
def rollback_journal(datastore: SQLAlchemyDatastore) -> Iterator[bool]:
    """Around one very large transaction: SQLite's rollback journal instead of the WAL, if it can.

    In WAL mode every page a transaction writes goes to the WAL until it
    commits, and no checkpoint can move an uncommitted page: an import of a
    million events grows the WAL past a gigabyte. A rollback journal holds
    only the pages that existed before and were changed (pages appended to
    the file are not journaled), so it stays bounded by the ledger's size
    before the transaction, and every page is written once, not twice. The
    switch needs the file to itself: if another connection (another
    process, a reader) has the ledger open, the WAL stays, and True/False
    says which. Other processes that open the ledger meanwhile wait for the
    transaction, as a second writer always does (up to the lock timeout).
    After it, committed or not, the ledger is put back in WAL mode; a
    process killed in the middle leaves a hot journal that the next
    connection rolls back, and the next writer puts WAL back.
    """
    if not datastore.is_sqlite_filedb or not isinstance(datastore.engine, Engine):
        yield False
        return
    engine = datastore.engine
    datastore.init_sqlite_wal_mode()  # once per datastore: not again inside the transaction
    engine.dispose()  # this process's idle connections would hold the WAL open too
    try:
        with engine.connect() as connection:
            mode = connection.exec_driver_sql("PRAGMA journal_mode=TRUNCATE").scalar()
    except OperationalError:
        mode = "wal"  # another connection has the ledger open
    switched = str(mode).lower() != "wal"
    try:
        yield switched
    except Exception:
        if switched:
            datastore.is_sqlite_wal_mode = False
            with suppress(OperationalError):  # the failure is the one to report; WAL comes later
                datastore.init_sqlite_wal_mode()
        raise
    except BaseException:
        # Ctrl-C or SIGTERM may have landed inside the driver's own rollback, leaving a
        # connection of this process holding the file: asked once, without waiting for it.
        if switched:
            datastore.is_sqlite_wal_mode = _wal_at_once(engine)
        raise
    if switched:
        datastore.is_sqlite_wal_mode = False
        datastore.init_sqlite_wal_mode()


def _wal_at_once(engine: Engine) -> bool:
    """Put an SQLite file back in WAL mode now if nothing holds it; whether it is in WAL mode.

    On a connection of its own, outside the pool: a pooled one would first wait the lock
    timeout for its set-up (``_sqlite_durability``) if the interrupted one still holds the file.
    """
    try:
        driver = sqlite3.connect(str(engine.url.database), timeout=0)
        try:
            mode = driver.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        finally:
            driver.close()
    except sqlite3.Error:
        return False  # held: the next command that records puts it back
    return str(mode).lower() == "wal"


BULK_PAGE_CACHE_KIB = 16 * 1024
"""SQLite's page cache for a bulk transaction's connection (its default is 2,000 KiB).

An import appends rows at the ends of its tables, but enters each one in the
two indexes by aggregate, at places all over them; with the default cache,
those index pages are read again and again (at 100,000 events a sixth of the
inserts' CPU). Memory is taken only as pages are used, up to this much. Used
only under the rollback journal (:func:`rollback_journal`): in WAL mode the
transaction's pages keep spilling to the WAL as before."""


@contextmanager
def bulk_page_cache(connection: Connection) -> Iterator[None]:
    """Within: SQLite's page cache for this connection at least :data:`BULK_PAGE_CACHE_KIB`.

    Put back as it was afterwards, even after a failure (unless the
    connection is gone by then). Nothing to do on other databases.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    driver = connection.connection.dbapi_connection
    assert driver is not None
    previous = int(driver.execute("PRAGMA cache_size").fetchone()[0])
    # A negative size is in KiB, a positive one in pages: compare in KiB, roughly.
    if previous < 0 and -previous >= BULK_PAGE_CACHE_KIB:
        yield
        return
    driver.execute(f"PRAGMA cache_size={-BULK_PAGE_CACHE_KIB}")
    try:
        yield
    finally:
        with suppress(sqlite3.Error):  # closed by a failure: it takes its cache with it
            driver.execute(f"PRAGMA cache_size={previous}")


def truncate_wal(engine: Engine) -> bool:
    """Copy an SQLite WAL into the database and cut the file to nothing; False if it could not.

    Never waits: with a reader in the way (or a writer), the WAL is left for
    the automatic checkpoints, and ``journal_size_limit`` cuts it back when
    one empties it. Nothing to do on PostgreSQL.
    """
    if engine.dialect.name != "sqlite":
        return False
    try:
        with engine.connect() as connection:
            timeout = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
            connection.exec_driver_sql("PRAGMA busy_timeout=0")
            try:
                busy = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").first()
            finally:
                connection.exec_driver_sql(f"PRAGMA busy_timeout={int(timeout or 0)}")
    except SQLAlchemyError:
        return False  # a tidy-up: the automatic checkpoints still run
    return busy is not None and busy[0] == 0


def create_tables(engine: Engine, tables: Iterable[Table], existing: set[str]) -> None:
    """Create whichever of these tables do not exist yet, safely against other processes.

    ``existing`` is what was looked at without any lock: opening a ledger whose
    tables exist never waits for, or blocks, a writer (on SQLite, taking the
    schema lock is taking the write lock).
    """
    wanted = list(tables)
    if {table.name for table in wanted} <= existing:
        return
    with schema_lock(engine) as connection:
        # Looked at again under the lock, and in the first schema only: checkfirst would
        # take a table of a later schema on the search path for this ledger's.
        present = tables_present(connection, [table.name for table in wanted])
        if engine.dialect.name == "postgresql" and not present:  # a new ledger
            refuse_a_database_not_in_utf8(connection)
        for table in wanted:
            if table.name not in present:
                table.create(connection)


# Any fixed 32-bit number: with a hash of the schema's name, the key of the
# PostgreSQL advisory lock that lets one rebuild (or read-model check) run at a time.
_REBUILD_LOCK = 71_610_262


@contextmanager
def rebuild_lock(
    engine: Engine, on_wait: Callable[[], None] | None = None, *, wait: bool = True
) -> Iterator[bool]:
    """One rebuild of the read models at a time (each drops the abandoned tables of others).

    PostgreSQL: a session advisory lock. SQLite: an exclusive ``flock`` on
    ``LEDGER.rebuild-lock`` beside the ledger file. Either is let go when the
    process ends, however it ends. ``on_wait`` is called if another holds it.
    Yields whether it is held: with ``wait`` False, a lock another holds is
    not waited for, and the block runs without it (False).
    """
    if engine.dialect.name == "postgresql":
        with _advisory_lock(engine, on_wait, wait=wait) as held:
            yield held
        return
    # The file's path, not the URL's database: an SQLite URI (file:PATH?mode=ro) is no path.
    database = sqlite_file(engine.url.render_as_string(hide_password=False))
    if fcntl is None or database is None:
        yield True
        return
    path = Path(f"{database}.rebuild-lock")
    try:
        opened = path.open("a")
    except OSError as error:  # a folder this user may not write, say
        if engine.url.query.get("immutable") == "1":
            # A file said never to change (a backup, read where nothing may be written):
            # nothing rebuilds it, and 'audit verify --read-models' only reads.
            yield True
            return
        raise DatabaseUnavailable(
            f"cannot take the read models' rebuild lock: {path} cannot be opened ({error.strerror}"
            f"); it is kept beside the ledger file, so make the folder {path.parent} writable"
        ) from None
    with opened as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                yield False
                return
            if on_wait is not None:
                on_wait()
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def _advisory_lock(
    engine: Engine, on_wait: Callable[[], None] | None, *, wait: bool
) -> Iterator[bool]:
    """The rebuild lock on PostgreSQL: a session advisory lock on a connection of its own."""
    key = {"key": _REBUILD_LOCK}
    with engine.connect() as connection:
        held = connection.execute(
            text("SELECT pg_try_advisory_lock(:key, hashtext(current_schema()))"), key
        ).scalar()
        if not held and not wait:
            connection.commit()
            yield False
            return
        if not held:
            if on_wait is not None:
                on_wait()
            # Waited for as long as the other rebuild takes, on purpose (every other lock
            # wait of the ledger's is bounded: storage/schema_lock.py).
            connection.execute(text("SET LOCAL lock_timeout = 0"))
            connection.execute(
                text("SELECT pg_advisory_lock(:key, hashtext(current_schema()))"), key
            )
        connection.commit()
        try:
            yield True
        finally:
            connection.execute(
                text("SELECT pg_advisory_unlock(:key, hashtext(current_schema()))"), key
            )
            connection.commit()
