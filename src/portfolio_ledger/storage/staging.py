"""A new SQLite ledger built beside its place and put there only once it holds what it should.

An import into an SQLite file that does not exist yet is checked against a
ledger, so it must make one; if it is refused, nothing should be left. Taking
the new file away after a refusal races with any other process that opened
the same new path meanwhile (and may have recorded in it). So the import
builds its ledger in a hidden file of its own in the same folder, and on
success links it to the ledger's name: ``os.link`` never replaces a file, so
if the ledger appeared meanwhile (another process made it), nothing of it is
touched and the import is refused. The hidden file and SQLite's files beside
it are this process's alone, and are removed either way.

A process killed (SIGKILL, a power cut) cannot remove them. So the builder
holds an exclusive ``flock`` on its hidden file for as long as it runs (the
system lets go of it when the process ends, however it ends), and the next
import into the same ledger clears what such builders left
(:func:`clear_leftovers`): a hidden file whose lock it can take is a dead
builder's. One that holds nothing committed goes, with SQLite's files beside
it; one that holds a committed import (killed after its commit, before its
link) is put in place as its builder would have, or, where a ledger is there
by now, kept and named. A live import's file is never touched, nor is anything
but a plain file of this user's under that one name (:func:`_a_builders`).
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import sqlite3
import stat
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows: leftovers there are left alone
    fcntl = None  # type: ignore[assignment]

from sqlalchemy.engine import make_url

from portfolio_ledger.application.errors import DatabaseUnavailable, LedgerAppeared
from portfolio_ledger.storage.urls import missing_file, normalise_url, sqlite_file

SIDE_FILES = ("-wal", "-shm", "-journal")
"""The files SQLite keeps beside a database while it is open (or after a crash)."""

OWN_FILES = (*SIDE_FILES, ".rebuild-lock")
"""Those, and the lock file the ledger keeps beside it (a bulk import takes it)."""

_BESIDE = (*OWN_FILES, ".link")
"""Those, and the second name :func:`_links` tries a hidden file under."""

_HELD: dict[Path, int] = {}
"""The hidden files this process builds ledgers in, each locked by the descriptor kept here."""


def new_file(url: str) -> Path | None:
    """The SQLite file ``url`` names if it is not there yet and can be built beside, else None.

    None for a server, a file already there, an SQLite URI or a URL with options
    (opened in place, as before), or a folder that does not exist (opening the
    ledger says so). A name that is a link to no file yet (a dangling symlink)
    is the file it points to, as SQLite opens it: ``os.link`` would never
    replace the link, and would take it for a ledger another process made.
    """
    named = missing_file(url)
    if named is None or make_url(normalise_url(url)).query:
        return None
    target = Path(os.path.realpath(named))
    if target.is_symlink() or target.exists():  # a loop of links: opening it says so
        return None
    return target if target.parent.is_dir() else None


NAMED = 64
"""How many bytes of the ledger's name (UTF-8, whole characters) the hidden file's begins
with: whatever the ledger's name, the hidden one with its token and SQLite's and the
ledger's endings (-journal, .rebuild-lock) stays far within a file system's 255 bytes."""


def _named(name: str) -> str:
    """The start of ``name`` a hidden file's name holds: at most NAMED bytes, whole characters."""
    return os.fsencode(name)[:NAMED].decode("utf-8", "ignore")  # (a byte no UTF-8 left out)


