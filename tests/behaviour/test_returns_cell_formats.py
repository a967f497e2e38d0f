"""What a workbook's cell shows by its format or its colour, read as a user reads it, or refused.

A money cell formatted as a percentage (``0%``, 0.12 shown ``12%``) was read as the
money 0.12; a rating cell with no text, only a red, amber or green fill, was read as
*withheld*. Each is refused naming the cell, what it shows and the fix; a colour the
mapping names (``[fills.rag]``) is read as the rating it says.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import PatternFill
from openpyxl.styles.colors import Color

from tests.behaviour.test_returns_refusals import refused
from tests.conftest import Cli

MAPPING = """
[columns]
key = "Ref"
title = "Project"
category = "Area"
whole_life_cost = "Cost (£)"
rag = "RAG"
"""


def workbook(rows: list[list[Any]], **formats: str) -> Path:
    """A register of Ref, Project, Area, Cost (£), RAG; ``formats``: a cell's number format."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Ref", "Project", "Area", "Cost (£)", "RAG"])
    for row in rows:
        sheet.append(row)
    for ref, shown in formats.items():
        sheet[ref].number_format = shown
    path = Path("register.xlsx").resolve()
    book.save(path)
    return path


def filled(path: Path, **colours: Color | str) -> Path:
    """The workbook with each named cell given a solid fill of its colour."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book.active
    assert sheet is not None
    for ref, colour in colours.items():
        sheet[ref].fill = PatternFill("solid", fgColor=colour)
    book.save(path)
    return path


def mapping(extra: str = "") -> str:
    Path("m.toml").write_text(MAPPING + extra, encoding="utf-8")
    return "m.toml"


def test_a_money_cell_formatted_as_a_percentage_is_refused_naming_the_cell(run: Cli) -> None:
    # 0.12 under '0%' (a variance pasted into the cost column) shows as 12% and was
    # recorded as the money GBP 0.12, silently.
    path = workbook(
        [["P-1", "Alpha", "Digital", 1200000, "Green"], ["P-2", "Beta", "Digital", 0.12, "Red"]],
        D3="0%",
    )

    message = refused(run, path, "--mapping", mapping(), as_at="2026-03-31")

    assert "row 3, column Cost (£): cell D3 holds 0.12 formatted as a percentage" in message
    assert "('0%', showing 12%)" in message
    assert "read as money it would be GBP 0.12. A percentage is not an amount" in message
    assert "type the amount in the cell (formatted as a number or currency)" in message
    assert "D2" not in message  # the amount beside it is read


def test_a_percentage_format_with_decimals_is_refused_too(run: Cli) -> None:
    path = workbook([["P-1", "Alpha", "Digital", 0.0525, "Green"]], D2="0.00%")

    message = refused(run, path, "--mapping", mapping(), as_at="2026-03-31")

    assert "cell D2 holds 0.0525 formatted as a percentage ('0.00%', showing 5.25%)" in message


def test_a_percentage_written_as_text_is_refused_as_a_percentage(run: Cli) -> None:
    path = Path("register.csv").resolve()
    path.write_text("Ref,Project,Area,Cost (£),RAG\nP-1,Alpha,Digital,12.5%,Green\n", "utf-8")

    message = refused(run, path, "--mapping", mapping(), as_at="2026-03-31")

    assert "cell D2: '12.5%' is a percentage, not an amount" in message
    assert "map no money figure to it (list it in the mapping's ignore)" in message


def test_a_rating_shown_only_by_its_fill_is_refused_naming_the_cell_and_colour(run: Cli) -> None:
    # Recorded as withheld: the register said red, the ledger said not published.
    path = filled(
        workbook([["P-1", "Alpha", "Digital", 100, None], ["P-2", "Beta", "Digital", 200, " "]]),
        E2="FFFF0000",
        E3=Color(theme=9, tint=0.3999),
    )

    message = refused(run, path, "--mapping", mapping(), as_at="2026-03-31")

    assert "row 2, column RAG: cell E2 is empty but filled with the colour FF0000" in message
    # E3 holds a space, as a cell typed into and cleared may: it shows empty, and filled.
    assert "cell E3 is empty but filled with the colour theme 9 tint 0.3999" in message
    assert '([fills.rag] "FF0000" = "red", "amber" or "green")' in message
    assert "type the rating in the cell" in message


def test_colours_the_mapping_names_are_read_as_their_ratings(run: Cli) -> None:
    path = filled(
        workbook(
            [
                ["P-1", "Alpha", "Digital", 100, None],
                ["P-2", "Beta", "Digital", 200, None],
                ["P-3", "Gamma", "Digital", 300, None],
                ["P-4", "Delta", "Digital", 400, "Green"],  # text wins over its fill
                ["P-5", "Epsilon", "Digital", 500, None],  # no fill: the mapping's blank
            ]
        ),
        E2="FFFF0000",
        E3="FFFFC000",
        E4=Color(theme=9, tint=0.3999),
        E5="FFFF0000",
    )
    fills = '[fills.rag]\n"#ff0000" = "Red"\n"FFC000" = "amber"\n"theme 9 tint 0.3999" = "green"\n'

    result = run("returns", "import", str(path), "--mapping", mapping(fills),
                 "--as-at", "2026-03-31", "--authority", "PMO")  # fmt: skip

    assert result.exit_code == 0, result.output
    rows = {row["key"]: row["rag"] for row in json.loads(run("portfolio", "--json").output)}
    assert rows == {"P-1": "red", "P-2": "amber", "P-3": "green", "P-4": "green",
                    "P-5": "withheld"}  # fmt: skip


def test_a_fill_the_mapping_names_badly_refuses_the_mapping(run: Cli) -> None:
    path = workbook([["P-1", "Alpha", "Digital", 100, "Green"]])

    bad_colour = refused(run, path, "--mapping", mapping('[fills.rag]\n"purple" = "red"\n'))
    bad_rating = refused(run, path, "--mapping", mapping('[fills.rag]\n"FF0000" = "crimson"\n'))

    assert '[fills.rag] "purple": not a colour (write six hexadecimal digits' in bad_colour
    assert "[fills.rag] \"FF0000\" = 'crimson': not a rating (write one of: red," in bad_rating


def test_one_colour_given_two_ratings_refuses_the_mapping(run: Cli) -> None:
    # '#ffc000' and 'FFC000' are one colour: the last written silently won.
    path = filled(workbook([["P-1", "Alpha", "Digital", 100, None]]), E2="FFFFC000")
    twice = '[fills.rag]\n"#ffc000" = "amber"\n"FFC000" = "red"\n'

    message = refused(run, path, "--mapping", mapping(twice))

    assert (
        '[fills.rag] "#ffc000" and "FFC000" are one colour (FFC000), said to be amber and '
        "red: give each colour one rating"
    ) in message


def test_a_money_cell_formatted_in_another_currency_is_refused_naming_it(run: Cli) -> None:
    # 1,200 shown as €1,200.00 in a return of pounds was recorded as GBP 1,200, silently.
    path = workbook(
        [
            ["P-1", "Alpha", "Digital", 1200, "Green"],
            ["P-2", "Beta", "Digital", 3400, "Red"],
            ["P-3", "Gamma", "Digital", 5600, "Amber"],
            ["P-4", "Delta", "Digital", 7800, "Amber"],
        ],
        D2="[$€-2] #,##0.00",
        D3='"$"#,##0.00',
        D4="[$£-809]#,##0.00",  # pounds: the return's own
        D5='#,##0 "units"',  # a word that names no currency
    )

    message = refused(run, path, "--mapping", mapping(), as_at="2026-03-31")

    assert (
        "row 2, column Cost (£): cell D2 holds 1200 formatted in EUR ('[$€-2] #,##0.00'); "
        "this return's money is GBP (the mapping's currency), so it would be recorded as "
        "GBP 1200: give the amount in GBP, or, if the return's money is all in that currency, "
        'say so in the mapping, currency = "EUR"' in message
    )
    assert "cell D3 holds 3400 formatted in a currency its sign may be (USD, AUD," in message
    assert "D4" not in message
    assert "D5" not in message


def test_a_dollar_format_in_a_return_of_dollars_is_read(run: Cli) -> None:
    path = workbook([["P-1", "Alpha", "Digital", 1200.5, "Green"]], D2='"$"#,##0.00')
    Path("m.toml").write_text('currency = "AUD"\n' + MAPPING.replace("(£)", "($)"), "utf-8")
    from openpyxl import load_workbook

    book = load_workbook(path)
    book.active["D1"] = "Cost ($)"  # type: ignore[index]
    book.save(path)

    result = run("returns", "import", str(path), "--mapping", "m.toml",
                 "--as-at", "2026-03-31", "--authority", "PMO")  # fmt: skip

    assert result.exit_code == 0, result.output
    shown = json.loads(run("item", "show", "P-1", "--json").output)
    assert shown["whole_life_cost"] == {"amount": "1200.50", "currency": "AUD"}


def test_a_money_cell_formatted_as_a_date_is_refused_saying_so(run: Cli) -> None:
    # It was "'2023-03-15' is not an amount; write a number ...": the cell held 45000,
    # shown as a day by its format, which the message did not say.
    path = workbook([["P-1", "Alpha", "Digital", 45000, "Green"]], D2="dd/mm/yyyy")

    message = refused(run, path, "--mapping", mapping(), as_at="2026-03-31")

    assert "cell D2 holds a date (2023-03-15), not an amount: a number formatted as a date" in (
        message
    )
    assert "(45000 is 2023-03-15 in Excel's (1900) date system)" in message
    assert "format the column as a number (or currency)" in message
