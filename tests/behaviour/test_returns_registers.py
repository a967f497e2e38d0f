"""Other countries' portfolio registers, imported as their portfolio offices would.

Each file in tests/data is written by hand in the shape its register is
published in (tests/data/README.md), with the mapping an office would write
from docs/returns.md: the US IT Dashboard's major IT investments (CIO ratings
1 to 5, no category column), an Australian register (``$1.2m``, ``$850k``), a
Canadian dashboard (``1 234 567``, ``12 450 000 $``) and an in-house PPM tool's
workbook (a title, a header of two rows, a date that lost its format, a row
twice, a total). Each is read to the cent, or refused naming the cell, the
rule and the fix, with nothing written; each is recorded once.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.behaviour.test_returns_refusals import refused, write
from tests.conftest import Cli

DATA = Path(__file__).parents[1] / "data"


def imported(run: Cli, name: str, mapping: str, as_at: str) -> dict[str, dict[str, Any]]:
    """Import the register with its mapping (both in tests/data), twice; the items by key.

    The second import is the same return again: it records nothing.
    """
    options = ("returns", "import", str(DATA / name), "--mapping", str(DATA / mapping),
               "--as-at", as_at, "--authority", "Portfolio office")  # fmt: skip
    result = run(*options)
    assert result.exit_code == 0, result.output
    events = run.events()
    again = run(*options)
    assert again.exit_code == 0, again.output
    assert "Already imported" in again.output
    assert run.events() == events
    return {row["key"]: row for row in json.loads(run("portfolio", "--json").output)}


def test_an_it_dashboard_export_is_read_with_its_cio_ratings_and_a_default_category(
    run: Cli,
) -> None:
    # The export has no category column, and an item joins with one: every row was refused
    # ('fill in the row's category'), and the mapping could not give one ([defaults] took
    # only kind and stage).
    items = imported(run, "itdash_major_it.csv", "itdash.toml", "2024-11-01")

    assert len(items) == 8  # the FY2024 row is not read
    assert {row["category"] for row in items.values()} == {"Major IT investment"}
    ehr = items["029-000000150"]
    assert (ehr["whole_life_cost"], ehr["currency"]) == ("16140000000.00", "USD")
    assert (ehr["rag"], ehr["forecast_date"]) == ("red", "2031-09-30")
    assert ehr["organisation"] == "Department of Veterans Affairs"
    assert items["015-000000318"]["rag"] == "green"  # 5 - Low Risk
    assert items["024-000005500"]["rag"] == "amber"  # 3 - Medium Risk
    assert items["015-000000318"]["whole_life_cost"] == "1870550000.00"  # "1,870.55"


def test_a_row_s_own_category_wins_over_the_mapping_s_default(run: Cli) -> None:
    path = write("r.csv", "ID,Name,Area", "R-1,Payroll,Corporate", "R-2,Portal,")
    Path("m.toml").write_text(
        '[columns]\nkey = "ID"\ntitle = "Name"\ncategory = "Area"\n'
        '[defaults]\ncategory = "Unsorted"\norganisation = "HQ"\n',
        encoding="utf-8",
    )
    result = run("returns", "import", str(path), "--mapping", "m.toml", "--as-at",
                 "2026-03-31", "--authority", "PMO")  # fmt: skip
    assert result.exit_code == 0, result.output

    rows = {row["key"]: row for row in json.loads(run("portfolio", "--json").output)}
    assert (rows["R-1"]["category"], rows["R-2"]["category"]) == ("Corporate", "Unsorted")
    assert {row["organisation"] for row in rows.values()} == {"HQ"}


def test_an_empty_category_is_refused_saying_the_mapping_may_give_one(run: Cli) -> None:
    path = write("r.csv", "ID,Name", "R-1,Payroll")
    Path("m.toml").write_text('[columns]\nkey = "ID"\ntitle = "Name"\n', encoding="utf-8")

    message = refused(run, path, "--mapping", "m.toml")

    assert "row 2: its category is empty" in message
    assert '[defaults] category = "..."' in message


def test_an_australian_register_s_amounts_written_with_units_and_signs_are_read(
    run: Cli,
) -> None:
    # '$191.4m' and '$850k' were refused as 'not an amount' in every row: the cell's unit
    # was taken for a typing slip, though the command line reads 1.2m and 250k.
    items = imported(run, "dta_register.csv", "dta.toml", "2024-12-31")

    budgets = {key: row["authorised_budget"] for key, row in items.items()}
    assert budgets == {
        "DTA-2024-001": "191400000.00",
        "DTA-2024-002": "48200000.00",
        "DTA-2024-003": "850000.00",
        "DTA-2024-004": "1250000.00",
        "DTA-2024-005": "1050000000.00",
        "DTA-2024-006": "312000000.00",
        "DTA-2024-007": "4750000.00",  # A$4.75M
        "DTA-2024-008": "866800000.00",
    }
    assert {row["currency"] for row in items.values()} == {"AUD"}
    assert items["DTA-2024-003"]["forecast_cost"] == "910000.00"
    assert items["DTA-2024-006"]["forecast_cost_status"] == "withheld"
    rags = {key: row["rag"] for key, row in items.items()}
    assert (rags["DTA-2024-001"], rags["DTA-2024-004"], rags["DTA-2024-008"]) == (
        "red",
        "amber",
        "amber",
    )
    assert items["DTA-2024-006"]["forecast_date"] == "2027-07-01"


@pytest.mark.parametrize(
    ("units", "cells", "read"),
    [
        ("millions", ["850k", "1.5", "2bn"], ["850000.00", "1500000.00", "2000000000.00"]),
        ("thousands", ["1.2m", "250", "GBP 3k"], ["1200000.00", "250000.00", "3000.00"]),
    ],
)
def test_a_cell_s_own_unit_says_what_it_is_whatever_the_mapping_s_units(
    run: Cli, units: str, cells: list[str], read: list[str]
) -> None:
    rows = [f"R-{n},Item {n},Digital,{cell}" for n, cell in enumerate(cells, start=1)]
    path = write("r.csv", "ID,Name,Area,Budget", *rows)
    Path("m.toml").write_text(
        f'units = "{units}"\n[columns]\nkey = "ID"\ntitle = "Name"\ncategory = "Area"\n'
        'authorised_budget = "Budget"\n',
        encoding="utf-8",
    )
    result = run("returns", "import", str(path), "--mapping", "m.toml", "--as-at",
                 "2026-03-31", "--authority", "PMO")  # fmt: skip
    assert result.exit_code == 0, result.output

    shown = {row["key"]: row for row in json.loads(run("portfolio", "--json").output)}
    assert [shown[f"R-{n}"]["authorised_budget"] for n in (1, 2, 3)] == read


@pytest.mark.parametrize(
    ("cell", "read"),
    [
        ("$1.2 million", "1200000.00"),
        ("$1.2B", "1200000000.00"),
        ("USD 3.5MM", "3500000.00"),
        ("1.5 bln", "1500000000.00"),
        ("750 thousand", "750000.00"),
        ("12 mln", "12000000.00"),
        ("1,234 USD", "1234.00"),
        ("2.5 m USD", "2500000.00"),
        ("1.2M$", "1200000.00"),
    ],
)
def test_an_amount_with_its_unit_in_words_or_its_code_after_it_is_read(
    run: Cli, cell: str, read: str
) -> None:
    # Each was refused as 'not an amount': a unit in words or as US registers abbreviate
    # it (B, MM), a code or a sign after the number.
    path = write("r.csv", "ID,Name,Area,Budget", f'R-1,Item,Digital,"{cell}"')
    Path("m.toml").write_text(
        'currency = "USD"\n[columns]\nkey = "ID"\ntitle = "Name"\ncategory = "Area"\n'
        'authorised_budget = "Budget"\n',
        encoding="utf-8",
    )
    result = run("returns", "import", str(path), "--mapping", "m.toml", "--as-at",
                 "2026-03-31", "--authority", "PMO")  # fmt: skip
    assert result.exit_code == 0, result.output

    shown = json.loads(run("portfolio", "--json").output)
    assert [row["authorised_budget"] for row in shown] == [read]


def test_a_canadian_dashboard_s_amounts_grouped_by_spaces_are_read(run: Cli) -> None:
    # '1 234 567' (and with non-breaking or narrow no-break spaces, as a French-Canadian
    # spreadsheet writes them) was refused as 'not an amount', as was '12 450 000 $'.
    items = imported(run, "gc_it_projects.csv", "gc.toml", "2025-03-31")

    budgets = {key: row["authorised_budget"] for key, row in items.items()}
    assert budgets == {
        "ESDC-0042": "1234567.00",
        "SSC-0107": "25000000.00",
        "PSPC-0031": "307000000.00",
        "CRA-0009": "12450000.00",  # 12 450 000 $, no-break spaces
        "IRCC-0118": "1875000000.00",  # narrow no-break spaces
        "DND-0204": "98765432.50",  # 98 765 432.50 $
    }
    assert items["IRCC-0118"]["organisation"] == "Immigration, Réfugiés et Citoyenneté Canada"
    assert [items[k]["rag"] for k in ("ESDC-0042", "SSC-0107", "PSPC-0031")] == [
        "green",
        "amber",
        "red",
    ]


@pytest.mark.parametrize(
    ("cell", "why"),
    [
        ("98 765 432,50", "a decimal comma is not read: write '.'"),
        ("1 23 456", "is not an amount"),
        ("1234 567", "is not an amount"),
        ("1 200 €", "is in EUR; this return's money is CAD"),
        ("2.5 m EUR", "is in EUR; this return's money is CAD"),
        ("(1,234)", "is in brackets, an accountant's negative; an amount of money is zero or more"),
        ("1.23457E+11", "is written in scientific notation, as a spreadsheet shows a long number"),
        (
            "TBC",
            (
                """in the mapping: [spellings.authorised_budget] "TBC" = "withheld" (a figure """
                """not published) or "not known" (none yet)"""
            ),
        ),
    ],
    ids=[
        "decimal-comma",
        "groups-of-two",
        "first-group-of-four",
        "euro-after",
        "euro-code-after",
        "brackets",
        "scientific",
        "a-word",
    ],
)
def test_an_amount_that_is_none_or_in_another_currency_is_refused_saying_why(
    run: Cli, cell: str, why: str
) -> None:
    path = write("r.csv", "ID,Name,Area,Budget", f'R-1,Item,Digital,"{cell}"')
    Path("m.toml").write_text(
        'currency = "CAD"\n[columns]\nkey = "ID"\ntitle = "Name"\ncategory = "Area"\n'
        'authorised_budget = "Budget"\n',
        encoding="utf-8",
    )

    message = refused(run, path, "--mapping", "m.toml")

    assert f"row 2, column Budget: cell D2: {cell!r} " in message
    assert why in message


def test_a_ppm_export_s_problems_are_each_named_and_it_reads_once_they_are_put_right(
    run: Cli,
) -> None:
    # A date pasted as a value (its format lost) was refused as "'46203' is not a date
    # (YYYY-MM-DD)", not saying it is a serial number nor which day; a row there twice was
    # told that 'an item appears once' and to use --where.
    options = ("--mapping", str(DATA / "ppm.toml"))
    message = refused(run, DATA / "ppm_export.xlsx", *options, as_at="2025-09-30")

    assert (
        "row 9, column Go-live: cell I9: '46203' is a number, not a date: a date in a cell "
        "not formatted as a date shows as its serial number, and 46203 is 2026-06-30"
    ) in message
    assert "format the column as dates" in message
    assert (
        "row 11: its id, 'PRJ-004', is also on row 10, and every column read is the same: the "
        "row is there twice; delete one"
    ) in message
    assert "row 14: it looks like a total, not an item" in message
    assert "3 problems" in message

    fixed = put_right(DATA / "ppm_export.xlsx")
    result = run("returns", "import", str(fixed), *options, "--as-at", "2025-09-30",
                 "--authority", "PMO")  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = {row["key"]: row for row in json.loads(run("portfolio", "--json").output)}
    assert rows["PRJ-001"]["forecast_cost"] == "1310500.00"  # text '1310.5', in GBP k
    assert rows["PRJ-003"]["authorised_budget"] == "980000.00"  # ' 980 '
    assert (rows["PRJ-003"]["stage"], rows["PRJ-003"]["forecast_date"]) == (
        "paused",
        "2026-06-30",
    )
    assert rows["PRJ-004"]["title"] == "HR Self Service"  # a no-break space, read plain
    assert rows["PRJ-005"]["authorised_budget"] == "1100000.00"  # '1,100'
    assert len(rows) == 5


def put_right(path: Path) -> Path:
    """The workbook as its office puts it right: the date formatted, the copy and total gone."""
    from openpyxl import load_workbook

    copy = Path("ppm_export.xlsx").resolve()
    shutil.copyfile(path, copy)
    book = load_workbook(copy)
    sheet = book["Portfolio"]
    sheet["I9"].value = date(2026, 6, 30)
    sheet["I9"].number_format = "dd/mm/yyyy"
    sheet.delete_rows(14)
    sheet.delete_rows(11)
    book.save(copy)
    return copy


@pytest.mark.parametrize(
    ("spelling", "why"),
    [
        ('[spellings.rag]\n"3 - Medium Risk" = "yellow"\n',
         ('[spellings.rag] "3 - Medium Risk" = "yellow": \'yellow\' is not a rating (write '
          "one of: red, amber, green, withheld, not assessed)")),
        ('[spellings.stage]\n"WIP" = "underway"\n',
         "[spellings.stage] \"WIP\" = \"underway\": 'underway' is not a stage"),
        ("[defaults]\ncategory = 12\n", "defaults.category must be text"),
        ('[spellings.whole_life_cost]\n"TBC" = "unknwon"\n',
         ("[spellings.whole_life_cost] \"TBC\" = \"unknwon\": 'unknwon' is not a figure (write one "
         "of: withheld, not known, or an amount, such as 1443.7)")),
    ],
    ids=["rating", "stage", "default-category", "figure"],
)  # fmt: skip
def test_a_mapping_spelling_a_value_off_its_scale_is_refused_naming_the_spelling(
    run: Cli, spelling: str, why: str
) -> None:
    # A spelling to 'yellow' (the IT Dashboard's word for amber) was found only row by row,
    # each refused as "cell G3: 'yellow' is not a rating", though the cell holds
    # '3 - Medium Risk' and the mistake is the mapping's.
    path = write("r.csv", "ID,Name,Area,CIO", "R-1,Item,Digital,3 - Medium Risk")
    Path("m.toml").write_text(
        '[columns]\nkey = "ID"\ntitle = "Name"\ncategory = "Area"\nrag = "CIO"\n' + spelling,
        encoding="utf-8",
    )

    message = refused(run, path, "--mapping", "m.toml")

    assert f"the mapping m.toml: {why}" in message
    assert "cell D2" not in message


@pytest.mark.parametrize(
    ("cell", "why"),
    [
        ("45930", ("'45930' is a number, not a date: a date in a cell not formatted as a date "
                  "shows as its serial number, and 45930 is 2025-09-30 in Excel's (1900) date "
                  "system")),
        ("2027", ("'2027' is a year, not a day (a register giving only the year it expects to "
                 "finish): say which day of it the return means, years = \"last\" in the "
                 "mapping (here 2027-12-31) or years = \"first\"; or write the day, YYYY-MM-DD")),
        ("12345", "'12345' is a number, not a date; write the day, YYYY-MM-DD"),
    ],
    ids=["serial", "year", "number"],
)  # fmt: skip
def test_a_number_where_a_date_should_be_is_refused_never_guessed(
    run: Cli, cell: str, why: str
) -> None:
    path = write("r.csv", "ID,Name,Area,Finish", f"R-1,Item,Digital,{cell}")
    Path("m.toml").write_text(
        '[columns]\nkey = "ID"\ntitle = "Name"\ncategory = "Area"\nforecast_date = "Finish"\n',
        encoding="utf-8",
    )

    message = refused(run, path, "--mapping", "m.toml")

    assert f"row 2, column Finish: cell D2: {why}" in message


def test_a_name_written_with_typographic_apostrophes_or_dashes_is_no_change(run: Cli) -> None:
    # Next year's register, typed where autocorrect writes U+2019 for ' and U+2013 for -,
    # recorded a transfer of DTA-2024-005 from "Department of Veterans' Affairs" to the same
    # name with U+2019 (another organisation in every total by organisation), and a row with
    # no id named so matched no item.
    first = write(
        "q1.csv",
        "ID,Agency,Name,Area",
        "DTA-2024-005,Department of Veterans' Affairs,Veteran Centric Reform,Veterans' Affairs",
        ",Services Australia,Payments - Tranche 4,Social Services",
    )
    second = write(
        "q2.csv",
        "ID,Agency,Name,Area",
        "DTA-2024-005,Department of Veterans\u2019 Affairs,Veteran Centric Reform,"
        "Veterans\u2019 Affairs",
        ",Services Australia,Payments \u2013 Tranche 4,Social Services",
    )
    Path("m.toml").write_text(
        '[columns]\nkey = "ID"\ntitle = "Name"\norganisation = "Agency"\ncategory = "Area"\n',
        encoding="utf-8",
    )
    for path, as_at in ((first, "2025-06-30"), (second, "2025-12-31")):
        result = run("returns", "import", str(path), "--mapping", "m.toml", "--as-at", as_at,
                     "--authority", "PMO", "--json")  # fmt: skip
        assert result.exit_code == 0, result.output
    events = run.events()

    outcome = json.loads(result.output)

    assert events == 2  # the two items joining, from the first register; nothing after
    assert (outcome["new"], outcome["changed"]) == ([], [])
    assert [row["row"] for row in outcome["unchanged"]] == [2, 3]
    shown = json.loads(run("item", "show", "DTA-2024-005", "--json").output)
    assert shown["organisation"] == "Department of Veterans' Affairs"


KEYED = '[columns]\nkey = "ID"\ntitle = "Name"\ncategory = "Area"\n'


def test_an_id_that_is_no_key_is_refused_saying_the_mapping_may_make_keys_of_ids(
    run: Cli,
) -> None:
    # A register's ids with '/' or spaces (P/2024/001) were refused as no valid key, with no
    # way to read the return but to rewrite every id in it, every quarter.
    path = write("r.csv", "ID,Name,Area", "P/2024/001,Item one,Digital")
    Path("m.toml").write_text(KEYED, encoding="utf-8")

    message = refused(run, path, "--mapping", "m.toml")

    assert "cell A2: 'P/2024/001' is not a valid item key" in message
    assert "to make keys of the return's ids (here P-2024-001), say make_keys = true" in message


def test_a_mapping_that_makes_keys_reads_ids_that_are_none_and_again_as_no_change(
    run: Cli,
) -> None:
    path = write("r.csv", "ID,Name,Area", "P/2024/001,Item one,Digital",
                 "PRJ 002,Item two,Digital", "OK-3,Item three,Digital")  # fmt: skip
    Path("m.toml").write_text("make_keys = true\n" + KEYED, encoding="utf-8")
    for as_at in ("2025-06-30", "2025-09-30"):
        result = run("returns", "import", str(path), "--mapping", "m.toml", "--as-at", as_at,
                     "--authority", "PMO")  # fmt: skip
        assert result.exit_code == 0, result.output

    keys = [row["key"] for row in json.loads(run("portfolio", "--json").output)]
    assert keys == ["OK-3", "P-2024-001", "PRJ-002"]
    assert run.events() == 3
    assert "the ledger already says what the return says" in result.output


def test_two_ids_making_one_key_are_refused_naming_both(run: Cli) -> None:
    path = write("r.csv", "ID,Name,Area", "P/2024/001,Item one,Digital",
                 "P 2024 001,Item two,Digital")  # fmt: skip
    Path("m.toml").write_text("make_keys = true\n" + KEYED, encoding="utf-8")

    message = refused(run, path, "--mapping", "m.toml")

    assert (
        "row 3: its id, 'P 2024 001', makes the key P-2024-001, as row 2's ('P/2024/001') does"
    ) in message


def test_a_workbook_s_header_wrapped_onto_two_lines_names_its_column(run: Cli) -> None:
    # An IT Dashboard workbook's 'Investment<Alt+Enter>Title' header was 'spelt
    # differently' from the mapping's 'Investment Title': a line break in a header cell is
    # how it is shown, as a no-break space is. Its CIO ratings are numbers, 1 to 5.
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["UII", "Investment\nTitle", "CIO  Rating", "Lifecycle Cost\n($M)"])
    sheet.append(["005-000001234", "Farm Loan Modernization", 4, 312.6])
    sheet.append(["007-000009876", "Enterprise Cloud Migration", 2.0, 6540.9])
    book.save("itdash.xlsx")
    Path("m.toml").write_text(
        'units = "millions"\ncurrency = "USD"\n[columns]\nkey = "UII"\n'
        'title = "Investment Title"\nrag = "CIO Rating"\nwhole_life_cost = "Lifecycle Cost ($M)"\n'
        '[spellings.rag]\n"5" = "green"\n"4" = "green"\n"3" = "amber"\n"2" = "red"\n"1" = "red"\n'
        '[defaults]\ncategory = "Major IT investment"\n',
        encoding="utf-8",
    )

    result = run("returns", "import", "itdash.xlsx", "--mapping", "m.toml", "--as-at",
                 "2025-01-01", "--authority", "PMO", "--where", "CIO Rating=4")  # fmt: skip

    assert result.exit_code == 0, result.output
    rows = json.loads(run("portfolio", "--json").output)
    assert [(r["key"], r["rag"], r["whole_life_cost"]) for r in rows] == [
        ("005-000001234", "green", "312600000.00")
    ]


def test_a_csv_in_utf16_is_refused_as_utf16_saying_to_save_it_as_utf8(run: Cli) -> None:
    # Excel's 'Unicode Text' was refused as 'not UTF-8 text (byte 1, on line 1, is 0xff: a
    # character saved in another encoding, such as Windows-1252's curly quotes or £)'.
    path = Path("unicode.csv").resolve()
    path.write_bytes("ID,Name,Area\nR-1,Item,Digital\n".encode("utf-16"))
    Path("m.toml").write_text(KEYED, encoding="utf-8")

    message = refused(run, path, "--mapping", "m.toml")

    assert "unicode.csv is UTF-16 text (it starts with a UTF-16 byte-order mark" in message
    assert "save it as 'CSV UTF-8'" in message
    assert "Windows-1252" not in message


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("name", ["Digitale Overheid", "Café Portaal"])
def test_a_csv_in_utf16_with_no_byte_order_mark_is_refused_as_utf16(
    run: Cli, encoding: str, name: str
) -> None:
    # With no byte-order mark, its ASCII is valid UTF-8, a NUL beside each letter: it was
    # refused as having no column 'ID', and with an accent as 'not UTF-8 text (byte 41, on
    # line 2, is 0xe9: ... Windows-1252's curly quotes or £)'.
    path = Path("unmarked.csv").resolve()
    path.write_bytes(f"ID,Name,Area\nR-1,{name},Digital\n".encode(encoding))
    Path("m.toml").write_text(KEYED, encoding="utf-8")

    message = refused(run, path, "--mapping", "m.toml")

    assert "unmarked.csv is UTF-16 text (it has no byte-order mark, but a NUL byte" in message
    assert "save it as 'CSV UTF-8'" in message
    assert "has no column" not in message
    assert "Windows-1252" not in message


DATED = '[columns]\nkey = "ID"\ntitle = "Name"\ncategory = "Area"\nforecast_date = "Finish"\n'


@pytest.mark.parametrize(
    ("months", "read"),
    [
        ("last", ["2026-06-30", "2026-02-28", "2026-12-31", "2026-06-30"]),
        ("first", ["2026-06-01", "2026-02-01", "2026-12-01", "2026-06-01"]),
    ],
)
def test_a_month_written_alone_is_the_day_the_mapping_says(
    run: Cli, months: str, read: list[str]
) -> None:
    # A register's expected completion, 'Jun 2026', was refused as 'not a date (YYYY-MM-DD)',
    # saying neither that it is a month nor how to read it.
    path = write("r.csv", "ID,Name,Area,Finish", "R-1,A,Digital,Jun 2026",
                 "R-2,B,Digital,2026-02", "R-3,C,Digital,December 2026",
                 "R-4,D,Digital,06/2026")  # fmt: skip
    Path("m.toml").write_text(f'months = "{months}"\n{DATED}', encoding="utf-8")

    result = run("returns", "import", str(path), "--mapping", "m.toml", "--as-at",
                 "2026-01-31", "--authority", "PMO")  # fmt: skip

    assert result.exit_code == 0, result.output
    rows = json.loads(run("portfolio", "--json").output)
    assert [row["forecast_date"] for row in rows] == read


@pytest.mark.parametrize(
    ("cell", "why"),
    [
        ("Jun 2026", ("'Jun 2026' is a month, not a day: say which day of it the return means, "
                     'months = "last" in the mapping (here 2026-06-30) or months = "first"')),
        ("Q2 2026", "'Q2 2026' is a period (a quarter, a half or a financial year), not a day"),
        ("FY 2025-26", "'FY 2025-26' is a period"),
        ("2026-H1", "'2026-H1' is a period"),
    ],
    ids=["month", "quarter", "financial-year", "half"],
)  # fmt: skip
def test_a_month_or_period_with_no_day_is_refused_saying_how_to_read_it(
    run: Cli, cell: str, why: str
) -> None:
    path = write("r.csv", "ID,Name,Area,Finish", f"R-1,A,Digital,{cell}")
    Path("m.toml").write_text(DATED, encoding="utf-8")

    message = refused(run, path, "--mapping", "m.toml")

    assert f"row 2, column Finish: cell D2: {why}" in message


def two_row_header() -> Path:
    """A workbook whose header is two rows: 'Cost (£k)' merged over Budget and Forecast."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Ref", "Project", "Portfolio", "Cost (£k)", None, "RAG"])
    sheet.merge_cells("D1:E1")
    sheet.append([None, None, None, "Budget", "Forecast", None])
    sheet.append(["P-1", "CRM Replacement", "Customer", 1250, "1310.5", "Amber"])
    book.save("two.xlsx")
    return Path("two.xlsx").resolve()


