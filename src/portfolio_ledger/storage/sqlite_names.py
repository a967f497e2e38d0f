"""SQLite URLs and paths refused before the ledger is opened: nothing could be kept there.

An SQLite URL or URI that opens no file (the ledger would vanish when the command
ends), a pipe, a device or a socket named as the ledger's file, a driver
option whose value the driver cannot read, and a URL typed without its slashes.
Each raises :class:`DatabaseURLError` (bad usage, exit 2) from
:func:`portfolio_ledger.storage.urls.normalise_url`; a relative path where the
current folder is gone, :class:`DatabaseUnavailable` (exit 1).
"""

from __future__ import annotations

import re
import stat
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, unquote, urlsplit

from portfolio_ledger.application.errors import DatabaseUnavailable, DatabaseURLError
from portfolio_ledger.domain.errors import shown_path

if TYPE_CHECKING:
    from sqlalchemy.engine import URL


_IN_MEMORY = (
    "an in-memory SQLite ledger would vanish when the command ends; "
    "give a file, e.g. sqlite:///ledger.db"
)


def refuse_no_file(url: URL) -> None:
    """Refuse an SQLite URL that names no file: ``sqlite://``, ``sqlite:///:memory:``, a host.

    ``sqlite://demo.db`` (two slashes) reads ``demo.db`` as a host, which SQLite has
    none of: it was refused as in memory, naming nothing typed; ``sqlite://data/demo.db``
    failed as "Invalid SQLite URL" (exit 1).
    """
    if url.host:
        name = shown_path(f"{url.host}/{url.database}" if url.database else url.host, 200)
        raise DatabaseURLError(
            f"sqlite://{name} names no file: what follows sqlite:// up to the next '/' is a "
            "host, and an SQLite ledger has none; an SQLite file is sqlite:///PATH, three "
            f"slashes (sqlite:///{name}), or just its path ({name})"
        )
    if not url.database or url.database == ":memory:":
        raise DatabaseURLError(_IN_MEMORY)


_SCHEME_WITHOUT_SLASHES = re.compile(r"(sqlite|postgres|postgresql)(\+\w+)?:(?!//)", re.IGNORECASE)


def refuse_url_without_slashes(typed: str) -> None:
    """Refuse a path that is a database URL missing its slashes (``sqlite:demo.db``).

    Read as a path, ``init`` made a file named ``sqlite:demo.db`` (``postgresql:test``
    too) beside the user, and ``sqlite:/demo.db`` was refused for want of a folder named
    ``sqlite:``, saying to create it. A file truly named so is ``./sqlite:demo.db``.
    """
    found = _SCHEME_WITHOUT_SLASHES.match(typed)
    if found is None:
        return
    rest = typed[found.end() :]
    fix = (
        f"an SQLite file is sqlite:///PATH, three slashes (sqlite:///{rest}), or just its "
        f"path ({rest})"
        if found.group(1).casefold() == "sqlite" and rest
        else "an SQLite file is sqlite:///PATH or just its path; a PostgreSQL server is "
        "postgresql://USER@HOST:PORT/DATABASE"
    )
    raise DatabaseURLError(
        f"{shown_path(typed, 200)} is a database URL without the '//' after "
        f"'{found.group(0)}', so it names neither a server nor a file; {fix}. A file "
        f"named so is ./{shown_path(typed, 200)}"
    )


