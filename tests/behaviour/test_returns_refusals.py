"""Bad returns are refused with a message that places the problem, and nothing is written.

Each kind of bad input: an old .xls, an encrypted or unreadable workbook, an
empty file, a missing column, a cell that is not money, a cell holding an
error or a formula never calculated, duplicate ids, a date in the future,
and decisions the ledger refuses. Problems in the file exit 2 (bad usage),
decisions the ledger refuses exit 1; neither writes anything.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import Cli

HEADER = (
    "gmpp_id,project_name,department,category,report_year,whole_life_cost_gbp_m,"
    "cost_variance_pct,delivery_confidence"
)
GOOD = [
    "CO_0001,Hubs Programme,CO,Government Transformation and Service Delivery,2024-25,558.0,,",
    (
        "DFE_0017,Skills Bootcamps,DFE,Government Transformation and Service Delivery,2024-25,"
        "1443.7,,AMBER"
    ),
]


def write(name: str, *lines: str) -> Path:
    path = Path(name).resolve()
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def returns_import(run: Cli, file: Path, *options: str, as_at: str = "2024-09-30") -> Result:
    """Import ``file``; by the GMPP's mapping and authority unless ``options`` give their own.

    Each option once: one given twice with different values is refused for that alone.
    """
    given = {"--mapping": "gmpp", "--as-at": as_at, "--authority": "GMPP annual report"}
    defaults = [word for name, value in given.items() if name not in options
                for word in (name, value)]  # fmt: skip
    return run("returns", "import", str(file), *defaults, *options)


def refused(run: Cli, file: Path, *options: str, code: int = 2, as_at: str = "2024-09-30") -> str:
    """Import, expect the refusal's exit code and nothing written; the message."""
    before = run.events()
    result = returns_import(run, file, *options, as_at=as_at)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert run.events() == before
    return result.output


@pytest.mark.parametrize(
    ("name", "problem", "fix"),
    [
        (
            "portfolio.xls",
            "portfolio.xls is an Excel 97-2003 workbook (.xls), which is not read",
            "save it as an Excel Workbook (.xlsx) or as CSV",
        ),
        (
            # An encrypted .xlsx is an OLE compound file holding the encrypted package.
            "protected.xlsx",
            "protected.xlsx is an encrypted (password-protected) workbook",
            "remove the password",
        ),
    ],
    ids=["xls", "password-protected"],
)
def test_an_old_or_encrypted_workbook_is_refused_saying_how_to_save_it(
    run: Cli, name: str, problem: str, fix: str
) -> None:
    path = Path(name)
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))

    message = refused(run, path)

    assert problem in message
    assert fix in message


def test_an_unreadable_workbook_is_refused(run: Cli) -> None:
    path = Path("broken.xlsx")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")

    message = refused(run, path)

    # A zip of other files is said to be one, naming what it holds (not in openpyxl's words:
    # "There is no item named '[Content_Types].xml' in the archive").
    assert "broken.xlsx is a zip archive, not a workbook: it holds hello.txt" in message


@pytest.mark.parametrize(
    ("lines", "problem"),
    [
        ((), "empty.csv is empty (0 bytes): a return has a header row and a row per item"),
        ((HEADER,), "empty.csv has a header but no rows"),
    ],
    ids=["no bytes", "header only"],
)
def test_an_empty_return_is_refused(run: Cli, lines: tuple[str, ...], problem: str) -> None:
    path = Path("empty.csv").resolve()
    path.write_text("\n".join(lines), encoding="utf-8")

    assert problem in refused(run, path)


def test_a_missing_column_is_named_with_the_columns_found(run: Cli) -> None:
    path = write(
        "no-cost.csv", "gmpp_id,project_name,department,category,delivery_confidence", "X,Y,Z,W,"
    )

    message = refused(run, path)

    assert "no-cost.csv has no column 'whole_life_cost_gbp_m'" in message
    assert "(read as whole_life_cost by the gmpp mapping)" in message
    assert "'gmpp_id', 'project_name', 'department', 'category', 'delivery_confidence'" in message
    # and what to do, where nothing in the file says why it is missing: it named none
    assert (
        "'delivery_confidence'. Name the file's own header for it in a mapping's [columns] "
        "(--mapping FILE; docs/returns.md), or import the file this mapping was made for"
    ) in message


