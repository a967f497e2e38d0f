"""A workbook's outline and a cell's apostrophe, read from docs/returns.md alone.

*How cells are read* promises: a parent row of the sheet's outline, with an id, whose
budget, forecast or whole-life cost is exactly the sum of that figure over its own rows
(grouped under it next to it, below or above; those ``[where]`` leaves out among them)
is refused naming them; a parent row with its own figures is read as written, and so is
one left out by ``[where]``, a sheet not grouped, and a CSV (it keeps no outline). A
figure, date, rating, stage, kind or id written after an apostrophe (``'1200``,
``'2026-12-31``, ``'0012345``) is refused naming the apostrophe; text ``portfolio
export`` protected (one ``'`` in front of text beginning ``=``, ``+``, ``-``, ``@``)
reads back as it was, and an export nobody changed records nothing. A row that cannot
be read is refused, exit 2, and nothing is written (*Refusals*). The expected answers
were worked out from those pages before the software was run.
"""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.conftest import Cli

HEADER = ["ID", "Name", "Status", "Budget", "Forecast"]
MAPPING = """source = "Office return"
ignore = ["Status"]

[columns]
key = "ID"
title = "Name"
authorised_budget = "Budget"
forecast_cost = "Forecast"

[defaults]
category = "ICT"
"""
FILTERED = MAPPING.replace('ignore = ["Status"]\n', "") + '\n[where]\nStatus = ["Active"]\n'
AS_AT = ["--as-at", "2026-03-31", "--authority", "PMO"]

Row = tuple[int, list[Any]]


def row(
    key: str, name: str, budget: Any, forecast: Any, *, level: int = 1, status: str = "Active"
) -> Row:
    """A row of the sheet at an outline LEVEL (0 for a parent or a row grouped under none)."""
    return level, [key, name, status, budget, forecast]


