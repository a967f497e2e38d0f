"""Database failures in words a user can act on: unreachable, full, locked, not writable."""

from __future__ import annotations

import re
import shlex
import shutil
import sqlite3
import sys

from eventsourcing.persistence import PersistenceError
from sqlalchemy import create_engine
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from portfolio_ledger.application.errors import LedgerBusy
from portfolio_ledger.domain.errors import LedgerError
from portfolio_ledger.storage.datastore import lock_timeout
from portfolio_ledger.storage.date_style import keep_iso_dates
from portfolio_ledger.storage.no_schema import NO_SCHEMA, no_schema
from portfolio_ledger.storage.read_refused import refused_read
from portfolio_ledger.storage.schema_lock import (
    how_long_to_wait,
    is_lock_timeout,
    waiting_blocked,
)
from portfolio_ledger.storage.server_limits import server_time_limit
from portfolio_ledger.storage.session_env import refused_setting
from portfolio_ledger.storage.urls import (
    access_problem,
    connect_args,
    describe_url,
    normalise_url,
    opened_immutable,
    sqlite_folder,
)

# What opening a ledger can fail with when the database, not the code, is at fault.
OPEN_ERRORS = (SQLAlchemyError, PersistenceError, OSError)

# Less free space than this on an SQLite ledger's disk counts as full.
_NEARLY_FULL = 256 * 1024
# How SQLite and PostgreSQL say that the disk is full.
_DISK_FULL = ("database or disk is full", "no space left on device", "disk full")


DISK_FULL = "53100"
"""PostgreSQL's SQLSTATE for a full disk, whatever language its message is in."""


def _disk_full(reason: str, url: str | None, sqlstate: str | None = None) -> bool:
    """Whether the database said the disk is full, or an SQLite file's disk has no room left.

    SQLite reports a full disk while opening a ledger as a plain "disk I/O
    error" (it cannot grow FILE-shm), so the free space is looked at too.
    """
    if sqlstate == DISK_FULL or any(sign in reason.lower() for sign in _DISK_FULL):
        return True
    folder = sqlite_folder(url) if url else None
    if folder is None:
        return False
    try:
        return shutil.disk_usage(folder).free < _NEARLY_FULL
    except OSError:
        return False


def disk_full(error: BaseException, url: str | None) -> bool:
    """Whether ``error`` says the disk holding the ledger is full (or it has no room left)."""
    return _disk_full(first_line(error), url, _sqlstate(error))


def _full(reason: str) -> str:
    return (
        f"the disk holding the ledger is full ({reason}). Nothing was written. Free some "
        "space there, then re-run the command."
    )


_NO_CONNECTION_FREE = (
    "too many clients",  # the server's max_connections
    "too many connections",  # a role's or a database's CONNECTION LIMIT
    "remaining connection slots are reserved",  # the last slots, kept for superusers
)
"""How PostgreSQL refuses a connection when every one it allows is taken (SQLSTATE 53300,
which psycopg does not carry on a failed connection, so the words are read)."""


def _no_connection_free(reason: str, written: str) -> str | None:
    """What to do when the server has no connection left for this command; None otherwise.

    ``written`` says what became of the command's writes ("Nothing was written").
    """
    if not any(sign in reason.lower() for sign in _NO_CONNECTION_FREE):
        return None
    return (
        f"{reason}: the PostgreSQL server has no connection free for this command (every "
        "one it allows, in all or for this user or database, is taken by other sessions). "
        f"{written}. Run the command again when fewer sessions are connected (other "
        "commands, reports, tools), or ask the server's administrator to raise its "
        "max_connections or the role's or database's CONNECTION LIMIT."
    )


_NOT_THERE = re.compile(r'FATAL:\s+(database|role) "((?:[^"]|"")*)" does not exist')
"""How PostgreSQL refuses a connection to a database or as a role it has none of (SQLSTATEs
3D000 and 28000, which psycopg does not carry on a failed connection, so the words are read)."""


def _not_on_the_server(reason: str) -> str | None:
    """A database or role the server has none of: which, and what to do; None otherwise.

    Before, the fix offered was to check *that it is running and reachable*, which it was.
    """
    found = _NOT_THERE.search(reason)
    if found is None:
        return None
    kind, name = found.group(1), found.group(2).replace('""', '"')
    plain = re.fullmatch(r"[a-z_][a-z0-9_]*", name) is not None
    sql = name if plain else '"' + name.replace('"', '""') + '"'
    if kind == "database":
        return (
            f"{reason}: the server answered, but holds no database named {name}. Check the "
            "database's name in the URL (--db or PORTFOLIO_LEDGER_DB), or create it (createdb "
            f"-E UTF8 -T template0 {shlex.quote(name)}, or CREATE DATABASE {sql} ENCODING "
            "'UTF8' TEMPLATE template0). Nothing was read or written."
        )
    return (
        f"{reason}: the server answered, but knows no role (user) named {name}. Check the "
        "user in the URL (postgresql://USER@HOST:PORT/DATABASE, in --db or "
        f"PORTFOLIO_LEDGER_DB), or have the server's administrator create it (CREATE ROLE {sql} "
        "LOGIN). Nothing was read or written."
    )


