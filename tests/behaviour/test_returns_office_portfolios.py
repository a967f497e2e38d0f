"""Three more portfolios, as offices hold them, read through the command line.

Each is written here by hand, in the shape such an office publishes or exports it
(the names are made up, the shapes are not): a UK council's capital programme (title
rows, `£000`, a budget column per year, `Amber/Red`, notes in cells, a completion
`Q4 2026/27`), an NHS trust's register exported from a PPM tool (`.xlsx`, titles above
a frozen header on row 5, a formula's cached value, `£1.2m` as text, a date pasted as
its serial number) and two quarters of one organisation whose ids changed format
(`P12` to `PRJ-0012`), with items renamed, merged and dropped without a word. What each
records is compared with the rows as written here, read with `Decimal`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl

from tests.behaviour.test_returns_refusals import write
from tests.conftest import Cli

OFFICE = ("--actor", "Sam Patel", "--role", "Portfolio office", "--authority", "Cabinet")

SCHEMES = [  # ref, scheme, directorate, per-year budgets (£000), total, forecast, RAG, completion
    ("CAP001", "Riverside Primary School expansion", "Children's Services",
     ("1,250", "850"), "2,100", "2,250", "Amber", "31/08/2025", "Tender returns above estimate"),
    ("CAP002", "Highways resurfacing programme 2024-28", "Place",
     ("3,000", "3,000"), "12,000", "12,000", "Green", "31/03/2028", ""),
    ("CAP003", "Leisure centre decarbonisation (PSDS)", "Place",
     ("2,400", "600"), "3,000", "3,450", "Amber/Red", "Mar 2026", "Grant conditions; see report"),
    ("CAP004", "Adult social care case management system", "Adults & Health",
     ("450", "150"), "600", "600", "G", "30/09/2025", ""),
    ("CAP005", "Town centre regeneration - Phase 2", "Regeneration",
     ("5,500", "7,200"), "16,800", "18,900", "Red", "Q4 2026/27", "Slippage of £1.2m into 2026/27"),
]  # fmt: skip
RATINGS = {"Amber": "amber", "Green": "green", "Amber/Red": "red", "G": "green", "Red": "red"}
COMPLETIONS = {"31/08/2025": "2025-08-31", "31/03/2028": "2028-03-31", "Mar 2026": "2026-03-31",
               "30/09/2025": "2025-09-30", "Q4 2026/27": "2027-03-31"}  # fmt: skip
COUNCIL_MAPPING = """source = "Capital programme"
units = "thousands"
dates = "DD/MM/YYYY"
months = "last"
header_row = 4
ignore = ["2024/25 Budget", "2025/26 Budget", "Comments"]

[columns]
key = "Scheme Ref"
title = "Scheme"
organisation = "Directorate"
authorised_budget = "Total Budget"
forecast_cost = "Forecast Outturn"
rag = "RAG"
forecast_date = "Completion"

[spellings.rag]
"Amber/Red" = "red"
"G" = "green"
%s
[defaults]
category = "Capital"
"""


def _csv(*cells: str) -> str:
    return ",".join(f'"{cell}"' if "," in cell else cell for cell in cells)


def council_programme() -> Path:
    """The council's capital programme appendix, saved from Excel as CSV."""
    header = ("Scheme Ref", "Scheme", "Directorate", "2024/25 Budget", "2025/26 Budget",
              "Total Budget", "Forecast Outturn", "RAG", "Completion", "Comments")  # fmt: skip
    rows = [_csv(ref, name, dept, *years, total, forecast, rag, due, note)
            for ref, name, dept, years, total, forecast, rag, due, note in SCHEMES]  # fmt: skip
    return write("capital.csv", "Appendix B - Capital Programme 2024/25 to 2027/28" + "," * 9,
                 "Report to Cabinet, 18 July 2024: schemes over £500k; all figures £000,,,",
                 "", _csv(*header), *rows)  # fmt: skip


def show(run: Cli, key: str) -> dict[str, Any]:
    result = run("item", "show", key, "--json")
    assert result.exit_code == 0, result.output
    shown: dict[str, Any] = json.loads(result.output)
    return shown


def money(figure: dict[str, str] | None) -> Decimal | None:
    return None if figure is None else Decimal(figure["amount"])


