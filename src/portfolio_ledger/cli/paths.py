"""What is wrong with a path given to an option, said before the command does anything.

A link to nothing (a file to read), and a folder that is not there or is a
file (a file to write, ``--out``): each is bad usage, exit 2, naming the
folder and what to do, as a path naming a folder is.
"""

from __future__ import annotations

import errno
import pathlib
import shlex

from portfolio_ledger.application.errors import DatabaseUnavailable
from portfolio_ledger.domain.errors import shown_path


def broken_link(value: str) -> str | None:
    """Why ``value``, a symbolic link, leads to no file (click says only *does not exist*)."""
    link = pathlib.Path(value)
    if not link.is_symlink():
        return None
    try:
        link.stat()
    except OSError as error:
        if error.errno == errno.ELOOP:
            return (
                f"{value!r} is a symbolic link in a loop (it leads, link by link, back to "
                "itself), so it names no file; name the file itself, or mend the link"
            )
        return (
            f"{value!r} is a symbolic link to {str(link.readlink())!r}, which does not exist; "
            "name the file itself, or mend the link"
        )
    return None


def folder_problem(value: str, *, made: bool = False) -> str | None:
    """Why a file to write at ``value`` cannot be, for its folder; None if it can be.

    Before, a missing folder was found only as the file was written, after the
    command's work, and said as the file system's refusal, exit 1, where
    ``--out FOLDER`` was bad usage, exit 2. ``made``: a missing folder is made by
    the command (a signer key's); only a file in the way of it is refused.
    """
    folder = pathlib.Path(value).parent
    try:
        above = folder
        while not above.is_symlink() and not above.exists() and above != above.parent:
            above = above.parent  # the nearest folder there is (a file, perhaps)
        if (above.is_symlink() or above.exists()) and not above.is_dir():
            there = "a symbolic link to no folder" if above.is_symlink() else "a file"
            return (
                f"{shown_path(above)} is not a folder ({there} is there), so nothing can be "
                "written in it; nothing was written. Give a path in a folder that exists"
            )
        if made or folder.is_dir():
            return None
    except OSError:
        return None  # a folder this user may not look into: writing the file says so
    return (
        f"the folder {shown_path(folder)} does not exist; nothing was written. Create it "
        f"first (mkdir -p {shlex.quote(str(folder))}), or give a path in a folder that exists"
    )


def make_default_folder(folder: pathlib.Path) -> None:
    """Make the default ledger's folder; one the system refuses is said, and where it comes from.

    A cron job or a container whose home cannot be written (or an XDG_CONFIG_HOME
    under a file) got *cannot use FOLDER: Read-only file system. Check the path
    (its length, ...)*, naming neither why that folder nor how to choose another.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DatabaseUnavailable(
            f"cannot make {shown_path(folder)}, the folder of the default ledger (the per-user "
            "application folder: $XDG_CONFIG_HOME/portfolio-ledger, else "
            f"~/.config/portfolio-ledger, on Linux): {error.strerror or error}. Give the "
            "ledger's place with --db or PORTFOLIO_LEDGER_DB, or make that folder writable; "
            "nothing was written"
        ) from None
