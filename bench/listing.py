"""The raw floor of ``portfolio --json``: the floor's import, the stored texts read and written.

``python -m bench.listing URL`` imports SQLAlchemy (the read commands' floor,
``python -c "import sqlalchemy"``), then reads every item's listed text in
``portfolio --json``'s order with the bare driver, and writes the list to
stdout as the command does. Nothing else: no click, no ledger module. The
one read command whose output grows with the ledger (9.6 MB at 10,000 items)
is measured beside it, so its ratio to this says what the ledger adds to the
reading and writing no program can skip.

Kept to the standard library and the driver, like the floor it extends.
"""

from __future__ import annotations

import sys

import sqlalchemy  # noqa: F401 - the floor this extends imports it
from sqlalchemy.engine import URL, make_url

# portfolio --json's order (``projections.queries.listed_query``): unranked last, then the
# rank, the key by code point, the id.
QUERY = "SELECT listed FROM portfolio_items_listed"
ORDER = "priority_rank IS NULL, priority_rank, key {collate}, item_id"


def texts(url: str) -> list[bytes]:
    """Every item's listed text, in the listing's order, as the driver gives it (UTF-8)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_texts(str(parsed.database))
    return _postgres_texts(parsed)


def _sqlite_texts(path: str) -> list[bytes]:
    import sqlite3

    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    db.text_factory = bytes
    order = ORDER.format(collate="COLLATE BINARY")
    found = [text for (text,) in db.execute(f"{QUERY} ORDER BY {order}")]
    db.close()
    return found


def _postgres_texts(url: URL) -> list[bytes]:
    import psycopg

    from bench.raw import connect_args

    with psycopg.connect(**connect_args(url)) as server:
        order = ORDER.format(collate='COLLATE "C"')
        return [text.encode() for (text,) in server.execute(f"{QUERY} ORDER BY {order}")]


def main(url: str) -> None:
    """Write the JSON list of the texts, as ``portfolio --json`` prints it."""
    found = texts(url)
    out = sys.stdout.buffer
    if not found:
        out.write(b"[]\n")
        return
    out.write(b"[\n")
    out.write(b",\n".join(found))
    out.write(b"\n]\n")


if __name__ == "__main__":
    main(sys.argv[1])
