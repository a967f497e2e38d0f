"""A rules file reads stages as ``--stage`` does, and a misspelt setting is named with the fix.

``stages = ["in-delivery"]``, the spelling ``--stage in-delivery`` takes, was
refused as not a stage; ``treshold = 14`` was refused with pydantic's own words,
*Extra inputs are not permitted*, naming no setting a rule has.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from portfolio_ledger.reports.rules import Rules, RulesError, load_rules


def _rules(tmp_path: Path, text: str) -> Rules:
    path = tmp_path / "office-rules.toml"
    path.write_text(text, encoding="utf-8")
    return load_rules(path)


@pytest.mark.parametrize("spelt", ["in-delivery", "In Delivery", "IN_DELIVERY", " in  delivery "])
def test_stages_are_read_in_any_case_with_a_space_a_hyphen_or_an_underscore(
    tmp_path: Path, spelt: str
) -> None:
    rules = _rules(tmp_path, f'[R4]\nstages = ["{spelt}", "Paused"]\n')

    assert rules["R4"].stages == ("in delivery", "paused")


def test_a_stage_that_is_none_is_still_refused_naming_the_stages(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match="'in-delivry' is not a stage; the stages are proposed"):
        _rules(tmp_path, '[R4]\nstages = ["in-delivry"]\n')


def test_a_misspelt_setting_is_named_with_the_one_meant_and_the_settings(tmp_path: Path) -> None:
    with pytest.raises(RulesError) as refused:
        _rules(tmp_path, "[R2]\ntreshold = 14\n")

    said = str(refused.value)
    assert "rule R2: treshold: is not a setting of a rule (did you mean threshold?)" in said
    assert "a rule's settings are name, finds, text, threshold, stages, enabled" in said
    assert "Extra inputs" not in said
