"""Folders for matplotlib where the user has none it may write: a private one, said nothing of.

(And the user's own matplotlibrc, which the pack does not use, not complained of either:
:func:`quiet_while_imported`.)

matplotlib keeps its settings and its font cache in the user's configuration
and cache folders (``$MPLCONFIGDIR``, else ``$XDG_CONFIG_HOME/matplotlib`` and
``$XDG_CACHE_HOME/matplotlib``, else under ``~``). A service account, a
container or a cron job often has no home it may write; matplotlib then makes
a temporary folder itself, but warns about it on standard error, twice:
noise in front of the person who asked for a board pack, about something
that changes nothing in it. So where those folders cannot be made or
written, the pack gets a private temporary folder (made by
:func:`tempfile.mkdtemp`, removed at exit), as matplotlib would, without the
warning. A ``$MPLCONFIGDIR`` already set is left to matplotlib.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def matplotlib_folders() -> dict[str, str]:
    """``{"MPLCONFIGDIR": a private temporary folder}`` if matplotlib's own are not usable.

    Else nothing: matplotlib's own folders, or the ``$MPLCONFIGDIR`` already set.
    """
    if os.environ.get("MPLCONFIGDIR") or all(map(_usable, _folders())):
        return {}
    folder = tempfile.mkdtemp(prefix="portfolio-ledger-matplotlib-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return {"MPLCONFIGDIR": folder}


def _folders() -> list[Path | None]:
    """The configuration and cache folders matplotlib would use (None: no home at all)."""
    found: list[Path | None] = []
    for variable, under_home in (("XDG_CONFIG_HOME", ".config"), ("XDG_CACHE_HOME", ".cache")):
        base = os.environ.get(variable)
        try:
            found.append(Path(base or Path.home() / under_home) / "matplotlib")
        except RuntimeError:  # no $HOME and no password entry
            found.append(None)
    return found


def _usable(folder: Path | None) -> bool:
    if folder is None:
        return False
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return folder.is_dir() and os.access(folder, os.W_OK)


@contextmanager
def quiet_while_imported() -> Iterator[None]:
    """Keep matplotlib's logger silent while it is imported (and reads the user's matplotlibrc).

    A bad value or an unknown key in that file is logged as a warning, which Python
    prints on standard error where no logging is set up; the pack draws from
    matplotlib's defaults alone, so the file's faults change nothing in it.
    """
    logger = logging.getLogger("matplotlib")
    was = logger.disabled
    logger.disabled = True
    try:
        yield
    finally:
        logger.disabled = was