def workbook(name: str, rows: list[Row]) -> str:
    """The sheet grouped as Data > Group leaves it: each row at its outline level."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    for number, (level, cells) in enumerate(rows, 2):
        sheet.append(cells)
        if level:
            sheet.row_dimensions[number].outlineLevel = level
    book.save(name)
    return str(Path(name).resolve())


def write_csv(name: str, rows: list[list[Any]]) -> str:
    with Path(name).open("w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows(rows)
    return str(Path(name).resolve())


def returns(run: Cli, path: str, mapping: str = MAPPING, *more: str) -> Any:
    Path("m.toml").write_text(mapping, encoding="utf-8")
    return run("returns", "import", path, "--mapping", "m.toml", *AS_AT, *more)


def said(result: Any) -> str:
    return " ".join(result.output.split())


def refused(run: Cli, result: Any, *words: str) -> str:
    """A row that cannot be read: exit 2, each word said, nothing written."""
    message = said(result)
    assert result.exit_code == 2, message
    for word in words:
        assert word in message, message
    assert "Traceback" not in result.output
    assert run.events() == 0
    return message


def held(run: Cli) -> dict[str, tuple[str, Decimal | None, Decimal | None]]:
    """Each item in the portfolio: its title, budget and forecast."""
    result = run("portfolio", "--json")
    assert result.exit_code == 0, result.output

    def figure(value: Any) -> Decimal | None:
        return None if value is None else Decimal(str(value))

    return {
        i["key"]: (i["title"], figure(i["authorised_budget"]), figure(i["forecast_cost"]))
        for i in json.loads(result.stdout)
    }


def programme(budget: Any = 2_000_000, forecast: Any = 2_030_000, level: int = 0) -> Row:
    return row("P-1", "Corporate Services", budget, forecast, level=level)


CHILDREN = [row("P-2", "Payroll uplift", 1_200_000, 1_250_000),
            row("P-3", "Records digitisation", 800_000, 780_000)]  # fmt: skip
"""Budgets 2,000,000 and forecasts 2,030,000 between them."""


# --- A parent row of the outline ---------------------------------------------------------


def test_a_parent_row_above_its_rows_holding_their_sums_is_refused_naming_them(
    run: Cli,
) -> None:
    path = workbook("q1.xlsx", [programme(), *CHILDREN])

    for dry in ([], ["--dry-run"]):
        refused(run, returns(run, path, MAPPING, *dry),
                "row 2", "it is a parent row, with rows 3, 4 grouped under it",
                "forecast 2,030,000", "budget 2,000,000", "are the sum of theirs",
                "counted twice", "delete the row from the return", "[where]",
                "ungroup its rows (Data > Ungroup)")  # fmt: skip


def test_a_summary_row_below_its_rows_holding_their_sums_is_refused_naming_them(
    run: Cli,
) -> None:
    """'next to it, below or above (Excel's default puts a group's summary row below)'."""
    path = workbook("q1.xlsx", [*CHILDREN, programme()])
    refused(run, returns(run, path), "row 4", "parent row, with rows 2, 3 grouped under it")


def test_one_figure_its_rows_sum_is_enough_to_refuse_it(run: Cli) -> None:
    """'whose budget, forecast or whole-life cost is exactly the sum': one suffices."""
    path = workbook("q1.xlsx", [programme(forecast=2_500_000), *CHILDREN])
    message = refused(run, returns(run, path), "row 2", "budget 2,000,000")
    assert "2,500,000" not in message, message


def test_a_parent_of_one_row_holding_its_figures_is_its_sum_and_refused(run: Cli) -> None:
    path = workbook("q1.xlsx", [programme(1_200_000, 1_250_000), CHILDREN[0]])
    refused(run, returns(run, path), "row 2", "parent row", "row 3")


def test_a_rows_figure_not_given_counts_as_nothing_in_its_parents_sum(run: Cli) -> None:
    """'=SUM(CHILDREN())' counts an empty, withheld or not known figure as nothing."""
    for name, blank in (("empty.xlsx", None), ("withheld.xlsx", "withheld")):
        rows = [programme(), row("P-2", "Payroll uplift", 2_000_000, 2_030_000),
                row("P-3", "Records digitisation", blank, blank)]  # fmt: skip
        refused(run, returns(run, workbook(name, rows)), "row 2", "parent row", "rows 3, 4")


def test_a_parent_of_zeros_counts_no_money_twice_and_is_read(run: Cli) -> None:
    rows = [programme(0, 0), row("P-2", "Payroll uplift", 0, 0), row("P-3", "Records", 0, 0)]
    result = returns(run, workbook("q1.xlsx", rows))
    assert result.exit_code == 0, result.output
    assert sorted(held(run)) == ["P-1", "P-2", "P-3"]


def test_a_parent_row_with_its_own_figures_is_read_as_written(run: Cli) -> None:
    path = workbook("q1.xlsx", [programme(150_000, 160_000), *CHILDREN])
    result = returns(run, path)
    assert result.exit_code == 0, result.output
    assert held(run) == {
        "P-1": ("Corporate Services", Decimal(150_000), Decimal(160_000)),
        "P-2": ("Payroll uplift", Decimal(1_200_000), Decimal(1_250_000)),
        "P-3": ("Records digitisation", Decimal(800_000), Decimal(780_000)),
    }


def test_the_same_rows_not_grouped_or_in_a_csv_are_read_each_as_an_item(run: Cli) -> None:
    """'or its rows are ungrouped (Data > Ungroup)'; 'a CSV keeps no outline'."""
    flat = [(0, cells) for _, cells in [programme(), *CHILDREN]]
    csv_path = write_csv("q1.csv", [HEADER, *(cells for _, cells in flat)])
    for path in (workbook("flat.xlsx", flat), csv_path):
        result = returns(run, path, MAPPING, "--dry-run")
        assert result.exit_code == 0, result.output
        assert "3 new" in said(result), said(result)
    assert returns(run, csv_path).exit_code == 0
    assert sorted(held(run)) == ["P-1", "P-2", "P-3"]


def test_a_row_the_filter_leaves_out_is_still_in_its_parents_sum(run: Cli) -> None:
    """'those [where] leaves out among them (a project closed and filtered out is still
    in its parent's sum)'."""
    closed = row("P-4", "Old CRM", 500_000, 510_000, status="Closed")
    path = workbook("q1.xlsx", [programme(2_500_000, 2_540_000), *CHILDREN, closed])
    refused(run, returns(run, path, FILTERED), "row 2", "rows 3, 4, 5 grouped under it")


def test_a_parent_the_sum_of_the_rows_kept_alone_is_not_its_rows_sum_and_is_read(
    run: Cli,
) -> None:
    """Its rows' sum counts the row filtered out: the kept rows' sum alone is the parent's
    own figure, read as written."""
    closed = row("P-4", "Old CRM", 500_000, 510_000, status="Closed")
    path = workbook("q1.xlsx", [programme(), *CHILDREN, closed])
    result = returns(run, path, FILTERED)
    assert result.exit_code == 0, result.output
    assert sorted(held(run)) == ["P-1", "P-2", "P-3"]


def test_a_parent_left_out_by_the_filter_lets_its_rows_be_read(run: Cli) -> None:
    """'Delete the parent rows from the return, or leave them out with [where]'."""
    level, cells = programme()
    cells[2] = "Summary"
    path = workbook("q1.xlsx", [(level, cells), *CHILDREN])
    result = returns(run, path, FILTERED)
    assert result.exit_code == 0, result.output
    assert sorted(held(run)) == ["P-2", "P-3"]


def test_each_parent_of_a_nested_outline_holding_its_rows_sums_is_named(run: Cli) -> None:
    """A programme over a project that rolls up two tasks: each parent its own rows'."""
    rows = [
        programme(2_300_000, 2_330_000),
        row("P-2", "Payroll uplift", 1_200_000, 1_250_000),
        row("P-3", "Records digitisation", 1_100_000, 1_080_000),
        row("P-5", "Scanning", 600_000, 580_000, level=2),
        row("P-6", "Indexing", 500_000, 500_000, level=2),
    ]
    message = refused(run, returns(run, workbook("q1.xlsx", rows)))
    # Each parent's own rows are those one level below it: the programme's are rows 3, 4.
    assert "row 2, column Forecast: it is a parent row, with rows 3, 4 grouped" in message
    assert "row 4, column Forecast: it is a parent row, with rows 5, 6 grouped" in message


