"""Database URLs: what a user types, the URL the ledger opens, and the URL as safe to print.

A plain path is an SQLite file; ``postgresql://`` names a PostgreSQL server
(through psycopg 3). For an SQLite file, :func:`access_problem` says in words
what this user may not do to it or its folder.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from portfolio_ledger.application.errors import DatabaseURLError
from portfolio_ledger.application.home import expand_user
from portfolio_ledger.application.settings import LOCK_TIMEOUT
from portfolio_ledger.domain.errors import LedgerError, shown_path
from portfolio_ledger.storage.date_style import with_iso_dates
from portfolio_ledger.storage.file_access import folder_unwritable, path_problem
from portfolio_ledger.storage.sqlite_names import (
    refuse_folder_gone,
    refuse_no_file,
    refuse_not_a_file,
    refuse_unreadable_values,
    refuse_url_without_slashes,
    refuse_vanishing,
)

POSTGRES_CONNECT_TIMEOUT_SECONDS = 5

SUPPORTED = (
    "use sqlite:///PATH (or just a file path) for an embedded ledger, or "
    "postgresql://USER@HOST:PORT/DATABASE for a PostgreSQL server"
)


_TYPED: dict[str, str] = {}
"""Each URL :func:`normalise_url` made of what was typed otherwise: what was typed.

