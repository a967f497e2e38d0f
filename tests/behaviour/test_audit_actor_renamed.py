"""``audit trail --actor`` names every name a person's decisions were recorded under.

A governed decision records its actor's registered name as it stood when recorded,
and the trail keeps it. Once Helen Carter's registration was corrected to "Helen
Carter-Smith", ``--actor hcarter`` was answered with her current name alone and
``--actor "Helen Carter-Smith"`` found her later decisions without a word of the
earlier ones: a subject access request (docs/personal-data.md) run as told missed
her approval. Now each says the other names to give, in the trail and in an export,
on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.behaviour.test_governance import IC_MEETING, approve, gov, propose
from tests.behaviour.test_governance_record_keeping import PUT_RIGHT
from tests.conftest import Cli

__all__ = ["gov"]  # the fixture, used by name


def _renamed(run: Cli) -> None:
    """Helen Carter approves PRJ-042, is renamed, then reports on it under her new name."""
    propose(run)
    assert approve(run, "GBP 1,200,000", *IC_MEETING).exit_code == 0
    rows = json.loads(run("audit", "trail", "--item", "hcarter", "--json").stdout)
    put_right = ("decision", "correct", str(rows[0]["position"]), "--set")
    renamed = run(*put_right, "name=Helen Carter-Smith", *PUT_RIGHT)
    assert renamed.exit_code == 0, renamed.output
    paused = run("item", "pause", "PRJ-042", "--authority", "IC", "-m", "Paused",
                 actor="Helen Carter-Smith")  # fmt: skip
    assert paused.exit_code == 0, paused.output


def _said(result: object) -> str:
    return " ".join(str(getattr(result, "stderr", "")).split())


def test_a_renamed_persons_key_names_both_names(gov: Cli, tmp_path: Path) -> None:
    _renamed(gov)

    refused = gov("audit", "trail", "--actor", "hcarter")

    assert refused.exit_code == 1
    assert (
        "hcarter is the key of Helen Carter-Smith, and the trail keeps the name each decision "
        'was recorded with; give --actor "Helen Carter-Smith", and --actor "Helen Carter" for '
        "those recorded as Helen Carter. Nothing was shown."
    ) in " ".join(refused.output.split())


def test_a_renamed_persons_names_each_name_the_other(gov: Cli, tmp_path: Path) -> None:
    _renamed(gov)
    out = tmp_path / "now.csv"

    for args in (["trail"], ["export", "--format", "csv", "--out", str(out)]):
        now = gov("audit", *args, "--actor", "Helen Carter-Smith")
        assert now.exit_code == 0, now.output
        assert (
            "Warning: Helen Carter-Smith (hcarter) has been registered as Helen Carter too "
            "(their registration was corrected), and the trail keeps the name each decision "
            "was recorded with: these are only the decisions recorded as 'Helen Carter-Smith'; "
            'give --actor "Helen Carter" for those recorded as Helen Carter.'
        ) in _said(now)
    before = gov("audit", "trail", "--actor", "Helen Carter", "--json")
    assert [row["event"] for row in json.loads(before.stdout)] == ["approved"]
    assert 'give --actor "Helen Carter-Smith" for those recorded as Helen Carter-Smith.' in (
        _said(before)
    )


def test_a_person_never_renamed_is_not_warned_of(gov: Cli) -> None:
    propose(gov)
    assert approve(gov, "GBP 1,200,000", *IC_MEETING).exit_code == 0

    named = gov("audit", "trail", "--actor", "Helen Carter")

    assert named.exit_code == 0, named.output
    assert "Warning" not in named.stderr


def test_a_new_name_with_no_decision_yet_names_the_earlier_one(gov: Cli) -> None:
    # Renamed before deciding anything under the new name, 'Helen Carter-Smith' was
    # refused as a name no decision was recorded by, with no word of her earlier one.
    propose(gov)
    assert approve(gov, "GBP 1,200,000", *IC_MEETING).exit_code == 0
    rows = json.loads(gov("audit", "trail", "--item", "hcarter", "--json").stdout)
    put_right = ("decision", "correct", str(rows[0]["position"]), "--set")
    assert gov(*put_right, "name=Helen Jones", *PUT_RIGHT).exit_code == 0

    refused = gov("audit", "trail", "--actor", "Helen Jones")

    assert refused.exit_code == 1
    assert (
        "no decision was recorded by 'Helen Jones': Helen Jones is a name of hcarter, who has "
        "been registered as Helen Carter too (their registration was corrected), and the trail "
        'keeps the name each decision was recorded with; give --actor "Helen Carter" for those '
        "recorded as Helen Carter. Nothing was shown."
    ) in " ".join(refused.output.split())
