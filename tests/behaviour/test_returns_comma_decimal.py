"""A register written the continental-European way: a decimal comma, points grouping thousands.

``tests/data/rijks_ict_dashboard.csv`` is written by hand in the style of the
Dutch government's Rijksoverzicht ICT-dashboard (tests/data/README.md), read
with the mapping an office writes from docs/returns.md (``decimal = ","``,
``dates = "DD-MM-YYYY"``): as published it is refused naming each hostile
cell, the rule and the fix, with nothing written; put right, it reads to the
cent, once; exported with its mapping, it reads back as no change.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.behaviour.test_returns_refusals import refused, write
from tests.behaviour.test_returns_registers import DATA, imported
from tests.conftest import Cli

MAPPING = ("--mapping", str(DATA / "rijks.toml"))
RULE = (
    'the mapping says decimal = ",": its amounts are written with a decimal comma, and '
    "thousands grouped by points or spaces (1.234.567,89 or 1 234 567,89)"
)
PUT_RIGHT = {
    ",12.5,": ',"12,5",',
    '"1,087.4"': '"1.087,4"',
    "12/31/2026": "31-12-2026",
    ",Onbekend": ",Aandacht nodig",
    '"1.45,8"': '"145,8"',
}
"""Each hostile cell as its office puts it right."""


def put_right() -> Path:
    """The register with each hostile cell put right and its total row deleted."""
    text = (DATA / "rijks_ict_dashboard.csv").read_text(encoding="utf-8-sig")
    for hostile, right in PUT_RIGHT.items():
        assert text.count(hostile) == 1, hostile
        text = text.replace(hostile, right)
    lines = [line for line in text.splitlines() if ",Totaal," not in line]
    path = Path("rijks_put_right.csv").resolve()
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8-sig", newline="")
    return path


def test_a_dutch_register_s_hostile_cells_are_each_named_with_the_mapping_s_rule(
    run: Cli,
) -> None:
    # Every amount written 1.234,50 was refused ('a decimal comma is not read: write .'), so
    # a register kept the continental way could not be read at all.
    message = refused(run, DATA / "rijks_ict_dashboard.csv", *MAPPING, as_at="2025-06-30")

    assert "6 problems" in message
    assert (
        "row 5, column Totale kosten (mln €): cell C5: '12.5' has a point that does not "
        "group thousands (three digits after it), so it may be a decimal point"
    ) in message
    assert f"{RULE}: write 12,5 if that is the number" in message
    assert (
        "cell C6: '1,087.4' is written with commas grouping thousands, as where the decimal "
        f"is a point; {RULE}: write 1.087,4, or, if every amount in the return is written as "
        "this one is, take decimal out of the mapping"
    ) in message
    assert "cell E7: '12/31/2026' is not a date written DD/MM/YYYY" in message
    assert "cell F8: 'Onbekend' is not a rating" in message
    assert "cell C10: '1.45,8' groups its digits by points other than in threes" in message
    assert "row 11: it looks like a total, not an item ('Totaal')" in message


def test_a_dutch_register_put_right_reads_to_the_cent_once(run: Cli) -> None:
    items = imported(run, str(put_right()), "rijks.toml", "2025-06-30")

    costs = {key: row["whole_life_cost"] for key, row in items.items()}
    assert costs == {
        "MODERNISERING-IV-LANDSCHAP-BELASTINGDIENST": "1234500000.00",  # 1.234,50
        "GRENSVERLEGGENDE-IT-GRIT": "2500000000.00",  # 2,5 mld
        "DIGITAAL-STELSEL-OMGEVINGSWET-DSO": "417200000.00",  # € 417,2
        "OPERATIE-BRP": "12500000.00",  # 12,5
        "KWALITEIT-EN-INNOVATIE-RECHTSPRAAK-KEI": "1087400000.00",  # 1.087,4
        "HERBOUW-WW-SYSTEMEN-UWV": "1050750000.00",  # € 1 050,75, no-break spaces
        "VERNIEUWING-STUDIEFINANCIERING-DUO": "85250000.00",  # 85,25
        "VERNIEUWING-VERKEERSCENTRALES-RIJKSWATERSTAAT": None,  # empty: not known
        "LANDELIJK-SCHAKELPUNT-ZORGGEGEVENS": "145800000.00",  # 145,8
    }
    assert {row["currency"] for row in items.values()} == {"EUR"}
    grit, duo = items["GRENSVERLEGGENDE-IT-GRIT"], items["VERNIEUWING-STUDIEFINANCIERING-DUO"]
    assert (grit["rag"], grit["forecast_date"]) == ("red", "2028-12-31")  # 31.12.2028
    assert (duo["rag"], duo["forecast_date"]) == ("amber", "2027-08-31")  # 31.08.2027
    assert items["OPERATIE-BRP"]["forecast_date"] == "2025-12-31"  # 31-12-2025
    rws = items["VERNIEUWING-VERKEERSCENTRALES-RIJKSWATERSTAAT"]
    assert (rws["whole_life_cost_status"], rws["rag"]) == ("not known", "not assessed")
    assert items["LANDELIJK-SCHAKELPUNT-ZORGGEGEVENS"]["organisation"] == (
        "Ministerie van Volksgezondheid, Welzijn en Sport"
    )


def test_a_dutch_register_exported_with_its_mapping_reads_back_as_no_change(run: Cli) -> None:
    options = (*MAPPING, "--as-at", "2025-06-30", "--authority", "Portfolio office")
    assert run("returns", "import", str(put_right()), *options).exit_code == 0
    events = run.events()

    written = run("portfolio", "export", "--out", "back.csv", *MAPPING)
    back = run("returns", "import", "back.csv", *options, "--json")

    assert "Wrote 9 items" in written.output, written.output
    assert '"1234,5"' in Path("back.csv").read_text(encoding="utf-8-sig")  # as read: 1.234,50
    assert back.exit_code == 0, back.output
    assert len(json.loads(back.output)["unchanged"]) == 9
    assert run.events() == events


KEYED = '[columns]\nkey = "ID"\ntitle = "Name"\ncategory = "Area"\nauthorised_budget = "Budget"\n'


@pytest.mark.parametrize(
    ("cell", "read"),
    [
        ("1.234.567,89", "1234567.89"),
        ("€ 1.234.567,89", "1234567.89"),
        ("1 234 567,89 €", "1234567.89"),
        ("1\u202f234\u202f567,89\u00a0€", "1234567.89"),
        ("EUR 1.234", "1234.00"),
        ("2,5 mln", "2500000.00"),
        ("12,3 Mio. €", "12300000.00"),
        ("750 Tsd. €", "750000.00"),
        ("1,5", "1.50"),
    ],
)
def test_an_amount_with_a_decimal_comma_reads_as_written(run: Cli, cell: str, read: str) -> None:
    path = write("r.csv", "ID,Name,Area,Budget", f'R-1,Item,Digital,"{cell}"')
    Path("m.toml").write_text(f'currency = "EUR"\ndecimal = ","\n{KEYED}', encoding="utf-8")

    result = run("returns", "import", str(path), "--mapping", "m.toml", "--as-at",
                 "2026-03-31", "--authority", "PMO")  # fmt: skip

    assert result.exit_code == 0, result.output
    (row,) = json.loads(run("portfolio", "--json").output)
    assert row["authorised_budget"] == read


@pytest.mark.parametrize("cell", ["1.234.567,89", "€ 1.234,5", "1.234.567"])
def test_an_amount_written_the_continental_way_says_the_mapping_reads_it_with_decimal(
    run: Cli, cell: str
) -> None:
    path = write("r.csv", "ID,Name,Area,Budget", f'R-1,Item,Digital,"{cell}"')
    Path("m.toml").write_text(f'currency = "EUR"\n{KEYED}', encoding="utf-8")

    message = refused(run, path, "--mapping", "m.toml")

    assert f"cell D2: {cell!r} is not an amount (a comma only groups digits" in message
    assert (
        'a return whose amounts are all written so, 1.234.567,89, is read with decimal = ","'
        in (message)
    )


@pytest.mark.parametrize("dates", ["DD-MM-YYYY", "DD.MM.YYYY", "DD/MM/YYYY"])
def test_a_mapping_s_dates_are_day_first_whichever_separator_it_writes(
    run: Cli, dates: str
) -> None:
    rows = ["R-1,Item 1,Digital,31-12-2026", "R-2,Item 2,Digital,1.7.2027", "R-3,Item 3,x,2/3/2028"]
    path = write("r.csv", "ID,Name,Area,End", *rows)
    Path("m.toml").write_text(
        f'dates = "{dates}"\n[columns]\nkey = "ID"\ntitle = "Name"\ncategory = "Area"\n'
        'forecast_date = "End"\n',
        encoding="utf-8",
    )

    result = run("returns", "import", str(path), "--mapping", "m.toml", "--as-at",
                 "2026-03-31", "--authority", "PMO")  # fmt: skip

    assert result.exit_code == 0, result.output
    read = [row["forecast_date"] for row in json.loads(run("portfolio", "--json").output)]
    assert read == ["2026-12-31", "2027-07-01", "2028-03-02"]


@pytest.mark.parametrize(
    ("setting", "why"),
    [
        ('decimal = "comma"', """decimal 'comma' is not "." (1,234,567.89, the default) or ","""),
        (
            'dates = "DD MM YYYY"',
            "(the day and month may be separated by '-' or '.': DD-MM-YYYY, DD.MM.YYYY)",
        ),
    ],
)
def test_a_mapping_s_decimal_or_dates_off_their_choices_is_refused(
    run: Cli, setting: str, why: str
) -> None:
    path = write("r.csv", "ID,Name,Area,Budget", "R-1,Item,Digital,12")
    Path("m.toml").write_text(f"{setting}\n{KEYED}", encoding="utf-8")

    message = refused(run, path, "--mapping", "m.toml")

    assert why in message