TWO_ROWS = (
    'units = "thousands"\n[columns]\nkey = "Ref"\ntitle = "Project"\ncategory = "Portfolio"\n'
    'authorised_budget = "Budget"\nforecast_cost = "Forecast"\nrag = "RAG"\n'
)


@pytest.mark.parametrize("header_row", ["", "header_row = 2\n"])
def test_a_header_of_two_rows_is_refused_saying_header_rows_reads_it(
    run: Cli, header_row: str
) -> None:
    # Either row alone lacks columns ('Ref' above, 'Budget' below), and neither refusal
    # said the header was the two rows together, nor could a mapping read it as one.
    Path("m.toml").write_text(header_row + TWO_ROWS, encoding="utf-8")

    message = refused(run, two_row_header(), "--mapping", "m.toml")

    assert (
        "Row 1 and the row below it together hold every column to be read (a header of two "
        "rows, a group heading over the columns it spans): say header_row = 1 and "
        "header_rows = 2 in the mapping"
    ) in message


def test_a_header_of_two_rows_is_read_with_header_rows(run: Cli) -> None:
    Path("m.toml").write_text("header_rows = 2\n" + TWO_ROWS, encoding="utf-8")

    result = run("returns", "import", str(two_row_header()), "--mapping", "m.toml",
                 "--as-at", "2025-09-30", "--authority", "PMO")  # fmt: skip

    assert result.exit_code == 0, result.output
    assert "New: 1 joins the portfolio" in result.output
    assert "Recorded 1 event (position 1) in" in result.output  # not '1 events (1 to 1)'
    [row] = json.loads(run("portfolio", "--json").output)
    assert (row["key"], row["authorised_budget"], row["forecast_cost"], row["rag"]) == (
        "P-1",
        "1250000.00",
        "1310500.00",
        "amber",
    )


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_an_export_by_a_mapping_of_two_header_rows_reads_back_as_no_change(
    run: Cli, suffix: str
) -> None:
    Path("m.toml").write_text("header_rows = 2\n" + TWO_ROWS, encoding="utf-8")
    options = ("--mapping", "m.toml", "--as-at", "2025-09-30", "--authority", "PMO")
    assert run("returns", "import", str(two_row_header()), *options).exit_code == 0

    written = run("portfolio", "export", "--out", f"back.{suffix}", "--mapping", "m.toml")
    back = run("returns", "import", f"back.{suffix}", *options, "--json")

    assert "Wrote 1 item" in written.output, written.output
    assert back.exit_code == 0, back.output
    assert [row["key"] for row in json.loads(back.output)["unchanged"]] == ["P-1"]
    assert run.events() == 1


