"""A workbook's number whose format writes a unit after it, read as it shows, as its CSV is.

A finance sheet types 12.5 and formats it ``£#,##0.0"m"``, showing ``£12.5m``; saved as
CSV the cell is written ``£12.5m`` and read as GBP 12,500,000. Read from the workbook, the
number alone was taken in the mapping's units: GBP 12.50, a million times too small, and a
``"€m"`` written after it went unseen in a return of pounds.
"""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import Workbook

from tests.behaviour.test_returns_cell_formats import mapping, workbook
from tests.behaviour.test_returns_refusals import refused
from tests.conftest import Cli


def test_a_unit_a_format_writes_after_the_number_is_the_amount_it_shows(run: Cli) -> None:
    path = workbook(
        [
            ["P-1", "Alpha", "Digital", 12.5, "Green"],
            ["P-2", "Beta", "Digital", 850, "Red"],
            ["P-3", "Gamma", "Digital", 1.25, "Amber"],
            ["P-4", "Delta", "Digital", 1234567, "Amber"],
            ["P-5", "Eps", "Digital", 42, "Amber"],
        ],
        D2='£#,##0.0"m"',
        D3="#,##0\\k",
        D4='0.00 "bn"',
        D5='#,##0,"k"',  # scaled by its comma: the amount it holds, as before
        D6='#,##0 "units"',  # a word that is no unit
    )

    costs = imported_costs(run, path, mapping(), 5)
    assert costs == {
        "P-1": "12500000.00",
        "P-2": "850000.00",
        "P-3": "1250000000.00",
        "P-4": "1234567.00",
        "P-5": "42.00",
    }


def test_a_currency_written_with_its_unit_in_a_format_is_held_against_the_mapping(
    run: Cli,
) -> None:
    path = workbook(
        [["P-1", "Alpha", "Digital", 12.5, "Green"], ["P-2", "Beta", "Digital", 3, "Red"]],
        D2='0.0"€m"',
        D3='0.0 "EURm"',
    )

    message = refused(run, path, "--mapping", mapping(), as_at="2026-03-31")

    assert "cell D2 holds 12.5 formatted in EUR ('0.0\"€m\"')" in message
    assert "cell D3 holds 3 formatted in EUR ('0.0 \"EURm\"')" in message


def test_a_percent_sign_a_format_writes_as_text_is_refused_as_a_percentage(run: Cli) -> None:
    # 12.5 under '0.0"%"' shows 12.5% and was recorded as GBP 12.50, as 0.125 under '0.0%'
    # was refused: a percentage either way. And 12 under '0%' shows 1200%, said to show 12%.
    path = workbook(
        [
            ["P-1", "Alpha", "Digital", 12.5, "Green"],
            ["P-2", "Beta", "Digital", 7, "Red"],
            ["P-3", "Gamma", "Digital", 12, "Red"],
        ],
        D2='0.0"%"',
        D3="0\\%",
        D4="0%",
    )

    message = refused(run, path, "--mapping", mapping(), as_at="2026-03-31")

    assert (
        "cell D2 holds 12.5 formatted as a percentage ('0.0\"%\"', showing 12.5%): read as "
        "money it would be GBP 12.5. A percentage is not an amount"
    ) in message
    assert "cell D3 holds 7 formatted as a percentage ('0\\\\%', showing 7%)" in message
    assert "cell D4 holds 12 formatted as a percentage ('0%', showing 1200%)" in message


def imported_costs(run: Cli, path: Path, mapping_file: str, items: int) -> dict[str, str]:
    """The return imported (as at 2026-03-31); the whole-life cost of P-1 to P-``items``."""
    result = run("returns", "import", str(path), "--mapping", mapping_file,
                 "--as-at", "2026-03-31", "--authority", "PMO")  # fmt: skip
    assert result.exit_code == 0, result.output
    return {
        f"P-{n}": json.loads(run("item", "show", f"P-{n}", "--json").output)["whole_life_cost"][
            "amount"
        ]
        for n in range(1, items + 1)
    }


