"""One line, one decision, one position, one dependent line: each said as one.

An import of one line said *all 1 decision would be recorded* and *1 event
(positions 1 to 1)*; an export of one row *(positions 12 to 12)*; a refusal with
one consequence *(and 1 more that depend on it)*; `audit verify` of one event *over 1
position (positions 1 to 1)* and *the Merkle tree's rows for all 1 positions*.
"""

from __future__ import annotations

from pathlib import Path

from tests.behaviour.test_import import ITEM, PREAMBLE, write
from tests.conftest import Cli


def test_an_import_of_one_line_says_one_decision_at_one_position(run: Cli, tmp_path: Path) -> None:
    file = write(tmp_path / "one.jsonl", [PREAMBLE[0]])

    checked = run("import", str(file), "--dry-run")
    imported = run("import", str(file))

    assert checked.exit_code == 0, checked.output
    assert ": the 1 decision would be recorded." in checked.output
    assert imported.exit_code == 0, imported.output
    assert ": 1 event (position 1)." in imported.output


def test_an_export_of_one_row_names_its_one_position(run: Cli, tmp_path: Path) -> None:
    assert run("import", str(write(tmp_path / "one.jsonl", [PREAMBLE[0]]))).exit_code == 0

    result = run("audit", "export", "--format", "csv", "--out", str(tmp_path / "one.csv"))

    assert result.exit_code == 0, result.output
    assert "Exported 1 row (position 1) to" in result.output


def test_one_line_that_depends_on_a_refused_one_is_said_as_one(run: Cli, tmp_path: Path) -> None:
    propose = {**ITEM[0], "kind": "venture"}  # malformed: PRJ-1 is never proposed
    file = write(tmp_path / "two.jsonl", [propose, ITEM[1]])

    result = run("import", str(file))

    assert result.exit_code == 2, result.output
    assert "1 of 2 lines cannot be recorded (and 1 more that depends on it)" in result.output


def test_a_ledger_of_one_event_is_verified_as_one_position(run: Cli, tmp_path: Path) -> None:
    assert run("import", str(write(tmp_path / "one.jsonl", [PREAMBLE[0]]))).exit_code == 0

    result = run("audit", "verify")

    assert result.exit_code == 0, result.output
    assert "intact over 1 position (position 1), in" in result.output
    assert "Tree: the Merkle tree's row for its 1 position is what the event gives" in (
        result.output
    )
