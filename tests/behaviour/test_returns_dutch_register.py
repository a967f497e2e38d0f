"""A Dutch ministry's register, as its portfolio office keeps it in a workbook.

Built here with openpyxl: an explanatory sheet first, a title and a note above the
header, amounts ``x € 1.000`` written with a decimal comma, dates as ``31-12-2026``.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Cli

MAPPING = """\
units = "thousands"
currency = "EUR"
decimal = ","
dates = "DD-MM-YYYY"
header_row = 3

[columns]
key = "Projectnr."
title = "Projectnaam"
category = "Domein"
whole_life_cost = "Totale kosten (x € 1.000)"
"""


def register(name: str, *rows: list[object]) -> str:
    """The workbook, its explanations first, then the portfolio sheet holding ``rows``."""
    from openpyxl import Workbook

    book = Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "Toelichting"
    notes["A1"] = "Toelichting bij het portfoliooverzicht"
    sheet = book.create_sheet("Portfolio")
    sheet["A1"] = "Ministerie van BZK: ICT-portfolio"
    sheet["A2"] = "Bedragen x € 1.000"
    sheet.append([])
    sheet.append(["Projectnr.", "Projectnaam", "Domein", "Totale kosten (x € 1.000)"])
    for row in rows:
        sheet.append(row)
    book.save(name)
    Path("bzk.toml").write_text(MAPPING, encoding="utf-8")
    return name


def test_a_header_row_below_an_explanations_sheet_names_the_sheet_to_read(run: Cli) -> None:
    # The first sheet, a short page of explanations, ends above the mapping's header_row:
    # the refusal gave its rows but not that it was the wrong sheet, nor the sheets there are.
    book = register("bzk.xlsx", ["BZK-01", "Basisregistratie Personen", "Registers", "12.345,67"])

    result = run("returns", "import", book, "--mapping", "bzk.toml",
                 "--as-at", "2026-09-30", "--authority", "PMO")  # fmt: skip

    message = " ".join(result.output.split())
    assert result.exit_code == 2, result.output
    assert "bzk.xlsx has nothing at or below row 3 (header_row in the mapping)" in message
    assert "That is the sheet 'Toelichting'; the workbook's other sheets are: 'Portfolio'" in (
        message
    )
    assert run.events() == 0
    result = run("returns", "import", book, "--mapping", "bzk.toml", "--sheet", "Portfolio",
                 "--as-at", "2026-09-30", "--authority", "PMO")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "EUR 12,345,670" in run("items", "list").output


def test_a_note_above_the_header_naming_the_scale_is_held_against_the_mapping(run: Cli) -> None:
    # The template says 'Bedragen x € 1.000' once, above a header whose columns name no
    # units: a mapping that gave none read 12.345,67 as EUR 12,345.67, a thousand times too
    # small, with nothing to show it.
    book = register("bzk.xlsx", ["BZK-01", "Basisregistratie Personen", "Registers", "12.345,67"])
    Path("plain.toml").write_text(
        MAPPING.replace('units = "thousands"\n', 'sheet = "Portfolio"\n').replace(
            "Totale kosten (x € 1.000)", "Totale kosten"
        ),
        encoding="utf-8",
    )
    from openpyxl import load_workbook

    workbook = load_workbook(book)
    workbook["Portfolio"]["D4"] = "Totale kosten"
    workbook.save(book)

    result = run("returns", "import", book, "--mapping", "plain.toml",
                 "--as-at", "2026-09-30", "--authority", "PMO")  # fmt: skip

    message = " ".join(result.output.split())
    assert result.exit_code == 2, result.output
    assert (
        "bzk.xlsx: row 2, above the header, says 'Bedragen x € 1.000': its money is in "
        "thousands, and the plain.toml mapping reads it in units, so every figure would be "
        'read 1,000 times too small. Add units = "thousands" to the mapping' in message
    )
    assert run.events() == 0
    result = run("returns", "import", book, "--mapping", "plain.toml", "--units", "thousands",
                 "--as-at", "2026-09-30", "--authority", "PMO")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "EUR 12,345,670" in run("items", "list").output
