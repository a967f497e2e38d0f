"""The user's home folder, as the default folder and a path's ``~`` read it."""

from __future__ import annotations

import os
from pathlib import Path


def home() -> Path:
    """``$HOME`` where it is an absolute path; else (unset, empty, relative) the account's own.

    A ``HOME`` set empty (``HOME= cmd``, some service managers) made Python's ``expanduser``
    give ``/``, and a relative one a folder under wherever the command ran.
    """
    given = Path(os.environ.get("HOME", ""))
    if given.is_absolute():
        return given
    import pwd

    try:
        return Path(pwd.getpwuid(os.getuid()).pw_dir)
    except KeyError:  # an account with no entry (a container's numeric user): as Python does
        return Path("~").expanduser()


def expand_user(path: Path) -> Path:
    """``path`` with a leading ``~`` read as :func:`home`, and ``~name`` as a user's.

    ``~name`` of no user here raises ``RuntimeError``, as ``Path.expanduser`` does.
    """
    if path.parts and path.parts[0] == "~" and os.name != "nt":
        return home().joinpath(*path.parts[1:])
    return path.expanduser()