def test_a_word_for_no_date_is_refused_saying_how_the_mapping_spells_it(run: Cli) -> None:
    # 'TBC' in a register's expected completion was 'not a date (YYYY-MM-DD)', and a
    # [spellings.forecast_date] was accepted but never read.
    path = write("r.csv", "ID,Name,Area,Finish", "R-1,A,Digital,TBC", "R-2,B,Digital,TBA")
    Path("m.toml").write_text(DATED, encoding="utf-8")

    message = refused(run, path, "--mapping", "m.toml")

    assert (
        "cell D2: 'TBC' is not a date (YYYY-MM-DD); or, if 'TBC' means no date, say "
        '[spellings.forecast_date] "TBC" = "" in the mapping'
    ) in message

    Path("m.toml").write_text(
        DATED + '[spellings.forecast_date]\n"TBC" = ""\n"TBA" = "2027-03-31"\n', encoding="utf-8"
    )
    result = run("returns", "import", str(path), "--mapping", "m.toml", "--as-at",
                 "2026-01-31", "--authority", "PMO")  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = json.loads(run("portfolio", "--json").output)
    assert [row["forecast_date"] for row in rows] == [None, "2027-03-31"]


def test_a_date_spelt_as_no_day_refuses_the_mapping(run: Cli) -> None:
    path = write("r.csv", "ID,Name,Area,Finish", "R-1,A,Digital,TBC")
    Path("m.toml").write_text(DATED + '[spellings.forecast_date]\n"TBC" = "soon"\n', "utf-8")

    message = refused(run, path, "--mapping", "m.toml")

    assert (
        '[spellings.forecast_date] "TBC" = "soon": \'soon\' is not a day (write one of: '
        'YYYY-MM-DD, or "" for no date)'
    ) in message


