"""portfolio-ledger import: what it reads, and how it refuses what it cannot take."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.behaviour.test_import import PREAMBLE, write
from tests.conftest import Cli


def test_a_line_giving_request_id_is_refused_as_a_field_the_import_never_takes(
    run: Cli, tmp_path: Path
) -> None:
    person: dict[str, Any] = {**PREAMBLE[0]}
    unknown = run("import", str(write(tmp_path / "a.jsonl", [{**person, "ticket": "T-1"}])))
    given = run("import", str(write(tmp_path / "b.jsonl", [{**person, "request_id": "T-1"}])))
    spelt = run("import", str(write(tmp_path / "c.jsonl", [{**person, "request-id": "T-1"}])))

    assert unknown.exit_code == 2, unknown.output
    assert "whose fields are" in unknown.output
    offered = unknown.output.split("whose fields are")[1]
    assert "request_id" not in offered
    for result in (given, spelt):
        assert result.exit_code == 2, result.output  # a usage error of the line
        assert "line 1: request_id: is not a field of an import's line" in result.output
        assert "recorded once per file" in result.output
    assert run.events() == 0
