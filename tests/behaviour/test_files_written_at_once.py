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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from portfolio_ledger.audit import exporting, keys
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
