"""A malformed key is bad usage (exit 2) on every command, reading or recording.

``item reject 'prj 42!'`` exited 2, but ``item show 'prj 42!'``, ``item
history``, ``audit trail --item``, ``audit authority``, ``board show`` and
the rest of the commands that read exited 1, as if the ledger had refused
something on its rules. docs/concepts.md, "Errors and exit codes": a
malformed key is a mistake in the command line, exit 2.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Cli

READS = [
    ("item", "show", "prj 42!"),
    ("item", "history", "prj 42!"),
    ("item", "show", "prj 42!", "--effective-on", "2026-01-01"),
    ("audit", "trail", "--item", "prj 42!"),
    ("audit", "export", "--item", "prj 42!", "--format", "csv", "--out", "x.csv"),
    ("audit", "authority", "prj 42!"),
    ("audit", "prove", "prj 42!", "1"),
    ("board", "show", "i c"),
    ("authority", "list", "--board", "i c"),
    ("authority", "list", "--to", "m lee"),
]


@pytest.mark.parametrize("command", READS, ids=" ".join)
def test_a_read_given_a_malformed_key_is_bad_usage(
    shared_demo: Cli, command: tuple[str, ...]
) -> None:
    result = shared_demo(*command)

    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert "is not a valid" in said
    assert "key: use 1 to 64 letters, digits" in said
    assert not Path("x.csv").exists()


def test_a_write_given_a_malformed_key_is_bad_usage_as_before(shared_demo: Cli) -> None:
    before = shared_demo("audit", "digest").stdout

    result = shared_demo("item", "reject", "prj 42!", "--authority", "PMO", "-m", "No case")

    assert result.exit_code == 2, result.output
    assert "is not a valid item key" in " ".join(result.output.split())
    assert shared_demo("audit", "digest").stdout == before


def test_an_import_line_naming_a_malformed_key_is_a_malformed_line_as_before(
    run: Cli, tmp_path: Path
) -> None:
    """A key a correction gives (its merged_into) is malformed on a line too."""
    said = {"actor": "praman", "role": "PMO", "rationale": "Imported.", "authority": "PMO"}
    lines = [
        {"command": "item onboard", "key": "PRJ-1", "title": "T", "category": "C",
         "stage": "live", **said},
        {"command": "item leave", "key": "PRJ-1", "reason": "completed", **said},
        {"command": "decision correct", "position": 2,
         "changes": {"reason": "merged", "merged_into": "prj 42!"}, **said},
    ]  # fmt: skip
    file = tmp_path / "bad-key.jsonl"
    file.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")

    result = run("import", str(file))

    assert result.exit_code == 2, result.output
    assert "'prj 42!' is not a valid item key" in " ".join(result.output.split())
    assert run.events() == 0