def test_a_where_column_not_in_the_file_is_refused_saying_to_name_one_it_has(run: Cli) -> None:
    message = refused(run, write("r.csv", HEADER, GOOD[0]), "--where", "year=2024-25")

    assert "r.csv has no column 'year' (read by --where)" in message
    assert ". Name one of them with --where COLUMN=VALUE" in message


def test_a_cell_that_is_not_money_is_refused_with_its_row_column_and_value(run: Cli) -> None:
    path = write(
        "costs.csv",
        HEADER,
        *GOOD,
        "HO_0003,Borders,HO,Infrastructure and Construction,2024-25,about 12m,,RED",
    )

    message = refused(run, path)

    assert "row 4, column whole_life_cost_gbp_m: cell F4: 'about 12m' is not an amount" in message
    assert "nothing from the return was written" in message


def test_a_cell_with_a_unit_is_read_in_its_unit_not_the_mapping_s_again(run: Cli) -> None:
    # It was refused, lest "12m" in a column of millions be read as 12 million millions; it
    # says what it is, 12 million, as 1.2m does on the command line
    # (test_returns_registers.py reads a register written so).
    path = write(
        "units.csv",
        HEADER,
        *GOOD,
        "HO_0003,Borders,HO,Infrastructure and Construction,2024-25,12m,,RED",
    )

    result = returns_import(run, path)

    assert result.exit_code == 0, result.output
    shown = json.loads(run("item", "show", "HO_0003", "--json").output)
    assert shown["whole_life_cost"] == {"amount": "12000000.00", "currency": "GBP"}


def test_duplicate_ids_are_refused(run: Cli) -> None:
    path = write("twice.csv", HEADER, *GOOD, GOOD[0].replace("Hubs", "Other hubs"))

    message = refused(run, path)

    assert "row 4: its id, 'CO_0001', is also on row 2; an item appears once in a return" in message


def test_an_as_at_date_in_the_future_is_refused(run: Cli) -> None:
    message = refused(run, write("r.csv", HEADER, *GOOD), as_at="2999-01-01")

    assert "--as-at 2999-01-01 is in the future" in message


def test_a_rating_off_the_scale_is_refused(run: Cli) -> None:
    path = write("r.csv", HEADER, GOOD[0].removesuffix(",") + ",PURPLE")

    message = refused(run, path)

    assert "row 2, column delivery_confidence: cell H2: 'PURPLE' is not a rating" in message


def test_a_filter_that_keeps_no_row_says_what_the_column_holds(run: Cli) -> None:
    message = refused(run, write("r.csv", HEADER, *GOOD), "--where", "report_year=2030-31")

    assert "no row of r.csv has report_year = '2030-31' (--where)" in message
    assert "report_year: 2024-25" in message


def test_a_mapping_with_an_unknown_key_is_refused(run: Cli) -> None:
    mapping = write("m.toml", 'source = "X"', 'colour = "blue"', "[columns]", 'title = "name"')

    before = run.events()
    result = run(
        "returns", "import", str(write("r.csv", "name", "A")), "--mapping", str(mapping),
        "--as-at", "2024-09-30", "--authority", "PMO",
    )  # fmt: skip

    assert result.exit_code == 2, result.output
    assert "colour is not a mapping key" in result.output
    assert run.events() == before


def workbook(path: Path, *rows: list[str | None]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER.split(","))
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_an_error_cell_is_refused_with_its_reference(run: Cli) -> None:
    path = workbook(
        Path("errors.xlsx").resolve(),
        ["CO_0001", "Hubs", "CO", "ICT", "2024-25", "#DIV/0!", None, "RED"],
    )

    message = refused(run, path)

    assert "row 2, column whole_life_cost_gbp_m: cell F2 holds the error #DIV/0!" in message


