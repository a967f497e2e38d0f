"""Output is UTF-8 whatever encoding the process's environment gives stdout and stderr.

A cron job or a service started with ``PYTHONIOENCODING=latin-1`` (or a
locale of a single-byte character set) gave Python's streams an encoding
that holds no em dash and no euro sign: a title or rationale holding one
made every read of it an internal error, exit 70. Click already wrote
UTF-8 where the stream said ASCII; now every output is UTF-8, as the files
the ledger writes are (under ``utf-16``, JSON came out as ASCII bytes and
messages in UTF-16).
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.behaviour.test_terminal_width import terminal_bytes
from tests.conftest import Cli

TITLE = "Café — €5k rollout for Jürgen"


def process(url: str, encoding: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    """The command as a real process whose stdout and stderr Python encodes as ``encoding``."""
    command = [sys.executable, "-m", "portfolio_ledger", "--db", url, *args]
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    return subprocess.run(command, env=env, capture_output=True, check=False)


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252", "ascii", "utf-16"])
def test_non_ascii_text_is_written_as_utf8_in_any_output_encoding(run: Cli, encoding: str) -> None:
    proposed = run(
        "item", "propose", "PRJ-042", "--kind", "project", "--title", TITLE,
        "--owner", "Jürgen Müller", "--sponsor", "CFO", "--category", "Corporate systems",
        "-m", "Costs £5k — urgent",
    )  # fmt: skip
    assert proposed.exit_code == 0, proposed.output

    for args in (
        ("item", "show", "PRJ-042", "--json"),
        ("item", "history", "PRJ-042"),
        ("audit", "trail", "--item", "PRJ-042", "--format", "csv"),
    ):
        done = process(run.url, encoding, *args)

        assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
        assert TITLE in done.stdout.decode("utf-8"), args


@pytest.mark.sqlite_only("a refusal before the ledger is opened: no database is reached")
def test_a_refusal_naming_non_ascii_text_is_said_in_utf8(run: Cli) -> None:
    done = process(run.url, "latin-1", "items", "list", "--stage", "livré—")

    assert done.returncode == 2
    assert "livré—" in done.stderr.decode("utf-8")


def test_a_single_byte_terminal_is_written_in_its_own_encoding(run: Cli) -> None:
    """UTF-8 on a Latin-1 terminal showed each accented letter as two (JÃ¼rgen)."""
    proposed = run(
        "item", "propose", "PRJ-042", "--kind", "project", "--title", TITLE,
        "--owner", "Jürgen Müller", "--sponsor", "CFO", "--category", "Corporate systems",
        "-m", "Costs £5k — urgent",
    )  # fmt: skip
    assert proposed.exit_code == 0, proposed.output

    shown = terminal_bytes(
        run.url, 80, "item", "show", "PRJ-042", more={"PYTHONIOENCODING": "latin-1"}
    )

    assert "Jürgen Müller".encode("latin-1") in shown
    assert "Café ? ?5k rollout for Jürgen".encode("latin-1") in shown  # no — nor € in Latin-1
    assert "Jürgen".encode() not in shown
