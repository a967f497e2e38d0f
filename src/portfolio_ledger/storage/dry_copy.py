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
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

from sqlalchemy.engine import make_url

from portfolio_ledger.application.errors import DatabaseUnavailable
from portfolio_ledger.storage.urls import normalise_url, sqlite_file


def read_only_file(url: str) -> Path | None:
    """The SQLite ledger file ``url`` opens read-only; None for any other URL, or no file.

    Read-only: ``mode=ro`` or ``immutable=1`` in its SQLite URI, or a file this user
    may not write.
    """
    path = sqlite_file(url)
    try:
        if path is None or not path.is_file():
            return None
    except OSError:  # a name too long for the file system, say: the ledger's own path says why
        return None
    query = make_url(normalise_url(url)).query
    said = str(query.get("mode", "")).casefold() == "ro" or str(query.get("immutable")) == "1"
    return path if said or not os.access(path, os.W_OK) else None


def copy_of(url: str, path: Path, into: Path, say: Callable[[str], None]) -> Path | None:
    """A copy of the ledger at ``path`` (opened as ``url`` says) in the folder ``into``.

    None if it cannot be read (the command then meets, and explains, what stops it).
    ``say`` is given the ledger's size before the copy is taken (a large ledger takes
    a while). Raises DatabaseUnavailable where the copy cannot be written (no room).
    """
    immutable = str(make_url(normalise_url(url)).query.get("immutable")) == "1"
    source = f"file:{quote(str(path.absolute()))}?mode=ro" + ("&immutable=1" if immutable else "")
    copy = into / "ledger.db"
    try:
        reading = sqlite3.connect(source, uri=True)
    except sqlite3.Error:
        return None
    with closing(reading):
        try:
            reading.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error:
            return None
        size = _size(path, immutable)
        say(size)
        try:
            with closing(sqlite3.connect(copy)) as writing:
                reading.backup(writing)
        except sqlite3.Error as error:
            if error.sqlite_errorcode & 0xFF not in _NOT_WRITTEN:
                return None
            raise DatabaseUnavailable(no_room(path, size, into.parent, str(error))) from None
    return copy


_NOT_WRITTEN = {sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN}
"""SQLite's errors of a copy it could not write (a temporary folder too small, say)."""


def _size(path: Path, immutable: bool) -> str:
    """The ledger's size, its WAL's included (immutable=1 reads no WAL), in MB."""
    wal = Path(f"{path}-wal")
    held = path.stat().st_size + (wal.stat().st_size if wal.is_file() and not immutable else 0)
    return f"{held / 1_000_000:,.1f} MB"


def no_room(path: Path, size: str | None, folder: Path | None, why: str) -> str:
    """A dry run's copy of a read-only ledger that could not be made, in words."""
    copy = "the copy" if size is None else f"the copy ({size})"
    where = "a temporary folder" if folder is None else f"the temporary folder {folder}"
    return (
        f"cannot check the file against a copy of the ledger {path}: {copy} could not be "
        f"written in {where} ({why}). A dry run on a ledger opened read-only checks each "
        "line against a copy of it, as it writes and rolls back; make room there, or set "
        "TMPDIR to a folder with room for the copy, and run the dry run again"
    )
