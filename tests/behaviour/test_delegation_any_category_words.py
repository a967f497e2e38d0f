"""A delegation's categories corrected to none is said to cover any category, as it does.

A grant with no categories covers every category (``authority list``: *all*). A
correction taking a grant's categories away (``--set categories=``) so widens it to
every category, and was summarised *categories Infrastructure, Security -> no
categories*, as if it now covered none: an auditor reading the trail saw a delegation
narrowed to nothing where the board's chair had widened it to everything. Words
version 8 says *-> any category*; an export made in version 7's words still verifies,
and says so.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.behaviour.test_export_in_earlier_words import exported_in
from tests.behaviour.test_governance import day, gov
from tests.behaviour.test_governance_record_keeping import _position
from tests.conftest import Cli

__all__ = ["gov"]  # the fixture, used by name

CORRECTED = "corrects position {}: categories Infrastructure, Security -> {}"


def _widened_to_every_category(gov: Cli) -> int:
    """DEL-001 granted for two categories, then corrected by the chair to none: its position."""
    granted = _position(
        gov, "authority", "delegate", "DEL-001", "--board", "IC", "--to", "mlee",
        "--limit", "GBP 1,000,000", "--category", "Infrastructure", "--category", "Security",
        "--present", "hcarter,cdubois,mlee", "--vote", "hcarter=for,cdubois=for",
        "--actor", "hcarter", "-m", "Delegated", "--effective-date", day(2),
    )  # fmt: skip
    corrected = gov("decision", "correct", str(granted), "--set", "categories=",
                    "--actor", "hcarter", "--authority", "IC minutes", "-m", "All")  # fmt: skip
    assert corrected.exit_code == 0, corrected.output
    return granted


def test_categories_corrected_to_none_are_said_to_cover_any_category(gov: Cli) -> None:
    granted = _widened_to_every_category(gov)

    rows = json.loads(gov("audit", "trail", "--item", "DEL-001", "--json").stdout)

    assert rows[-1]["summary"] == CORRECTED.format(
        f"{granted} (authority delegated)", "any category"
    )
    assert "no categories" not in gov("authority", "list").output


def test_an_export_in_version_7s_words_verifies_and_says_so(gov: Cli, tmp_path: Path) -> None:
    granted = _widened_to_every_category(gov)
    named = f"{granted} (authority delegated)"
    words = {CORRECTED.format(named, "any category"): CORRECTED.format(named, "no categories")}

    checked = exported_in(gov, tmp_path, words)

    assert checked.exit_code == 0, checked.output
    assert "Words: 1 row's summary is in the words of version 7 (portfolio-ledger's until " in (
        checked.output
    )
