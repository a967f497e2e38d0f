"""The default ledger's and signing key's folder is never made of an empty or relative path.

``HOME=`` (set, empty: some service managers, ``env HOME= cmd``) made the default
ledger ``/.config/portfolio-ledger/ledger.db`` (Python's ``expanduser``), and a
relative ``XDG_CONFIG_HOME`` a folder under whichever folder the command ran in.
"""

from __future__ import annotations

import pwd
from os import getuid
from pathlib import Path

import pytest

from portfolio_ledger.cli.context import default_database_path
from portfolio_ledger.cli.keyfiles import signing_key_path

OWN_HOME = Path(pwd.getpwuid(getuid()).pw_dir)


@pytest.mark.parametrize("home", ["", "relative/home", None])
def test_an_empty_relative_or_unset_home_is_the_accounts_own(
    monkeypatch: pytest.MonkeyPatch, home: str | None
) -> None:
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.delenv("PORTFOLIO_LEDGER_SIGNING_KEY", raising=False)
    if home is None:
        monkeypatch.delenv("HOME")
    else:
        monkeypatch.setenv("HOME", home)

    assert default_database_path() == OWN_HOME / ".config" / "portfolio-ledger" / "ledger.db"
    assert signing_key_path(None) == OWN_HOME / ".config" / "portfolio-ledger" / "signing.key"


def test_a_relative_xdg_config_home_is_ignored_as_the_specification_says(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", "config")
    assert default_database_path() == tmp_path / ".config" / "portfolio-ledger" / "ledger.db"


def test_an_absolute_home_and_xdg_config_home_are_used(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    assert default_database_path() == tmp_path / ".config" / "portfolio-ledger" / "ledger.db"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert default_database_path() == tmp_path / "xdg" / "portfolio-ledger" / "ledger.db"


@pytest.mark.parametrize("home", ["", "relative/home"])
def test_a_paths_tilde_under_an_empty_or_relative_home_is_the_accounts_own(
    monkeypatch: pytest.MonkeyPatch, home: str
) -> None:
    # --db ~/l.db, --key ~/k.key, PORTFOLIO_LEDGER_SIGNING_KEY=~/k.key: Python's expanduser
    # made them /l.db (HOME empty) or relative/home/l.db, where the default folder is the
    # account's own home's.
    from portfolio_ledger.storage.urls import normalise_url

    monkeypatch.setenv("HOME", home)
    monkeypatch.setenv("PORTFOLIO_LEDGER_SIGNING_KEY", "~/k.key")

    assert normalise_url("~/l.db") == f"sqlite:///{OWN_HOME / 'l.db'}"
    assert signing_key_path(None) == OWN_HOME / "k.key"
