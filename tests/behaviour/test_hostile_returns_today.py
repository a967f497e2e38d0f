"""A return's round_amounts, a workbook's outline and its amounts, tried to break.

Each found a way a return was misread, or read too slowly to be used: a parent row whose
figures are its rows' sum as given, read as an item beside them once round_amounts rounded
them apart; an outline level that is no level, read as no grouping; an outline of many
levels, read in time growing with the square of its rows.
"""

from __future__ import annotations

import re
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from portfolio_ledger.application.errors import InvalidInput
from portfolio_ledger.application.returns import ReturnRow
from portfolio_ledger.domain.rounding import to_the_penny
from portfolio_ledger.returns.mapping import load_mapping
from portfolio_ledger.returns.outline import rolled_up
from portfolio_ledger.returns.rounded_amounts import rounding
from portfolio_ledger.returns.sheets import Sheet
from tests.conftest import Cli

MAPPING = """round_amounts = "half-up"

[columns]
key = "ID"
title = "Name"
authorised_budget = "Budget"

[defaults]
category = "ICT"
"""
AS_AT = ["--as-at", "2026-03-31", "--authority", "PMO"]


def workbook(name: str, rows: list[tuple[int, list[Any]]]) -> str:
    """A sheet of ID, Name, Budget, each row at its outline level (0: grouped under none)."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["ID", "Name", "Budget"])
    for number, (level, cells) in enumerate(rows, 2):
        sheet.append(cells)
        if level:
            sheet.row_dimensions[number].outlineLevel = level
    book.save(name)
    return str(Path(name).resolve())


def leveled(path: str, level: str) -> str:
    """The workbook at ``path`` with each grouped row's outlineLevel written ``level``."""
    with zipfile.ZipFile(path) as book:
        parts = {item: book.read(item) for item in book.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = re.sub(rb'outlineLevel="1"', b'outlineLevel="%s"' % level.encode(), parts[sheet])
    with zipfile.ZipFile(path, "w") as book:
        for item, data in parts.items():
            book.writestr(item, data)
    return path


def returns(run: Cli, path: str) -> Any:
    Path("m.toml").write_text(MAPPING, encoding="utf-8")
    return run("returns", "import", path, "--mapping", "m.toml", *AS_AT)


def refused(run: Cli, result: Any, *words: str) -> None:
    message = " ".join(result.output.split())
    assert result.exit_code == 2, message
    for word in words:
        assert word in message, message
    assert "Traceback" not in result.output
    assert run.events() == 0


def test_a_parent_row_summing_its_rows_to_a_fraction_of_a_penny_is_refused(run: Cli) -> None:
    """0.999 is the sum of 0.333 three times; rounded, 1.00 is not 0.33 three times."""
    path = workbook("q1.xlsx", [(0, ["P-1", "Programme", "0.999"]),
                                (1, ["P-2", "One", "0.333"]), (1, ["P-3", "Two", "0.333"]),
                                (1, ["P-4", "Three", "0.333"])])  # fmt: skip
    refused(run, returns(run, path), "row 2, column Budget", "it is a parent row, with rows 3, "
            "4, 5 grouped under it", "budget 0.999 is the sum of theirs")  # fmt: skip


def test_an_outline_level_that_is_no_level_is_refused_naming_the_row(run: Cli) -> None:
    """Read past, the rows were read as grouped under none, the parent as an item beside them."""
    for level in ("x", "-1", "", "1.0"):
        path = leveled(workbook("q1.xlsx", [(0, ["P-1", "Programme", 300]),
                                            (1, ["P-2", "One", 100]),
                                            (1, ["P-3", "Two", 200])]), level)  # fmt: skip
        grouped = f"q1.xlsx, sheet 'Sheet': row 3 is grouped at outlineLevel={level!r}"
        refused(run, returns(run, path), grouped, "which is no level", "save the workbook again")


class _Counted(dict[int, int]):
    """An outline that counts how often a row's level is looked up."""

    looked = 0

    def get(self, key: int, default: Any = None) -> Any:
        self.looked += 1
        return super().get(key, default)

    def __getitem__(self, key: int) -> int:
        self.looked += 1
        return super().__getitem__(key)


def test_an_outline_of_many_levels_is_read_looking_at_each_row_a_few_times() -> None:
    """Each row one level under the row above it (a level as deep as a file writes it).

    Each row was walked from every row above it: 2,000 rows looked up 2,000,000 times.
    """
    count = 2_000
    outline = _Counted({number: number for number in range(2, count + 2)})
    sheet = Sheet("Sheet", ["ID", "Name", "Budget"], 1, outline=outline)
    sheet.rows = [(number, []) for number in range(2, count + 2)]
    rows = [ReturnRow(n, f"P-{n}", {"authorised_budget": Decimal(1)}) for n, _ in sheet.rows]

    found = rolled_up(rows, sheet, lambda *_: ReturnRow(0, None, {}), {}, {
        "authorised_budget": "Budget"})  # fmt: skip

    assert [number for number, _, _ in found] == list(range(2, count + 1))
    assert outline.looked <= 4 * count


def test_a_number_in_scientific_notation_with_a_minus_is_not_called_a_cost_band(
    run: Cli,
) -> None:
    """'1e-3' was refused as 'a range of amounts (a cost band)' from 1e to 3."""
    Path("q1.csv").write_text("ID,Name,Budget\nP-1,One,1e-30\nP-2,Two,1.5E-3\n", "utf-8")
    result = returns(run, str(Path("q1.csv").resolve()))
    refused(run, result, "cell C2: '1e-30' is written in scientific notation",
            "cell C3: '1.5E-3' is written in scientific notation")  # fmt: skip
    assert "band" not in result.output


def test_round_amounts_written_with_a_dash_for_its_hyphen_is_read() -> None:
    """A word processor's hyphen, en dash or minus looked like "half-up" and was refused."""
    for written, read in [("half\u2010up", "half-up"), ("Half\u2013Even", "half-even"),
                          ("half\u2212up", "half-up"), ("half_even", "half-even")]:  # fmt: skip
        assert rounding({"round_amounts": written}, ValueError) == read


def test_round_amounts_no_way_to_round_is_said_as_the_mapping_writes_it_and_cut() -> None:
    """A 5,000-character value was echoed whole; a TOML date as datetime.date(2026, 1, 1)."""
    for value, shown in [("x" * 5_000, "'" + "x" * 56 + "..."), (date(2026, 1, 1), "2026-01-01"),
                         (True, "true"), ("half-way", "'half-way'")]:  # fmt: skip
        with pytest.raises(ValueError, match="is not a way to round") as refused:
            rounding({"round_amounts": value}, ValueError)
        assert str(refused.value).startswith(f"round_amounts {shown} is not a way to round; ")
        assert len(str(refused.value)) < 400


def test_a_blank_row_between_two_groups_ends_the_first(run: Cli) -> None:
    """A workbook writes no blank row: left out, the groups were one, neither parent's sum.

    Rows 2 and 6 each add up the one row grouped next to them, and were read as items.
    """
    path = workbook("q1.xlsx", [(0, ["P-1", "Programme", 300]), (1, ["P-2", "One", 300]),
                                (0, [None, None, None]), (1, ["P-3", "Two", 50]),
                                (0, ["P-4", "Programme two", 50])])  # fmt: skip
    refused(run, returns(run, path), "row 2, column Budget: it is a parent row, with row 3 "
            "grouped", "row 6, column Budget: it is a parent row, with row 5 grouped")  # fmt: skip


def test_a_blank_row_grouped_in_a_group_neither_ends_it_nor_is_named(run: Cli) -> None:
    path = workbook("q1.xlsx", [(0, ["P-1", "Programme", 300]), (1, ["P-2", "One", 100]),
                                (1, [None, None, None]), (1, ["P-3", "Two", 200])])  # fmt: skip
    refused(run, returns(run, path), "row 2, column Budget: it is a parent row, with rows 3, "
            "5 grouped under it")  # fmt: skip


def test_a_difference_rounding_makes_is_said_exactly() -> None:
    """abs() in the default context's 28 digits said 0.00499...9 (31 places) was 0.005."""
    given = Decimal("0.0049999999999999999999999999999")
    rounded = to_the_penny(given, "half-up")
    assert rounded is not None
    assert rounded.difference == given


@pytest.mark.parametrize(
    "key", ["units", "dates", "decimal", "separator", "months", "sheet", "header_row",
            "header_rows", "make_keys"],
)  # fmt: skip
def test_a_mapping_key_given_a_long_value_is_said_cut(tmp_path: Path, key: str) -> None:
    """A 5,000-character value of any key was echoed whole, burying the refusal."""
    path = tmp_path / "long.toml"
    path.write_text(f'{key} = "{"x" * 5_000}"\n\n[columns]\ntitle = "Name"\n', encoding="utf-8")
    with pytest.raises(InvalidInput) as refused:
        load_mapping(str(path))
    said = str(refused.value)
    assert "'" + "x" * 20 in said, said
    assert "x" * 100 not in said, said
    assert len(said) < 700, said
