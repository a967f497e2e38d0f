"""An id cell holding a word for no id yet (TBC, New, N/A) is refused, not read as a key.

A corporate PMO's register writes ``TBC`` in the id column of a project not yet
registered. It joined the portfolio as the item ``TBC``; next quarter another new project
written ``TBC`` was read as that item renamed, its figures recorded as that item's.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.behaviour.returns_mappings import ONE_DEPARTMENT
from tests.behaviour.test_returns_refusals import refused, returns_import, write
from tests.conftest import Cli


@pytest.mark.parametrize("written", ["TBC", "tba", "New", "T.B.C.", "Pending", "TBD"])
def test_an_id_written_as_a_word_for_none_yet_is_refused(run: Cli, written: str) -> None:
    Path("m.toml").write_text(ONE_DEPARTMENT, encoding="utf-8")
    path = write("q3.csv", "Ref,Project", "P-1,Alpha", f"{written},Beta")

    message = " ".join(refused(run, path, "--mapping", "m.toml", as_at="2026-09-30").split())

    assert "row 3: its id, " in message
    assert "is a word for an id not given yet, not an id" in message
    assert "leave the cell empty, so the row is matched by its name" in message


@pytest.mark.parametrize("written", ["N/A", "Not yet assigned", "-"])
def test_such_a_word_made_a_key_is_refused_too(run: Cli, written: str) -> None:
    Path("m.toml").write_text("make_keys = true\n" + ONE_DEPARTMENT, encoding="utf-8")
    path = write("q3.csv", "Ref,Project", "P-1,Alpha", f"{written},Beta")

    message = " ".join(refused(run, path, "--mapping", "m.toml", as_at="2026-09-30").split())

    assert f"row 3: its id, {written!r}, is a word for an id not given yet" in message


@pytest.mark.parametrize("written", ["N/A", "Not yet assigned", "-", "\u2014"])
def test_such_a_word_that_is_no_key_is_refused_as_no_id_without_make_keys(
    run: Cli, written: str
) -> None:
    """'-' was refused as no valid key, saying to say make_keys: that made one key of each."""
    Path("m.toml").write_text(ONE_DEPARTMENT, encoding="utf-8")
    path = write("q3.csv", "Ref,Project", "P-1,Alpha", f"{written},Beta")

    message = " ".join(refused(run, path, "--mapping", "m.toml", as_at="2026-09-30").split())

    assert f"row 3, column Ref: cell A3: its id, {written!r}, is a word for an id not" in message
    assert "leave the cell empty, so the row is matched by its name" in message
    assert "make_keys" not in message


def test_the_row_with_its_id_cell_left_empty_joins_under_a_key_made_from_its_name(
    run: Cli,
) -> None:
    Path("m.toml").write_text(ONE_DEPARTMENT, encoding="utf-8")
    path = write("q3.csv", "Ref,Project", "P-1,Alpha", ",Beta", "TBCX-1,Gamma")

    result = returns_import(run, path, "--mapping", "m.toml", "--authority", "PMO",
                            as_at="2026-09-30")  # fmt: skip

    assert result.exit_code == 0, result.output
    assert "BETA (made from its name)" in result.output
    assert "TBCX-1" in result.output