def test_a_council_capital_programme_is_read_as_its_appendix_says(run: Cli) -> None:
    path = council_programme()
    Path("council.toml").write_text(COUNCIL_MAPPING % "", encoding="utf-8")
    importing = ("returns", "import", str(path), "--mapping", "council.toml",
                 "--as-at", "2024-06-30", *OFFICE)  # fmt: skip

    refused = run(*importing)

    assert refused.exit_code == 2, refused.output
    assert "cell I9: 'Q4 2026/27' is a period" in " ".join(refused.output.split())
    assert run.events() == 0

    spelt = '\n[spellings.forecast_date]\n"Q4 2026/27" = "2027-03-31"\n'
    Path("council.toml").write_text(COUNCIL_MAPPING % spelt, encoding="utf-8")
    recorded = run(*importing)

    assert recorded.exit_code == 0, recorded.output
    for ref, name, dept, _, total, forecast, rag, due, _ in SCHEMES:
        item = show(run, ref)
        thousands = Decimal(1000)
        assert (item["title"], item["organisation"]) == (name, dept)
        assert money(item["authorised_budget"]) == Decimal(total.replace(",", "")) * thousands
        assert money(item["forecast_cost"]) == Decimal(forecast.replace(",", "")) * thousands
        assert (item["rag"], item["forecast_date"]) == (RATINGS[rag], COMPLETIONS[due])


