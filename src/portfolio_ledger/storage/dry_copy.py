"""A dry run on an SQLite ledger opened read-only: against a private copy of it.

A dry run checks each line by recording it in a transaction it then rolls
back, so it needs a connection that may write. An auditor or an analyst is
often given the ledger read-only: an SQLite URI with ``mode=ro`` (or
``immutable=1``, for a file nothing writes), or a file this user may not
write. Its dry run was refused (*opened read-only, so nothing can be
recorded*), though it records nothing. It now runs against a copy of the
ledger taken at that moment with SQLite's online backup (a consistent
snapshot, the WAL's committed pages included), in a private temporary
folder removed afterwards; the ledger itself is only read.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

from sqlalchemy.engine import make_url

from portfolio_ledger.storage.urls import normalise_url, sqlite_file


def read_only_file(url: str) -> Path | None:
    """The SQLite ledger file ``url`` opens read-only; None for any other URL, or no file.

    Read-only: ``mode=ro`` or ``immutable=1`` in its SQLite URI, or a file this user
    may not write.
    """
    path = sqlite_file(url)
    if path is None or not path.is_file():
        return None
    query = make_url(normalise_url(url)).query
    said = str(query.get("mode", "")).casefold() == "ro" or str(query.get("immutable")) == "1"
    return path if said or not os.access(path, os.W_OK) else None


def copy_of(url: str, path: Path, into: Path) -> Path | None:
    """A copy of the ledger at ``path`` (opened as ``url`` says) in the folder ``into``.

    None if it cannot be read (the command then meets, and explains, what stops it).
    """
    immutable = str(make_url(normalise_url(url)).query.get("immutable")) == "1"
    source = f"file:{quote(str(path.absolute()))}?mode=ro" + ("&immutable=1" if immutable else "")
    copy = into / "ledger.db"
    try:
        with (
            closing(sqlite3.connect(source, uri=True)) as reading,
            closing(sqlite3.connect(copy)) as writing,
        ):
            reading.backup(writing)
    except sqlite3.Error:
        return None
    return copy
