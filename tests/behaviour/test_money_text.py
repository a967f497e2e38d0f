"""Money in each kind of output: one text for the same amount, whichever command prints it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.behaviour.test_import import ITEM, PREAMBLE, write
from tests.conftest import Cli


def _json(run: Cli, *args: str) -> Any:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_every_json_gives_the_same_amount_the_same_text_to_the_cent(
    run: Cli, tmp_path: Path
) -> None:
    appraised = {**ITEM[1], "estimated-cost": "1,200.5"}
    imported = run("import", str(write(tmp_path / "d.jsonl", [*PREAMBLE, ITEM[0], appraised])))
    assert imported.exit_code == 0, imported.output
    approved = run(
        *("item", "approve", "PRJ-1", "--budget", "1200000", "--board", "IC"),
        *("--present", "hcarter,rdas", "--vote", "hcarter=for", "--vote", "rdas=for"),
        *("--actor", "hcarter", "-m", "Agreed"),
    )
    assert approved.exit_code == 0, approved.output

    shown = _json(run, "item", "show", "PRJ-1")
    replayed = _json(run, "item", "show", "PRJ-1", "--effective-on", "2099-01-01")
    listed = _json(run, "portfolio")[0]
    board = _json(run, "board", "show", "IC")

    assert shown["estimated_cost"]["amount"] == listed["estimated_cost"] == "1200.50"
    assert shown["authorised_budget"]["amount"] == listed["authorised_budget"] == "1200000.00"
    assert replayed["authorised_budget"] == shown["authorised_budget"]
    assert board["limit"] == {"amount": "5000000.00", "currency": "GBP"}
    on_screen = run("item", "show", "PRJ-1").output
    assert "GBP 1,200.50" in on_screen
    assert "GBP 1,200,000" in on_screen