def trust_register(serial_date: bool) -> Path:
    """An NHS trust's digital portfolio as its PPM tool exports it, header on row 5."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Register"
    sheet["A1"], sheet["A2"] = "Northshire Hospitals NHS FT", "Digital Portfolio Register"
    header = ["Project Code", "Project Title", "Care Group", "Phase", "Approved Budget",
              "Forecast Spend", "Variance", "% Complete", "Overall RAG",
              "Planned Go-Live"]  # fmt: skip
    for column, name in enumerate(header, 1):
        sheet.cell(5, column, name)
    sheet.freeze_panes = "A6"
    go_live = 46387 if serial_date else dt.date(2026, 12, 31)
    rows: list[list[Any]] = [
        ["DIG-101", "Electronic Patient Record phase 2", "Corporate", "3 - Execute",
         4500000, 4800000, None, 0.45, "A", dt.date(2027, 3, 31)],
        ["DIG-102", "Theatre scheduling", "Surgery", "3 - Execute",
         "£1.2m", "£1.35m", None, 0.7, "R", "31/10/2026"],
        ["DIG-103", "Wi-Fi refresh (all sites)", "Estates", "2 - Plan",
         650000, 650000, None, 0.1, "G", go_live],
    ]  # fmt: skip
    for number, row in enumerate(rows, 6):
        for column, value in enumerate(row, 1):
            sheet.cell(number, column, value)
        sheet.cell(number, 7, f"=F{number}-E{number}")
        sheet.cell(number, 8).number_format = "0%"
        sheet.cell(number, 5).number_format = sheet.cell(number, 6).number_format = '"£"#,##0'
    for number in (6, 8):
        sheet.cell(number, 10).number_format = (
            "dd/mm/yyyy" if number == 6 or not serial_date else "General"
        )
    book.save("raw.xlsx")
    path = Path("trust.xlsx").resolve()
    with zipfile.ZipFile("raw.xlsx") as raw, zipfile.ZipFile(path, "w") as saved:
        for part in raw.infolist():  # a formula's value cached, as Excel saves it
            data = raw.read(part.filename)
            saved.writestr(part, re.sub(rb"(<f>F\d+-E\d+</f>)<v\s*/>", rb"\1<v>0</v>", data))
    return path


TRUST_MAPPING = """source = "Digital portfolio register"
header_row = 5
dates = "DD/MM/YYYY"
ignore = ["Variance", "% Complete"]
[columns]
key = "Project Code"
title = "Project Title"
organisation = "Care Group"
stage = "Phase"
authorised_budget = "Approved Budget"
forecast_cost = "Forecast Spend"
rag = "Overall RAG"
forecast_date = "Planned Go-Live"
[spellings.stage]
"3 - Execute" = "in delivery"
"2 - Plan" = "approved"
[spellings.rag]
"R" = "red"
"A" = "amber"
"G" = "green"
[defaults]
category = "Digital"
"""


def test_a_trust_register_exported_by_its_ppm_tool_is_read_below_its_titles(run: Cli) -> None:
    Path("trust.toml").write_text(TRUST_MAPPING, encoding="utf-8")
    importing = ("returns", "import", "--mapping", "trust.toml", "--as-at", "2026-11-30", *OFFICE)

    refused = run(*importing[:2], str(trust_register(serial_date=True)), *importing[2:])

    assert refused.exit_code == 2, refused.output
    assert "'46387' is a number, not a date" in refused.output
    assert "46387 is 2026-12-31" in refused.output
    assert run.events() == 0

    recorded = run(*importing[:2], str(trust_register(serial_date=False)), *importing[2:])

    assert recorded.exit_code == 0, recorded.output
    read = {key: show(run, key) for key in ("DIG-101", "DIG-102", "DIG-103")}
    assert {k: (i["stage"], i["rag"], i["forecast_date"]) for k, i in read.items()} == {
        "DIG-101": ("in delivery", "amber", "2027-03-31"),
        "DIG-102": ("in delivery", "red", "2026-10-31"),
        "DIG-103": ("approved", "green", "2026-12-31"),
    }
    assert [money(i["authorised_budget"]) for i in read.values()] == [
        Decimal(4500000),
        Decimal(1200000),
        Decimal(650000),
    ]
    assert money(read["DIG-102"]["forecast_cost"]) == Decimal(1350000)


QUARTER_MAPPING = """source = "Quarterly return"
dates = "DD/MM/YYYY"
[columns]
key = "Project ID"
title = "Project"
organisation = "Division"
authorised_budget = "Budget (£)"
forecast_cost = "Forecast (£)"
rag = "RAG"
[spellings.rag]
"Amber/Red" = "red"
[defaults]
category = "Change"
"""


def two_quarters() -> tuple[Path, Path]:
    """Q1 as CSV under the old ids; Q2 as a workbook under the new, renamed, merged, dropped."""
    first = write("q1.csv", "Project ID,Project,Division,Budget (£),Forecast (£),RAG",
                  'P7,Data platform,Digital,"850,000","900,000",Amber',
                  'P12,Payroll replacement,Finance,"1,200,000","1,250,000",Green',
                  'P30,Estates rationalisation - North,Estates,"2,000,000","2,000,000",Green',
                  'P31,Estates rationalisation - South,Estates,"1,500,000","1,600,000",Amber',
                  'P45,Intranet refresh,Comms,"120,000","120,000",Green',
                  'prj-0060,Cyber uplift,Digital,"400,000","400,000",Green')  # fmt: skip
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    table: list[list[Any]] = [
        ["Project ID", "Project", "Division", "Budget (£)", "Forecast (£)", "RAG"],
        ["PRJ-0007", "Enterprise data platform", "Digital", 850000, 950000, "Amber/Red"],
        ["PRJ-0012", "Payroll replacement", "Finance", 1200000, 1300000, "Amber"],
        ["PRJ-0030", "Estates rationalisation (North and South)", "Estates",
         3500000, 3700000, "Amber"],
        ["PRJ-0060", "Cyber uplift", "Digital", 400000, 400000, "Green"],
    ]  # fmt: skip
    for row in table:
        sheet.append(row)
    book.save("q2.xlsx")
    return first, Path("q2.xlsx").resolve()


def test_two_quarters_whose_ids_changed_format_are_reconciled_as_the_docs_say(run: Cli) -> None:
    Path("quarter.toml").write_text(QUARTER_MAPPING, encoding="utf-8")
    first, second = two_quarters()
    importing = ("returns", "import", "--mapping", "quarter.toml", *OFFICE)
    assert run(*importing[:2], str(first), *importing[2:], "--as-at", "2025-03-31").exit_code == 0

    dry = run(*importing[:2], str(second), *importing[2:], "--as-at", "2025-06-30", "--json",
              "--dry-run")  # fmt: skip

    assert dry.exit_code == 0, dry.output
    found = json.loads(dry.output)
    assert [row["key"] for row in found["new"]] == ["PRJ-0007", "PRJ-0012", "PRJ-0030"]
    assert [row["key"] for row in found["changed"] + found["unchanged"]] == ["PRJ-0060"]
    missing = {row["key"]: (row["new_key"], row["new_by"]) for row in found["missing"]}
    # P12 is paired by its name; P7 (renamed) and P30 (merged with P31) were listed as
    # missing with nothing said, beside rows joining under their numbers.
    assert missing == {
        "P12": ("PRJ-0012", "name"),
        "P7": ("PRJ-0007", "number"),
        "P30": ("PRJ-0030", "number"),
        "P31": (None, None),
        "P45": (None, None),
    }
    assert not any(row["left"] for row in found["missing"])
    shown = run(*importing[:2], str(second), *importing[2:], "--as-at", "2025-06-30", "--dry-run")
    said = " ".join(shown.output.split())
    assert "Missing, and a row joining under another key has its number: 2." in said
    assert "P7 Data platform 2 PRJ-0007 (joins now) 2025-06-30" in said


def test_a_councils_directorate_headings_typed_where_its_schemes_names_are_are_refused(
    run: Cli,
) -> None:
    # The appendix heads each directorate's schemes with a row of its name, typed in the
    # Scheme column beside the empty refs. Such a row was read as an item (its key made
    # from the name, its figures and rating withheld) and joined the portfolio.
    Path("council.toml").write_text(COUNCIL_MAPPING % "", encoding="utf-8")
    ref, name, dept, years, total, forecast, rag, due, note = SCHEMES[1]
    path = write("grouped.csv", "Appendix B - Capital Programme" + "," * 9,
                 "all figures £000" + "," * 9, "",
                 "Scheme Ref,Scheme,Directorate,2024/25 Budget,2025/26 Budget,Total Budget,"
                 "Forecast Outturn,RAG,Completion,Comments",
                 ",PLACE" + "," * 8,
                 _csv(ref, name, dept, *years, total, forecast, rag, due, note),
                 ",Adults & Health" + "," * 8,
                 _csv(*SCHEMES[3][:3], *SCHEMES[3][3], *SCHEMES[3][4:]))  # fmt: skip

    result = run("returns", "import", str(path), "--mapping", "council.toml",
                 "--as-at", "2024-06-30", *OFFICE)  # fmt: skip

    said = " ".join(result.output.split())
    assert result.exit_code == 2, said
    assert (
        "row 5: it looks like a group's heading, not an item ('PLACE', alone in its column, "
        "'Scheme')"
    ) in said
    assert "row 7: it looks like a group's heading, not an item ('Adults & Health'" in said
    assert "2 refused" in said
    assert run.events() == 0


def test_a_row_joining_under_a_new_id_beside_its_old_one_is_named(run: Cli) -> None:
    # A transitional return lists Payroll replacement twice, under P12 and PRJ-0012: the
    # new row joined as a second item, its money counted twice, with nothing said (P12
    # was not missing, so no pairing was looked for).
    Path("quarter.toml").write_text(QUARTER_MAPPING, encoding="utf-8")
    first, _ = two_quarters()
    importing = ("returns", "import", "--mapping", "quarter.toml", *OFFICE)
    assert run(*importing[:2], str(first), *importing[2:], "--as-at", "2025-03-31").exit_code == 0
    lines = first.read_text(encoding="utf-8").splitlines()
    twice = write("q2.csv", *lines, 'PRJ-0012,Payroll replacement,Finance,"1,200,000","1",Green')

    dry = run(*importing[:2], str(twice), *importing[2:], "--as-at", "2025-06-30", "--dry-run")
    found = run(*importing[:2], str(twice), *importing[2:], "--as-at", "2025-06-30", "--json",
                "--dry-run")  # fmt: skip

    said = " ".join(dry.output.split())
    assert dry.exit_code == 0, said
    assert "Joining with the name of an item the return also has: 1." in said
    assert "8 PRJ-0012 Payroll replacement P12" in said
    assert json.loads(found.output)["namesakes"] == [
        {"row": 8, "key": "PRJ-0012", "title": "Payroll replacement", "also": "P12"}
    ]


def test_names_of_one_year_in_a_return_with_no_ids_are_no_renumbering(run: Cli) -> None:
    # A return with no id column keys its rows by their names: 'Elections 2025' ending and
    # 'Census 2025 preparation' joining were paired as a register renumbering its ids
    # (ELECTIONS-2025 to CENSUS-2025-PREPARATION), told to give the row the old id.
    Path("named.toml").write_text(
        '[columns]\ntitle = "Project"\norganisation = "Division"\nrag = "RAG"\n'
        '[defaults]\ncategory = "Change"\n',
        encoding="utf-8",
    )
    first = write("n1.csv", "Project,Division,RAG", "Elections 2025,Democratic Services,Green",
                  "Payroll replacement,HR,Green")  # fmt: skip
    second = write("n2.csv", "Project,Division,RAG", "Payroll replacement,HR,Green",
                   "Census 2025 preparation,Democratic Services,Amber")  # fmt: skip
    importing = ("--mapping", "named.toml", *OFFICE)
    assert run("returns", "import", str(first), *importing, "--as-at", "2025-03-31").exit_code == 0

    found = run("returns", "import", str(second), *importing, "--as-at", "2025-06-30", "--json",
                "--dry-run")  # fmt: skip
    shown = run("returns", "import", str(second), *importing, "--as-at", "2025-06-30", "--dry-run")

    assert found.exit_code == 0, found.output
    missing = json.loads(found.output)["missing"]
    assert [(m["key"], m["new_key"], m["new_by"]) for m in missing] == [
        ("ELECTIONS-2025", None, None)
    ]
    assert "has its number" not in shown.output


def test_a_row_joining_is_held_against_the_names_the_return_gives(run: Cli) -> None:
    # Namesakes were found by the ledger's names: P45, renamed 'Intranet' in this return,
    # was said to be 'Intranet refresh' joining again as PRJ-0046 (its row no longer that
    # name), and PRJ-0047 joining as 'Intranet', the name P45's row now gives, went unsaid.
    Path("quarter.toml").write_text(QUARTER_MAPPING, encoding="utf-8")
    first, _ = two_quarters()
    importing = ("returns", "import", "--mapping", "quarter.toml", *OFFICE)
    assert run(*importing[:2], str(first), *importing[2:], "--as-at", "2025-03-31").exit_code == 0
    lines = [line.replace("Intranet refresh", "Intranet") for line in first.read_text(
        encoding="utf-8").splitlines()]  # fmt: skip
    renamed = write("q2.csv", *lines, 'PRJ-0046,Intranet refresh,Comms,"80,000","80,000",Green',
                    'PRJ-0047,Intranet,Comms,"120,000","120,000",Green')  # fmt: skip

    found = run(*importing[:2], str(renamed), *importing[2:], "--as-at", "2025-06-30", "--json",
                "--dry-run")  # fmt: skip

    assert found.exit_code == 0, found.output
    assert json.loads(found.output)["namesakes"] == [
        {"row": 9, "key": "PRJ-0047", "title": "Intranet", "also": "P45"}
    ]


def test_a_number_is_a_guess_only_where_one_item_missing_and_one_row_joining_have_it(
    run: Cli,
) -> None:
    # HR-12 was paired with PRJ-0012 by its number, though PRJ-0012 has P12's name and is
    # paired with it; and HR-40 and P40, both missing, were each paired with PRJ-0040.
    Path("quarter.toml").write_text(QUARTER_MAPPING, encoding="utf-8")
    head = "Project ID,Project,Division,Budget (£),Forecast (£),RAG"
    first = write("q1.csv", head, "P12,Payroll replacement,Finance,1,1,Green",
                  "HR-12,Staff survey,HR,1,1,Green", "P40,Print room,Estates,1,1,Green",
                  "HR-40,Canteen,HR,1,1,Green")  # fmt: skip
    second = write("q2.csv", head, "PRJ-0012,Payroll replacement,Finance,1,1,Green",
                   "PRJ-0040,Print and post,Estates,1,1,Green")  # fmt: skip
    importing = ("returns", "import", "--mapping", "quarter.toml", *OFFICE)
    assert run(*importing[:2], str(first), *importing[2:], "--as-at", "2025-03-31").exit_code == 0

    found = run(*importing[:2], str(second), *importing[2:], "--as-at", "2025-06-30", "--json",
                "--dry-run")  # fmt: skip

    assert found.exit_code == 0, found.output
    missing = {m["key"]: (m["new_key"], m["new_by"]) for m in json.loads(found.output)["missing"]}
    assert missing == {
        "P12": ("PRJ-0012", "name"),
        "HR-12": (None, None),
        "P40": (None, None),
        "HR-40": (None, None),
    }


def test_a_row_of_an_items_name_alone_is_that_items_not_a_heading(run: Cli) -> None:
    # A row giving only the name of an item the ledger has (its id cell left empty, nothing
    # new to report) was refused as a group's heading, and the item listed as missing too.
    Path("quarter.toml").write_text(QUARTER_MAPPING, encoding="utf-8")
    head = "Project ID,Project,Division,Budget (£),Forecast (£),RAG"
    first = write("q1.csv", head, "P7,Data platform,Digital,1,1,Green",
                  ',CRM replacement,Sales,"75,000","75,000",Amber')  # fmt: skip
    second = write("q2.csv", head, "P7,Data platform,Digital,1,1,Green", ",CRM replacement,,,,",
                   ",Corporate services,,,,")  # fmt: skip
    importing = ("returns", "import", "--mapping", "quarter.toml", *OFFICE)
    assert run(*importing[:2], str(first), *importing[2:], "--as-at", "2025-03-31").exit_code == 0

    found = run(*importing[:2], str(second), *importing[2:], "--as-at", "2025-06-30", "--json",
                "--dry-run")  # fmt: skip

    said = " ".join(found.output.split())
    assert found.exit_code == 2, said
    done = json.loads(found.output)
    assert done["missing"] == []
    assert [(r["row"], r["reason"][:40]) for r in done["refused"]] == [
        (4, "it looks like a group's heading, not an ")
    ]
    assert done["keys_from_names"][0]["key"] == "CRM-REPLACEMENT"
