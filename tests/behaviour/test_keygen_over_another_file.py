"""``audit keygen --out`` onto a file that is no signing key is told what is there.

Before, a checkpoint, ``/dev/null`` or a named pipe at ``--out`` was said to
*already hold a key* whose checkpoints *would no longer verify*: words for a
key, about a file that is none. A pipe is never read to find out (it may not end).
"""

from __future__ import annotations

import os
from pathlib import Path

from tests.conftest import Cli

NAME = ("audit", "keygen", "--name", "ledger.example.org/portfolio")


def test_a_file_that_is_no_key_is_not_said_to_hold_one(run: Cli, tmp_path: Path) -> None:
    other = tmp_path / "checkpoint.txt"
    other.write_text("ledger.example.org/portfolio\n3\n", encoding="utf-8")

    result = run(*NAME, "--out", str(other))

    assert result.exit_code == 2, result.output
    assert f"{other} exists, and is no signing key; choose another --out" in result.output
    assert "already holds a key" not in result.output
    assert other.read_text(encoding="utf-8") == "ledger.example.org/portfolio\n3\n"


def test_a_pipe_is_said_to_be_no_file_and_not_read(run: Cli, tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)  # nothing writes to it: reading it would wait for ever

    result = run(*NAME, "--out", str(pipe))

    assert result.exit_code == 2, result.output
    assert f"{pipe} exists, and is no file (a device or a pipe)" in result.output
    assert sorted(tmp_path.iterdir()) == [pipe]


def test_a_key_is_still_said_to_be_one(run: Cli, tmp_path: Path) -> None:
    key = tmp_path / "signing.key"
    assert run(*NAME, "--out", str(key)).exit_code == 0

    result = run(*NAME, "--out", str(key))

    assert result.exit_code == 2, result.output
    assert "already holds a key" in result.output