# --- An apostrophe before a figure, date, rating, stage, kind or id ----------------------

FULL = """source = "Office return"
ignore = ["Status"]

[columns]
key = "ID"
title = "Name"
authorised_budget = "Budget"
forecast_date = "End"
rag = "RAG"
stage = "Stage"
kind = "Kind"

[defaults]
category = "ICT"
"""
FULL_HEADER = ["ID", "Name", "Status", "Budget", "End", "RAG", "Stage", "Kind"]
GOOD = ["P-1", "Payroll", "Active", "1200", "2026-12-31", "Green", "in delivery", "project"]


@pytest.mark.parametrize(
    ("column", "value"),
    [
        (0, "'0012345"),
        (3, "'1200"),
        (4, "'2026-12-31"),
        (5, "'Green"),
        (6, "'in delivery"),
        (7, "'project"),
    ],
    ids=["id", "figure", "date", "rating", "stage", "kind"],
)
def test_a_value_after_an_apostrophe_is_refused_naming_it(
    run: Cli, column: int, value: str
) -> None:
    cells = list(GOOD)
    cells[column] = value
    letter = "ABCDEFGH"[column]
    path = write_csv("q1.csv", [FULL_HEADER, cells])
    message = refused(run, returns(run, path, FULL), f"cell {letter}2", value, "apostrophe")
    assert "delete the apostrophe" in message, message


