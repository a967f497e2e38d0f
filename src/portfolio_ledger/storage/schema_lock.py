"""The schema lock: the ledger's tables created or repaired by one process at a time.

Setting up (a new ledger's tables, a read model found incomplete or made by
an earlier version, begun again) takes the lock, then drops and creates
tables. On PostgreSQL each of those waits for locks other sessions hold: the
advisory lock of another process setting up the same ledger (the lock is the
ledger's schema's: ledgers in other schemas of the database set up alongside,
and are never named as in the way), or a table of its schema another session is
reading in a transaction it has left open (a report tool, a ``psql`` session
in ``BEGIN``). Without a limit a command waited for ever, saying nothing; now
it waits at most the lock timeout, then is refused with :class:`SetupBlocked`,
naming the sessions in the way, and its transaction is rolled back: nothing
changed.

So does every other transaction of the ledger's on PostgreSQL
(:func:`bound_every_transaction`): a read blocked by a table held exclusively
is refused naming the session holding it (:func:`reading_blocked`,
:func:`waiting_blocked`); a write that waited its time for the append lock names
the portfolio-ledger process holding it and, if that process is itself waiting
for a session holding a table (an administrator's ``LOCK TABLE``, a ``VACUUM
FULL``), that session as the one to end (:func:`appending_blocked`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy import TextClause, event, text
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from portfolio_ledger.application.errors import SetupBlocked
from portfolio_ledger.application.settings import LOCK_TIMEOUT
from portfolio_ledger.storage.lock_holders import described
from portfolio_ledger.storage.urls import describe_url

if TYPE_CHECKING:
    from sqlalchemy.orm import Session  # the write stack: read commands never import it

# Any fixed 32-bit number: with the ledger's schema (its oid, unique in the database), the
# key of the PostgreSQL advisory lock that serialises creating that ledger's tables. Ledgers
# in other schemas of the database take other keys, so never wait for it.
SCHEMA_LOCK = 71_610_260
APPEND_LOCK = 71_610_261
"""With a hash of the schema's name, the key of the advisory lock that serialises appends."""
APPEND_KEY = "hashtext(current_schema())"
"""The append lock's second key, in SQL: this ledger's (each schema's ledger appends alone)."""
LEDGER_SCHEMA = "(SELECT oid FROM pg_namespace WHERE nspname = current_schema())"
"""The oid of the ledger's schema (the first on the search path that exists), in SQL."""
_TAKE = text(f"SELECT pg_advisory_xact_lock(:key, {LEDGER_SCHEMA}::int4)")
LOCK_NOT_AVAILABLE = "55P03"
"""PostgreSQL's SQLSTATE for a lock not granted within ``lock_timeout``."""

_HOLDERS = """
    SELECT DISTINCT a.pid, a.usename, a.application_name, a.state, a.xact_start, current_user AS me,
           left(regexp_replace(a.query, '\\s+', ' ', 'g'), 60) AS query, {what} AS what
    FROM pg_locks held
    JOIN pg_stat_activity a ON a.pid = held.pid
    LEFT JOIN pg_class c ON c.oid = held.relation
    WHERE held.granted AND held.pid <> pg_backend_pid() AND {which}
    ORDER BY a.pid, what
    LIMIT 20
"""
_ADVISORY = "{lock}.locktype = 'advisory' AND {lock}.objsubid = 2 AND {lock}.classid = :key AND "
"""SQL: ``lock`` is the advisory lock of the key given and the second key that follows."""
_SCHEMA_HOLDERS = text(
    _HOLDERS.format(
        what="NULL", which=_ADVISORY.format(lock="held") + f"held.objid = {LEDGER_SCHEMA}"
    )
)
"""Sessions holding this ledger's schema lock (another process creating its tables)."""
_APPEND_HOLDERS = text(
    _HOLDERS.format(
        what="NULL", which=_ADVISORY.format(lock="held") + f"held.objid = {APPEND_KEY}::oid"
    )
)
"""Sessions holding this ledger's append lock (another portfolio-ledger process recording)."""


def _own_table(alias: str) -> str:
    """SQL: the relation ``alias`` is a table of the ledger's schema."""
    return f"{alias}.relkind IN ('r', 'p') AND {alias}.relnamespace = {LEDGER_SCHEMA}"


