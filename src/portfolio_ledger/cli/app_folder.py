"""The per-user folder the default ledger and signing key live in."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from portfolio_ledger.application.home import home

APP_NAME = "portfolio-ledger"


def app_folder() -> Path:
    """Click's per-user application directory, but never one made of an empty or relative path.

    On Linux and the other Unix systems, ``$XDG_CONFIG_HOME/portfolio-ledger`` where that
    is an absolute path (the XDG base directory specification ignores a relative one), else
    ``~/.config/portfolio-ledger``. A ``HOME`` set empty (``HOME= cmd``, some service
    managers) made Python's ``expanduser`` give ``/.config``, so a ledger at
    ``/.config/portfolio-ledger/ledger.db``; an empty or relative ``HOME`` is read as an unset
    one: the account's own home. macOS and Windows: click's, as it is.
    """
    if sys.platform in {"win32", "darwin"}:
        return Path(click.get_app_dir(APP_NAME))
    config = Path(os.environ.get("XDG_CONFIG_HOME", ""))
    return (config if config.is_absolute() else home() / ".config") / APP_NAME
