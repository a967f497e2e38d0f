"""A German ministry's register, as its portfolio office keeps it in a workbook.

Built here with openpyxl: a title and a note above the header, amounts in
``Mio. €`` written with a decimal comma, dates as ``31.12.2028`` and as date
cells, the ``Ampel`` in German, a directorate merged down its rows, and the
total row at the bottom that such a register ends with.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from tests.conftest import Cli

MAPPING = """\
source = "BMI IT-Portfolio"
units = "millions"
currency = "EUR"
decimal = ","
dates = "DD.MM.YYYY"
header_row = 4

[columns]
key = "Nr."
title = "Projektbezeichnung"
organisation = "Referat"
whole_life_cost = "Gesamtkosten (Mio. €)"
forecast_date = "Enddatum"
rag = "Ampel"

[spellings.rag]
"grün" = "green"
"gelb" = "amber"
"rot" = "red"

[defaults]
category = "IT"
"""

HEADER = ["Nr.", "Projektbezeichnung", "Referat", "Gesamtkosten (Mio. €)", "Enddatum", "Ampel"]


def register(name: str, *last: list[object]) -> str:
    """The workbook: two projects of one directorate, then ``last`` (a total's row, say)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"] = "Bundesministerium des Innern: IT-Projektportfolio"
    sheet.merge_cells("A1:F1")
    sheet["A2"] = "Stand: 30.09.2026; Beträge in Mio. €"
    for column, header in enumerate(HEADER, 1):
        sheet.cell(row=4, column=column, value=header)
    sheet.append(["BMI-001", "Digitale Verwaltung", "DG I", "1.234,56", date(2027, 12, 31), "grün"])
    sheet.append(["BMI-002", "Netze des Bundes", None, 45.5, "31.12.2028", "gelb"])
    sheet.merge_cells("C5:C6")
    for row in last:
        sheet.append(row)
    book.save(name)
    Path("bmi.toml").write_text(MAPPING, encoding="utf-8")
    return name


TOTALS = [
    (None, "Summe"),
    (None, "Gesamtsumme"),
    ("Gesamt", None),
    (None, "Summe DG I"),
    (None, "DG I gesamt"),
    ("Insgesamt", None),
    ("ZWISCHENSUMME", "DG I"),
    (None, "Zwischensumme:"),
]
SUM_SIGNS = [(None, "Σ"), (None, "∑ DG I")]
"""A total labelled with the sum sign, as Excel's AutoSum button shows it."""
"""A German register's total rows: (id, name)."""


def test_a_german_total_row_is_refused_not_onboarded_as_an_item(run: Cli) -> None:
    # 'Summe' (or 'Gesamtsumme', 'Insgesamt', ...) under the names, with no id, joined
    # the portfolio as the item SUMME: every figure the ledger added up was doubled.
    for number, (key, name) in enumerate(TOTALS):
        book = register(f"bmi{number}.xlsx", [key, name, None, 1280.06, None, None])

        result = run("returns", "import", book, "--mapping", "bmi.toml",
                     "--as-at", "2026-09-30", "--authority", "PMO")  # fmt: skip

        message = " ".join(result.output.split()).casefold()  # an id is read in upper case
        assert result.exit_code == 2, result.output
        said = f"row 7: it looks like a total, not an item ({key or name!r})"
        assert said.casefold() in message
        assert run.events() == 0


def test_a_row_labelled_with_the_sum_sign_is_refused_as_a_total(run: Cli) -> None:
    # 'Σ' under the names joined the portfolio as an item, doubling every figure.
    for number, (_, name) in enumerate(SUM_SIGNS):
        book = register(f"sum{number}.xlsx", [None, name, None, 1280.06, None, None])

        result = run("returns", "import", book, "--mapping", "bmi.toml",
                     "--as-at", "2026-09-30", "--authority", "PMO")  # fmt: skip

        assert result.exit_code == 2, result.output
        assert f"row 7: it looks like a total, not an item ({name!r})" in result.output
        assert run.events() == 0


def test_a_german_register_is_read_to_the_cent(run: Cli) -> None:
    book = register("bmi.xlsx", [None, "Gesamt-IT-Architektur", "DG II", "0,75", None, "rot"],
                    [None, "Σύστημα Πληρωμών", "DG II", 1, None, "rot"])  # fmt: skip

    result = run("returns", "import", book, "--mapping", "bmi.toml",
                 "--as-at", "2026-09-30", "--authority", "PMO")  # fmt: skip

    assert result.exit_code == 0, result.output
    rows = json.loads(run("portfolio", "--json").output)
    held = {row["title"]: (row["organisation"], row["rag"], row["forecast_date"]) for row in rows}
    assert held == {
        "Digitale Verwaltung": ("DG I", "green", "2027-12-31"),
        "Netze des Bundes": ("DG I", "amber", "2028-12-31"),
        "Gesamt-IT-Architektur": ("DG II", "red", None),  # a name beginning 'Gesamt-' is no total
        "Σύστημα Πληρωμών": ("DG II", "red", None),  # nor a Greek word beginning with Σ
    }
    shown = run("items", "list").output
    assert "EUR 1,234,560,000" in shown
    assert "EUR 45,500,000" in shown
    assert "EUR 750,000" in shown


def _costs(header: str, mapping: str) -> str:
    """A workbook of one project costing 1.500 under ``header``, and its mapping; the file."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Nr.", "Projektbezeichnung", header])
    sheet.append(["BMI-001", "Digitale Verwaltung", 1500])
    book.save("teur.xlsx")
    columns = f'key = "Nr."\ntitle = "Projektbezeichnung"\nwhole_life_cost = "{header}"\n'
    Path("teur.toml").write_text(
        f'{mapping}\n[columns]\n{columns}[defaults]\ncategory = "IT"\n', encoding="utf-8"
    )
    return "teur.xlsx"


def test_a_header_in_teur_is_read_in_thousands_of_euros(run: Cli) -> None:
    # 'Kosten (TEUR)', German finance's thousands of euros, named no scale: read by a
    # mapping that gives no units, 1.500 TEUR was recorded as EUR 1,500, a thousand
    # times too small, with nothing to show it.
    for header, said in [("Kosten (TEUR)", "thousands"), ("Kosten (T€)", "thousands"),
                         ("Kosten KEUR", "thousands"), ("Kosten (MEUR)", "millions")]:  # fmt: skip
        book = _costs(header, 'currency = "EUR"')

        result = run("returns", "import", book, "--mapping", "teur.toml",
                     "--as-at", "2026-09-30", "--authority", "PMO")  # fmt: skip

        message = " ".join(result.output.split())
        assert result.exit_code == 2, result.output
        assert f"the column {header!r} (whole_life_cost) says its money is in {said}" in message
        assert f'Add units = "{said}" to the mapping' in message
        assert run.events() == 0
    book = _costs("Kosten (TEUR)", "")  # a mapping of pounds, the default
    result = run("returns", "import", book, "--mapping", "teur.toml", "--units", "thousands",
                 "--as-at", "2026-09-30", "--authority", "PMO")  # fmt: skip
    assert result.exit_code == 2, result.output
    assert 'Add currency = "EUR" to the mapping' in " ".join(result.output.split())

    book = _costs("Kosten (TEUR)", 'currency = "EUR"\nunits = "thousands"')
    result = run("returns", "import", book, "--mapping", "teur.toml",
                 "--as-at", "2026-09-30", "--authority", "PMO")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "EUR 1,500,000" in run("items", "list").output


def test_a_header_multiplying_by_a_million_is_read_by_a_mapping_in_millions(run: Cli) -> None:
    # 'Kosten (x € 1.000.000)' was taken as thousands for its '000': refused under a mapping
    # in millions, saying to add units = "thousands" (every figure 1,000 times too small).
    book = _costs("Kosten (x € 1.000.000)", 'currency = "EUR"\nunits = "millions"')

    result = run("returns", "import", book, "--mapping", "teur.toml",
                 "--as-at", "2026-09-30", "--authority", "PMO")  # fmt: skip

    assert result.exit_code == 0, result.output
    assert "EUR 1,500,000,000" in run("items", "list").output


def test_a_figure_merged_down_rows_is_refused_not_counted_in_each(run: Cli) -> None:
    # A programme's cost merged down over its two sub-projects shows once; read in every
    # row it spans, as a directorate's name is, it was recorded for each: EUR 20,000,000
    # in the ledger's totals where the register holds 10,000,000.
    book = register("bmi.xlsx", ["BMI-003", "E-Akte Bund", "DG II", 10, None, "rot"],
                    ["BMI-004", "E-Akte Länder", None, None, None, None])  # fmt: skip
    from openpyxl import load_workbook

    workbook = load_workbook(book)
    sheet = workbook.active
    assert sheet is not None
    for merged in ("C7:C8", "D7:D8", "F7:F8"):
        sheet.merge_cells(merged)  # the directorate and the rating too: those are read
    workbook.save(book)

    result = run("returns", "import", book, "--mapping", "bmi.toml",
                 "--as-at", "2026-09-30", "--authority", "PMO")  # fmt: skip

    message = " ".join(result.output.split())
    assert result.exit_code == 2, result.output
    assert (
        "row 8, column Gesamtkosten (Mio. €): cell D8 is part of the merged cells D7:D8 "
        "(their figure is in D7), which span more than one row" in message
    )
    assert "cell F8" not in message
    assert "cell C8" not in message
    assert run.events() == 0


def test_an_id_a_spreadsheet_turned_into_a_date_is_refused_naming_the_cell(run: Cli) -> None:
    # German and Dutch Excel take an id typed as 1.1 for the 1st of January: the item joined
    # under the key 2026-01-01, which is no id of the register's.
    book = register("bmi.xlsx", [date(2026, 1, 1), "Registermodernisierung", None, 2, None, None])

    result = run("returns", "import", book, "--mapping", "bmi.toml",
                 "--as-at", "2026-09-30", "--authority", "PMO")  # fmt: skip

    message = " ".join(result.output.split())
    assert result.exit_code == 2, result.output
    assert (
        "row 7, column Nr.: cell A7 holds a date (2026-01-01), not an id: a spreadsheet takes "
        "an id typed as 1.1 or 3-4 for a day" in message
    )
    assert "format the column as Text" in message
    assert run.events() == 0


NOTES = [
    "Quelle: Haushaltsplan 2026",
    "Anmerkung: Zahlen vorläufig",
    "* Angaben ohne Gewähr",
    "Bron: Rijksbegroting",
    "Note: figures are provisional",
]
"""Notes a register writes under its rows, in the names' column."""


def test_a_note_below_the_table_is_refused_not_onboarded_as_an_item(run: Cli) -> None:
    # A register's notes under its rows, in the names' column, with no id: each joined the
    # portfolio as an item (the mapping gives every item that joins a category).
    for number, note in enumerate(NOTES):
        book = register(f"note{number}.xlsx", [None, None, None, None, None, None],
                        [None, note, None, None, None, None])  # fmt: skip

        result = run("returns", "import", book, "--mapping", "bmi.toml",
                     "--as-at", "2026-09-30", "--authority", "PMO")  # fmt: skip

        message = " ".join(result.output.split())
        assert result.exit_code == 2, result.output
        assert f"row 8: it looks like a note, not an item ({note!r})" in message
        assert run.events() == 0


def test_a_date_in_words_is_refused_saying_how_the_mapping_spells_it(run: Cli) -> None:
    # 'Ende 2026' under dates = "DD.MM.YYYY" was refused as 'not a date (YYYY-MM-DD, or
    # DD/MM/YYYY as the mapping's dates say)': neither the form the mapping gives nor the
    # spelling that reads it.
    book = register("bmi.xlsx", ["BMI-003", "E-Akte Bund", None, 2, "Ende 2026", None])

    result = run("returns", "import", book, "--mapping", "bmi.toml",
                 "--as-at", "2026-09-30", "--authority", "PMO")  # fmt: skip

    message = " ".join(result.output.split())
    assert result.exit_code == 2, result.output
    assert (
        "cell E7: 'Ende 2026' is not a date (YYYY-MM-DD, or DD/MM/YYYY, DD-MM-YYYY or "
        "DD.MM.YYYY as the mapping's dates say); or, if 'Ende 2026' means a day, say "
        '[spellings.forecast_date] "Ende 2026" = "YYYY-MM-DD" in the mapping' in message
    )
    assert run.events() == 0
    spelt = '\n[spellings.forecast_date]\n"Ende 2026" = "2026-12-31"\n'
    Path("bmi.toml").write_text(MAPPING + spelt, encoding="utf-8")
    result = run("returns", "import", book, "--mapping", "bmi.toml",
                 "--as-at", "2026-09-30", "--authority", "PMO")  # fmt: skip
    assert result.exit_code == 0, result.output