_APPEND_BLOCKERS = text(
    _HOLDERS.format(
        what="c.relname",
        which="held.pid IN (SELECT unnest(pg_blocking_pids(w.pid)) FROM pg_locks w WHERE "  # noqa: S608 - constants only
        f"w.granted AND {_ADVISORY.format(lock='w')}w.objid = {APPEND_KEY}::oid) "
        f"AND ((held.locktype = 'relation' AND {_own_table('c')}) "
        "OR (held.locktype = 'virtualxid' AND NOT EXISTS (SELECT FROM pg_locks t JOIN pg_class "
        f"tc ON tc.oid = t.relation WHERE t.pid = held.pid AND t.granted AND {_own_table('tc')})))",
    )
)
"""Sessions the append lock's holder waits for: the ledger's tables they hold, or one row
with none (its own transaction's lock) if they hold none of them."""
_SCHEMA_LOCK_HELD = "the schema lock (a portfolio-ledger process creating tables)"
_APPEND_LOCK_HELD = "the append lock (another writer recording decisions: an import, say)"
_WAITED_FOR = "a lock that process waits for"


def _table_holders(modes: tuple[str, ...] = (), *, named: bool = False) -> TextClause:
    """Sessions holding a lock on a table of the ledger's schema (in ``modes``; in ``:tables``)."""
    mode = f"AND held.mode IN ({', '.join(repr(m) for m in modes)}) " if modes else ""
    mode += "AND c.relname = ANY(:tables) " if named else ""
    return text(
        _HOLDERS.format(
            what="c.relname",
            which=f"held.locktype = 'relation' {mode}AND {_own_table('c')}",
        )
    )


_TABLE_HOLDERS = _table_holders()
"""Sessions holding a lock on a table of the ledger's schema (reading it in a transaction)."""
_READERS = _table_holders(named=True)
_WRITE_HOLDERS = _table_holders(
    ("ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock")
)
"""Sessions holding a table of the ledger's schema against writes (LOCK TABLE, CREATE INDEX)."""
_READ_HOLDERS = _table_holders(("AccessExclusiveLock",))
"""Sessions holding a table of the ledger's schema against reads (ALTER TABLE, VACUUM FULL)."""
_QUEUED = "{w}.locktype = 'relation' AND NOT {w}.granted AND {w}.mode = 'AccessExclusiveLock' AND "
_QUEUED += "{w}.relation IN (SELECT oid FROM pg_class pc WHERE {own})"
_READ_QUEUED = text(
    _HOLDERS.replace("held.granted AND ", "").format(
        what="c.relname", which=_QUEUED.format(w="held", own=_own_table("pc"))
    )
)
"""Sessions waiting to take a table exclusively (a rebuild's swap), which reads queue behind."""
_READ_QUEUED_FOR = text(
    _HOLDERS.format(
        what="c.relname",
        which="held.pid IN (SELECT unnest(pg_blocking_pids(w.pid)) FROM pg_locks w WHERE "  # noqa: S608 - constants only
        f"{_QUEUED.format(w='w', own=_own_table('pc'))}) AND {_own_table('c')}",
    )
)


_ONLY_BOUNDED = "portfolio_ledger.only_bounded"
"""In a connection's ``info``: its transaction has run nothing yet but the bound on its waits."""


def bound_every_transaction(engine: Engine) -> None:
    """On PostgreSQL, every transaction on ``engine`` waits for a lock at most the lock timeout.

    Each is bounded as it begins (``SET LOCAL lock_timeout``, for that
    transaction only), whoever begins it: the reads of every command (the
    events' head, an item's history, verification's and the export's chain
    reads, the read models' rows) as the writes. Before, a read waited for
    ever, saying nothing, behind a session holding a table exclusively
    (``LOCK TABLE``, ``ALTER TABLE``, ``VACUUM FULL`` in a transaction left
    open). The setting governs every wait of the ledger's: a ``lock_timeout``
    the URL's options (or the role, or the server) set is not used in its
    transactions. A wait meant to last (the rebuild lock) sets its own.
    """
    if engine.dialect.name != "postgresql" or event.contains(engine, "begin", _bound):
        return
    event.listen(engine, "begin", _bound)
    event.listen(engine, "before_cursor_execute", note_used)


def _bound(connection: Connection) -> None:
    # On the driver's own cursor: SQLAlchemy's transaction is not open yet (it is beginning);
    # the driver begins its own at this first statement.
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(f"SET LOCAL lock_timeout = {_milliseconds()}")
    finally:
        cursor.close()
    connection.info[_ONLY_BOUNDED] = True


def note_used(connection: Connection, *_: Any) -> None:
    """Note that the transaction of ``connection`` has run a statement (see :func:`only_bounded`).

    SQLAlchemy tells of each statement it runs; one run on the driver's own cursor
    (``chain_reader._fetch_all``) must be noted by whoever runs it.
    """
    connection.info[_ONLY_BOUNDED] = False


