"""What this user may not do to an SQLite ledger's file, the files beside it, or its folder.

Said in words, each with what to do, before SQLite is asked to open it (it says only
"unable to open database file" or "attempt to write a readonly database").
"""

from __future__ import annotations

import os
from pathlib import Path


def path_problem(path: Path) -> str | None:
    """What this user may not do to the ledger file ``path`` or its folder; None if nothing."""
    folder = path.parent
    if not folder.is_dir():
        return f"the folder {folder} for the ledger file does not exist; create it first"
    if path.is_dir():
        example = path / "ledger.db"
        return f"{path} is a folder, not a ledger file; name the file in it (e.g. {example})"
    if path.exists():
        return _file_problem(path)
    if os.access(folder, os.W_OK | os.X_OK):
        return None
    why, fix = folder_unwritable(folder)
    return (
        f"cannot create the ledger file {path}: the folder {folder} {why}; {fix}, or choose a "
        "file in a folder you can write to"
    )


def folder_unwritable(folder: Path) -> tuple[str, str]:
    """Why this user may not write in ``folder``, and what to do: its mount's, or its mode's.

    On a file system mounted read-only (a backup's share, a snapshot) no mode lets
    anyone write: 'make it writable' sent a user to chmod, which that refuses too.
    """
    if mounted_read_only(folder):
        return "is on a file system mounted read-only", "have it mounted read-write"
    return "is not writable by this user", "make it writable"


def mounted_read_only(path: Path) -> bool:
    """Whether ``path`` is on a file system mounted read-only (False if that cannot be told)."""
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs (Windows), or not there
        return False


def _file_problem(path: Path) -> str | None:
    siblings = [Path(f"{path}-wal"), Path(f"{path}-shm")]
    checks = [
        (path, os.R_OK, "is not readable by this user (check its permissions)"),
        (path, os.W_OK, f"is read-only for this user; make it writable (chmod u+w {path})"),
        *(
            (
                sibling,
                os.R_OK | os.W_OK,
                (
                    "(which SQLite keeps beside the ledger file) is read-only for this user; "
                    f"make it writable too (chmod u+w {sibling})"
                ),
            )
            for sibling in siblings
            if sibling.exists()
        ),
    ]
    for where, mode, problem in checks:
        if not os.access(where, mode):
            said = (
                "is on a file system mounted read-only; have it mounted read-write"
                if mode & os.W_OK and mounted_read_only(where)
                else problem
            )
            return f"{'the ledger file ' if where == path else ''}{where} {said}"
    if not os.access(path.parent, os.W_OK | os.X_OK) and not all(s.exists() for s in siblings):
        why, fix = folder_unwritable(path.parent)
        return (
            f"the folder {path.parent} {why}, and SQLite needs to create {path.name}-wal and "
            f"{path.name}-shm there while the ledger is open; {fix}"
        )
    return None