def refuse_vanishing(url: URL) -> None:
    """Refuse an SQLite URI that opens no file: the ledger would vanish when the command ends.

    ``file::memory:``, ``mode=memory``, the ``memdb`` VFS, and ``file:`` with no name
    (SQLite's private temporary database, deleted when it is closed). SQLite reads a
    name starting ``file:`` as a URI whether or not the URL says ``uri=true`` (as this
    machine's is built, and most are), so each is refused either way. Before, ``init``
    said "Ledger ready" and ``demo`` recorded its story into each, and nothing was kept.
    """
    database = str(url.database)
    if not database.startswith("file:"):
        return
    uri = urlsplit(database)
    options = {**dict(parse_qsl(uri.query)), **{k: str(v) for k, v in url.query.items()}}
    path = unquote(uri.path)
    why = (
        "file: names no file, so SQLite opens a temporary database"
        if not path and not uri.netloc
        else "it is SQLite's in-memory database"
        if path == ":memory:" or options.get("mode", "").casefold() == "memory"
        else "the memdb VFS keeps it in memory"
        if options.get("vfs", "").casefold() == "memdb"
        else None
    )
    if why is not None:
        raise DatabaseURLError(
            f"the SQLite URL {shown_path(database, 200)} opens no file ({why}): the ledger, "
            "and everything recorded in it, would vanish when the command ends; give a "
            "file, e.g. sqlite:///ledger.db (or sqlite:///file:ledger.db?uri=true)"
        )


_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def refuse_not_a_file(path: Path, typed: str) -> None:
    """Refuse a ledger named as a folder, a pipe, a device or a socket: SQLite keeps it in a file.

    Before, ``--db /dev/null`` (or a FIFO) was opened: SQLite failed with "disk I/O
    error", and as root left ``/dev/null-journal`` behind; a folder was opened and
    refused as the ledger was (exit 1, where every other ``--db`` that names no
    file is bad usage, exit 2).
    """
    try:
        mode = path.stat().st_mode
    except (OSError, ValueError):  # not there yet (made when recorded), or unreadable
        return
    if stat.S_ISDIR(mode):
        raise DatabaseURLError(
            f"{shown_path(typed, 200)} is a folder, not a file: SQLite keeps a ledger in a "
            "regular file, so nothing could be recorded there or read back; give the path "
            f"of the ledger's file in it (e.g. {shown_path(str(path / 'ledger.db'), 200)})"
        )
    kind = next((kind for test, kind in _KINDS if test(mode)), None)
    if kind is not None:
        raise DatabaseURLError(
            f"{shown_path(typed, 200)} is {kind}, not a file: SQLite keeps a ledger in a "
            "regular file, and the files it writes beside it, so nothing could be recorded "
            "there or read back; give the path of the ledger's file (or of a new one)"
        )


_NUMBERS = {"timeout": float, "detect_types": int, "cached_statements": int}
_TRUTHS = {"true", "false", "1", "0", "yes", "no", "on", "off", "t", "f", "y", "n"}


def refuse_unreadable_values(url: URL) -> None:
    """Refuse a driver option whose value the driver cannot read (``timeout=abc``).

    Before, SQLAlchemy's ValueError as the ledger was opened: an internal error.
    """
    for name, value in url.query.items():
        text = value if isinstance(value, str) else ",".join(value)
        if name in _NUMBERS:
            try:
                _NUMBERS[name](text)
                continue
            except ValueError:
                wanted = "a number" if name == "timeout" else "a whole number"
        elif name in {"uri", "check_same_thread"} and text.casefold() not in _TRUTHS:
            wanted = "true or false"
        else:
            continue
        raise DatabaseURLError(
            f"the SQLite URL's {name}={shown_path(text, 40)} cannot be read: {name} takes "
            f"{wanted}; correct it, or leave the option out"
        )


def refuse_folder_gone(path: Path, typed: str) -> None:
    """Refuse a relative path where the current folder was removed: it names no file.

    A cron job or shell left in a folder deleted since (``rm -rf`` of a
    release's folder, say) has no current folder to read ``demo.db`` from;
    every step that made the path absolute failed, an internal error, exit 70
    (``init`` printed Python's traceback).
    """
    if path.is_absolute():
        return
    try:
        Path.cwd()
    except FileNotFoundError:
        raise DatabaseUnavailable(
            f"cannot open the ledger at {shown_path(typed, 200)}: it is a relative path, and "
            "the current folder no longer exists (it was removed while the shell or job "
            "running this command was in it), so it names no file. Change to a folder that "
            "exists (cd), or give the ledger's absolute path (--db or PORTFOLIO_LEDGER_DB); "
            "nothing was read or written"
        ) from None