def only_bounded(connection: Connection) -> bool:
    """Whether the transaction of ``connection`` has run nothing but the bound on its waits.

    Such a transaction has taken no snapshot yet: its isolation level can still be set.
    """
    return bool(connection.info.get(_ONLY_BOUNDED))


def _milliseconds() -> int:
    return max(1, int(LOCK_TIMEOUT.value() * 1000))


def bound_lock_waits(bind: Connection | Session) -> None:
    """On PostgreSQL, every lock the transaction ``bind`` is in waits at most the lock timeout.

    As an SQLite connection waits at most that long for the file (its busy
    timeout); without it a PostgreSQL session waits for a lock for ever.
    """
    dialect = bind.dialect if isinstance(bind, Connection) else bind.get_bind().dialect
    if dialect.name == "postgresql":
        bind.execute(text(f"SET LOCAL lock_timeout = {_milliseconds()}"))


def is_lock_timeout(error: BaseException) -> bool:
    """Whether ``error`` is PostgreSQL's refusal of a lock not granted within the lock timeout.

    Looks through what it was raised from (the library wraps the driver's errors).
    """
    seen: BaseException | None = error
    while seen is not None:
        if getattr(seen, "sqlstate", None) == LOCK_NOT_AVAILABLE:
            return True
        seen = getattr(seen, "orig", None) or seen.__cause__ or seen.__context__
    return False


def in_the_way_of_writes(engine: Engine) -> str:
    """The sessions holding a table of the ledger's schema against writes, named; "" if none."""
    return _named(engine, _WRITE_HOLDERS)[0]


def reading_blocked(engine: Engine) -> str:
    """Why a read stopped: the sessions holding the ledger's tables exclusively, and what to do."""
    where = describe_url(engine.url.render_as_string(hide_password=False))
    held = _named(engine, _READ_HOLDERS)
    held = held if held[0] else _queued(engine)  # else: it queued behind one waiting to take
    stopped = f"cannot read the ledger at {where}"
    return _said(held, stopped, "the read needs", "nothing was changed", engine.url)


def _queued(engine: Engine) -> tuple[str, list[int]]:
    """The session a read queued behind, waiting to take the tables, and those it waits for."""
    waiting = _named(engine, _READ_QUEUED, doing="waiting to take")[0]
    blockers, pids = _named(engine, _READ_QUEUED_FOR)
    if not (waiting and blockers):  # two queries: one gone between them names no pair
        return "", []
    why = "exclusively (a rebuild swapping in its read models, say), itself waiting for"
    return f"{waiting} {why} {blockers}", pids


def waiting_blocked(engine: Engine) -> str | None:
    """Why a command stopped at a lock it waited for; None if no session holds the ledger's tables.

    Which of its locks was not granted is not known by then: the sessions
    holding a table of the ledger's against writes (or exclusively) are named.
    """
    named = _named(engine, _WRITE_HOLDERS)
    if not named[1]:
        return None
    where = describe_url(engine.url.render_as_string(hide_password=False))
    stopped = f"the ledger at {where} is busy"
    undone = "whatever the command had not committed was rolled back"  # a decision: all of it
    return _said(named, stopped, "this command needed", undone, engine.url)


def appending_blocked(engine: Engine) -> str:
    """Why a write stopped at the append lock: who holds it, and what that writer waits for.

    The holder is another portfolio-ledger process recording; if it is itself
    waiting for a lock another session holds (an administrator's ``LOCK
    TABLE``, a ``VACUUM FULL``), that session is named too, and is the one to end.
    """
    writers, writer_pids = _named(engine, _APPEND_HOLDERS, APPEND_LOCK, _APPEND_LOCK_HELD)
    blockers, blocker_pids = _named(engine, _APPEND_BLOCKERS, APPEND_LOCK, _WAITED_FOR)
    # Two queries: a holder gone between them leaves blockers of another; name only the pair.
    both = bool(writers and blockers)
    named = f"{writers}, itself waiting for {blockers}" if both else writers
    where = describe_url(engine.url.render_as_string(hide_password=False))
    stopped = f"the ledger at {where} is busy"
    if both or not writer_pids:
        held = (named, blocker_pids if both else writer_pids)
        return _said(held, stopped, "this command needed", "nothing was written", engine.url)
    # Another portfolio-ledger process recording, waiting on no one: under load it may show
    # as 'idle in transaction' between its statements. It finishes; ending it is the last resort.
    return (
        f"{stopped}: a lock this command needed is held by {named}, and was not let go within "
        f"{LOCK_TIMEOUT.value():g} s; nothing was written. Run the command again when it has "
        f"finished {how_long_to_wait(engine.url)}; only if it never does (its program stopped "
        f"or hung), end it: {_terminate(writer_pids)}"
    )


