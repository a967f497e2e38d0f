"""A line with no actor, imported with none given, says where an actor may come from."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Cli

LINE = {
    "command": "item propose", "key": "PRJ-1", "kind": "project", "title": "Payroll",
    "owner": "Dana", "sponsor": "CFO", "category": "Corporate", "rationale": "Proposed",
}  # fmt: skip


def test_a_line_with_no_actor_or_role_names_the_options_that_give_them(
    run: Cli, tmp_path: Path
) -> None:
    file = tmp_path / "one.jsonl"
    file.write_text(json.dumps(LINE) + "\n", encoding="utf-8")

    refused = run("import", str(file), actor=None, role=None)

    assert refused.exit_code == 2
    assert "actor: is required" in refused.output
    assert "--actor" in refused.output
    assert "PORTFOLIO_LEDGER_ACTOR" in refused.output
    assert "--role" in refused.output
    assert run.events() == 0
