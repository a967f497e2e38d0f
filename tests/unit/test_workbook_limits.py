"""A text fitted to an Excel cell: whole up to 32,767 characters, else cut with a marker;
refused where cut or replaced it would be read back as a change (a pre-filled return)."""

from __future__ import annotations

import pytest

from portfolio_ledger.application.errors import InvalidInput
from portfolio_ledger.application.workbook_limits import MAX_CELL, fitted
from portfolio_ledger.returns.exporting import _fit_cells

WHOLE = "the same command with --json"


def units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_a_text_a_cell_holds_is_kept_whole() -> None:
    assert fitted("x" * MAX_CELL, WHOLE) == ("x" * MAX_CELL, 0)
    assert fitted("\U0001f4c8" * (MAX_CELL // 2), WHOLE)[1] == 0  # 32,766 units


def test_one_character_more_is_cut_and_the_marker_says_how_many() -> None:
    text, left = fitted("x" * (MAX_CELL + 1), WHOLE)

    assert units(text) <= MAX_CELL
    assert text.startswith("x" * (MAX_CELL - 200))
    assert text.endswith(
        f" [... {left:,} more characters cut here: an Excel cell holds at most 32,767; "
        f"the whole text is in {WHOLE}]"
    )
    assert len(text) - len(text.lstrip("x")) == MAX_CELL + 1 - left


def test_a_million_characters_beyond_u_ffff_fit_in_excels_count() -> None:
    text, left = fitted("\U0001f4c8" * 1_000_000, WHOLE)

    assert MAX_CELL - 2 <= units(text) <= MAX_CELL  # as much as fits, a character being 2
    assert text.startswith("\U0001f4c8")
    assert f"{left:,} more characters" in text


def test_a_pre_filled_return_refuses_a_control_character_naming_the_item_and_column() -> None:
    # An event recorded before input refused control characters: openpyxl raised its
    # IllegalCharacterError from the writer, and replaced, the text would be read back
    # as a change.
    with pytest.raises(InvalidInput) as refused:
        _fit_cells(["key", "title"], [["PRJ-1", "Payroll\x07 system"]], ["PRJ-1"])

    said = str(refused.value)
    assert "cannot export PRJ-1 as .xlsx: its 'title' holds the control character U+0007" in said
    assert "Export as CSV instead (--format csv --out FILE.csv)" in said
    _fit_cells(["key", "title"], [["PRJ-1", "Payroll\t system"]], ["PRJ-1"])  # a tab is held
