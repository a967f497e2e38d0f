"""Ways a rebuild might write its rows faster, each measured against plain ``executemany``.

``python -m bench.write_paths LEDGER.db``, on an SQLite ledger whose read
models are built. It reads the audit trail's rows (one per event) and
writes them into fresh tables of a scratch file three ways, printing CPU
and wall seconds as JSON:

- ``threads``: ``executemany`` alone; a Python loop alone; then both at
  once, the inserts on a second thread. sqlite3 lets go of the GIL inside
  each row's step, but the thread must take it back for the next row's
  bind, so the two run no faster together than one after the other.
  ``threads, many rows``: the same, the rows as the read models write them
  on SQLite since (INSERTs of many rows, ``storage/many_rows``): a step of
  dozens of rows with the GIL let go, but the binds still hold it.
- ``json``: the same rows as one JSON text per page, inserted by
  ``INSERT ... SELECT value->>0, ... FROM json_each(?)``: one call, no GIL
  held in it, but SQLite's JSON work costs more than the binds it saves.
- ``rowid``: the table as the ledger makes it (``position BIGINT``, a
  primary key beside the rowid) and with ``INTEGER`` (the rowid itself).
"""

from __future__ import annotations

import json
import sqlite3
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from itertools import chain
from pathlib import Path
from typing import Any

from portfolio_ledger.storage.many_rows import MAX_VARIABLES, insert_text

PAGE = 10_000
TABLE = "audit_trail"


def _rows(ledger: str) -> tuple[str, list[tuple[Any, ...]]]:
    source = sqlite3.connect(f"file:{ledger}?mode=ro", uri=True)
    (schema,) = source.execute("SELECT sql FROM sqlite_master WHERE name = ?", (TABLE,)).fetchone()
    rows = source.execute(f"SELECT * FROM {TABLE}").fetchall()  # noqa: S608 - a fixed name
    source.close()
    return schema, rows


def _fresh(folder: Path, name: str, schema: str) -> sqlite3.Connection:
    connection = sqlite3.connect(folder / name, isolation_level=None, check_same_thread=False)
    connection.execute("PRAGMA journal_mode=TRUNCATE")
    connection.execute(schema)
    return connection


def _timed(work: Callable[[], Any]) -> dict[str, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return {"seconds": time.perf_counter() - wall, "cpu": time.process_time() - cpu}


def _insert_pages(connection: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> None:
    marks = ", ".join("?" * len(rows[0]))
    for start in range(0, len(rows), PAGE):
        connection.execute("BEGIN")
        connection.executemany(f"INSERT INTO {TABLE} VALUES ({marks})", rows[start : start + PAGE])  # noqa: S608 - a fixed name
        connection.execute("COMMIT")


def _insert_many(connection: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> None:
    per = MAX_VARIABLES // len(rows[0])
    names = tuple(row[1] for row in connection.execute(f"PRAGMA table_info({TABLE})"))
    for start in range(0, len(rows), PAGE):
        page = rows[start : start + PAGE]
        connection.execute("BEGIN")
        for at in range(0, len(page), per):
            some = page[at : at + per]
            values = tuple(chain.from_iterable(some))
            connection.execute(insert_text(TABLE, names, len(some)), values)
        connection.execute("COMMIT")


Inserts = Callable[[sqlite3.Connection, list[tuple[Any, ...]]], None]


def _python_loop(rounds: int) -> int:
    total = 0
    for n in range(rounds):
        total += n * n
    return total


def threads(
    folder: Path, schema: str, rows: list[tuple[Any, ...]], inserts: Inserts = _insert_pages
) -> dict[str, Any]:
    """Inserts alone, Python alone, and both at once (the inserts on a thread)."""
    name = inserts.__name__
    alone = _timed(lambda: inserts(_fresh(folder, f"a{name}.db", schema), rows))
    rounds = 10_000_000
    python = _timed(lambda: _python_loop(rounds))
    connection = _fresh(folder, f"b{name}.db", schema)
    writer = threading.Thread(target=inserts, args=(connection, rows))

    def both() -> None:
        writer.start()
        _python_loop(rounds)
        writer.join()

    together = _timed(both)
    return {"inserts": alone, "python": python, "together": together}


def json_pages(folder: Path, schema: str, rows: list[tuple[Any, ...]]) -> dict[str, Any]:
    """``executemany`` against one ``INSERT ... SELECT ... FROM json_each(?)`` per page."""
    plain = _timed(lambda: _insert_pages(_fresh(folder, "c.db", schema), rows))
    texts = [json.dumps(rows[s : s + PAGE]) for s in range(0, len(rows), PAGE)]
    picked = ", ".join(f"value->>{n}" for n in range(len(rows[0])))
    statement = f"INSERT INTO {TABLE} SELECT {picked} FROM json_each(?)"  # noqa: S608 - a fixed name
    connection = _fresh(folder, "d.db", schema)

    def by_json() -> None:
        for text in texts:
            connection.execute("BEGIN")
            connection.execute(statement, (text,))
            connection.execute("COMMIT")

    return {"executemany": plain, "json_each": _timed(by_json)}


def rowid(folder: Path, schema: str, rows: list[tuple[Any, ...]]) -> dict[str, Any]:
    """The trail's table with ``position BIGINT`` (as made) and ``INTEGER`` (the rowid)."""
    integer = schema.replace("position BIGINT NOT NULL", "position INTEGER NOT NULL")
    return {
        "bigint": _timed(lambda: _insert_pages(_fresh(folder, "e.db", schema), rows)),
        "integer": _timed(lambda: _insert_pages(_fresh(folder, "f.db", integer), rows)),
    }


def main() -> None:
    """Measure each way on the ledger named, in a scratch folder removed after."""
    schema, rows = _rows(sys.argv[1])
    if not rows:
        raise SystemExit(f"{sys.argv[1]}: its {TABLE} is empty (rebuild its read models first)")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        found = {
            "rows": len(rows),
            "threads": threads(folder, schema, rows),
            "threads, many rows": threads(folder, schema, rows, _insert_many),
            "json": json_pages(folder, schema, rows),
            "rowid": rowid(folder, schema, rows),
        }
    print(json.dumps(found, indent=1))


if __name__ == "__main__":
    main()