An SQLite URL made of a plain path; a PostgreSQL URL given its driver
(``postgresql://`` typed, ``postgresql+psycopg://`` opened), which messages
name as typed, as the demo's *Try next* lines give it.
"""


def normalise_url(raw: str) -> str:
    """Turn what a user typed into the SQLAlchemy URL the ledger opens.

    A plain path is an SQLite file; ``postgres://`` and ``postgresql://`` use
    psycopg 3. Anything else is refused with the forms that work.
    """
    text = raw.strip()
    if not text:
        raise DatabaseURLError(f"the database URL is empty; {SUPPORTED}")
    if "://" not in text:
        refuse_url_without_slashes(text)
        path = _plain_path(text)
        try:
            path = path.resolve()
        except (OSError, RuntimeError):  # a loop of links: opening it says no such folder
            path = path.absolute()
        refuse_not_a_file(path, text)
        made = f"sqlite:///{path}"
        _TYPED[made] = text
        return made
    try:
        url = make_url(text)
    except (ArgumentError, ValueError):
        # Not echoed: a URL that cannot be parsed cannot have its password hidden.
        raise DatabaseURLError(
            f"the database URL given is not a database URL; {SUPPORTED}"
        ) from None
    backend = url.get_backend_name()
    # A bare "postgresql://" means the default driver, which is psycopg 3 here.
    driver = url.drivername.partition("+")[2] or "psycopg"
    if backend in {"postgres", "postgresql"}:
        if driver != "psycopg":
            raise DatabaseURLError(
                f"PostgreSQL driver {driver!r} is not supported; use postgresql+psycopg://"
            )
        _refuse_host(url.host)
        made = url.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
        if text != made:  # normalised again as it is opened: what was typed stays
            _TYPED[made] = text
        return made
    if backend == "sqlite":
        refuse_no_file(url)
        _refuse_unread(url)
        refuse_vanishing(url)
        file = _sqlite_path(url)
        if file is not None:
            refuse_folder_gone(file, text)
            refuse_not_a_file(file, str(file))
        return text
    raise DatabaseURLError(f"{backend!r} databases are not supported; {SUPPORTED}")


def _plain_path(text: str) -> Path:
    """A plain path's file: ``~`` is the home folder, ``~name`` a user's, if there is one.

    A ``?`` is refused: the URL the ledger opens would read what follows it as
    options, and open another file (``/dev/null?x`` opened ``/dev/null``). So is a
    relative path where the current folder was removed (``refuse_folder_gone``).
    """
    if "?" in text:
        raise DatabaseURLError(
            f"{shown_path(text, 200)}: a ledger file's path cannot hold '?' (the database URL "
            "reads what follows it as options, so another file would be opened); rename the "
            "file, or choose another path"
        )
    try:
        path = expand_user(Path(text))
    except RuntimeError:  # ~name of no user here: a file named so, as the shell leaves it
        path = Path(text)
    refuse_folder_gone(path, text)
    return path


def _refuse_host(host: str | None) -> None:
    """Refuse a host no name lookup can take (``postgresql://..``).

    The driver raised UnicodeError looking it up: an internal error (exit 70).
    """
    try:
        (host or "").encode("idna")
    except UnicodeError:
        raise DatabaseURLError(
            f"the PostgreSQL URL's host {shown_path(host, 80)!r} is not a host name (an empty "
            f"or too long part between its dots); {SUPPORTED}"
        ) from None


_DRIVER_OPTIONS = {"uri", "timeout", "isolation_level", "detect_types", "check_same_thread",
                   "cached_statements"}  # fmt: skip
"""What SQLAlchemy's SQLite driver reads from a URL's query; it drops anything else unsaid."""


def _refuse_unread(url: URL) -> None:
    """Refuse an SQLite URL option the driver would drop, saying so.

    ``?mode=ro`` on a plain path was ignored, and the ledger written into a file its
    user had asked to open read-only; with ``uri=true`` on a plain path it became part
    of the name of a new file, and the ledger was made there.
    """
    refuse_unreadable_values(url)
    unread = sorted(set(url.query) - _DRIVER_OPTIONS)
    if not unread or (_says_uri(url) and str(url.database).startswith("file:")):
        return  # an SQLite URI: every other option is SQLite's own (mode, cache, ...)
    if _says_uri(url):  # the driver would hand SQLite "PATH?mode=ro" as one file's name
        raise DatabaseURLError(
            f"the SQLite URL says uri=true but {url.database} is a plain path, not an "
            f"SQLite URI: its {', '.join(unread)} would become part of a new file's name; "
            "write sqlite:///file:PATH?mode=ro&uri=true, or leave the option out"
        )
    raise DatabaseURLError(
        f"the SQLite URL's {', '.join(unread)} would not be read (only in an SQLite "
        "URI are SQLite's own options read); to open the ledger read-only, say, write "
        "sqlite:///file:PATH?mode=ro&uri=true, or leave the option out"
    )


def _says_uri(url: URL) -> bool:
    """Whether the URL asks the driver to read its path as an SQLite URI (``uri=true``)."""
    return str(url.query.get("uri", "")).casefold() in {"true", "1"}


def connect_args(url: URL, given: dict[str, Any] | None = None) -> dict[str, Any]:
    """What every connection to the ledger at ``url`` is opened with: how long it waits.

    An SQLite connection waits the lock timeout for a lock another process
    holds (sqlite3's own default is 5 s, whatever the setting says); a
    PostgreSQL one gives up on a server it cannot reach after
    ``POSTGRES_CONNECT_TIMEOUT_SECONDS``, unless the URL sets its own.
    """
    arguments = dict(given or {})
    if url.get_backend_name() == "sqlite":
        arguments.setdefault("timeout", LOCK_TIMEOUT.value())
        return arguments
    if "connect_timeout" not in url.query:
        arguments.setdefault("connect_timeout", POSTGRES_CONNECT_TIMEOUT_SECONDS)
    return with_iso_dates(url, arguments)  # and UTF-8: storage/date_style.py


def describe_url(url: str) -> str:
    """The URL as safe to print: password hidden, SQLite shown as its file (:func:`shown_file`)."""
    if "://" in url and make_url(url).get_backend_name() != "sqlite":
        return _redact(_TYPED.get(url, url))
    return f"SQLite file {shown_file(url)}"


def shown_file(url: str) -> str:
    """An SQLite ledger's file as every message names it: as typed, and where, if relative.

    ``--db ledger.db`` (or ``sqlite:///ledger.db``) is ``ledger.db
    (/home/sam/ledger.db)``, whether the message is given what was typed or the
    URL the ledger opened; an absolute path (the default file's too) is itself.
    Before, one refusal of ``init`` said ``ledger.db`` and another the absolute path.
    """
    file = sqlite_file(url)
    typed = url.strip() if "://" not in url else _TYPED.get(url)
    if typed is None:  # an SQLite URL, or URI, as typed: its file's path
        typed = str(file if file is not None else make_url(url).database)
    if file is None or Path(typed).is_absolute():
        return shown_path(typed)
    return f"{shown_path(typed)} ({shown_path(file.absolute())})"


def access_problem(url: str) -> str | None:
    """What this user may not do to an SQLite ledger's file or folder, in words; None if nothing.

    SQLite writes the ledger file and keeps two files beside it while it is
    open (FILE-wal and FILE-shm), so it needs to write all three, and to
    create them in the folder.
    """
    try:
        parsed = make_url(normalise_url(url))
    except (LedgerError, ArgumentError, ValueError):
        return None
    path = sqlite_file(url)  # an SQLite URI's path, not its text ('file:...')
    if parsed.get_backend_name() != "sqlite" or path is None:
        return None
    path = path.absolute()  # as the message's heading says where (shown_file)
    immutable = _says_uri(parsed) and str(parsed.query.get("immutable", "")) == "1"
    if not immutable and (blocked := _folder_blocks_reading(path)) is not None:
        return blocked
    if _says_uri(parsed) and str(parsed.query.get("mode", "")).casefold() == "ro":
        return (
            f"the ledger file {path} is opened read-only (mode=ro in its SQLite URI), so "
            "nothing can be recorded through it; to record, give --db the file's path"
        )
    try:
        return path_problem(path)
    except OSError as error:  # a name longer than the file system takes, say
        return f"the path cannot be a file: {error.strerror}; choose a shorter path"


def opened_immutable(url: str) -> str | None:
    """Why nothing can be recorded through an SQLite URI with ``immutable=1``; None if not one.

    Said only of a write it refused: ``immutable=1`` alone also reads a damaged file,
    or another application's, which are said as they are.
    """
    try:
        parsed = make_url(normalise_url(url))
    except (LedgerError, ArgumentError, ValueError):
        return None
    path = sqlite_file(url)
    if path is None or not _says_uri(parsed) or str(parsed.query.get("immutable")) != "1":
        return None
    return (
        f"the ledger file {path.absolute()} is opened read-only (immutable=1 in its SQLite "
        "URI), so nothing can be recorded through it; to record, give --db the file's path"
    )


def _folder_blocks_reading(path: Path) -> str | None:
    """Why a ledger in WAL mode in a folder this user may not write cannot be read at all.

    SQLite must create FILE-wal and FILE-shm beside the file to read it, even
    opened read-only (``mode=ro``). Before, an auditor given such a backup was
    told to make the file writable, or that ``mode=ro`` cannot record.
    """
    siblings = (Path(f"{path}-wal"), Path(f"{path}-shm"))
    try:
        if os.access(path.parent, os.W_OK | os.X_OK) or all(s.exists() for s in siblings):
            return None
        with path.open("rb") as file:
            if file.read(20)[18:20] != b"\x02\x02":  # the header's WAL mode: read and write
                return None
    except OSError:
        return None  # no such file, or one this user may not read: said elsewhere
    as_it_stands = f"sqlite:///file:{quote(str(path))}?mode=ro&immutable=1&uri=true"
    why, fix = folder_unwritable(path.parent)
    return (
        f"the folder {path.parent} {why}, and SQLite must create "
        f"{path.name}-wal and {path.name}-shm there to open the ledger, even to read it; "
        f"to record, {fix}; to read the ledger as it stands, copy the file "
        "to a folder of your own and open the copy, or, if nothing writes to this file (a "
        f"backup), give --db '{as_it_stands}'"
    )


def sqlite_file(url: str) -> Path | None:
    """An SQLite ledger's file (None for a server, an in-memory one, or a URL not understood)."""
    try:
        parsed = make_url(normalise_url(url))
    except (LedgerError, ArgumentError, ValueError):
        return None
    if parsed.get_backend_name() != "sqlite":
        return None
    return _sqlite_path(parsed)


def _sqlite_path(parsed: URL) -> Path | None:
    """The file an SQLite URL names: an SQLite URI's (``file:PATH?mode=ro``) is its path."""
    database = parsed.database or ""
    if _says_uri(parsed) and database.startswith("file:"):
        database = unquote(urlsplit(database).path)
    if database == ":memory:" or database.startswith("file::memory:") or not database:
        return None
    return Path(database)


def sqlite_folder(url: str) -> Path | None:
    """The folder an SQLite ledger's file is in (None for a server, or a URL not understood)."""
    file = sqlite_file(url)
    return None if file is None else file.parent


def is_ledger_file(path: Path, url: str) -> bool:
    """Whether ``path`` is the SQLite ledger's file, or one SQLite keeps beside it, by any name.

    By where it is (its folder's real path and its name), whether or not it is
    there yet: SQLite makes FILE-wal, FILE-shm and FILE-journal as it needs them
    (beside the file a linked ledger's name leads to) and removes them, and
    takes whatever it finds there for its own. By any other name or link too
    (the same file on the disk).
    """
    ledger = sqlite_file(url)
    if ledger is None:
        return False
    try:
        # SQLite keeps its files beside the file a linked ledger's name leads to.
        files = {ledger, ledger.resolve()}
        siblings = [Path(f"{f}{end}") for f in files for end in ("", "-wal", "-shm", "-journal")]
        where = _located(path)
        return any(
            where == _located(s) or (path.exists() and s.exists() and path.samefile(s))
            for s in siblings
        )
    except (OSError, RuntimeError):  # RuntimeError: a loop of links (Python < 3.13)
        return False


def _located(path: Path) -> Path:
    """A file's place: its folder's real path (links followed), and its own name."""
    return path.absolute().parent.resolve() / path.name


def missing_file(url: str) -> Path | None:
    """The SQLite ledger file ``url`` names, if it does not exist; None for anything else."""
    path = sqlite_file(url)
    if path is None:
        return None
    try:
        return None if path.exists() else path
    except OSError:  # a name too long to be a file: opening it says why
        return None


def is_postgres(url: str) -> bool:
    """Whether the URL names a PostgreSQL server."""
    return make_url(url).get_backend_name() == "postgresql"


def printable_url(url: str) -> str:
    """The URL as given, to type again, but with any password hidden (a path stays a path)."""
    return url if "://" not in url else _redact(url)


def _redact(text: str) -> str:
    """The URL as typed, its password (if it has one) said as ``***``.

    Not rendered again: SQLAlchemy writes a query's ``,`` and ``=`` as ``%2C`` and
    ``%3D``, so ``?options=-csearch_path=mine,other`` was named otherwise than typed.
    """
    try:
        url = make_url(text)
    except (ArgumentError, ValueError):
        return "<unreadable URL>"
    if url.password is None:
        return text
    hidden = _PASSWORD.sub(r"\1***@", text, count=1)
    return hidden if hidden != text else url.render_as_string(hide_password=True)


_PASSWORD = re.compile(r"^([\w+]+://[^:/@]*:)[^@]*@")
"""A URL's user and password, as SQLAlchemy reads them: the password up to the first ``@``."""
