"""A line of an import that needs two items' decisions, each kept without them, is decided.

A batch keeps an item it saved without its decisions (``Batch.save``), and loads
it whole again when a later line is late on it. A merger recorded late, before
the last decisions of both the item leaving and the item it merges into, needs
both whole: the import loaded the first and stopped at the second, exit 70 with a
traceback, where the line is refused (a decision after it on the item leaving).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import Cli


def said(day: str, **fields: Any) -> dict[str, Any]:
    return {"authority": "PMO", "rationale": "Imported.", "effective_date": day, **fields}


def proposed(key: str) -> dict[str, Any]:
    line = {"command": "item propose", "key": key, "kind": "project", "title": key}
    return line | {"owner": "Dana", "sponsor": "CFO", "category": "C", **said("2025-06-01")}


def merged(key: str, into: str, day: str) -> dict[str, Any]:
    return {"command": "item leave", "key": key, "reason": "merged", "merged_into": into} | said(
        day
    )


def test_a_merger_late_on_both_items_is_judged(run: Cli, tmp_path: Path) -> None:
    lines = [
        *[proposed(key) for key in ("PRJ-1", "PRJ-2", "PRJ-4")],
        {"command": "item amend", "key": "PRJ-4", "title": "Renamed", **said("2025-06-09")},
        merged("PRJ-2", "PRJ-1", "2025-06-07"),
        merged("PRJ-4", "PRJ-2", "2025-06-06"),  # before PRJ-2 left, PRJ-4 amended
    ]
    file = tmp_path / "lines.jsonl"
    file.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")

    imported = run("import", str(file))

    assert imported.exit_code == 1, imported.output
    output = " ".join(imported.output.split())
    assert "1 of 6 lines cannot be recorded" in output
    assert "line 6: left the portfolio on PRJ-4 effective 2025-06-06 would make a later" in output
    assert run.events() == 0