def test_a_workbooks_text_cell_with_an_apostrophe_before_a_figure_is_refused_too(
    run: Cli,
) -> None:
    """'written after an apostrophe otherwise': a tool writing the character into a cell."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(FULL_HEADER)
    sheet.append([*GOOD[:3], "'1200", *GOOD[4:]])
    book.save("q1.xlsx")
    refused(run, returns(run, str(Path("q1.xlsx").resolve()), FULL), "cell D2", "apostrophe")


def test_a_workbooks_own_mark_that_a_cell_is_text_is_no_character_and_is_read(
    run: Cli,
) -> None:
    """'a spreadsheet's mark that a cell is text, which it saves as no character': Excel's
    quote prefix (a style) on a figure typed as text reads as the figure."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(FULL_HEADER)
    sheet.append(GOOD)
    sheet["D2"].quotePrefix = True  # '1200 typed: text 1200, the mark kept in its style
    book.save("q1.xlsx")
    result = returns(run, str(Path("q1.xlsx").resolve()), FULL)
    assert result.exit_code == 0, result.output
    assert held(run)["P-1"][1] == Decimal(1200)


def test_under_make_keys_an_id_after_an_apostrophe_is_made_a_key(run: Cli) -> None:
    """'under make_keys an id so written is made a key as any other id is'."""
    cells = ["'0012345", *GOOD[1:]]
    path = write_csv("q1.csv", [FULL_HEADER, cells])
    result = returns(run, path, "make_keys = true\n" + FULL)
    assert result.exit_code == 0, result.output
    assert list(held(run)) == ["0012345"], held(run)  # the apostrophe dropped, no '-' made


def test_a_name_beginning_with_an_apostrophe_is_text_kept_as_written(run: Cli) -> None:
    """Only figures, dates, ratings, stages, kinds and ids are refused so."""
    path = write_csv("q1.csv", [FULL_HEADER, [GOOD[0], "'Twas Payroll", *GOOD[2:]]])
    result = returns(run, path, FULL)
    assert result.exit_code == 0, result.output
    assert held(run)["P-1"][0] == "'Twas Payroll"


# --- The ledger's own export read back ---------------------------------------------------

EXPORTED = """source = "Office return"

[columns]
key = "ID"
title = "Name"
owner = "SRO"
authorised_budget = "Budget"
forecast_cost = "Forecast"
rag = "RAG"

[spellings.forecast_cost]
"-" = "not known"

[defaults]
category = "ICT"
"""


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_an_export_protected_from_spreadsheets_reads_back_recording_nothing(
    run: Cli, suffix: str
) -> None:
    """'Text that portfolio export protected ... reads back as it was'; 'an export
    nobody changed records nothing'; `"-" = "not known"`, written `'-`, reads back."""
    Path("m.toml").write_text(EXPORTED, encoding="utf-8")
    header = ["ID", "Name", "SRO", "Budget", "Forecast", "RAG"]
    rows = [["P-1", "=SUM(A1:A2) programme", "-Ann", "1200", "-", "Green"],
            ["P-2", "+44 helpline", "@dana", "800", "780", "Amber"],
            ["P-3", "-minus project", "Olu", "500", "510", "Red"]]  # fmt: skip
    first = write_csv("first.csv", [header, *rows])
    joined = run("returns", "import", first, "--mapping", "m.toml", *AS_AT)
    assert joined.exit_code == 0, joined.output
    titles = {key: title for key, (title, _, _) in held(run).items()}
    assert titles == {"P-1": "=SUM(A1:A2) programme", "P-2": "+44 helpline",
                      "P-3": "-minus project"}  # fmt: skip

    out = f"back.{suffix}"
    exported = run("portfolio", "export", "--out", out, "--mapping", "m.toml",
                   "--effective-on", "2026-03-31")  # fmt: skip
    assert exported.exit_code == 0, exported.output
    if suffix == "csv":
        text = Path(out).read_text(encoding="utf-8")
        assert "'=SUM(A1:A2) programme" in text, text
        assert "'-" in text, text
    before = run.events()

    back = run("returns", "import", out, "--mapping", "m.toml", *AS_AT)
    assert back.exit_code == 0, back.output
    assert "0 new, 0 changed, 3 unchanged" in said(back), said(back)
    assert run.events() == before
    assert {key: title for key, (title, _, _) in held(run).items()} == titles