def _register(currency: str, cells: list[tuple[float, str]]) -> tuple[Path, str]:
    """A register of Ref, Project, Area, Cost (each cost under its format); its mapping."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Ref", "Project", "Area", "Cost"])
    for n, (value, shown) in enumerate(cells, start=1):
        sheet.append([f"P-{n}", f"Item {n}", "Digital", value])
        sheet.cell(row=n + 1, column=4).number_format = shown
    path = Path("register.xlsx").resolve()
    book.save(path)
    Path("m.toml").write_text(
        f'currency = "{currency}"\n[columns]\nkey = "Ref"\ntitle = "Project"\n'
        'category = "Area"\nwhole_life_cost = "Cost"\n',
        encoding="utf-8",
    )
    return path, "m.toml"


def test_a_unit_written_before_its_currency_in_a_format_is_read_as_shown(run: Cli) -> None:
    # A French or German sheet writes the unit first: 12.5 under '0.0" M€"' shows 12.5 M€,
    # read from its CSV as EUR 12,500,000; from the workbook it was EUR 12.50, and in a
    # return of pounds, read as GBP 12.50, its euros unseen.
    cells = [(12.5, '0.0" M€"'), (2.5, '#,##0.0 "Mio. €"'), (850, '#,##0 "k€"'), (3, '0 "MEUR"')]
    path, mapping_file = _register("EUR", cells)

    costs = imported_costs(run, path, mapping_file, 4)
    assert costs == {
        "P-1": "12500000.00",
        "P-2": "2500000.00",
        "P-3": "850000.00",
        "P-4": "3000000.00",
    }
    path, mapping_file = _register("GBP", [(12.5, '0.0" M€"'), (2.5, '#,##0.0 "Mio. €"')])
    message = refused(run, path, "--mapping", mapping_file, as_at="2026-03-31")
    assert "cell D2 holds 12.5 formatted in EUR ('0.0\" M€\"')" in message
    assert "cell D3 holds 2.5 formatted in EUR ('#,##0.0 \"Mio. €\"')" in message


def test_a_million_a_format_writes_as_m_beside_one_written_mm_is_refused_as_in_a_csv(
    run: Cli,
) -> None:
    # '$850M' beside '$3.5MM' in a CSV is refused: where MM is a million, M is a thousand.
    # Shown so by their formats, the workbook's 850 was read as USD 850,000,000, unsaid.
    cells = [(3.5, '$#,##0.0"MM"'), (850, '$#,##0"M"'), (850, '$#,##0,"M"')]
    path, mapping_file = _register("USD", cells)

    message = " ".join(refused(run, path, "--mapping", mapping_file, as_at="2026-03-31").split())

    assert (
        "row 3, column Cost: cell D3: '850M' writes a million as M, and cell D2 ('3.5MM') as "
        "MM; where MM is a million, M is a thousand"
    ) in message
    assert "cell D4" not in message  # its comma shows it in thousands: no M to misread


def test_a_percent_sign_a_format_writes_before_more_words_is_refused_as_a_percentage(
    run: Cli,
) -> None:
    # 12.5 under '0.0"% of budget"' shows 12.5% of budget: recorded as GBP 12.50, where
    # '0.0"%"' was refused as a percentage.
    path = workbook([["P-1", "Alpha", "Digital", 12.5, "Green"]], D2='0.0"% of budget"')

    message = refused(run, path, "--mapping", mapping(), as_at="2026-03-31")

    assert (
        "cell D2 holds 12.5 formatted as a percentage ('0.0\"% of budget\"', showing 12.5% of "
        "budget): read as money it would be GBP 12.5. A percentage is not an amount"
    ) in " ".join(message.split())


def test_a_unit_a_format_writes_after_its_commas_says_what_they_show(run: Cli) -> None:
    # A sheet in millions shows 1,250 as £1.3bn by '£#,##0.0,"bn"' (its comma divides by a
    # thousand, its unit says billions): read as the comma alone says, it was GBP 1,250. So
    # in a format of conditions, '[>=1000]£#,##0.0,"bn";£#,##0.0"m"', 12.5 was GBP 12.50.
    cells = [
        (1250, '£#,##0.0,"bn"'),
        (1250, '[>=1000]£#,##0.0,"bn";£#,##0.0"m"'),
        (12.5, '[>=1000]£#,##0.0,"bn";£#,##0.0"m"'),
        (12500000, '#,##0,"k"'),  # its unit is its comma's: as before
        (850000, '#,##0,"M"'),  # M a thousand, as US finance writes it, as its comma says
    ]
    path, mapping_file = _register("GBP", cells)

    costs = imported_costs(run, path, mapping_file, 5)
    assert costs == {
        "P-1": "1250000000.00",
        "P-2": "1250000000.00",
        "P-3": "12500000.00",
        "P-4": "12500000.00",
        "P-5": "850000.00",
    }
