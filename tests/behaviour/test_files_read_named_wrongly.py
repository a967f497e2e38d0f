"""A path that names no file a command can read is bad usage (exit 2) on every command.

``import nofile`` and ``returns import nofile`` exited 2 (click's *does not
exist*), while ``audit verify-export nofile.csv``, ``audit verify-receipt
nofile --key K``, ``audit consistency nofile``, ``audit verify --checkpoint
nofile``, ``audit checkpoint --key nofile`` and ``report board-pack --rules
nofile`` exited 1, as if the ledger, or a check, had refused it. Now each
file a command reads is refused as ``import``'s is: nothing there, or a
symbolic link in a loop, exit 2, naming the option and the path, nothing
written. What a file holds, once read, is still judged by its command (a
receipt that does not verify exits 1). A verifier key's file too large to be
one (``--key /dev/zero``) is refused as every other thing given as ``--key``
that is no verifier key is, exit 2; before, exit 1. A check's ``FAILED:``
line names a file whose name holds an ESC with the ESC written ``\\x1b``, as
an error does; before, raw, for the terminal to act on.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from portfolio_ledger.cli import keyfiles
from tests.conftest import Cli

KEY = "h7.example/ledger+f2f26270+AZxJn/u2bHBcqsLCfN9Cqpfn5Er1EvtNj1P6AvgRZOhS"
"""A verifier key (well formed: the files are refused before it is used)."""

READERS = {
    "import": ("import", "{}", "--dry-run"),
    "returns import": ("returns", "import", "{}", "--as-at", "2026-01-01", "--authority", "X"),
    "verify-export": ("audit", "verify-export", "{}"),
    "verify-export --manifest": ("audit", "verify-export", "{here}", "--manifest", "{}"),
    "verify-export --checkpoint": (
        "audit", "verify-export", "{here}", "--checkpoint", "{}", "--key", KEY),
    "verify-receipt": ("audit", "verify-receipt", "{}", "--key", KEY),
    "verify-consistency": ("audit", "verify-consistency", "{}", "--key", KEY),
    "consistency": ("audit", "consistency", "{}"),
    "verify --checkpoint": ("audit", "verify", "--checkpoint", "{}", "--key", KEY),
    "prove --checkpoint": ("audit", "prove", "1", "--checkpoint", "{}"),
    "checkpoint --key": ("audit", "checkpoint", "--key", "{}"),
    "export --key": ("audit", "export", "--out", "{out}", "--key", "{}"),
    "board-pack --rules": ("report", "board-pack", "--as-at", "2026-01-01", "--rules", "{}"),
}  # fmt: skip


def _args(command: str, named: Path, tmp_path: Path) -> list[str]:
    here = tmp_path / "here.csv"
    here.write_text("position\n", encoding="utf-8")
    places = {"here": str(here), "out": str(tmp_path / "out.csv")}
    return [arg.format(str(named), **places) for arg in READERS[command]]


@pytest.mark.parametrize("command", READERS)
def test_a_file_that_is_not_there_is_bad_usage(
    shared_demo: Cli, tmp_path: Path, command: str
) -> None:
    before = shared_demo("audit", "digest").stdout
    missing = tmp_path / "nofile"

    result = shared_demo(*_args(command, missing, tmp_path))

    assert result.exit_code == 2, result.output
    assert f"'{missing}' does not exist" in result.output
    assert "Traceback" not in result.output
    assert shared_demo("audit", "digest").stdout == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["here.csv"]


@pytest.mark.parametrize("command", ["verify-receipt", "consistency", "checkpoint --key"])
def test_a_link_in_a_loop_is_bad_usage(shared_demo: Cli, tmp_path: Path, command: str) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to(loop)

    result = shared_demo(*_args(command, loop, tmp_path))

    assert result.exit_code == 2, result.output
    assert "is a symbolic link in a loop" in result.output


def test_a_verifier_key_file_too_large_to_be_one_is_bad_usage_as_a_bad_key_is(
    shared_demo: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(keyfiles, "MAX_DOCUMENT", 100)
    large = tmp_path / "large.pub"
    large.write_text(KEY + "\n" + "#" * 200, encoding="utf-8")
    receipt = tmp_path / "receipt.json"
    receipt.write_text("{}", encoding="utf-8")

    result = shared_demo("audit", "verify-receipt", str(receipt), "--key", str(large))

    said = " ".join(result.output.split())
    assert result.exit_code == 2, result.output
    assert f"Invalid value for '--key': {large} is too large to be a verifier key" in said


@pytest.mark.parametrize("command", ["verify-receipt", "verify-consistency"])
def test_a_failed_check_names_a_file_without_the_escapes_in_its_name(
    shared_demo: Cli, tmp_path: Path, command: str
) -> None:
    named = tmp_path / "e\x1b[31mred.json"
    named.write_text("{}", encoding="utf-8")

    result = shared_demo(*_args(command, named, tmp_path))

    assert result.exit_code == 1, result.output
    assert "FAILED: " in result.output
    assert "e\\x1b[31mred.json" in result.output
    assert "\x1b" not in result.output
