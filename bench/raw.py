"""Raw baselines, measured in the same run as the ledger's operations.

Each does the bare minimum the matching ledger operation cannot avoid, with
the database driver alone, on the same rows: so a ratio to it says how much
the ledger adds, whatever the machine's speed at the moment.
"""

from __future__ import annotations

import csv
import hashlib
import resource
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL, make_url

EVENTS = "SELECT id, originator_id, originator_version, topic, state FROM portfolio_ledger_events"
PAGE = 5000


@contextmanager
def cursor(url: str) -> Iterator[Any]:
    """A plain DB-API cursor on the ledger's database (sqlite3, or psycopg for PostgreSQL)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        db: Any = sqlite3.connect(f"file:{parsed.database}?mode=ro", uri=True)
    else:
        import psycopg

        db = psycopg.connect(**connect_args(parsed))
    try:
        yield db.cursor()
    finally:
        db.close()


def connect_args(url: URL) -> dict[str, Any]:
    """psycopg's keyword arguments for a PostgreSQL URL, as SQLAlchemy's dialect makes them.

    A URL's own text is not a libpq URI: its ``options=-c...+-c...`` joins
    settings with a ``+`` that SQLAlchemy reads as a space and libpq would not.
    """
    from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg

    dialect = PGDialect_psycopg()  # type: ignore[no-untyped-call]  # SQLAlchemy's, untyped
    args, kwargs = dialect.create_connect_args(url)  # type: ignore[no-untyped-call]
    assert not args, args
    return dict(kwargs)


def executemany_rate(path: Path, rows: list[tuple[bytes, int, str, bytes]]) -> float:
    """Rows per second: sqlite3 executemany of event-sized rows, one transaction."""
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute(
        "CREATE TABLE events (id INTEGER PRIMARY KEY, originator_id BLOB NOT NULL,"
        " originator_version INTEGER NOT NULL, topic TEXT NOT NULL, state BLOB NOT NULL)"
    )
    db.execute("CREATE UNIQUE INDEX events_aggregate ON events (originator_id, originator_version)")
    started = time.perf_counter()
    with db:
        db.executemany(
            "INSERT INTO events (originator_id, originator_version, topic, state)"
            " VALUES (?, ?, ?, ?)",
            rows,
        )
    seconds = time.perf_counter() - started
    db.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return len(rows) / seconds


def read_rate(url: str, *, hashed: bool = False) -> float:
    """Rows per second: read every stored event row (and SHA-256 each, if ``hashed``)."""
    with cursor(url) as rows:
        started = time.perf_counter()
        count = 0
        rows.execute(EVENTS + " ORDER BY id")
        while page := rows.fetchmany(PAGE):
            if hashed:
                for row in page:
                    hashlib.sha256(bytes(row[4])).digest()
            count += len(page)
        seconds = time.perf_counter() - started
    return count / seconds


def csv_rate(url: str, out: Path) -> float:
    """Rows per second: csv.writer over every audit-trail row read raw, to a file."""
    with cursor(url) as rows, out.open("w", encoding="utf-8", newline="") as handle:
        started = time.perf_counter()
        writer = csv.writer(handle)
        count = 0
        rows.execute("SELECT * FROM audit_trail ORDER BY position")
        while page := rows.fetchmany(PAGE):
            writer.writerows(page)
            count += len(page)
        seconds = time.perf_counter() - started
    out.unlink(missing_ok=True)
    return count / seconds


def sample_rows(url: str, limit: int) -> list[tuple[bytes, int, str, bytes]]:
    """Event-sized rows for the executemany baseline: the ledger's own, with fresh ids."""
    with cursor(url) as rows:
        rows.execute(EVENTS + " ORDER BY id LIMIT %d" % limit)  # noqa: UP031 - both drivers
        found = rows.fetchall()
    return [
        (i.to_bytes(16, "big"), 1, topic, bytes(state))
        for i, (_, _, _, topic, state) in enumerate(found)
    ]


