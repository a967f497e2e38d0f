"""A line with thousands of bad values says ten of its problems and how many more.

``import`` lists up to 50 refused lines, then a count; but one line's own problems were
all said: a ``person add`` line whose ``roles`` held 5,000 numbers was refused in
374 KB (``roles.0: must be text ...; roles.1: ...``), one of 200,000 unknown keys in
36 MB, after 16 s and 370 MB of memory, each key named with the command's whole list of
fields. Found by h2's hostile import lines. A line's problems are now said ten at a
time, then how many more, as a removal refused names ten of its dependencies.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Cli


def _refused(run: Cli, line: str) -> str:
    Path("lines.jsonl").write_text(line + "\n", encoding="utf-8")
    refused = run("import", "lines.jsonl")
    assert refused.exit_code == 2, refused.output[:2000]
    return refused.output


def test_five_thousand_bad_values_in_a_list_are_said_as_ten_and_a_count(run: Cli) -> None:
    line = {"command": "person add", "key": "newp", "name": "N", "roles": [1] * 5000,
            "rationale": "Set up.", "authority": "PMO"}  # fmt: skip

    said = _refused(run, json.dumps(line))

    assert "roles.9: must be text" in said
    assert "roles.10:" not in said
    assert "and 4,990 more problems with its fields" in said
    assert len(said) < 3000
    assert run.events() == 0


def test_thousands_of_unknown_keys_are_said_as_ten_and_a_count(run: Cli) -> None:
    keys = ", ".join(f'"k{i}": 1' for i in range(5000))
    line = (
        f'{{"command": "item amend", "key": "PRJ-1", {keys}, "rationale": "x", "authority": "PMO"}}'
    )

    said = _refused(run, line)

    assert "k9: is not a field of this command" in said
    assert "k10:" not in said
    assert "and 4,990 more problems with its fields" in said
    assert len(said) < 6000