@pytest.mark.parametrize(
    ("mapping", "said"),
    [
        (TWO_ROWS.replace('units = "thousands"\n', ""), "says its money is in thousands"),
        ('currency = "EUR"\n' + TWO_ROWS, "says its money is in GBP"),
    ],
)
def test_a_group_heading_s_units_and_currency_are_held_against_the_mapping(
    run: Cli, mapping: str, said: str
) -> None:
    # 'Cost (£k)' over Budget and Forecast: with header_rows = 2 each column was named by
    # its lower cell alone, so a mapping in units read 1250 (thousands) as GBP 1,250, and
    # one in EUR read pounds as euros, where a header of one row 'Budget (£k)' is refused.
    Path("m.toml").write_text("header_rows = 2\n" + mapping, encoding="utf-8")

    message = refused(run, two_row_header(), "--mapping", "m.toml")

    assert f"the column 'Forecast' under 'Cost (£k)' (forecast_cost) {said}" in message


def test_a_group_heading_written_once_in_a_csv_is_over_each_column_of_its_group(
    run: Cli,
) -> None:
    path = write("r.csv", "Ref,Project,Area,Cost ($M),,RAG", ",,,Budget,Forecast,",
                 "P-1,CRM,Digital,1.5,2,Amber")  # fmt: skip
    Path("m.toml").write_text(
        'header_rows = 2\nunits = "millions"\ncurrency = "USD"\n'
        + TWO_ROWS.replace('units = "thousands"\n', "").replace("Portfolio", "Area"),
        encoding="utf-8",
    )
    result = run("returns", "import", str(path), "--mapping", "m.toml", "--as-at",
                 "2025-09-30", "--authority", "PMO")  # fmt: skip
    assert result.exit_code == 0, result.output

    Path("m.toml").write_text(
        'header_rows = 2\ncurrency = "USD"\n'
        + TWO_ROWS.replace('units = "thousands"\n', "").replace("Portfolio", "Area"),
        encoding="utf-8",
    )
    message = refused(run, path, "--mapping", "m.toml", as_at="2025-12-31")
    assert "its money columns name different units" not in message
    assert "the column 'Forecast' under 'Cost ($M)' (forecast_cost) says its money" in message


