"""A stage written with its own abbreviation after it is that stage; a footnote's mark is not.

Registers write ``Full business case [FBC]`` or ``In delivery (ID)``: the bracket
abbreviates the words before it. Before, ``[FBC]`` was refused as a footnote's mark,
saying to write the stage without it, though it marks no note.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.behaviour.test_returns_refusals import write
from tests.conftest import Cli

HEADER = "key,title,category,Stage"
MAPPING = '[columns]\nkey = "key"\ntitle = "title"\ncategory = "category"\nstage = "Stage"\n'


def imported(run: Cli, stage: str, spellings: str = "") -> tuple[int, str]:
    """Import one row of the stage ``stage``: the exit code and the output, on one line."""
    Path("register.toml").write_text(MAPPING + spellings, encoding="utf-8")
    path = write("register.csv", HEADER, f'K-1,Roads,c,"{stage}"')
    result = run("returns", "import", str(path), "--mapping", "register.toml", "--as-at",
                 "2026-09-30", "--authority", "PMO")  # fmt: skip
    assert "Traceback" not in result.output
    return result.exit_code, " ".join(result.output.split())


def stage_of(run: Cli, key: str) -> str:
    stage: str = json.loads(run("item", "show", key, "--json").output)["stage"]
    return stage


@pytest.mark.parametrize("written", ["In delivery [ID]", "in-delivery (ID)", "In delivery [id]"])
def test_a_stage_with_its_own_abbreviation_is_read_as_the_stage(run: Cli, written: str) -> None:
    code, output = imported(run, written)

    assert code == 0, output
    assert stage_of(run, "K-1") == "in delivery"


@pytest.mark.parametrize(
    ("written", "spellings"),
    [
        ("Full business case [FBC]", '"Full business case" = "approved"\n'),
        ("Full business case (FBC)", '"FBC" = "approved"\n'),
        ("Planning and delivery [PD]", '"Planning and delivery" = "approved"\n'),
    ],
    ids=["words-spelt", "abbreviation-spelt", "minor-word-left-out"],
)
def test_a_register_stage_with_its_abbreviation_is_read_as_the_mapping_spells_it(
    run: Cli, written: str, spellings: str
) -> None:
    code, output = imported(run, written, "[spellings.stage]\n" + spellings)

    assert code == 0, output
    assert stage_of(run, "K-1") == "approved"


def test_an_unspelt_stage_and_its_abbreviation_is_refused_as_no_stage_not_as_a_mark(
    run: Cli,
) -> None:
    code, output = imported(run, "Outline business case [OBC]")

    assert code == 2, output
    assert (
        "row 2, column Stage: cell D2: 'Outline business case' (read without '[OBC]', its "
        "abbreviation) is not a stage: write one of: proposed, appraised, deferred, approved"
    ) in output
    assert '[spellings.stage] "Outline business case" = the stage it stands for' in output
    assert "footnote" not in output
    assert run.events() == 0


@pytest.mark.parametrize(
    ("written", "words", "bracket", "letters"),
    [
        ("Approved [OBC]", "Approved", "[OBC]", "A"),
        ("Outline business case [FBC]", "Outline business case", "[FBC]", "OBC"),
    ],
)
def test_a_bracket_that_is_not_the_stages_abbreviation_is_refused_naming_its_initials(
    run: Cli, written: str, words: str, bracket: str, letters: str
) -> None:
    code, output = imported(run, written)

    assert code == 2, output
    assert (
        f"row 2, column Stage: cell D2: {written!r} is a stage's name with {bracket!r} after "
        f"it, and {bracket!r} is not its abbreviation (the initials of {words!r}: {letters})"
    ) in output
    assert f"write the stage alone ({words!r})" in output
    assert f'[spellings.stage] "{written}" = one of: proposed' in output
    assert "footnote" not in output
    assert run.events() == 0


@pytest.mark.parametrize(("written", "mark"), [("Approved [1]", "[1]"), ("Approved [a]", "[a]")])
def test_a_footnote_mark_after_a_stage_is_still_refused_as_a_mark(
    run: Cli, written: str, mark: str
) -> None:
    code, output = imported(run, written)

    assert code == 2, output
    assert f"cell D2: {written!r} ends in a footnote's mark ({mark!r})" in output
    assert run.events() == 0
