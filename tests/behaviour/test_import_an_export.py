"""An ``audit export`` given to ``import`` is said to be one, not refused row by row.

An operator moving a ledger from an SQLite file to PostgreSQL exported it (JSON Lines
or CSV) and imported the export into the server: every row was refused on its own
(*line 1: no "command" ...*, 314 lines for the demo's), and a CSV export was sent to
``returns import`` as a spreadsheet of items. Neither said what the file was, nor how
a ledger is moved (docs/verification.md, *From SQLite to PostgreSQL*).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.behaviour.test_proofs import PROPOSE
from tests.conftest import Cli


@pytest.mark.parametrize("export_format", ["jsonl", "csv"])
@pytest.mark.parametrize("filtered", [(), ("--item", "PRJ-2")], ids=["whole", "one item"])
def test_an_audit_export_imported_is_refused_as_one_naming_how_a_ledger_moves(
    run: Cli, tmp_path: Path, export_format: str, filtered: tuple[str, ...]
) -> None:
    for key in ("PRJ-1", "PRJ-2"):
        assert run(*PROPOSE[:2], key, *PROPOSE[2:]).exit_code == 0
    export = tmp_path / f"trail.{export_format}"
    made = run("audit", "export", "--format", export_format, "--out", str(export), *filtered)
    assert made.exit_code == 0, made.output

    result = run("import", str(export))

    said = " ".join(result.output.split())
    assert result.exit_code == 2, result.output
    assert f"{export} is an audit export" in said
    assert "not decisions to import" in said
    assert 'docs/verification.md says ("From SQLite to PostgreSQL")' in said
    assert "line 1" not in said
    assert "returns import" not in said
    assert run.events() == 2


def test_a_correction_naming_its_position_first_is_no_export(run: Cli, tmp_path: Path) -> None:
    assert run(*PROPOSE[:2], "PRJ-1", *PROPOSE[2:]).exit_code == 0
    line = {"position": 1, "command": "decision correct", "changes": {"title": "Better"},
            "actor": "Sam", "role": "PMO", "authority": "PMO", "rationale": "Typo"}  # fmt: skip
    file = tmp_path / "fix.jsonl"
    file.write_text(json.dumps(line, separators=(",", ":")) + "\n", encoding="utf-8")

    result = run("import", str(file))

    assert result.exit_code == 0, result.output
    assert run.events() == 2