def test_a_return_writing_millions_as_mm_refuses_a_cell_writing_m(run: Cli) -> None:
    # '$3.5MM' and '$850M' in one column were read as 3.5 million and 850 million, where
    # MM is a million M is a thousand: $850,000 recorded as $850,000,000, with no refusal.
    path = write("r.csv", "ID,Name,Area,Budget", "R-1,A,Digital,$3.5MM", "R-2,B,Digital,$850M",
                 "R-3,C,Digital,$1.2m")  # fmt: skip
    mapping = 'currency = "USD"\n[columns]\nkey = "ID"\ntitle = "Name"\ncategory = "Area"\n'
    Path("m.toml").write_text(mapping + 'authorised_budget = "Budget"\n', encoding="utf-8")

    message = refused(run, path, "--mapping", "m.toml")

    assert (
        "row 3, column Budget: cell D3: '$850M' writes a million as M, and cell D2 ('$3.5MM') "
        "as MM; where MM is a million, M is a thousand"
    ) in message
    assert "row 4, column Budget: cell D4: '$1.2m'" in message
    assert "row 2" not in message

    path = write("r.csv", "ID,Name,Area,Budget", "R-1,A,Digital,$3.5MM", "R-2,B,Digital,$850K")
    result = run("returns", "import", str(path), "--mapping", "m.toml", "--as-at",
                 "2024-09-30", "--authority", "PMO")  # fmt: skip
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("value", ["12abc", "1,5", "-5", "$5 EUR"])
def test_a_figure_spelt_as_no_amount_refuses_the_mapping(run: Cli, value: str) -> None:
    # A spelling with a digit in it was taken for an amount unread, so '"TBC" = "1,5"' loaded
    # and refused every row holding TBC as the cell's fault ("'1,5' is not an amount").
    path = write("r.csv", "ID,Name,Area,Budget", "R-1,A,Digital,TBC")
    Path("m.toml").write_text(
        '[columns]\nkey = "ID"\ntitle = "Name"\ncategory = "Area"\nauthorised_budget = "Budget"\n'
        f'[spellings.authorised_budget]\n"TBC" = "{value}"\n',
        encoding="utf-8",
    )

    message = refused(run, path, "--mapping", "m.toml")

    assert (
        f'[spellings.authorised_budget] "TBC" = "{value}": {value!r} is not a figure'
    ) in message


