"""A figure read as negative, as a fraction of a penny or as too large says what to do.

A workbook's negative number (a formula's difference: budget less spend) was refused as
"'-5' is not an amount (-5000000 is negative; ...)", with none of the advice a negative
written as text ('-5', '(5)') gets; an amount of more than twelve digits (a column in
units read in millions) or to a fraction of a penny named the rule and no fix.
"""

from __future__ import annotations

from pathlib import Path
from zipfile import ZipFile

from openpyxl import Workbook

from tests.behaviour.returns_mappings import IN_MILLIONS
from tests.behaviour.test_returns_refusals import refused, write
from tests.conftest import Cli

OPTIONS = ("--mapping", "m.toml", "--authority", "PMO")


def test_a_workbook_s_negative_number_is_refused_as_a_negative(run: Cli) -> None:
    Path("m.toml").write_text(IN_MILLIONS, encoding="utf-8")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (("Ref", "Project", "WLC (£m)"), ("P-1", "Roads", -5), ("P-2", "Rail", 12.5)):
        sheet.append(row)
    book.save("q3.xlsx")

    message = " ".join(refused(run, Path("q3.xlsx").resolve(), *OPTIONS).split())

    assert (
        "row 2, column WLC (£m): cell C2: '-5' is negative; an amount of money is zero or more: "
        "give the figure as an amount of zero or more, or, if the column holds differences (a "
        "variance or a saving, which may be negative), map no money figure to it (list it in "
        "the mapping's ignore)"
    ) in message
    assert "row 3" not in message


def test_an_amount_too_large_or_too_fine_says_what_it_was_read_as(run: Cli) -> None:
    Path("m.toml").write_text(IN_MILLIONS, encoding="utf-8")
    path = write("q3.csv", "Ref,Project,WLC (£m)", "P-1,Roads,2000000", "P-2,Rail,1.234567891")

    message = " ".join(refused(run, path, *OPTIONS).split())

    assert (
        "cell C2: '2000000', read in GBP millions, is GBP 2,000,000,000,000, more than 12 "
        "digits allow: if the return's money is in smaller units than millions, say which in "
        'the mapping (units = "thousands" or "units") or with --units; else correct the figure'
    ) in message
    assert (
        "cell C3: '1.234567891', read in GBP millions, is GBP 1,234,567.891, a fraction of a "
        "penny (more than 2 decimal places): give it to the penny (1.23456789 in millions)"
    ) in message


def test_a_workbook_s_number_beyond_any_is_refused_not_an_internal_error(run: Cli) -> None:
    """A cell holding 1E400 (hand-written XML: no spreadsheet program saves one) is infinite."""
    Path("m.toml").write_text(IN_MILLIONS, encoding="utf-8")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (("Ref", "Project", "WLC (£m)"), ("P-1", "Roads", 1)):
        sheet.append(row)
    book.save("made.xlsx")
    with ZipFile("made.xlsx") as made, ZipFile("q3.xlsx", "w") as edited:
        for part in made.infolist():
            content = made.read(part.filename)
            if part.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b"<v>1</v>", b"<v>1E400</v>")
            edited.writestr(part, content)

    message = " ".join(refused(run, Path("q3.xlsx").resolve(), *OPTIONS).split())

    assert "cell C2: 'Infinity' is not an amount (it is beyond any number)" in message


def test_a_fraction_of_a_penny_under_a_decimal_comma_says_the_figure_so(run: Cli) -> None:
    """Under decimal = ",", the figure to type is written with the comma the mapping reads.

    A ministry's register (tests/data/bmi_projekte_sample.csv, from a German office's
    semicolon CSV converted to UTF-8) said to give '126.634.853,165 €' to the penny as
    '126634853.17', which that mapping refuses as a point that groups no thousands.
    """
    data = Path(__file__).parent.parent / "data"
    options = ("--mapping", str(data / "bmi.toml"), "--authority", "IT-Rat")

    message = " ".join(
        refused(run, data / "bmi_projekte_sample.csv", *options, as_at="2025-06-30").split()
    )

    assert (
        "row 4, column Gesamtkosten (€): cell G4: '126.634.853,165 €', read in EUR, is EUR "
        "126,634,853.165, a fraction of a penny (more than 2 decimal places): give it to the "
        "penny (126634853,17), or, to have each such amount rounded"
    ) in message
    assert "row 5" not in message