def process(command: list[str]) -> tuple[float, float]:
    """Run a process to its end: its wall seconds, and its CPU seconds (user + system).

    CPU time is the steadier figure on a shared machine: another process
    running beside it slows its wall time, not (much) its CPU time.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


def import_floor(module: str = "eventsourcing_sqlalchemy") -> tuple[float, float]:
    """``python -c "import MODULE"``, wall and CPU seconds: a start-up floor (the write stack)."""
    return process([sys.executable, "-c", f"import {module}"])


def pack_read_seconds(url: str, days: int = 90) -> float:
    """Seconds to read, raw, the rows a board pack reads: every item state, the period's trail."""
    from datetime import date, timedelta

    since = (date.today() - timedelta(days=days)).isoformat()  # noqa: DTZ011 - as the pack's
    mark = "?" if make_url(url).get_backend_name() == "sqlite" else "%s"
    with cursor(url) as rows:
        started = time.perf_counter()
        rows.execute("SELECT * FROM item_timeline")
        while rows.fetchmany(PAGE):
            pass
        rows.execute(f"SELECT * FROM audit_trail WHERE effective_date > {mark}", (since,))  # noqa: S608 - a placeholder
        while rows.fetchmany(PAGE):
            pass
        return time.perf_counter() - started


READ_MODEL_TABLES = (
    "audit_trail",
    "item_timeline",
    "portfolio_items",
    "portfolio_items_shown",
    "portfolio_items_listed",
    "economics",
    "portfolio_envelopes",
)


def rebuild_writes(path: str, out: Path) -> dict[str, Any]:
    """The rebuild's writes alone: its read models' rows and indexes, by sqlite3, into a new file.

    Every row of each read-model table of the SQLite ledger at ``path`` (which
    must have them built) is read back a page at a time and inserted, as
    stored, into the same table made afresh without its secondary indexes,
    a transaction per page under the rollback journal (as a rebuild writes
    its fresh tables); then the indexes are built. Only the inserts, the
    commits and the index builds are timed (wall and CPU seconds): the floor
    of any rebuild that writes these rows, with nothing computed.
    """
    out.unlink(missing_ok=True)
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    target = sqlite3.connect(out, isolation_level=None)
    schema = source.execute("SELECT type, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL")
    made = [(kind, table, sql) for kind, table, sql in schema if table in READ_MODEL_TABLES]
    wall, cpu, rows = 0.0, 0.0, 0
    for _, table, sql in (entry for entry in made if entry[0] == "table"):
        target.execute(sql)
        read = source.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - the ledger's own tables
        while page := read.fetchmany(10_000):
            marks = ", ".join("?" * len(page[0]))
            started, used = time.perf_counter(), time.process_time()
            target.execute("BEGIN")
            target.executemany(f'INSERT INTO "{table}" VALUES ({marks})', page)  # noqa: S608 - as above
            target.execute("COMMIT")
            wall += time.perf_counter() - started
            cpu += time.process_time() - used
            rows += len(page)
    started, used = time.perf_counter(), time.process_time()
    for _, _, sql in (entry for entry in made if entry[0] == "index"):
        target.execute(sql)
    indexes, indexes_cpu = time.perf_counter() - started, time.process_time() - used
    events = source.execute("SELECT count(*) FROM portfolio_ledger_events").fetchone()[0]
    source.close()
    target.close()
    out.unlink(missing_ok=True)
    return {
        "seconds": wall + indexes,
        "cpu": cpu + indexes_cpu,
        "inserts": [wall, cpu],
        "indexes": [indexes, indexes_cpu],
        "rows": rows,
        "count": events,
    }


def with_cpu(baseline: Callable[..., float], *args: Any, **kwargs: Any) -> tuple[float, float]:
    """A raw baseline's rate, and the CPU seconds this process spent measuring it."""
    cpu = time.process_time()
    rate = baseline(*args, **kwargs)
    return rate, time.process_time() - cpu
