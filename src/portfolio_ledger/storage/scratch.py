"""Private temporary folders for work a command throws away, swept if their process was killed.

Some commands work in a temporary folder that may grow as large as the ledger: a
copy of a read-only ledger (``copy``), a dry run's new ledger (``dry-run``), what
standard input gave an import (``import``), the read models replayed to check
them (``check``). Each folder is removed as the command ends; a process killed
with SIGKILL, or a power cut, leaves it behind. So each is named by its process
and host (``portfolio-ledger-PURPOSE-PID@HOST~PIDNS-...``), and the next folder
made on that host removes those of this user whose process is gone.

``TMPDIR`` is heeded or refused: Python's ``tempfile`` takes another folder
(``/tmp``) unsaid where ``TMPDIR`` names one this user may not write, so work
meant for a large disk went to a small one, and was refused as if the folder
asked for had no room.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from pathlib import Path

from portfolio_ledger.application.left_behind import alive, this_host

PREFIX = "portfolio-ledger-"
PURPOSES = ("copy", "dry-run", "import", "check")
"""What each kind of folder is for: the word after the prefix."""
NOT_WRITABLE = "{} names it, but it is no folder this user may write"
ASKED = ("TMPDIR", "TEMP", "TMP")
"""The settings that name the temporary folder, in the order Python's ``tempfile`` heeds them."""


def scratch_folder(purpose: str) -> tempfile.TemporaryDirectory[str]:
    """A private temporary folder for ``purpose`` (one of :data:`PURPOSES`), removed as it is left.

    Raises OSError where no temporary folder may be written, and where TMPDIR (else TEMP,
    else TMP) names a folder this user may not write (named as a folder made in it would
    be: its parent is the folder to name).
    """
    if purpose not in PURPOSES:
        raise ValueError(f"no temporary folder is made for {purpose!r}")
    setting = next((name for name in ASKED if os.environ.get(name)), None)
    given = os.environ[setting] if setting else ""
    if given and not (Path(given).is_dir() and os.access(given, os.W_OK | os.X_OK)):
        said = NOT_WRITABLE.format(setting)
        raise OSError(errno.EACCES, said, str(Path(given) / f"{PREFIX}{purpose}-"))
    _remove_left_behind(Path(tempfile.gettempdir()))
    return tempfile.TemporaryDirectory(prefix=f"{PREFIX}{purpose}-{os.getpid()}@{this_host()}-")


def unmade(error: OSError, needed_for: str) -> str:
    """Why a folder :func:`scratch_folder` raised for could not be made: where, why, the fix.

    Where no folder may be written at all (TMPDIR unset, ``/tmp`` and the rest read-only),
    ``tempfile`` names no file but the folders it tried, in its words: asking it again for
    its folder would raise again.
    """
    why = error.strerror or str(error)
    if not error.filename:  # tempfile's "No usable temporary directory found in [...]"
        return (
            f"cannot make a temporary folder ({why}), where {needed_for}; set TMPDIR to a "
            "folder you may write with room for it, and run the command again; nothing was "
            "written"
        )
    return (
        f"cannot make a temporary folder in {Path(error.filename).parent} ({why}), where "
        f"{needed_for}; make room there, or set TMPDIR to a folder you may write with room "
        "for it, and run the command again; nothing was written"
    )


def _owner(name: str) -> int | None:
    """The process id a folder's name gives, if it is one of ours made on this host."""
    for purpose in PURPOSES:
        if name.startswith(f"{PREFIX}{purpose}-"):
            pid, at, rest = name.removeprefix(f"{PREFIX}{purpose}-").partition("@")
            host = rest.rpartition("-")[0]
            # ASCII digits only: str.isdigit() takes '²', which int() refuses (anyone may
            # name a folder in a shared /tmp so, and every command would have failed).
            ours = at and pid.isascii() and pid.isdigit() and host == this_host()
            return int(pid) if ours else None
    return None


def _remove_left_behind(folder: Path) -> None:
    """The folders in ``folder`` of this user's processes on this host that are gone.

    Another host's (a shared folder), another user's, and a live process's are left,
    as are folders named otherwise.
    """
    try:
        found = [entry for entry in os.scandir(folder) if entry.name.startswith(PREFIX)]
    except OSError:
        return  # no folder to read: making the new one says why
    for entry in found:
        pid = _owner(entry.name)
        if pid is None or alive(pid):
            continue
        try:
            mine = entry.is_dir(follow_symlinks=False) and entry.stat().st_uid == os.getuid()
        except OSError:
            continue
        if mine:
            shutil.rmtree(entry.path, ignore_errors=True)
