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
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url

from portfolio_ledger.application.errors import DatabaseUnavailable, LedgerAppeared
from portfolio_ledger.storage.urls import missing_file, normalise_url

SIDE_FILES = ("-wal", "-shm", "-journal")
"""The files SQLite keeps beside a database while it is open (or after a crash)."""

OWN_FILES = (*SIDE_FILES, ".rebuild-lock")
"""Those, and the lock file the ledger keeps beside it (a bulk import takes it)."""


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
"""How much of the ledger's name the hidden file's begins with: whatever the ledger's
name, the hidden one with its token and SQLite's and the ledger's endings (-journal,
.rebuild-lock) stays far within a file system's 255 bytes."""


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
        staged = folder / f".{target.name[:NAMED]}.{secrets.token_hex(8)}.importing"
        try:
            os.close(os.open(staged, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        except OSError:  # a folder this user may not write, say: opening in place says so
            return None
        if _links(staged):
            return staged
        discard(staged)
        return None


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
        driver = sqlite3.connect(str(staged), timeout=0)
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


def holds_recorded(staged: Path) -> bool:
    """Whether the ledger built in ``staged`` holds a committed event (this import's: it is new).

    Asked after a failure the import did not foresee, which may come after its
    commit (a bug while the read models catch up, say): a ledger that holds
    what was recorded is put in place, never thrown away. A file that cannot
    be asked (no ledger tables yet, say) holds nothing.
    """
    try:
        driver = sqlite3.connect(str(staged), timeout=0)
        try:
            found = driver.execute("SELECT 1 FROM portfolio_ledger_events LIMIT 1").fetchone()
        finally:
            driver.close()
    except sqlite3.Error:
        return False
    return found is not None


def discard(staged: Path) -> None:
    """Remove ``staged`` and whatever SQLite or the ledger left beside it (this process's own)."""
    for name in (str(staged), *(f"{staged}{end}" for end in OWN_FILES)):
        with contextlib.suppress(FileNotFoundError):
            Path(name).unlink()
