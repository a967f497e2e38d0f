"""Returns as real portfolio offices keep them: cells spelt and typed in the ways they are.

Each test is a shape seen in public registers and PPM exports, read exactly or
refused naming the cell, and nothing written when refused.
"""

from __future__ import annotations

import json
import unicodedata
from datetime import datetime
from pathlib import Path

from tests.behaviour.test_returns_refusals import GOOD, HEADER, refused, write
from tests.conftest import Cli


def test_a_decimal_comma_in_money_is_refused_not_read_as_thousands(run: Cli) -> None:
    # '1,5' in a column of GBP millions, from a comma-decimal locale, is one and a half
    # million; read as 15 million, the return overstated it tenfold.
    path = write(
        "comma.csv",
        HEADER,
        *GOOD,
        'HO_0003,Borders,HO,Infrastructure and Construction,2024-25,"1,5",,RED',
    )

    message = refused(run, path)

    assert "row 4, column whole_life_cost_gbp_m: cell F4: '1,5' is not an amount" in message
    assert (
        "(a comma only groups digits, 1,200,000 or 12,00,000; a decimal comma is not read"
        in message
    )
    assert "write a number (e.g. 1443.7" in message


def test_a_decimal_comma_on_the_command_line_is_refused(run: Cli) -> None:
    run("item", "propose", "PRJ-1", "--kind", "project", "--title", "T", "--owner", "O",
        "--sponsor", "S", "--category", "C", "-m", "r")  # fmt: skip
    before = run.events()

    result = run("item", "appraise", "PRJ-1", "--estimated-cost", "1234,56",
                 "--expected-benefits", "2000", "--risk-rating", "low",
                 "--alignment-score", "50", "-m", "r")  # fmt: skip

    assert result.exit_code == 2, result.output
    assert "'1234,56' is not an amount: a comma groups digits" in result.output
    assert run.events() == before


MAPPING = """
source = "PPM export"
[columns]
key = "ID"
title = "Name"
category = "Portfolio"
forecast_date = "Finish"
rag = "Health"
"""