def stage_beside(target: Path) -> Path | None:
    """A new, empty hidden file in ``target``'s folder to build the ledger in.

    Made as SQLite makes a new file (read-write for all, less the umask), under
    a name no other process has: ``O_EXCL`` fails rather than open another's.
    None where the folder's file system cannot link a file to a second name
    (some network shares and FUSE mounts), or the file cannot be made there:
    the ledger is then built in place, and opening it says what is wrong.
    """
    folder = target.absolute().parent
    while True:
        staged = folder / f".{_named(target.name)}.{secrets.token_hex(8)}.importing"
        try:
            descriptor = os.open(staged, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        except OSError:  # a folder this user may not write, say: opening in place says so
            return None
        if not _hold(staged, descriptor):
            continue  # taken for a dead builder's and removed before it was held: another name
        if _links(staged):
            return staged
        discard(staged)
        return None


def _hold(staged: Path, descriptor: int) -> bool:
    """Lock ``staged`` for as long as this process builds in it; False if it was removed first.

    Between making the file and locking it, another import clearing leftovers
    may take it for a dead builder's: it locks it first, and removes it before
    letting go, so a file still under its name once locked is this process's.
    """
    if fcntl is not None:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        if not _names(staged, descriptor):
            os.close(descriptor)
            return False
    _HELD[staged] = descriptor
    return True


def _names(path: Path, descriptor: int) -> bool:
    """Whether ``path`` is still the name of the file open at ``descriptor``."""
    try:
        named = path.stat()
    except OSError:
        return False
    opened = os.fstat(descriptor)
    return (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)


def _links(staged: Path) -> bool:
    """Whether ``staged`` can be given a second name (as ``publish`` will), tried on it empty."""
    probe = Path(f"{staged}.link")
    try:
        os.link(staged, probe)
    except OSError:
        return False
    probe.unlink()
    return True


def publish(staged: Path, target: Path) -> None:
    """Put the ledger built in ``staged`` at ``target``, unless a file is there by now.

    Every connection to ``staged`` must be closed. Its WAL is folded into the
    file first (:func:`_fold_the_wal`), so the file linked holds the whole ledger. Refused with
    :class:`LedgerAppeared` if ``target`` exists (made by another process
    while the ledger was built). ``staged`` is removed, unless linking it
    failed otherwise (a full disk, permissions changed meanwhile): then the
    whole ledger is kept there, and the error says how to rename it.
    """
    try:
        _fold_the_wal(staged)
    except DatabaseUnavailable:
        discard(staged)
        raise
    try:
        os.link(staged, target)
    except FileExistsError:
        discard(staged)
        raise LedgerAppeared(
            f"a ledger appeared at {target} while this import was building one there (another "
            "process made it); nothing from this import was written to it, and it was left as "
            "it is. Check what it holds, then import the file again: it is checked against "
            "that ledger"
        ) from None
    except OSError as error:  # the ledger is whole in staged: keep it, say where
        raise DatabaseUnavailable(
            f"the import is recorded in a new ledger, {staged}, but it could not be given its "
            f"name {target} ({error.strerror or error}); nothing is at {target}. Rename the "
            f"file yourself: mv '{staged}' '{target}'"
        ) from None
    discard(staged)


def _fold_the_wal(staged: Path) -> None:
    """Fold ``staged``'s WAL into the file, and leave it in WAL mode with no WAL file beside it.

    Switching to DELETE needs the file to itself (it fails while any other
    connection has it open) and writes every committed page into it; back in
    WAL mode (kept in the file's header, as every ledger is), closing the last
    connection removes the empty WAL. Checked: a WAL left beside the hidden
    file would not follow the file linked to the ledger's name.
    """
    try:
        driver = _connect(staged)
        try:
            mode = driver.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
            if str(mode).lower() == "delete":
                mode = driver.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        finally:
            driver.close()
    except sqlite3.Error as error:
        mode = str(error)
    if str(mode).lower() != "wal" or Path(f"{staged}-wal").exists():  # never link part of it
        raise DatabaseUnavailable(
            f"the new ledger built in {staged} could not be finished ({mode}); nothing was "
            "written to the ledger's place. Import the file again"
        )


def _connect(path: Path) -> sqlite3.Connection:
    """A connection to the SQLite file at ``path``, which must be there (never made anew).

    A hidden file removed meanwhile (by hand, or by a clean-up on another machine that
    did not see its lock) is an error, never an empty ledger made under its name and put
    in place as the import's.
    """
    return sqlite3.connect(f"{path.absolute().as_uri()}?mode=rw", uri=True, timeout=0)


def holds_recorded(staged: Path, driver: sqlite3.Connection | None = None) -> bool:
    """Whether the ledger built in ``staged`` holds a committed event (this import's: it is new).

    Asked after a failure the import did not foresee, which may come after its
    commit (a bug while the read models catch up, say): a ledger that holds
    what was recorded is put in place, never thrown away. A file that cannot
    be asked (no ledger tables yet, say) holds nothing.
    """
    try:
        asked = contextlib.nullcontext(driver) if driver else contextlib.closing(_connect(staged))
        with asked as asking:
            found = asking.execute("SELECT 1 FROM portfolio_ledger_events LIMIT 1").fetchone()
    except sqlite3.Error:
        return False
    return found is not None


def remove_unrecorded(made: Path) -> None:
    """Remove the ledger file ``made`` if nothing is recorded in it and nothing else has it open.

    A command that made it, then was refused, leaves things as they were. It is
    taken out of WAL mode (which no other connection allows) and locked alone while
    it is looked at and removed: a process that opened the path meanwhile, and
    writes, is refused by SQLite (the file is gone), never left recording into it.
    """
    try:
        with contextlib.closing(_connect(made)) as driver:
            driver.execute("PRAGMA locking_mode=EXCLUSIVE")
            if driver.execute("PRAGMA journal_mode=DELETE").fetchone() == ("delete",):
                driver.execute("BEGIN EXCLUSIVE")
                if holds_recorded(made, driver):  # another's ledger now: WAL, as it was
                    driver.executescript("PRAGMA journal_mode=WAL")  # (a COMMIT of nothing first)
                else:
                    discard(made)
    except sqlite3.Error:
        return  # another process has it open, or it is not a ledger: left as it is


def discard(staged: Path) -> None:
    """Remove ``staged`` and whatever SQLite or the ledger left beside it (this process's own).

    Then let go of its lock, if this process holds it.
    """
    for name in (str(staged), *(f"{staged}{end}" for end in _BESIDE)):
        with contextlib.suppress(FileNotFoundError):
            Path(name).unlink()
    held = _HELD.pop(staged, None)
    if held is not None:
        os.close(held)


_LEFT = re.compile(r"[0-9a-f]{16}\.importing(?P<end>-wal|-shm|-journal|\.rebuild-lock|\.link)?")
"""What follows ``.NAME.`` in the name of a hidden file, or of a file SQLite keeps beside it."""


def clear_leftovers(url: str) -> list[str]:
    """Clear what imports into the SQLite file ``url`` names left when killed; say what stays.

    Only a hidden file whose builder is gone (its lock can be taken) is
    touched (:func:`_settle`), then files beside a hidden file that is no longer
    there. Returns a warning for each hidden file that is kept: a whole ledger
    that cannot be put in place. Nothing for a server, or where ``flock`` is not.
    """
    named = sqlite_file(url)
    if fcntl is None or named is None:
        return []
    target = Path(os.path.realpath(named))
    prefix = f".{_named(target.name)}."
    try:
        names = sorted(path.name for path in target.parent.iterdir())
    except OSError:  # no folder, or not one this user may read: opening the ledger says so
        return []
    found = [
        (target.parent / name, _LEFT.fullmatch(name[len(prefix) :]))
        for name in names
        if name.startswith(prefix)
    ]
    kept = [
        warning
        for path, left in found
        if left is not None and left["end"] is None
        for warning in _if_dead(path, target)
    ]
    for path, left in found:
        if left is not None and left["end"] is not None:
            hidden = Path(str(path).removesuffix(left["end"]))
            with contextlib.suppress(OSError):  # gone by now, or not this user's to remove
                if not hidden.exists():  # its hidden file is gone: nothing uses it
                    path.unlink()
    return kept


def _if_dead(hidden: Path, target: Path) -> list[str]:
    """Settle ``hidden`` if its builder is gone (its lock can be taken), under that lock."""
    assert fcntl is not None  # clear_leftovers looked
    try:
        # Never through a symbolic link: one named like a hidden file is not a builder's.
        descriptor = os.open(hidden, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:  # gone meanwhile (its import ended), a link, or not this user's to read
        return []
    try:
        if not _a_builders(hidden, descriptor, target):
            return []
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # its builder holds it: a live import
            return []
        if not _names(hidden, descriptor):  # removed (and made again) meanwhile
            return []
        return _settle(hidden, target)
    finally:
        os.close(descriptor)


def _a_builders(hidden: Path, descriptor: int, target: Path) -> bool:
    """Whether ``hidden``, open at ``descriptor``, can be a hidden file an import of this user made.

    A builder makes a plain file of its own (:func:`stage_beside`), named only so, or also
    ``target`` or its probe's name if killed between giving it that name and taking it
    away. Anything else named like one (a hard link to another ledger, another user's
    file) is left alone: it may be a ledger, and put in place it would be taken for the
    new one.
    """
    made = os.fstat(descriptor)
    if not stat.S_ISREG(made.st_mode) or made.st_uid != os.geteuid():
        return False
    names = [name for name in (target, Path(f"{hidden}.link")) if _names(name, descriptor)]
    return made.st_nlink == 1 + len(names)


def _settle(hidden: Path, target: Path) -> list[str]:
    """What a dead builder left: removed, or put in place, or kept and named.

    Killed before its commit it holds nothing committed: it goes. Killed after
    its commit, before its link, it holds an import that was recorded: it is put
    at ``target`` as its builder would have, unless a ledger is there by now (or
    the name is cut short, so it could be another's): then it is kept, and named,
    as is a file that cannot be read (it might hold a ledger).
    """
    with contextlib.suppress(OSError):
        if target.exists() and hidden.samefile(target):  # linked, not yet unnamed
            discard(hidden)
            return []
    held = _what_it_holds(hidden)
    if held is None:
        discard(hidden)
        return []
    if held == "" and len(os.fsencode(target.name)) < NAMED:  # a longer one shares its hidden files
        try:
            _fold_the_wal(hidden)
            os.link(hidden, target)
        except (DatabaseUnavailable, OSError):
            pass
        else:
            discard(hidden)
            return []
    what = (
        f"holds a ledger that an import into {target} recorded before it was stopped (killed, "
        "say), and it could not be put in place (a ledger is there by now, or the name is too "
        "long to tell whose it is)"
        if held == ""
        else f"was left by an import into {target} that was stopped, and cannot be read ({held})"
    )
    kept = (
        f"{hidden} {what}; it is kept as it is. Look at it with --db '{hidden}', then move it "
        "away or delete it yourself"
    )
    return [kept]


def _what_it_holds(hidden: Path) -> str | None:
    """None if ``hidden`` holds nothing committed; "" if it holds events; else why unknown."""
    try:
        driver = _connect(hidden)
        try:
            found = driver.execute("SELECT 1 FROM portfolio_ledger_events LIMIT 1").fetchone()
        finally:
            driver.close()
    except sqlite3.Error as error:
        return None if "no such table" in str(error) else str(error)
    return None if found is None else ""