@contextmanager
def schema_lock(engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction that no other process can create tables alongside.

    Two processes opening a new ledger at once would otherwise both find a
    table missing and both create it, and one would fail. On PostgreSQL every
    lock the transaction waits for is waited for at most the lock timeout
    (``PORTFOLIO_LEDGER_LOCK_TIMEOUT``); then :class:`SetupBlocked` says who holds it.
    """
    postgres = engine.dialect.name == "postgresql"
    locked = False
    try:
        with engine.begin() as connection:
            if postgres:
                bound_lock_waits(connection)
                connection.execute(_TAKE, {"key": SCHEMA_LOCK})
                locked = True
            elif engine.dialect.name == "sqlite":
                # Take the write lock now, so checking for a table and creating
                # it happen under it (the driver would begin only at the first write).
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            yield connection
    except OperationalError as error:
        if not postgres or not is_lock_timeout(error):
            raise
        # Rolled back by now. Waiting for the schema lock, another process held it; holding
        # it, a table was in another session's way.
        raise SetupBlocked(
            _blocked(
                engine,
                _TABLE_HOLDERS if locked else _SCHEMA_HOLDERS,
                "cannot set up the ledger's tables and read models",
            )
        ) from None


def _blocked(
    engine: Engine,
    holders: TextClause,
    stopped: str,
    needs: str = "they need",
    changed: str = "nothing was changed",
) -> str:
    """Why ``stopped``: the sessions holding what it waited for, and what to do."""
    return _said(_named(engine, holders), stopped, needs, changed, engine.url)


def _said(held: tuple[str, list[int]], stopped: str, needs: str, changed: str, url: URL) -> str:
    named, pids = held
    waited = f"and was not let go within {LOCK_TIMEOUT.value():g} s; {changed}"
    if not named:  # it let go as the refusal was written: there is no one left to ask
        return (
            f"{stopped}: a lock {needs} was held by another session (gone by now), {waited}. "
            f"It has let go since: run the command again {how_long_to_wait(url)}"
        )
    return (
        f"{stopped}: a lock {needs} is held by {named}, {waited}. Ask whoever runs it to "
        f"finish or end that transaction{_ends(pids) if pids else ''}, then run the command "
        f"again {how_long_to_wait(url)}"
    )


def _ends(pids: list[int]) -> str:
    """`` (or end it: SELECT pg_terminate_backend(42))``: how to end the sessions in the way."""
    return f" (or end {'it' if len(pids) == 1 else 'them'}: {_terminate(pids)})"


def _terminate(pids: list[int]) -> str:
    """``SELECT pg_terminate_backend(42)``, or ``(PID)`` for several sessions."""
    return f"SELECT pg_terminate_backend({pids[0] if len(pids) == 1 else 'PID'})"


def how_long_to_wait(url: URL) -> str:
    """What sets how long a lock is waited for, said after one was not granted in time.

    A ``lock_timeout`` the URL's options set is not used (see
    :func:`bound_every_transaction`): a user who set it is told so.
    """
    options = url.query.get("options", "")
    given = options if isinstance(options, str) else " ".join(options)
    if "lock_timeout" not in given.replace("-", "_"):
        return "(PORTFOLIO_LEDGER_LOCK_TIMEOUT sets how long to wait)"
    return (
        "(PORTFOLIO_LEDGER_LOCK_TIMEOUT sets how long to wait; the lock_timeout in the "
        "URL's options is not used: the ledger sets its own in each transaction)"
    )


def _named(
    engine: Engine,
    holders: TextClause,
    key: int = SCHEMA_LOCK,
    untabled: str = _SCHEMA_LOCK_HELD,
    doing: str = "holding",
) -> tuple[str, list[int]]:
    """The sessions ``holders`` finds, each named with what it holds; and their processes.

    ``key`` is the advisory lock's the query names; ``untabled`` is a row naming no table.
    """
    try:
        with engine.connect() as connection:
            return described(connection.execute(holders, {"key": key}).mappings(), untabled, doing)
    except SQLAlchemyError:
        return "", []


def reading_tables(connection: Connection, tables: list[str]) -> str:
    """The other sessions holding a lock on these tables of the ledger's, named; "" if none."""
    try:
        with connection.begin_nested():  # a savepoint: the caller's transaction goes on
            rows = connection.execute(_READERS, {"key": SCHEMA_LOCK, "tables": tables})
            return described(rows.mappings().all(), _SCHEMA_LOCK_HELD)[0]
    except SQLAlchemyError:
        return ""