def test_a_formula_never_calculated_is_refused_and_one_calculated_reads_as_its_value(
    run: Cli,
) -> None:
    path = workbook(
        Path("formulas.xlsx").resolve(),
        ["CO_0001", "Hubs", "CO", "ICT", "2024-25", "=500+58", None, "RED"],
    )

    message = refused(run, path)
    assert "cell F2 holds a formula (=500+58) with no value saved" in message

    # As a spreadsheet program saves it: the formula with its value beside it.
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet].replace(b"<f>500+58</f><v />", b"<f>500+58</f><v>558</v>")
    assert b"<v>558</v>" in parts[sheet]
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)

    result = returns_import(run, path, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(run("item", "show", "CO_0001", "--json").stdout)["whole_life_cost"] == {
        "amount": "558000000.00",
        "currency": "GBP",
    }


def test_a_sheet_not_in_the_workbook_is_refused_naming_the_sheets(run: Cli) -> None:
    path = workbook(Path("book.xlsx").resolve())

    message = refused(run, path, "--sheet", "Projects")

    assert "book.xlsx has no sheet 'Projects'; its sheets are: Sheet" in message


def test_a_row_the_ledger_refuses_refuses_the_return_and_writes_nothing(run: Cli) -> None:
    first = returns_import(run, write("2024.csv", HEADER, *GOOD))
    assert first.exit_code == 0, first.output
    second = returns_import(
        run, write("2025.csv", HEADER, GOOD[1]), "--missing", "leave", as_at="2025-09-30"
    )
    assert second.exit_code == 0, second.output
    assert "CO_0001" in second.output  # it left: no longer reported

    message = refused(run, write("2026.csv", HEADER, *GOOD), code=1, as_at="2026-01-31")

    assert "row 2: CO_0001 left the portfolio (no longer reported) before 2026-01-31" in message
    # It said 'or correct the leaving decision': a correction cannot undo a leaving, an
    # annulment does, and nothing said which decision or how to find it.
    assert (
        "if it left by mistake (left out of an earlier return), annul its leaving, 'decision "
        "annul POSITION' at the position 'item history CO_0001' shows for it, then import "
        "this return again" in " ".join(message.split())
    )


def test_an_item_that_left_on_the_returns_own_date_is_said_to_have_left_on_it(run: Cli) -> None:
    """Left with effect from the return's date: 'on' that date, not 'before' it."""
    assert returns_import(run, write("2024.csv", HEADER, *GOOD)).exit_code == 0
    left = returns_import(
        run, write("2025.csv", HEADER, GOOD[1]), "--missing", "leave", as_at="2025-09-30"
    )
    assert left.exit_code == 0, left.output

    message = " ".join(
        refused(run, write("again.csv", HEADER, *GOOD), code=1, as_at="2025-09-30").split()
    )

    assert "row 2: CO_0001 left the portfolio (no longer reported) on 2025-09-30;" in message
    assert "before 2025-09-30" not in message


def test_an_organisation_not_on_the_ledgers_list_is_refused(run: Cli) -> None:
    added = run("organisation", "add", "CO", "--name", "Cabinet Office", "-m", "The list")
    assert added.exit_code == 0, added.output

    message = refused(run, write("r.csv", HEADER, *GOOD), code=1)

    assert "row 3: " in message
    assert "DFE" in message


def test_a_dry_run_creates_no_ledger(tmp_path: Path) -> None:
    ledger = tmp_path / "never.db"
    run = Cli(f"sqlite:///{ledger}")

    result = returns_import(run, write("r.csv", HEADER, *GOOD), "--dry-run")

    assert result.exit_code == 0, result.output
    assert "2 new" in result.output
    assert "Nothing was written (dry run)" in result.output
    assert not ledger.exists()


def _damaged(path: Path, part: str, damage: bytes | None) -> Path:
    """A copy of a good workbook with one part cut short, replaced, or (None) taken out."""
    row: list[str | None] = [*GOOD[0].split(",")]
    good = workbook(Path("good.xlsx").resolve(), row)
    with zipfile.ZipFile(good) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    if damage is None:
        del parts[part]
    else:
        parts[part] = damage or parts[part][: len(parts[part]) // 2]
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize(
    ("part", "damage"),
    [
        ("xl/worksheets/sheet1.xml", b""),
        ("xl/worksheets/sheet1.xml", None),
        ("xl/workbook.xml", b"<garbage"),
        ("xl/styles.xml", b"<x"),
    ],
    ids=["sheet cut short", "sheet missing", "workbook part garbled", "styles garbled"],
)
def test_a_damaged_workbook_is_refused_not_an_internal_error(
    run: Cli, part: str, damage: bytes | None
) -> None:
    """A workbook whose zip is sound but whose XML is damaged is refused, saying what to do."""
    message = refused(run, _damaged(Path("damaged.xlsx").resolve(), part, damage))

    assert "damaged.xlsx cannot be read as an .xlsx workbook" in message
    assert "save it again as .xlsx, or as CSV" in message
    assert "Internal error" not in message


@pytest.mark.parametrize("kept", [0.5, 0.98], ids=["half", "all but its end"])
def test_a_workbook_cut_short_is_said_to_be_cut_short(run: Cli, kept: float) -> None:
    """A copy or download broken off: it was told only *File is not a zip file*."""
    row: list[str | None] = [*GOOD[0].split(",")]
    whole = workbook(Path("good.xlsx").resolve(), row).read_bytes()
    cut = Path("cut.xlsx").resolve()
    cut.write_bytes(whole[: int(len(whole) * kept)])

    message = " ".join(refused(run, cut).split())

    assert "cut.xlsx begins as an .xlsx workbook (a zip archive) but its end is missing" in message
    assert "export or copy the return again, whole" in message
    assert "not a zip file" not in message


@pytest.mark.parametrize(
    ("lines", "place", "problem"),
    [
        (
            # The quote opened on row 2 closes at the first quote of row 4: rows 2 to 4 would
            # be one row, and with --where or --missing leave items vanish or leave.
            [
                'CO_0001,"Hubs Programme,CO,ICT,2024-25,558.0,,',
                "DFE_0017,Skills Bootcamps,DFE,ICT,2024-25,1443.7,,AMBER",
                'HO_0001,"Borders, Programme",HO,ICT,2024-25,12,,RED',
            ],
            "row 2 (lines 2 to 4)",
            "',' expected after '\"'",
        ),
        (
            ["CO_0001,Hubs Programme,CO,ICT,2024-25,558.0,,", 'DFE_0017,"Skills,DFE,ICT,,,,'],
            "row 3 (line 3)",
            "unexpected end of data",
        ),
    ],
    ids=["closed on a later row", "never closed"],
)
def test_a_quote_left_open_in_a_csv_is_refused_naming_its_row(
    run: Cli, lines: list[str], place: str, problem: str
) -> None:
    """Read leniently, a stray quote made one cell of the rows after it, and they were lost."""
    message = refused(run, write("quoted.csv", HEADER, *lines), "--where", "report_year=2024-25")

    assert f"quoted.csv cannot be read as CSV: {place}: {problem}" in message
    assert "check that row's quotes" in message


def test_quotes_a_spreadsheet_writes_are_read(run: Cli) -> None:
    """Quoted commas, doubled quotes, a line break in a cell, a quote inside a plain cell."""
    path = write(
        "quotes.csv",
        HEADER,
        'CO_0001,"Hubs, ""phase 2""",CO,ICT,2024-25,558.0,,',
        'DFE_0017,"Skills',
        'Bootcamps",DFE,ICT,2024-25,1443.7,,AMBER',
        'HO_0001,27" screens,HO,ICT,2024-25,12,,RED',
    )

    result = returns_import(run, path, "--json")

    assert result.exit_code == 0, result.output
    titles = {row["key"]: (row["row"], row["title"]) for row in json.loads(result.stdout)["new"]}
    assert titles == {
        "CO_0001": (2, 'Hubs, "phase 2"'),
        "DFE_0017": (3, "Skills Bootcamps"),  # one cell; its line break one space in a name
        "HO_0001": (4, '27" screens'),
    }


def test_a_calculated_amount_reads_as_the_cell_shows_it(run: Cli) -> None:
    """A formula's result keeps its binary noise (1588.0700000000002); Excel shows 1588.07."""
    path = workbook(
        Path("calculated.xlsx").resolve(),
        ["CO_0001", "Hubs", "CO", "ICT", "2024-25", "=1443.7*1.1", None, "RED"],
    )
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    calculated = b"<f>1443.7*1.1</f><v>1588.0700000000002</v>"
    parts[sheet] = parts[sheet].replace(b"<f>1443.7*1.1</f><v />", calculated)
    assert calculated in parts[sheet]
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)

    result = returns_import(run, path)

    assert result.exit_code == 0, result.output
    assert json.loads(run("item", "show", "CO_0001", "--json").stdout)["whole_life_cost"] == {
        "amount": "1588070000.00",
        "currency": "GBP",
    }


def test_a_hidden_first_sheet_is_not_read_unless_named(run: Cli) -> None:
    """Last quarter's copy, hidden in front of the return, is not what the office sent."""
    from openpyxl import Workbook

    book = Workbook()
    old = book.active
    assert old is not None
    old.title = "Old"
    old.append(HEADER.split(","))
    old.append(["CO_0001", "Stale name", "CO", "ICT", "2023-24", "1", None, "RED"])
    old.sheet_state = "hidden"
    current = book.create_sheet("Return")
    current.append(HEADER.split(","))
    for line in GOOD:
        current.append(line.split(","))
    path = Path("hidden.xlsx").resolve()
    book.save(path)

    result = returns_import(run, path, "--dry-run", "--json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert found["sheet"] == "Return"
    assert [row["title"] for row in found["new"]] == ["Hubs Programme", "Skills Bootcamps"]

    named = returns_import(run, path, "--dry-run", "--sheet", "Old")
    assert named.exit_code == 0, named.output
    assert "Return hidden.xlsx, sheet 'Old' (sha256" in named.output
    assert "Stale name" in named.output


def test_a_row_that_ends_early_is_refused_naming_the_cell_it_lacks(run: Cli) -> None:
    """A CSV line with only an id has no title cell at all: the reference is still given."""
    message = refused(run, write("short.csv", HEADER, GOOD[0], "DFE_0017"))

    assert "row 3, column project_name: cell B3 is empty; every row names its item" in message


def test_a_name_too_long_is_refused_with_its_column_and_cell(run: Cli) -> None:
    """Not the command's validation message ('title: String should have ...') with no place."""
    long = "Hubs " * 50
    message = refused(run, write("long.csv", HEADER, GOOD[0].replace("Hubs", long, 1)))

    assert (
        "row 2, column project_name: cell B2 holds 260 characters; a title has at most 200: "
        "shorten it"
    ) in message


def test_an_organisation_too_long_is_refused_with_its_article(run: Cli) -> None:
    """It was 'a organisation has at most 200'."""
    message = refused(run, write("long.csv", HEADER, GOOD[0].replace(",CO,", f",{'D' * 201},", 1)))

    assert "cell C2 holds 201 characters; an organisation has at most 200: shorten it" in message


def test_a_title_row_above_the_header_is_refused_saying_which_row_is_the_header(
    run: Cli,
) -> None:
    """A report's title and a merged group heading over its columns, as offices send them."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["GMPP return 2024-25"])
    sheet.merge_cells("A1:H1")
    sheet.append([None, None, None, None, None, "Cost", None, "Rating"])
    sheet.append(HEADER.split(","))
    for line in GOOD:
        sheet.append(line.split(","))
    path = Path("titled.xlsx").resolve()
    book.save(path)

    message = refused(run, path)

    assert "the columns in its header (row 1) are: 'GMPP return 2024-25'" in message
    assert "Row 3 holds every column to be read" in message
    assert "delete the rows above row 3" in message


def test_an_amount_with_more_decimals_than_pence_reads_when_its_units_make_it_whole(
    run: Cli,
) -> None:
    """'12.345' GBP millions is GBP 12,345,000: at most two decimal places after the units."""
    path = write("thousandths.csv", HEADER, GOOD[0].replace("558.0", "12.345"))

    result = returns_import(run, path)

    assert result.exit_code == 0, result.output
    assert json.loads(run("item", "show", "CO_0001", "--json").stdout)["whole_life_cost"] == {
        "amount": "12345000.00",
        "currency": "GBP",
    }
    message = refused(run, write("too-fine.csv", HEADER, GOOD[1].replace("1443.7", "0.123456789")))
    assert (
        "cell F2: '0.123456789', read in GBP millions, is GBP 123,456.789, a fraction of a "
        "penny (more than 2 decimal places): give it to the penny (0.12345679 in millions)"
    ) in " ".join(message.split())


def test_a_joining_item_without_a_category_is_refused_saying_what_to_fill_in(run: Cli) -> None:
    """Not pydantic's 'category: Field required'; named by its column, as a cell's refusal is."""
    message = refused(
        run,
        write(
            "no-category.csv",
            HEADER,
            GOOD[0].replace(",CO,Government Transformation and Service Delivery,", ",CO,,", 1),
        ),
    )

    assert (
        "row 2, column category: its category is empty, and an item that joins the portfolio "
        "needs one: fill in "
        "the row's category"
    ) in message


def test_a_chart_sheet_is_never_read_as_the_return(run: Cli) -> None:
    """A chart sheet in front is passed over; named, it is refused saying what it is."""
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference

    book = Workbook()
    data = book.active
    assert data is not None
    data.title = "Data"
    data.append(HEADER.split(","))
    data.append(GOOD[0].split(","))
    chart = BarChart()
    chart.add_data(Reference(data, min_col=6, min_row=1, max_row=2))
    book.create_chartsheet("Chart", 0).add_chart(chart)
    path = Path("charted.xlsx").resolve()
    book.save(path)

    result = returns_import(run, path, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "sheet 'Data'" in result.output

    message = refused(run, path, "--sheet", "Chart")
    assert "the sheet 'Chart' is a chart, which holds no rows; its sheets of cells are: Data" in (
        message
    )


def test_a_header_spelt_in_another_case_is_refused_saying_so(run: Cli) -> None:
    message = refused(run, write("upper.csv", HEADER.replace("gmpp_id", "GMPP_ID"), GOOD[0]))

    assert "upper.csv has no column 'gmpp_id'" in message
    assert (
        "Headers are matched exactly, and 'GMPP_ID' is spelt differently: rename the column "
        "'gmpp_id', or name it 'GMPP_ID' in the mapping"
    ) in message


def test_a_where_column_spelt_in_another_case_is_refused_saying_to_spell_it_in_where(
    run: Cli,
) -> None:
    """The column is named on the command line, so the fix is there, not in the mapping."""
    message = refused(run, write("r.csv", HEADER, GOOD[0]), "--where", "REPORT_YEAR=2024-25")

    assert "r.csv has no column 'REPORT_YEAR' (read by --where)" in message
    assert (
        "Headers are matched exactly, and 'report_year' is spelt differently: rename the "
        "column 'REPORT_YEAR', or name it 'report_year' in --where"
    ) in message


def test_a_filter_keeping_no_row_says_an_empty_cell_it_found_as_one(run: Cli) -> None:
    """The values held were listed bare, an empty one as nothing: 'report_year: , 2024-25'."""
    no_year = GOOD[1].replace(",2024-25,", ",,")
    message = refused(
        run, write("r.csv", HEADER, GOOD[0], no_year), "--where", "report_year=2030-31"
    )

    assert (
        "no row of r.csv has report_year = '2030-31' (--where); the values it holds are "
        "report_year: 2024-25, and empty cells"
    ) in " ".join(message.split())


@pytest.mark.parametrize("dry_run", [(), ("--dry-run",)], ids=["import", "dry run"])
def test_a_refused_return_s_json_says_it_records_nothing(
    run: Cli, dry_run: tuple[str, ...]
) -> None:
    """'recorded' said 1, the good row's onboarding, of a return refused whole: none was."""
    bad = GOOD[1].replace("1443.7", "about 12m")
    path = write("r.csv", HEADER, GOOD[0], bad)

    result = returns_import(run, path, "--json", *dry_run)

    assert result.exit_code == 2, result.output
    found = json.loads(result.output[: result.output.rindex("}") + 1])
    assert [r["row"] for r in found["refused"]] == [3]
    assert [r["key"] for r in found["new"]] == ["CO_0001"]
    assert found["recorded"] == 0
    assert run.events() == 0


def test_a_csv_saved_in_windows_1252_is_refused_naming_the_line(run: Cli) -> None:
    """Excel's plain 'CSV' on Windows: a curly apostrophe is byte 0x92, not UTF-8."""
    path = Path("ansi.csv").resolve()
    text = "\n".join([HEADER, GOOD[0], GOOD[1].replace("Skills", "Children\u2019s")]) + "\n"
    path.write_bytes(text.encode("cp1252"))

    message = refused(run, path)

    assert "ansi.csv is not UTF-8 text (byte " in message
    assert "on line 3, is 0x92" in message
    assert "save it as 'CSV UTF-8'" in message


def test_a_windows_1252_refusal_names_the_character_and_the_text_before_it(run: Cli) -> None:
    """0x92 alone does not say which character of a long line to look for: its text does."""
    path = Path("ansi.csv").resolve()
    text = "\n".join([HEADER, GOOD[0], GOOD[1].replace("Skills", "Children\u2019s")]) + "\n"
    path.write_bytes(text.encode("cp1252"))

    message = refused(run, path)

    assert "on line 3, is 0x92 (\u2019 in Windows-1252, after 'DFE_0017,Children')" in message


@pytest.mark.parametrize(("separator", "name"), [(";", "semicolons"), ("\t", "tabs")])
def test_a_csv_separated_otherwise_is_refused_saying_how_to_save_it(
    run: Cli, separator: str, name: str
) -> None:
    """Excel in a comma-decimal locale saves 'CSV' with semicolons; a text export uses tabs."""
    lines = [line.replace(",", separator) for line in (HEADER, GOOD[0])]

    message = refused(run, write("other.csv", *lines))

    assert "other.csv has no column 'gmpp_id'" in message
    assert f"Its header is separated by {name}, not commas" in message
    assert "'CSV UTF-8 (Comma delimited)'" in message
    assert f'give the mapping separator = "{separator.replace(chr(9), chr(92) + "t")}"' in message
    # A comma-decimal locale's Excel saves its CSV with semicolons: say why it came so.
    locale = "Excel set up for a country writing a decimal comma"
    assert (locale in message) == (separator == ";")


@pytest.mark.parametrize(("separator", "name"), [(";", "semicolons"), ("\t", "tabs")])
def test_a_csv_separated_otherwise_with_every_cell_quoted_is_refused_saying_how_to_save_it(
    run: Cli, separator: str, name: str
) -> None:
    """Many programs quote every cell ("a";"b"): read with commas, the strict reader stops at
    the first separator after a closing quote, and the fix is the separator, not the quotes."""
    lines = [separator.join(f'"{cell}"' for cell in line.split(",")) for line in (HEADER, GOOD[0])]

    message = refused(run, write("quoted.csv", *lines))

    assert "quoted.csv cannot be read as CSV: row 1" in message
    assert f"Its header is separated by {name}, not commas" in message
    assert "'CSV UTF-8 (Comma delimited)'" in message


def test_a_problem_on_many_rows_is_said_once_with_its_rows(run: Cli) -> None:
    """An organisation the list lacks, on 40 rows, was said 40 times, a line a row."""
    added = run("organisation", "add", "CO", "--name", "Cabinet Office", "-m", "The list")
    assert added.exit_code == 0, added.output
    rows = [f"DFE_{n:04},Skills {n},DFE,ICT,2024-25,{n}.5,," for n in range(1, 41)]
    rows[20] = rows[20].replace(",DFE,", ",DFT,")  # row 22: another organisation

    message = refused(run, write("r.csv", HEADER, *rows), code=1)
    lines = [line.strip() for line in message.splitlines() if "is not an organisation" in line]

    assert "Refused: 40 problems; nothing from the return was written" in message
    assert [line.split(":")[0] for line in lines] == ["rows 2-21, 23-41", "row 22"]
    assert lines[0].startswith("rows 2-21, 23-41: 'DFE' is not an organisation on this ledger")


def test_a_cell_problem_on_many_rows_is_said_once_with_its_rows_and_cells(run: Cli) -> None:
    """A rating spelt wrong down a column was said once a row: its reason names its cell."""
    rows = [f"DFE_{n:04},Skills {n},DFE,ICT,2024-25,{n}.5,,PURPLE" for n in range(1, 61)]
    rows[9] = rows[9].replace("PURPLE", "MAUVE")  # row 11: another spelling

    message = refused(run, write("r.csv", HEADER, *rows))
    lines = [line.strip() for line in message.splitlines() if "is not a rating" in line]

    assert "Refused: 60 problems; nothing from the return was written" in message
    assert [line.split(": '")[0] for line in lines] == [
        "rows 2-10, 12-61, column delivery_confidence: cell H2 (and H3-H10, H12-H61)",
        "row 11, column delivery_confidence: cell H11",
    ]