def month_dated() -> Path:
    """A workbook whose Finish dates are shown as months (Jun-26), and one typed whole."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["ID", "Name", "Area", "Finish"])
    sheet.append(["R-1", "A", "Digital", date(2026, 6, 1)])  # 'Jun 2026' as Excel keeps it
    sheet.append(["R-2", "B", "Digital", date(2026, 6, 15)])
    for ref in ("D2", "D3"):
        sheet[ref].number_format = "mmm-yy"
    book.save("months.xlsx")
    return Path("months.xlsx").resolve()


def test_a_workbook_s_date_shown_as_a_month_is_read_as_the_mapping_s_months_says(
    run: Cli,
) -> None:
    # A cell showing 'Jun-26' holds 1 June 2026, as Excel keeps 'Jun 2026' typed into it:
    # it was read as 2026-06-01 under months = "last", where the same text in a CSV is
    # 2026-06-30, and without months it was read, where the text is refused.
    Path("m.toml").write_text(DATED, encoding="utf-8")
    message = refused(run, month_dated(), "--mapping", "m.toml")
    assert "row 2, column Finish: cell D2 is a date shown as its month alone: '06/2026' is a " in (
        message
    )
    assert "row 3" not in message  # a day other than the first was typed whole

    Path("m.toml").write_text('months = "last"\n' + DATED, encoding="utf-8")
    result = run("returns", "import", str(month_dated()), "--mapping", "m.toml", "--as-at",
                 "2026-01-31", "--authority", "PMO")  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = json.loads(run("portfolio", "--json").output)
    assert [row["forecast_date"] for row in rows] == ["2026-06-30", "2026-06-15"]


def year_dated() -> Path:
    """A workbook whose Finish dates are shown as years (yyyy), and one typed whole."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["ID", "Name", "Area", "Finish"])
    sheet.append(["R-1", "A", "Digital", date(2027, 1, 1)])  # '2027' as Excel keeps it
    sheet.append(["R-2", "B", "Digital", date(2027, 3, 15)])
    for ref in ("D2", "D3"):
        sheet[ref].number_format = "yyyy"
    book.save("years.xlsx")
    return Path("years.xlsx").resolve()