def _sqlstate(error: BaseException) -> str | None:
    return getattr(getattr(error, "orig", None) or error, "sqlstate", None)


_MAY_NOT_WRITE = frozenset({"25006", "42501"})
"""PostgreSQL's read_only_sql_transaction (a read-only transaction, a standby) and
insufficient_privilege (a role that may only read)."""


def may_not_write(error: BaseException) -> bool:
    """Whether the database refused a write because this connection may only read.

    SQLite: a file opened with ``mode=ro``, or one this user may not write
    (*attempt to write a readonly database*); PostgreSQL: the states above.
    """
    seen: BaseException | None = error
    while seen is not None:  # eventsourcing's own errors hold SQLAlchemy's as their cause
        if _sqlstate(seen) in _MAY_NOT_WRITE or "readonly database" in first_line(seen).lower():
            return True
        seen = seen.__cause__
    return False


def _from_the_driver(error: BaseException) -> bool:
    """Whether the database driver raised ``error`` itself, not through SQLAlchemy.

    The fast paths (verification's and the export's chain reads, the read
    models' rows fetched from the cursor, an SQLite connection of their own)
    read through the driver's cursor: a damaged page or a lock timeout there
    is the driver's own error, and is said as the same error through SQLAlchemy
    is. Before, it was an internal error (exit 70).
    """
    if isinstance(error, sqlite3.Error):
        return True
    psycopg = sys.modules.get("psycopg")  # loaded only where a server was used
    return psycopg is not None and isinstance(error, psycopg.Error)


def _lock_timeout(reason: str, url: str | None) -> str:
    """A PostgreSQL lock not granted within the lock timeout: who holds it, what to do.

    Every transaction of the ledger's waits the ledger's own lock timeout
    (``bound_every_transaction`` in storage/schema_lock.py), whatever the URL
    sets, so that is the wait quoted.
    """
    parsed = _server_url(url)
    named = _holders(parsed) if parsed is not None else None
    if named is not None:
        return named
    how_long = how_long_to_wait(parsed) if parsed is not None else _HOW_LONG
    busy = f"the ledger at {describe_url(url)} is busy: " if url else ""
    return (
        f"{reason}: {busy}another session held a lock this command needed (an import, a rebuild "
        "of the read models, a long command, or a tool holding a table) and did not let go "
        f"within {lock_timeout():g} s. Nothing more was written. Run the command again when "
        f"it has finished {how_long}."
    )


_HOW_LONG = "(PORTFOLIO_LEDGER_LOCK_TIMEOUT sets how long to wait)"


def _user(url: str | None) -> str | None:
    """The role a PostgreSQL server's URL connects as, if it names one."""
    parsed = _server_url(url)
    return parsed.username if parsed is not None else None


def _server_url(url: str | None) -> URL | None:
    """The ledger's URL, parsed, if it is a PostgreSQL server's."""
    try:
        parsed = make_url(normalise_url(url)) if url else None
    except (LedgerError, ArgumentError, ValueError):
        return None
    return parsed if parsed is not None and parsed.get_backend_name() == "postgresql" else None


def _holders(url: URL) -> str | None:
    """The sessions holding the ledger's tables at ``url``, and what to do; None if none found."""
    try:
        engine = keep_iso_dates(create_engine(url, connect_args=connect_args(url)))
    except (SQLAlchemyError, ImportError, ValueError):
        return None
    try:
        return waiting_blocked(engine)
    finally:
        engine.dispose()


_DRIVER_CLASS = re.compile(r"^\((?:sqlite3|psycopg)(?:\.\w+)*\) ")


def first_line(error: BaseException) -> str:
    """The driver's own reason, first line only (no SQL, no parameters)."""
    reason = str(getattr(error, "orig", None) or error).strip().splitlines()
    # Through the event store the driver's error comes as SQLAlchemy's text of it, which
    # starts with the driver's class: "(sqlite3.DatabaseError) database disk image ...".
    return _DRIVER_CLASS.sub("", reason[0]) if reason else type(error).__name__


def is_file_held(error: BaseException) -> bool:
    """Whether ``error`` is SQLite's: another connection held the file past the lock timeout."""
    return "database is locked" in first_line(error).lower()


