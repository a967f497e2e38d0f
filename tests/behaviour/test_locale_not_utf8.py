"""A command line read in a locale that is not UTF-8: UTF-8 text is refused, not misrecorded.

Under ``LANG=en_GB.ISO-8859-1`` (an older server's, a cron job's), Python read
the UTF-8 bytes a script passes as Latin-1: ``--title "Jürgen café"`` was
recorded as *JÃ¼rgen cafÃ©*, for ever, and an em dash was refused as a
control character. Under ``LC_ALL=C`` with ``PYTHONUTF8=0`` the same text was
said not to be UTF-8 at all. Now both are refused naming the locale and the
fix; a Latin-1 terminal's own bytes (``J\\xfcrgen``) are read as it means them.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import Cli

PROPOSE = (
    "item", "propose", "PRJ-042", "--kind", "project", "--owner", "Dana Okafor",
    "--sponsor", "CFO", "--category", "Corporate systems", "-m", "Payroll contract ends",
)  # fmt: skip


def read_as_latin1(monkeypatch: pytest.MonkeyPatch) -> None:
    """This process reads its command line as a Latin-1 locale makes Python read it."""
    monkeypatch.setattr(sys, "getfilesystemencoding", lambda: "iso8859-1")
    monkeypatch.setenv("LC_ALL", "en_GB.ISO-8859-1")


@pytest.mark.sqlite_only("refused as the command line is read, before any database")
def test_utf8_text_read_as_latin1_is_refused_not_recorded(
    run: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    read_as_latin1(monkeypatch)
    as_python_read_it = "Jürgen café".encode().decode("latin-1")  # 'JÃ¼rgen cafÃ©'

    done = run(*PROPOSE, "--title", as_python_read_it)

    assert done.exit_code == 2, done.output
    assert "is UTF-8 text ('Jürgen café')" in done.output
    assert "as iso8859-1 (LC_ALL=en_GB.ISO-8859-1)" in done.output
    assert "LC_ALL=C.UTF-8" in done.output
    assert "PYTHONUTF8=1" in done.output
    assert run.events() == 0


@pytest.mark.sqlite_only("refused as the command line is read, before any database")
def test_a_setting_read_as_latin1_is_refused_naming_its_variable(
    run: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    read_as_latin1(monkeypatch)

    done = run(*PROPOSE, "--title", "Payroll", actor="Jürgen".encode().decode("latin-1"))

    assert done.exit_code == 2, done.output
    assert "PORTFOLIO_LEDGER_ACTOR is UTF-8 text ('Jürgen')" in done.output
    assert run.events() == 0


def test_a_latin1_terminals_own_text_is_recorded_as_it_means_it(
    run: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    read_as_latin1(monkeypatch)

    done = run(*PROPOSE, "--title", "Jürgen café")  # b"J\xfcrgen caf\xe9": no UTF-8

    assert done.exit_code == 0, done.output
    monkeypatch.undo()
    assert '"title": "Jürgen café"' in run("item", "show", "PRJ-042", "--json").output


@pytest.mark.sqlite_only("refused as the command line is read, before any database")
def test_utf8_text_under_the_c_locale_without_utf8_mode_is_said_to_be_utf8(run: Cli) -> None:
    command = [sys.executable, "-m", "portfolio_ledger", "--db", run.url, *PROPOSE]
    env = {**os.environ, "LC_ALL": "C", "PYTHONUTF8": "0", "PORTFOLIO_LEDGER_ACTOR": "cron"}
    env["PORTFOLIO_LEDGER_ROLE"] = "PMO"
    title = "Ça — £".encode()

    done = subprocess.run([*command, "--title", title], env=env, capture_output=True, check=False)

    said = done.stderr.decode()
    assert done.returncode == 2, said
    assert "is UTF-8 text ('Ça — £')" in said
    assert "as ascii (LC_ALL=C)" in said
    assert run.events() == 0
