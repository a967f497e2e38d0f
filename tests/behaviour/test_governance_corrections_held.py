"""A correction of a governance record is held to the rules the record was made under.

A correction is checked as if the decision had been made with the corrected
values: the quorum a board is constituted with is from 1 to 100, as when it
is constituted, on the command line and in an import, on SQLite and
PostgreSQL; a refusal writes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.behaviour.test_governance import approve, gov, propose, refused
from tests.behaviour.test_governance_record_keeping import PUT_RIGHT, _trail_position
from tests.conftest import Cli

__all__ = ["gov"]  # the fixture, used by name


@pytest.mark.parametrize("quorum", ["0", "-3", "101"])
def test_a_boards_founding_quorum_is_not_corrected_out_of_range(gov: Cli, quorum: str) -> None:
    """Before, ``--set quorum=0`` was recorded, and one member alone then decided for IC."""
    propose(gov)
    constituted = _trail_position(gov, "IC", "board constituted")
    before = gov.events()

    result = gov("decision", "correct", str(constituted), "--set", f"quorum={quorum}", *PUT_RIGHT)

    refused(gov, result, before, "the quorum of IC must be from 1 to 100", f"not {quorum}")
    alone = approve(
        gov, "GBP 1,000", "--board", "IC", "--present", "hcarter", "--vote", "hcarter=for",
        "--actor", "hcarter",
    )  # fmt: skip
    refused(gov, alone, before, "needs 2 members present to decide")


def test_an_imported_correction_of_a_founding_quorum_is_refused_alike(
    gov: Cli, tmp_path: Path
) -> None:
    constituted = _trail_position(gov, "IC", "board constituted")
    line = {
        "command": "decision correct",
        "position": constituted,
        "changes": {"quorum": "0"},
        "authority": "PMO record-keeping procedure",
        "actor": "Sam Patel",
        "role": "Portfolio Manager",
        "rationale": "Put right",
    }
    path = tmp_path / "correct.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    before = gov.events()

    result = gov("import", str(path))

    refused(gov, result, before, "line 1", "the quorum of IC must be from 1 to 100, not 0")
    within = gov("decision", "correct", str(constituted), "--set", "quorum=3", *PUT_RIGHT)
    assert within.exit_code == 0, within.output