@pytest.mark.parametrize(("years", "read"), [("last", "2027-12-31"), ("first", "2027-01-01")])
def test_a_workbook_s_date_shown_as_a_year_is_read_as_the_mapping_s_years_says(
    run: Cli, years: str, read: str
) -> None:
    # A cell showing '2027' holds 1 January 2027, as Excel keeps '2027' typed into a date
    # column: it was read as 2027-01-01 under years = "last", where the text '2027' is
    # 2027-12-31, and without years it was read, where the text is refused.
    Path("m.toml").write_text(DATED, encoding="utf-8")
    message = refused(run, year_dated(), "--mapping", "m.toml")
    assert "row 2, column Finish: cell D2 is a date shown as its year alone: '2027' is a " in (
        message
    )
    assert "row 3" not in message  # a day other than 1 January was typed whole

    Path("m.toml").write_text(f'years = "{years}"\n' + DATED, encoding="utf-8")
    result = run("returns", "import", str(year_dated()), "--mapping", "m.toml", "--as-at",
                 "2026-01-31", "--authority", "PMO")  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = json.loads(run("portfolio", "--json").output)
    assert [row["forecast_date"] for row in rows] == [read, "2027-03-15"]


def test_the_ppm_export_read_by_a_mapping_without_its_units_is_refused(run: Cli) -> None:
    # ppm.toml read its header's second row alone (header_row = 5), so 'Cost (£k)' above it
    # was never held against the mapping: without units = "thousands" every figure was
    # read as pounds. Read as a header of two rows, the group heading says thousands.
    mapping = (DATA / "ppm.toml").read_text(encoding="utf-8")
    Path("m.toml").write_text(mapping.replace('units = "thousands"\n', ""), encoding="utf-8")

    message = refused(run, DATA / "ppm_export.xlsx", "--mapping", "m.toml", as_at="2025-09-30")

    assert "the column 'Forecast' under 'Cost (£k)' (forecast_cost) says its money is in " in (
        message
    )


def test_header_rows_over_a_header_of_one_row_says_to_read_one_row(run: Cli) -> None:
    # The first row was the header and header_rows = 2 read the first item into it; the
    # refusal said 'say header_row = 1', which the mapping already said.
    path = write("r.csv", "ID,Name,Area", "R-1,A,Digital")
    Path("m.toml").write_text(
        'header_rows = 2\n[columns]\nkey = "ID"\ntitle = "Name"\ncategory = "Area"\n', "utf-8"
    )

    message = refused(run, path, "--mapping", "m.toml")

    assert (
        "Row 1 alone holds every column to be read, and the mapping's header_rows = 2 read the "
        "row below it into the header too: say header_rows = 1 in the mapping"
    ) in message
    assert "say header_row = 1" not in message
