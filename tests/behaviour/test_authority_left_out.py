"""A decision given without ``--authority`` is a missing option: exit 2, as every one is.

``decision annul`` without ``--authority`` exited 2 (bad usage), while ``item
reject``, ``item pause``, ``item onboard``, ``portfolio envelope`` and ``board
create`` without it exited 1, as if the ledger had refused the decision on its
merits. docs/concepts.md, "Errors and exit codes": a missing option is 2. An
import line with no ``authority`` field is a malformed line likewise.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Cli

PROPOSE = (
    "--kind", "project", "--title", "Payroll", "--owner", "Dana", "--sponsor", "CFO",
    "--category", "Corporate", "-m", "Contract ends",
)  # fmt: skip

LEFT_OUT = [
    ("item", "reject", "PRJ-1", "-m", "No case"),
    ("item", "defer", "PRJ-1", "-m", "Later"),
    ("item", "onboard", "ON-1", "--title", "Under way", "--category", "C", "-m", "Baseline"),
    ("portfolio", "envelope", "GBP 5,000,000", "-m", "Capital plan"),
    ("board", "create", "IC", "--name", "IC", "--terms", "T", "--unlimited", "--quorum", "1",
     "-m", "Constituted"),
    ("decision", "annul", "1", "-m", "Wrong item"),
]  # fmt: skip


@pytest.mark.parametrize("command", LEFT_OUT, ids=lambda command: " ".join(command[:2]))
def test_a_decision_without_its_authority_is_bad_usage_and_records_nothing(
    run: Cli, command: tuple[str, ...]
) -> None:
    assert run("item", "propose", "PRJ-1", *PROPOSE).exit_code == 0
    before = run("audit", "digest").stdout

    result = run(*command)

    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert "name the authority" in said
    assert "with --authority" in said
    assert "Traceback" not in said
    assert run("audit", "digest").stdout == before


def test_an_import_line_without_its_authority_is_a_malformed_line(run: Cli, tmp_path: Path) -> None:
    said = {"actor": "praman", "role": "PMO", "rationale": "Imported."}
    lines = [
        {"command": "item propose", "key": "PRJ-1", "kind": "project", "title": "T",
         "owner": "O", "sponsor": "S", "category": "C", **said},
        {"command": "item reject", "key": "PRJ-1", **said},
    ]  # fmt: skip
    file = tmp_path / "no-authority.jsonl"
    file.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")

    result = run("import", str(file))

    assert result.exit_code == 2, result.output
    assert "line 2: authority: is required" in " ".join(result.output.split())
    assert run.events() == 0
