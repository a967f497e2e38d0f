"""An SQLite ledger opened read-only, worked on through a private copy of it where need be.

An auditor or an analyst is often given the ledger read-only: an SQLite URI
with ``mode=ro`` (or ``immutable=1``, for a file nothing writes), or a file
this user may not write. Two things need to write though they record nothing:

- a dry run checks each line by recording it in a transaction it then rolls
  back;
- a view (the portfolio, the audit trail, an export) reads the read models,
  which must first be written where they are behind the events or were made
  by an earlier version (a backup made before an upgrade, say).

Both were refused on such a ledger. They now work on a copy of the ledger
taken at that moment with SQLite's online backup (a consistent snapshot, the
WAL's committed pages included), in a private temporary folder removed
afterwards; the ledger itself is only read.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote

from sqlalchemy.engine import make_url

from portfolio_ledger.application.errors import DatabaseUnavailable
from portfolio_ledger.storage.scratch import scratch_folder
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


def copy_folder() -> tempfile.TemporaryDirectory[str]:
    """A private temporary folder for a copy, removed as it is left (storage/scratch.py).

    Raises OSError where no temporary folder may be written, and where TMPDIR names a
    folder this user may not write.
    """
    return scratch_folder("copy")


def copy_of(
    url: str, path: Path, into: Path, say: Callable[[str], None], purpose: Purpose
) -> Path | None:
    """A copy of the ledger at ``path`` (opened as ``url`` says) in the folder ``into``.

    None if it cannot be read (the command then meets, and explains, what stops it).
    ``say`` is given the ledger's size before the copy is taken (a large ledger takes
    a while). Raises DatabaseUnavailable where the copy cannot be written (no room),
    saying why it was taken (``purpose``: ``DRY_RUN`` or ``VIEWS``).
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
            raise DatabaseUnavailable(
                no_room(path, size, into.parent, str(error), purpose)
            ) from None
    return copy


_NOT_WRITTEN = {sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN}
"""SQLite's errors of a copy it could not write (a temporary folder too small, say)."""


def _size(path: Path, immutable: bool) -> str:
    """The ledger's size, its WAL's included (immutable=1 reads no WAL), in MB."""
    wal = Path(f"{path}-wal")
    held = path.stat().st_size + (wal.stat().st_size if wal.is_file() and not immutable else 0)
    return f"{held / 1_000_000:,.1f} MB"


class Purpose(NamedTuple):
    """Why a copy is taken, for the words of one that could not be."""

    done: str
    """What could not be done: ``cannot {done} a copy of the ledger``."""
    reason: str
    """Why such a command works on a copy."""
    again: str
    """What to run again."""


DRY_RUN = Purpose(
    "check the file against",
    "A dry run on a ledger opened read-only checks each line against a copy of it, as it "
    "writes and rolls back",
    "the dry run",
)
VIEWS = Purpose(
    "read",
    "A ledger opened read-only whose read models must first be brought up to date is read "
    "through a copy of it, where they are",
    "the command",
)


def no_room(path: Path, size: str | None, folder: Path | None, why: str, purpose: Purpose) -> str:
    """A copy of a read-only ledger that could not be made, in words; ``purpose`` says why."""
    copy = "the copy" if size is None else f"the copy ({size})"
    where = "a temporary folder" if folder is None else f"the temporary folder {folder}"
    return (
        f"cannot {purpose.done} a copy of the ledger {path}: {copy} could not be written in "
        f"{where} ({why}). {purpose.reason}; make room there, or set TMPDIR to a folder with "
        f"room for the copy, and run {purpose.again} again"
    )