def test_a_figure_s_spelling_is_an_amount_written_as_the_mapping_s_decimal_says(
    run: Cli,
) -> None:
    path = write("r.csv", "ID,Name,Area,Budget", "R-1,Item,Digital,TBC")
    spelt = '[spellings.authorised_budget]\n"TBC" = "1.234,5"\n'
    Path("m.toml").write_text(f'currency = "EUR"\ndecimal = ","\n{KEYED}{spelt}', "utf-8")

    result = run("returns", "import", str(path), "--mapping", "m.toml", "--as-at",
                 "2026-03-31", "--authority", "PMO")  # fmt: skip

    assert result.exit_code == 0, result.output
    (row,) = json.loads(run("portfolio", "--json").output)
    assert row["authorised_budget"] == "1234.50"


def test_a_figure_s_spelling_written_with_a_point_is_told_the_mapping_s_decimal(
    run: Cli,
) -> None:
    # Refused under decimal = ",", '1443.7' was told to write 'an amount, such as 1443.7'.
    path = write("r.csv", "ID,Name,Area,Budget", "R-1,Item,Digital,TBC")
    spelt = '[spellings.authorised_budget]\n"TBC" = "1443.7"\n'
    Path("m.toml").write_text(f'currency = "EUR"\ndecimal = ","\n{KEYED}{spelt}', "utf-8")

    message = refused(run, path, "--mapping", "m.toml")

    assert "'1443.7' is not a figure" in message
    assert "such as 1443,7)" in message
