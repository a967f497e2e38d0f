"""A governed decision recorded in the role that sponsors (or proposed) the item is refused.

Every decision records who made it and in what role (``--role``). Segregation of duties
compared only the person (key, name, registered posts) with the item's sponsor, so Helen
Carter, registered as chair of IC, approved an item the "Director of Digital" sponsors
with ``--role "Director of Digital"`` (acting for the director, or a register not yet
put right), and the record said the sponsor approved their own item: recorded, exit 0,
``valid``. Now the role is compared as a person's posts are, at a meeting and under a
delegation, on the command line and in an import, and by the re-check of a decision when
the item's sponsor is amended from before it; on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import Result

from tests.behaviour.test_governance import IC_MEETING, day, delegate, gov, propose, refused
from tests.conftest import Cli

__all__ = ["gov"]  # the fixture, used by name


def _approve(run: Cli, role: str, *authority: str) -> Result:
    return run("item", "approve", "PRJ-042", "--budget", "GBP 500,000", *authority,
               "-m", "Approved", "--effective-date", day(1), role=role)  # fmt: skip


def test_a_meeting_recorded_in_the_sponsors_role_is_refused(gov: Cli) -> None:
    propose(gov)  # sponsored by the Director of Digital
    before = gov.events()

    result = _approve(gov, "director of  digital", *IC_MEETING)

    refused(
        gov,
        result,
        before,
        "Helen Carter (hcarter) records it as 'director of  digital', which sponsors PRJ-042, "
        "and so may not approve it in that role (segregation of duties: a decision is recorded "
        "in the capacity its role gives); give the role hcarter decides in (--role), or, if "
        "they decide as 'director of  digital', another member of Investment Committee (IC) "
        "must record it.",
    )
    assert _approve(gov, "Chair, Investment Committee", *IC_MEETING).exit_code == 0


def test_a_delegate_deciding_in_the_proposers_role_is_refused(gov: Cli) -> None:
    delegate(gov)
    propose(gov, proposer="Head of Portfolio Office")
    before = gov.events()

    result = _approve(gov, "Head of Portfolio Office", "--delegation", "DEL-001", "--actor", "mlee")

    refused(gov, result, before, "Marcus Lee (mlee) records it as 'Head of Portfolio Office', "
            "which proposed PRJ-042, and so may not approve it in that role", "escalate to "
            "Investment Committee (IC), which delegated it.")  # fmt: skip


def test_an_import_line_in_the_sponsors_role_is_refused(gov: Cli, tmp_path: Path) -> None:
    propose(gov)
    line = {"command": "item approve", "key": "PRJ-042", "budget": "GBP 500,000",
            "delegation": "DEL-001", "actor": "mlee", "role": "Director of Digital",
            "rationale": "Approved", "effective_date": day(1)}  # fmt: skip
    delegate(gov)
    path = tmp_path / "lines.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    before = gov.events()

    result = gov("import", str(path))

    assert result.exit_code == 1, result.output
    said = " ".join(result.output.split())
    assert "line 1: Marcus Lee (mlee) records it as 'Director of Digital'" in said
    assert 'give the role mlee decides in ("role")' in said
    assert gov.events() == before


def test_a_sponsor_amended_to_the_role_a_decision_was_recorded_in_is_refused(gov: Cli) -> None:
    propose(gov)
    assert _approve(gov, "Chief Digital Officer", *IC_MEETING).exit_code == 0
    before = gov.events()

    result = gov("item", "amend", "PRJ-042", "--sponsor", "Chief Digital Officer",
                 "-m", "New sponsor", "--effective-date", day(0))  # fmt: skip

    refused(gov, result, before, "would make a later decision invalid",
            "records it as 'Chief Digital Officer', which sponsors PRJ-042")  # fmt: skip