def cannot_open(url: str, error: BaseException) -> str:
    """Why the ledger at ``url`` cannot be opened, and what to check."""
    if is_file_held(error):
        return f"cannot open the ledger at {describe_url(url)}: {LedgerBusy(lock_timeout())}"
    if _disk_full(first_line(error), url, _sqlstate(error)):
        return _full(first_line(error))
    if _damaged(first_line(error)):  # whatever the URI allows: mode=ro reads no text file
        return f"cannot open the ledger at {describe_url(url)}: {_damaged_file(first_line(error))}"
    access = access_problem(url)
    if access is not None:
        return f"cannot open the ledger at {describe_url(url)}: {access}"
    if _sqlstate(error) == NO_SCHEMA:
        return no_schema(url, first_line(error))
    said = (
        refused_setting(first_line(error))
        or _no_connection_free(first_line(error), "Nothing was written")
        or server_time_limit(first_line(error), "Nothing was written", _user(url), _sqlstate(error))
        or _not_on_the_server(first_line(error))
        or (
            f"{first_line(error)}. Check the URL (--db or PORTFOLIO_LEDGER_DB) and, for a server, "
            "that it is running and reachable."
        )
    )
    return f"cannot open the ledger at {describe_url(url)}: {said}"


def explain_database_error(error: BaseException, url: str | None) -> str | None:
    """A database error as a message for the user (None if it is not a database error).

    ``url`` is the ledger's, where known: an error on an SQLite file is then
    explained by what the file and its folder allow.
    """
    if not isinstance(error, SQLAlchemyError | PersistenceError) and not _from_the_driver(error):
        return None
    first = first_line(error)
    if is_file_held(error):
        return str(LedgerBusy(lock_timeout()))
    if is_lock_timeout(error):
        return _lock_timeout(first, url)
    if _disk_full(first, url, _sqlstate(error)):
        return _full(first)
    access = access_problem(url) if url and not _damaged(first) else None
    if access is None and url and may_not_write(error):  # before, immutable=1's: 'the database
        access = opened_immutable(url)  # failed: attempt to write a readonly database'
    if access is not None:
        return f"{access}. Nothing was written."
    server_refused = may_not_write(error) and "readonly database" not in first.lower()
    return _refused(error, first) if server_refused else _damaged_or_failed(error, first, url)


def _damaged_or_failed(error: BaseException, first: str, url: str | None) -> str:
    return _damaged_file(first) if _damaged(first) else _failed(first, url, _sqlstate(error))


def _refused(error: BaseException, first: str) -> str:
    """A statement the server refused this role: a read of a table it may not read, or a write."""
    return refused_read(error, first) or _refused_write(first)


def _refused_write(first: str) -> str:
    """A write refused because the connection may only read: the rule, not 'the database failed'.

    A PostgreSQL role given SELECT alone, a read-only transaction
    (``-cdefault_transaction_read_only=on``) or a standby. Before, the driver's
    words came with 'check the database and re-run the command', which does nothing.
    """
    return (
        f"this connection may not write to the database ({first}), so nothing can be "
        "recorded through it; to record, connect as a role that may (the ledger's owner, or a "
        "role given 'portfolio-ledger grant'), not in a read-only transaction or on a standby. "
        "Nothing was written."
    )


def _failed(first: str, url: str | None, sqlstate: str | None) -> str:
    """A database error of no kind more particular: the server's limit, or the driver's words."""
    written = "Nothing more was written"
    return (
        _no_connection_free(first, written)
        or server_time_limit(first, written, _user(url), sqlstate)
        or _driver_words(first)
    )


def _driver_words(first: str) -> str:
    return (
        f"the database failed: {first}. Nothing more was written; check the database and "
        "re-run the command."
    )


def _damaged_file(reason: str) -> str:
    """What a file SQLite cannot read is: another file named by mistake, or the ledger damaged."""
    if "file is not a database" not in reason.lower():
        return _DAMAGED.format(reason)
    return _DAMAGED.format(
        f"{reason}: check first that --db (or PORTFOLIO_LEDGER_DB) names the ledger's file, "
        "not another (a return, a spreadsheet); if it does"
    )


_DAMAGED = (
    "{}: the SQLite file is damaged (cut short, or overwritten outside SQLite), so "
    "nothing in it can be read or verified. Nothing was written. Keep the file as it is "
    "for the record, and restore the ledger from a copy that verifies against your latest "
    "digest ('portfolio-ledger audit verify --digest LINE'; docs/verification.md, \"When "
    'verification fails")'
)


def _damaged(reason: str) -> bool:
    """SQLite's words for a file that is not (or no longer) a whole database."""
    reason = reason.lower()
    return "database disk image is malformed" in reason or "file is not a database" in reason
