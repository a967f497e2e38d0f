"""portfolio-ledger import: what it reads, and how it refuses what it cannot take."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.behaviour.test_import import ITEM, PREAMBLE, write
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


def test_a_person_voting_twice_under_two_spellings_is_refused_by_import_and_cli(
    run: Cli, tmp_path: Path
) -> None:
    approve = {**ITEM[2], "votes": {"HCARTER": "against", "hcarter": "for", "rdas": "for"}}
    twice_present = {**ITEM[2], "present": ["hcarter", "HCarter", "rdas"]}
    imported = run("import", str(write(tmp_path / "a.jsonl", [*PREAMBLE, *ITEM[:2], approve])))
    present = run("import", str(write(tmp_path / "b.jsonl", [*PREAMBLE, *ITEM[:2], twice_present])))
    assert run("import", str(write(tmp_path / "c.jsonl", [*PREAMBLE, *ITEM[:2]]))).exit_code == 0
    by_cli = run(
        *("item", "approve", "PRJ-1", "--budget", "1200000", "--board", "IC", "-m", "Agreed"),
        *("--present", "hcarter,rdas", "--vote", "HCARTER=against", "--vote", "hcarter=for"),
        *("--vote", "rdas=for"),
    )

    assert imported.exit_code == 2, imported.output
    assert "line 8: votes: hcarter is given 2 votes ('HCARTER', 'hcarter'" in imported.output
    assert "give hcarter one vote" in imported.output
    assert present.exit_code == 2, present.output
    assert "hcarter is listed as present more than once" in present.output
    assert by_cli.exit_code == 2, by_cli.output
    assert "hcarter is given 2 votes" in by_cli.output
    assert "Traceback" not in by_cli.output
    assert run.events() == 7  # the preamble and the item's first two decisions, no approval
