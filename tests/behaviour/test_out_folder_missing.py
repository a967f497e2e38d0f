"""``--out`` in a folder that is not there is bad usage, exit 2, on every command that has it.

Before, it was found only as the file was written, after the command's work,
and said as the file system's refusal, exit 1, where ``--out FOLDER`` was
refused as bad usage, exit 2: the same mistake of one option, two answers.
Now each names the folder and what to do, and nothing is written. ``audit
keygen`` makes its key's missing folder (docs/concepts.md), and refuses only a
file in the way of it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Cli

COMMANDS = [
    ("portfolio",),
    ("portfolio", "diff", "2026-01-01", "2026-02-01"),
    ("portfolio", "ranking"),
    ("portfolio", "export"),
    ("items", "list"),
    ("economics",),
    ("audit", "trail"),
    ("audit", "export"),
    ("audit", "prove", "1"),
    ("audit", "consistency", "CHECKPOINT"),
    ("report", "board-pack", "--as-at", "2026-01-01"),
]


def _run(tmp_path: Path, command: tuple[str, ...], out: Path) -> tuple[int, str]:
    checkpoint = tmp_path / "checkpoint.txt"
    checkpoint.write_text("a file to read\n", encoding="utf-8")
    run = Cli(f"sqlite:///{tmp_path / 'ledger.db'}")
    args = [str(checkpoint) if arg == "CHECKPOINT" else arg for arg in command]
    result = run(*args, "--out", str(out))
    assert "Traceback" not in result.output
    return result.exit_code, " ".join(result.output.split())


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_out_in_a_missing_folder_is_bad_usage_naming_it(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    out = tmp_path / "no such folder" / "file.csv"

    code, said = _run(tmp_path, command, out)

    assert code == 2, said
    assert f"Invalid value for '--out': the folder {out.parent} does not exist" in said
    assert f"mkdir -p '{out.parent}'" in said
    assert not out.parent.exists()
    assert not (tmp_path / "ledger.db").exists()


@pytest.mark.parametrize("command", [*COMMANDS, ("audit", "keygen")], ids=" ".join)
def test_out_under_a_file_is_bad_usage_naming_it(tmp_path: Path, command: tuple[str, ...]) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder", encoding="utf-8")

    code, said = _run(tmp_path, command, a_file / "deeper" / "file.csv")

    assert code == 2, said
    assert f"{a_file} is not a folder (a file is there)" in said
    assert a_file.read_text(encoding="utf-8") == "not a folder"
    assert not (tmp_path / "ledger.db").exists()


def test_keygen_makes_its_key_s_missing_folder(tmp_path: Path) -> None:
    out = tmp_path / "keys" / "signing.key"

    code, said = _run(tmp_path, ("audit", "keygen", "--name", "ledger.example.org/x"), out)

    assert code == 0, said
    assert out.is_file()
