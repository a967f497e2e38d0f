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
    return (
        f"cannot create the ledger file {path}: the folder {folder} is not writable by this "
        "user; make it writable, or choose a file in a folder you can write to"
    )


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
            return f"{'the ledger file ' if where == path else ''}{where} {problem}"
    if not os.access(path.parent, os.W_OK | os.X_OK) and not all(s.exists() for s in siblings):
        return (
            f"the folder {path.parent} is not writable by this user, and SQLite needs to "
            f"create {path.name}-wal and {path.name}-shm there while the ledger is open; "
            "make the folder writable"
        )
    return None
