"""Two processes writing the same new file at once: the second never replaces the first's.

A command that writes a file only if none is there (``audit keygen`` without
``--force``, ``audit export`` without ``--overwrite``) looked for the file,
wrote its own beside it, then renamed that over the place. Another process
that put its file there between the look and the rename had it replaced,
unasked: a second ``audit keygen`` left its own signer key where the first
had just printed the verifier key of another (checkpoints signed afterwards
never verified with the published key); a second export replaced the
first's export and manifest. Here the other process (a real one) runs to
its end just before this one puts its file in place.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from portfolio_ledger.audit import exporting, keys
from portfolio_ledger.audit import manifest as manifest_module
from portfolio_ledger.audit.keys import load_signer_key
from portfolio_ledger.bootstrap import open_ledger
from tests.builders import approved_item
from tests.conftest import Cli

ORIGIN = "ledger.example.org/portfolio"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    """The command line in a process of its own."""
    return subprocess.run(
        [sys.executable, "-m", "portfolio_ledger", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def _other_first(
    monkeypatch: pytest.MonkeyPatch, module: Any, other: Callable[[], None]
) -> list[bool]:
    """Make ``module``'s ``put_in_place`` run ``other`` to its end just before it renames."""
    real = module.put_in_place
    ran: list[bool] = []

    @contextmanager
    def other_first(*places: tuple[Path, Path], **options: Any) -> Iterator[Callable[..., None]]:
        with real(*places, **options) as rename:

            def late(then: Callable[[], object] | None = None) -> None:
                other()
                ran.append(True)
                rename(then)

            yield late

    monkeypatch.setattr(module, "put_in_place", other_first)
    return ran


def test_a_key_made_by_another_keygen_meanwhile_is_not_replaced(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = tmp_path / "signing.key"
    printed: list[str] = []

    def other_keygen() -> None:
        done = _cli("audit", "keygen", "--name", ORIGIN, "--out", str(key))
        assert done.returncode == 0, done.stderr
        printed.append(done.stdout.strip())

    ran = _other_first(monkeypatch, keys, other_keygen)
    result = Cli(sqlite_url)("audit", "keygen", "--name", ORIGIN, "--out", str(key))

    assert ran == [True]
    assert result.exit_code == 1, result.output
    assert f"{key} appeared while the key was being written" in result.output
    assert "nothing was replaced" in result.output
    # The key there is the other's, with its verifier key beside it: the one it printed.
    assert load_signer_key(key).verifier().text() == printed[0]
    assert key.with_name("signing.key.pub").read_text(encoding="utf-8").strip() == printed[0]
    assert sorted(path.name for path in tmp_path.iterdir() if "key" in path.name) == [
        "signing.key",
        "signing.key.pub",
    ]


def test_an_export_written_by_another_process_meanwhile_is_not_replaced(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger, _ = open_ledger(db_url)
    try:
        approved_item(ledger)
    finally:
        ledger.close()
    out = tmp_path / "trail.jsonl"
    manifest = tmp_path / "trail.jsonl.manifest.json"

    def other_export() -> None:
        done = _cli("--db", db_url, "audit", "export", "--item", "PRJ-001", "--out", str(out))
        assert done.returncode == 0, done.stderr

    ran = _other_first(monkeypatch, exporting, other_export)
    run = Cli(db_url)
    result = run("audit", "export", "--out", str(out))  # every row: not the other's selection
    monkeypatch.undo()

    assert ran == [True]
    assert result.exit_code == 1, result.output
    assert f"{out} appeared while the export was being written" in result.output
    assert "nothing was replaced" in result.output
    # The other's export and manifest, whole and together: its filter, its rows.
    assert '"item": "PRJ-001"' in manifest.read_text(encoding="utf-8")
    checked = run("audit", "verify-export", str(out))
    assert checked.exit_code == 0, checked.output
    assert sorted(path.name for path in tmp_path.iterdir() if "trail" in path.name) == [
        "trail.jsonl",
        "trail.jsonl.manifest.json",
    ]


def _blocked_or_done(other: subprocess.Popen[str]) -> None:
    """Wait until ``other`` waits for a file lock (Linux's /proc/locks says so), or has ended."""
    deadline = time.monotonic() + 300  # a loaded machine: never a condition, only a bound
    while other.poll() is None:
        waiting = [
            line.split()
            for line in Path("/proc/locks").read_text(encoding="ascii").splitlines()
            if "->" in line
        ]
        if any(str(other.pid) in fields for fields in waiting):
            return
        assert time.monotonic() < deadline, "the other export neither ended nor waited"
        time.sleep(0.01)


def _started(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "portfolio_ledger", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _two_decisions(db_url: str) -> None:
    ledger, _ = open_ledger(db_url)
    try:
        approved_item(ledger)
        approved_item(ledger, "PRJ-002")
    finally:
        ledger.close()


def test_two_exports_overwriting_at_once_leave_one_export_with_its_own_manifest(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _two_decisions(db_url)
    out = tmp_path / "trail.jsonl"
    real_replace = Path.replace
    others: list[subprocess.Popen[str]] = []

    other = ("--db", db_url, "audit", "export", "--item", "PRJ-002", "--out", str(out))

    def replace(self: Path, target: Any) -> Path:
        """Just after this export is put in place, before its manifest: the other export."""
        done = real_replace(self, target)
        if Path(target) == out and not others:
            others.append(_started(*other, "--overwrite"))
            _blocked_or_done(others[0])
        return done

    monkeypatch.setattr(Path, "replace", replace)
    run = Cli(db_url)
    result = run("audit", "export", "--out", str(out), "--overwrite")
    monkeypatch.undo()
    _, stderr = others[0].communicate()

    assert result.exit_code == 0, result.output
    assert others[0].returncode == 0, stderr
    checked = run("audit", "verify-export", str(out))
    assert checked.exit_code == 0, checked.output  # one export's file, with its own manifest
    assert '"item": "PRJ-002"' in (tmp_path / "trail.jsonl.manifest.json").read_text("utf-8")


def test_an_export_overwritten_while_it_is_checked_is_checked_as_one_pair(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _two_decisions(db_url)
    out = tmp_path / "trail.jsonl"
    run = Cli(db_url)
    assert run("audit", "export", "--item", "PRJ-001", "--out", str(out)).exit_code == 0
    real_load = manifest_module.load_manifest
    others: list[subprocess.Popen[str]] = []

    def load_manifest(path: Path) -> Any:
        """The manifest read; then, before the file is, another export replaces both."""
        loaded = real_load(path)
        if not others:
            others.append(
                _started("--db", db_url, "audit", "export", "--out", str(out), "--overwrite")
            )
            _blocked_or_done(others[0])
        return loaded

    monkeypatch.setattr(manifest_module, "load_manifest", load_manifest)
    checked = run("audit", "verify-export", str(out))
    monkeypatch.undo()
    _, stderr = others[0].communicate()

    assert checked.exit_code == 0, checked.output  # the pair it began with, not half of each
    assert others[0].returncode == 0, stderr
    again = run("audit", "verify-export", str(out))
    assert again.exit_code == 0, again.output  # and then the new pair, whole
    assert '"item": null' in (tmp_path / "trail.jsonl.manifest.json").read_text("utf-8")
