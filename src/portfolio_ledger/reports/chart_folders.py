"""Folders for matplotlib where the user has none it may write: a private one, said nothing of.

(And the user's own matplotlibrc, which the pack does not use, not complained of either:
:func:`quiet_while_imported`; one matplotlib cannot read at all, not UTF-8, is named.)

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
from types import TracebackType

from portfolio_ledger.domain.errors import LedgerError


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
    matplotlib's defaults alone, so the file's faults change nothing in it. A file not
    in UTF-8 stops matplotlib's import: refused naming the file, where it was an
    internal error.
    """
    logger = logging.getLogger("matplotlib")
    was = logger.disabled
    logger.disabled = True
    try:
        yield
    except UnicodeDecodeError as error:
        settings = _settings_read(error.__traceback__)
        if settings is None:
            raise
        raise LedgerError(_not_utf8(Path(settings))) from None
    finally:
        logger.disabled = was


def _settings_read(trace: TracebackType | None) -> str | None:
    """The matplotlibrc matplotlib was reading when it stopped (None: it was reading none)."""
    while trace is not None:
        frame = trace.tb_frame
        if frame.f_code.co_name == "_rc_params_in_file":
            return str(frame.f_locals.get("fname"))
        trace = trace.tb_next
    return None


def _not_utf8(settings: Path) -> str:
    try:
        data = settings.read_bytes()
        data.decode("utf-8")
        where = ""
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        where = f" (byte 0x{data[error.start]:02x}, line {line})"
    except OSError:
        where = ""
    return (
        f"matplotlib, which draws the board pack's charts, stopped reading its settings file: "
        f"{settings.resolve()} is not UTF-8{where}; save it as UTF-8, or move it aside (the "
        "pack draws from matplotlib's defaults, not from that file, but matplotlib reads it "
        "as it starts), and make the pack again"
    )