def ppm_export(path: Path, *rows: list[object]) -> Path:
    """A PPM tool's export: a workbook with the mapping's columns and these rows."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["ID", "Name", "Portfolio", "Finish", "Health"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    Path("ppm.toml").write_text(MAPPING, encoding="utf-8")
    return path


def test_a_date_cell_with_a_time_of_day_is_read_as_its_day(run: Cli) -> None:
    deadline = datetime(2026, 12, 31, 17, 0)  # noqa: DTZ001 - a workbook's times are naive
    midnight = datetime(2027, 3, 31)  # noqa: DTZ001
    path = ppm_export(
        Path("ppm.xlsx").resolve(),
        ["PPM-1", "Data centre exit", "Infrastructure", deadline, "Green"],
        ["PPM-2", "Payroll", "Corporate", midnight, "Amber"],
    )

    result = run("returns", "import", str(path), "--mapping", "ppm.toml",
                 "--as-at", "2026-09-30", "--authority", "PMO")  # fmt: skip

    assert result.exit_code == 0, result.output
    shown = json.loads(run("item", "show", "PPM-1", "--json").output)
    assert shown["forecast_date"] == "2026-12-31"
    shown = json.loads(run("item", "show", "PPM-2", "--json").output)
    assert shown["forecast_date"] == "2027-03-31"


def test_a_dollar_sign_in_a_return_of_australian_dollars_is_australian_dollars(run: Cli) -> None:
    Path("au.toml").write_text(
        'currency = "AUD"\nunits = "millions"\n[columns]\nkey = "ID"\ntitle = "Name"\n'
        'category = "Portfolio"\nwhole_life_cost = "Budget (A$m)"\n',
        encoding="utf-8",
    )
    path = write(
        "au.csv", "ID,Name,Portfolio,Budget (A$m)", 'AU-1,Digital Identity,Digital,"$1,234.5"'
    )

    result = run("returns", "import", str(path), "--mapping", "au.toml",
                 "--as-at", "2026-09-30", "--authority", "PMO")  # fmt: skip

    assert result.exit_code == 0, result.output
    shown = json.loads(run("item", "show", "AU-1", "--json").output)
    assert shown["whole_life_cost"] == {"amount": "1234500000.00", "currency": "AUD"}


def test_a_dollar_sign_in_a_return_of_pounds_is_refused_naming_the_currencies(run: Cli) -> None:
    path = write("gb.csv", HEADER, "HO_0003,Borders,HO,Infrastructure,2024-25,$12,,RED")

    message = refused(run, path)

    assert "cell F2: '$12' is in a currency written $ (USD, AUD," in message
    assert "this return's money is GBP" in message


def test_a_dollar_written_with_its_country_is_that_dollar(run: Cli) -> None:
    # 'US$', 'A$', 'C$', 'NZ$': how registers outside the US write their dollars. Each was
    # refused as "not an amount"; now each is its currency: read in a return of it, and
    # refused by name in a return of another.
    Path("au.toml").write_text(
        'currency = "AUD"\n[columns]\nkey = "ID"\ntitle = "Name"\n'
        'category = "Portfolio"\nwhole_life_cost = "Budget"\n',
        encoding="utf-8",
    )
    path = write("au.csv", "ID,Name,Portfolio,Budget", 'AU-1,Identity,Digital,"A$1,234.5"',
                 'AU-2,Payments,Digital,"AU$10"')  # fmt: skip

    result = run("returns", "import", str(path), "--mapping", "au.toml",
                 "--as-at", "2026-09-30", "--authority", "PMO")  # fmt: skip

    assert result.exit_code == 0, result.output
    shown = json.loads(run("item", "show", "AU-1", "--json").output)
    assert shown["whole_life_cost"] == {"amount": "1234.50", "currency": "AUD"}
    shown = json.loads(run("item", "show", "AU-2", "--json").output)
    assert shown["whole_life_cost"] == {"amount": "10.00", "currency": "AUD"}
    refused_path = write("us.csv", "ID,Name,Portfolio,Budget", "AU-3,Ledger,Digital,US$12")
    result = run("returns", "import", str(refused_path), "--mapping", "au.toml",
                 "--as-at", "2026-09-30", "--authority", "PMO")  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "cell D2: 'US$12' is in USD; this return's money is AUD" in " ".join(
        result.output.split()
    )


def register(*fields: str) -> str:
    """A mapping of key, title, category and ``fields``, each read from a column of its name."""
    columns = "".join(f'{name} = "{name}"\n' for name in ("key", "title", "category", *fields))
    Path("register.toml").write_text(f"[columns]\n{columns}", encoding="utf-8")
    return "register.toml"


def test_a_value_merged_down_a_column_is_read_in_every_row_it_spans(run: Cli) -> None:
    # A register merges a directorate's name down the rows of its projects; the workbook
    # holds it in the first cell only, and the rows after it read as having none.
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["key", "title", "organisation", "category", "rag"])
    sheet.append(["FIN-1", "ERP upgrade", "Finance", "Corporate", "red"])
    sheet.append(["FIN-2", "HR self-service", None, "Corporate", "green"])
    sheet.append(["FIN-3", "Print estate", None, "Corporate", "amber"])
    sheet.append(["IT-1", "Network refresh", "IT", "Infrastructure", "amber"])
    sheet.merge_cells("C2:C4")
    book.save("merged.xlsx")

    result = run("returns", "import", "merged.xlsx", "--mapping", register("organisation", "rag"),
                 "--as-at", "2026-09-30", "--authority", "PMO")  # fmt: skip

    assert result.exit_code == 0, result.output
    rows = json.loads(run("portfolio", "--json").output)
    held = {row["key"]: row["organisation"] for row in rows}
    assert held == {"FIN-1": "Finance", "FIN-2": "Finance", "FIN-3": "Finance", "IT-1": "IT"}


def test_a_value_merged_across_columns_is_refused_in_the_cells_it_covers(run: Cli) -> None:
    # Merged across the cost columns, the figure would stand for both or for one: not read.
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["key", "title", "category", "whole_life_cost", "forecast_cost"])
    sheet.append(["FIN-1", "ERP upgrade", "Corporate", 1200000, None])
    sheet.merge_cells("D2:E2")
    book.save("across.xlsx")
    before = run.events()

    mapping = register("whole_life_cost", "forecast_cost")
    result = run("returns", "import", "across.xlsx", "--mapping", mapping,
                 "--as-at", "2026-09-30", "--authority", "PMO")  # fmt: skip

    assert result.exit_code == 2, result.output
    assert (
        "row 2, column forecast_cost: cell E2 is part of the merged cells D2:E2 (their value "
        "is in D2), which span more than one column; unmerge them" in result.output
    )
    assert run.events() == before


STANDARD = (
    "key,title,kind,organisation,category,owner,sponsor,stage,whole_life_cost,forecast_cost,rag"
)


def test_an_accent_saved_as_a_separate_mark_is_no_change_and_still_matches(run: Cli) -> None:
    # A Mac or a web form may save 'è' as 'e' and a combining grave (NFD): it reads the same.
    composed = "Système Phénix"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    rows = "\n".join(
        f"{key},{title},project,,Digital,,,in delivery,100,,green"
        for key, title in (("K-1", composed), ("", "Café Wi-Fi"))  # the second has no id
    )
    path = write("nfc.csv", STANDARD, rows)
    first = run("returns", "import", str(path), "--as-at", "2026-06-30", "--authority", "PMO")
    assert first.exit_code == 0, first.output
    before = run.events()
    again = write("nfd.csv", STANDARD, unicodedata.normalize("NFD", rows))

    result = run("returns", "import", str(again), "--as-at", "2026-09-30", "--authority", "PMO",
                 "--missing", "leave", "--json")  # fmt: skip

    assert result.exit_code == 0, result.output
    reconciled = json.loads(result.output)
    assert (reconciled["changed"], reconciled["missing"], reconciled["refused"]) == ([], [], [])
    assert len(reconciled["unchanged"]) == 2
    # Unchanged, each rated item's status is reported again on the later date: no more.
    assert [row["status_reported"] for row in reconciled["unchanged"]] == [True, True]
    assert run.events() == before + 2


def _with_a_first_sheet(path: str, *first: list[str]) -> str:
    """A workbook whose first sheet (a cover, instructions) holds ``first``, then 'Projects'."""
    from openpyxl import Workbook

    book = Workbook()
    cover = book.active
    assert cover is not None
    cover.title = "Cover"
    for row in first:
        cover.append(row)
    projects = book.create_sheet("Projects")
    projects.append(["key", "title", "category"])
    projects.append(["K-1", "Alpha", "Digital"])
    book.save(path)
    return path


def test_an_empty_first_sheet_is_named_with_the_sheets_to_read_instead(run: Cli) -> None:
    # 'blank.xlsx is empty' was false (its second sheet is the return) and gave no fix.
    path = _with_a_first_sheet("blank.xlsx")

    message = refused(run, Path(path))

    assert "blank.xlsx: the sheet 'Cover' is empty" in message
    assert "the workbook's other sheets are: 'Projects'; name the one holding" in message
    assert "--sheet NAME" in message


def test_a_cover_sheet_read_as_the_return_is_named_with_the_sheets_to_read_instead(
    run: Cli,
) -> None:
    path = _with_a_first_sheet("cover.xlsx", ["How to complete this return"])

    result = run("returns", "import", path, "--mapping", register(), "--as-at", "2026-09-30",
                 "--authority", "PMO")  # fmt: skip

    assert result.exit_code == 2, result.output
    assert "That is the sheet 'Cover'; the workbook's other sheets are: 'Projects'" in result.output
    assert run.events() == 0
    read = run("returns", "import", path, "--sheet", "Projects", "--mapping", register(),
               "--as-at", "2026-09-30", "--authority", "PMO")  # fmt: skip
    assert read.exit_code == 0, read.output


def test_a_row_whose_id_is_refused_is_not_keyed_by_its_name_too(run: Cli) -> None:
    # 'HO 123' is an id, wrongly written: the row was also keyed from its name, shown as
    # joining under BORDERS and refused again as a duplicate of the next row.
    path = write("ids.csv", "key,title,category", "HO 123,Borders,c", ",Borders,c")

    result = run("returns", "import", str(path), "--mapping", register(), "--as-at",
                 "2026-09-30", "--authority", "PMO", "--dry-run", "--json")  # fmt: skip

    assert result.exit_code == 2, result.output
    reconciled = json.loads(result.output[: result.output.rindex("}") + 1])
    assert [refusal["row"] for refusal in reconciled["refused"]] == [2]
    assert "'HO 123' is not a valid item key" in reconciled["refused"][0]["reason"]
    assert [named["row"] for named in reconciled["keys_from_names"]] == [3]


def test_a_csv_row_split_by_an_unquoted_comma_is_refused_not_read_a_column_on(run: Cli) -> None:
    # 'Roads, bridges and tunnels' unquoted is two cells: the title read 'Roads', the
    # category ' bridges and tunnels', the organisation the category, and 'DfT' was dropped.
    mapping = register("organisation")
    path = write(
        "split.csv",
        "key,title,category,organisation",
        "K-1,Roads, bridges and tunnels,Infrastructure,DfT",
        "K-2,Rail,Infrastructure,DfT,,",  # empty cells after the header's last: as Excel writes
    )
    before = run.events()

    result = run("returns", "import", str(path), "--mapping", mapping, "--as-at", "2026-09-30",
                 "--authority", "PMO")  # fmt: skip

    assert result.exit_code == 2, result.output
    assert "row 2: cell E2 ('DfT') is beyond the header's last column" in result.output
    assert "a cell holding a comma that is not quoted is split in two" in result.output
    assert "row 3" not in result.output
    assert run.events() == before


def test_two_names_that_make_one_key_are_refused_saying_to_give_the_rows_ids(run: Cli) -> None:
    # Was 'ROADS-BRIDGES is also on row 2; an item appears once in a return (... --where
    # COLUMN=VALUE)': two different projects told they were one, and the wrong fix.
    path = write(
        "names.csv",
        "key,title,category",
        ",Roads & Bridges,Infrastructure",
        ",Roads / Bridges,Infrastructure",
        ",Payroll,Corporate",
        ",Payroll,Corporate",
    )

    result = run("returns", "import", str(path), "--mapping", register(), "--as-at",
                 "2026-09-30", "--authority", "PMO")  # fmt: skip

    assert result.exit_code == 2, result.output
    assert (
        "row 3: no id; the key made from its name, ROADS-BRIDGES, is also made from the name "
        "on row 2 ('Roads & Bridges'); give the rows ids" in result.output
    )
    assert "row 5: no id, and its name 'Payroll' is also on row 4: give the rows ids" in (
        result.output
    )
    assert run.events() == 0


def test_a_return_that_cannot_be_read_creates_no_ledger(run: Cli) -> None:
    # A file refused as a whole (here: a cover sheet read, no such column) was refused
    # after the ledger was opened: a new SQLite file, or the tables in an empty schema,
    # were made for a return that was never read.
    from sqlalchemy.engine import make_url

    from portfolio_ledger.storage.held import holds_ledger

    path = _with_a_first_sheet("cover.xlsx", ["How to complete this return"])

    result = run("returns", "import", path, "--mapping", register(), "--as-at", "2026-09-30",
                 "--authority", "PMO")  # fmt: skip

    assert result.exit_code == 2, result.output
    assert not holds_ledger(run.url)
    if run.url.startswith("sqlite"):
        assert not Path(make_url(run.url).database or "").exists()


def test_a_total_row_is_refused_not_onboarded_as_an_item(run: Cli) -> None:
    # A register's last row often sums the rest. With no id, 'Total' made the key TOTAL
    # and joined the portfolio as an item, doubling every figure; under an id column that
    # holds the label instead, it joined as TOTAL all the same.
    mapping = register("whole_life_cost")
    for label, row in (("Total", ",Total,c,300"), ("Grand total:", ",Grand total:,c,300"),
                       ("SUB-TOTAL", "SUB-TOTAL,Transport,c,300"),
                       ("TOTAL PORTFOLIO", ",TOTAL PORTFOLIO,c,300"),
                       ("Total - Transport", ",Total - Transport,c,300"),
                       ("Digital subtotal", ",Digital subtotal,c,300"),
                       ("EINDTOTAAL", "EINDTOTAAL,Alle projecten,c,300"),  # a Dutch register's
                       ("Totaal Financiën", ",Totaal Financiën,c,300")):  # fmt: skip
        path = write("total.csv", "key,title,category,whole_life_cost",
                     "K-1,Roads,c,100", "K-2,Rail,c,200", row)  # fmt: skip

        result = run("returns", "import", str(path), "--mapping", mapping, "--as-at",
                     "2026-09-30", "--authority", "PMO")  # fmt: skip

        message = " ".join(result.output.split())
        assert result.exit_code == 2, result.output
        assert f"row 4: it looks like a total, not an item ({label!r})" in message
        assert "delete the row from the return" in message
        assert run.events() == 0


def test_a_total_row_with_an_id_is_refused_saying_to_onboard_such_an_item(run: Cli) -> None:
    # A PPM tool numbers every row, its total's too: 'TOT-1,Total' joined the portfolio as
    # an item, doubling every figure, where the same row with no id was refused.
    mapping = register("whole_life_cost")
    for name in ("Total", "Grand total", "Sub-total", "TOTALS:"):
        path = write("total.csv", "key,title,category,whole_life_cost",
                     "K-1,Roads,c,100", f"TOT-1,{name},c,100")  # fmt: skip

        result = run("returns", "import", str(path), "--mapping", mapping, "--as-at",
                     "2026-09-30", "--authority", "PMO")  # fmt: skip

        message = " ".join(result.output.split())
        assert result.exit_code == 2, result.output
        assert f"row 3: it looks like a total, not an item (its name is {name!r})" in message
        assert "no item in the ledger has its id, 'TOT-1': delete the row" in message
        assert f'onboard it first (\'portfolio-ledger item onboard TOT-1 --title "{name}"' in (
            message
        )
        assert run.events() == 0


def test_a_row_of_an_item_onboarded_or_only_named_like_total_is_read_as_an_item(
    run: Cli,
) -> None:
    mapping = register("whole_life_cost")
    onboarded = run("item", "onboard", "TOT-1", "--title", "Total", "--category", "c",
                    "--authority", "PMO", "-m", "an item called Total",
                    "--effective-date", "2026-09-30")  # fmt: skip
    assert onboarded.exit_code == 0, onboarded.output
    first = write("first.csv", "key,title,category,whole_life_cost", "TOT-1,Total,c,100")
    imported = run("returns", "import", str(first), "--mapping", mapping, "--as-at",
                   "2026-09-30", "--authority", "PMO")  # fmt: skip
    assert imported.exit_code == 0, imported.output
    again = write("again.csv", "key,title,category,whole_life_cost", ",Total,c,100")

    result = run("returns", "import", str(again), "--mapping", mapping, "--as-at",
                 "2026-10-31", "--authority", "PMO", "--json")  # fmt: skip

    assert result.exit_code == 0, result.output
    reconciled = json.loads(result.output)
    assert [(n["name"], n["key"]) for n in reconciled["keys_from_names"]] == [("Total", "TOT-1")]
    named = write("named.csv", "key,title,category,whole_life_cost",
                  "TR-1,Total Rewards Platform,c,5", ",Totally Digital,c,6",
                  ",Totaalplan Waterveiligheid,c,7")  # fmt: skip
    result = run("returns", "import", str(named), "--mapping", mapping, "--as-at",
                 "2026-10-31", "--authority", "PMO")  # fmt: skip
    assert result.exit_code == 0, result.output  # an id, or a name only like the word


def test_an_id_shown_with_leading_zeros_keeps_them(run: Cli) -> None:
    # An id typed as a number under a format of zeros ('00000') shows as 00123 in Excel and
    # was read as 123: the item the CSV return onboarded as 00123 was missing, and a new
    # item 123 joined.
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["key", "title", "category", "whole_life_cost"])
    sheet.append([123, "Alpha", "Cat", 1500])
    sheet.append([45, "Beta", "Cat", 7])
    sheet["A2"].number_format = "00000"
    sheet["D2"].number_format = "00000"  # a figure under such a format is still its number
    book.save("ids.xlsx")
    mapping = register("whole_life_cost")

    result = run("returns", "import", "ids.xlsx", "--mapping", mapping, "--as-at",
                 "2026-09-30", "--authority", "PMO")  # fmt: skip

    assert result.exit_code == 0, result.output
    shown = json.loads(run("item", "show", "00123", "--json").output)
    assert shown["whole_life_cost"] == {"amount": "1500.00", "currency": "GBP"}
    assert run("item", "show", "45", "--json").exit_code == 0
