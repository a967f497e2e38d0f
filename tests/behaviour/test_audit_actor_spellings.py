"""``audit trail --actor`` says where the trail holds the person under another spelling.

A decision that is not governed records its actor as typed. Helen Carter's status
reports recorded as ``hcarter``, ``Helen  Carter`` (two spaces) or ``Helen Carter
(hcarter)``, each of which the ledger reads as her wherever segregation of duties
compares names (docs/governance.md, *People*), were not among ``--actor "Helen
Carter"``'s, and nothing said so: a subject access request answered as
docs/personal-data.md says missed them. Now a warning names each, in the trail and
in an export, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path

from tests.behaviour.test_governance import IC_MEETING, approve, gov, propose
from tests.conftest import Cli

__all__ = ["gov"]  # the fixture, used by name

SPELLINGS = ["hcarter", "Helen  Carter", "Helen Carter (hcarter)"]


def _reported_as(run: Cli, *actors: str) -> None:
    propose(run)
    assert approve(run, "GBP 1,200,000", *IC_MEETING).exit_code == 0
    for actor in actors:
        paused = run("item", "review-gate", "PRJ-042", "--gate", "Gate 2", "--outcome", "go",
                     "--authority", "IC", "-m", "Reviewed", actor=actor)  # fmt: skip
        assert paused.exit_code == 0, paused.output


def test_the_persons_other_spellings_are_named(gov: Cli, tmp_path: Path) -> None:
    _reported_as(gov, *SPELLINGS)

    for args in (["trail"], ["export", "--format", "csv", "--out", str(tmp_path / "hc.csv")]):
        named = gov("audit", *args, "--actor", "Helen Carter")

        assert named.exit_code == 0, named.output
        assert (
            "Warning: the trail also holds decisions recorded with the actor 'hcarter', "
            "'Helen  Carter', 'Helen Carter (hcarter)', which the ledger reads as Helen Carter "
            "(hcarter) (as segregation of duties compares names: any case and spacing, their "
            "key, their name and key as the ledger writes them); they are not among these: "
            'give --actor "hcarter" and --actor "Helen  Carter" and --actor "Helen Carter '
            '(hcarter)" for those.'
        ) in named.stderr.replace("\n", " ")


def test_a_spelling_asked_for_names_the_registered_name_too(gov: Cli) -> None:
    _reported_as(gov, "Helen  Carter")

    spaced = gov("audit", "trail", "--actor", "Helen  Carter")

    assert spaced.exit_code == 0, spaced.output
    assert "recorded with the actor 'Helen Carter', which the ledger reads as" in spaced.stderr


def test_no_other_spelling_no_warning(gov: Cli) -> None:
    _reported_as(gov)

    named = gov("audit", "trail", "--actor", "Helen Carter")

    assert named.exit_code == 0, named.output
    assert "Warning" not in named.stderr
