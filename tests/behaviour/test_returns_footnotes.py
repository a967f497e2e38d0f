"""A published register's footnotes, group headings and notes are refused as what they are.

A figure or rating a footnote qualifies is marked (``123.4*``, ``Amber†``, ``12[1]``,
``2027-03-31²``); a department's name heads its rows, alone in the first column; the
notes end the table (``Note: figures exclude VAT`` in the id column). Each is refused
naming the cell or row and what to write instead, and nothing is written.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.behaviour.test_returns_refusals import write
from tests.conftest import Cli

HEADER = "key,title,category,whole_life_cost,rag,forecast_date"
MAPPING = (
    '[columns]\nkey = "key"\ntitle = "title"\ncategory = "category"\n'
    'whole_life_cost = "whole_life_cost"\nrag = "rag"\nforecast_date = "forecast_date"\n'
)


def refused(run: Cli, *rows: str, mapping: str = MAPPING) -> str:
    """Import a register of these rows; expect it refused (exit 2), nothing written."""
    Path("register.toml").write_text(mapping, encoding="utf-8")
    path = write("register.csv", HEADER, "K-1,Roads,c,100,green,2027-03-31", *rows)
    result = run("returns", "import", str(path), "--mapping", "register.toml", "--as-at",
                 "2026-09-30", "--authority", "PMO")  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert run.events() == 0
    return " ".join(result.output.split())


COLUMNS = {
    "D": ("whole_life_cost", "whole-life cost"),
    "E": ("rag", "RAG"),
    "F": ("forecast_date", "forecast date"),
}
"""Each column a marked value is tried in: its header, and the field as a refusal names it."""


@pytest.mark.parametrize(
    ("cell", "written", "mark", "value"),
    [
        ("D3", "123.4*", "*", "123.4"),
        ("D3", "12[1]", "[1]", "12"),
        ("D3", "1,443.7²", "²", "1,443.7"),
        ("E3", "Amber†", "†", "Amber"),
        ("E3", "Red ‡", "‡", "Red"),
        ("F3", "2027-03-31**", "**", "2027-03-31"),
    ],
    ids=["asterisk", "bracketed", "superscript", "dagger", "double-dagger", "date"],
)
def test_a_value_with_a_footnote_mark_is_refused_naming_it_without_the_mark(
    run: Cli, cell: str, written: str, mark: str, value: str
) -> None:
    # Before, '123.4*' was 'not an amount' and '1,443.7²' had 'digits other than 0 to 9':
    # nothing said the cell held its value and a footnote's mark, nor what to write.
    column, field = COLUMNS[cell[0]]
    cells = {"D": "5", "E": "green", "F": "", cell[0]: f'"{written}"'}
    message = refused(run, f"K-2,Rail,c,{cells['D']},{cells['E']},{cells['F']}")

    assert (
        f"row 3, column {column}: cell {cell}: {written!r} ends in a footnote's mark "
        f"({mark!r}), which is not part of its {field}: write {value!r}"
    ) in message


def test_a_rating_with_a_mark_the_mapping_spells_is_read_as_it_says(run: Cli) -> None:
    Path("register.toml").write_text(
        MAPPING + '[spellings.rag]\n"Amber†" = "amber"\n', encoding="utf-8"
    )
    path = write("register.csv", HEADER, "K-1,Roads,c,100,Amber†,2027-03-31")

    result = run("returns", "import", str(path), "--mapping", "register.toml", "--as-at",
                 "2026-09-30", "--authority", "PMO")  # fmt: skip

    assert result.exit_code == 0, result.output
    assert '"rag": "amber"' in run("item", "show", "K-1", "--json").output


@pytest.mark.parametrize(
    "note", ["Note: figures exclude VAT", "Source: departmental returns, 2026", "* provisional"]
)
def test_a_note_in_the_id_column_is_refused_saying_to_delete_the_note_rows(
    run: Cli, note: str
) -> None:
    # Before, the note was refused as an id that is not a key, with the advice to say
    # make_keys = true, which made it a key (NOTE-FIGURES-EXCLUDE-VAT), and its empty name.
    message = refused(run, f'"{note}",,,,,')

    assert f"row 3: it looks like a note, not an item ({note!r}, in the column 'key')" in message
    assert "delete the note rows from the return" in message
    assert "make_keys" not in message
    assert "row 3, column" not in message  # one refusal for the row, not one per cell


@pytest.mark.parametrize(
    "stamp",
    [
        "Exported by Planview on 31/12/2025",
        "Generated on 2025-12-31 10:15 by Project Online",
        "Exportiert von Planview am 31.12.2025 10:15",
        "Geëxporteerd op 31-12-2025",
    ],
)
@pytest.mark.parametrize("where", ["alone", "in the id column"])
def test_the_line_a_ppm_export_ends_with_is_refused_as_a_note(
    run: Cli, stamp: str, where: str
) -> None:
    # Before, 'Exported by Planview on 31/12/2025' under the table was refused as a group's
    # heading, told to give each item's row its group in a column of its own.
    row = f'"{stamp}"' if where == "alone" else f'"{stamp}",,,,,'

    message = refused(run, row)

    assert f"row 3: it looks like a note, not an item ({stamp!r}" in message
    assert "delete the note rows from the return" in message
    assert "heading" not in message


def test_a_project_named_like_an_export_line_is_an_item(run: Cli) -> None:
    Path("register.toml").write_text(MAPPING, encoding="utf-8")
    path = write("register.csv", HEADER, "K-1,Exported goods tracking,c,100,green,2027-03-31",
                 "K-2,Created By Design programme,c,200,amber,2027-03-31")  # fmt: skip

    result = run("returns", "import", str(path), "--mapping", "register.toml", "--as-at",
                 "2026-09-30", "--authority", "PMO")  # fmt: skip

    assert result.exit_code == 0, result.output
    titles = {item["title"] for item in json.loads(run("portfolio", "--json").stdout)}
    assert titles == {"Exported goods tracking", "Created By Design programme"}


def test_a_group_heading_is_refused_not_onboarded_as_an_item(run: Cli) -> None:
    # With the names first and no id, a department's heading row joined as an item of
    # that name, its cost withheld; with the ids first, it was refused as a row with no name.
    mapping = MAPPING.replace('key = "key"\n', "")
    Path("register.toml").write_text(mapping, encoding="utf-8")
    path = write("register.csv", "title,category,whole_life_cost,rag,forecast_date",
                 "Department for Transport,,,,", "Roads,c,100,green,2027-03-31",
                 "Rail,c,200,amber,2027-03-31", "Total,,,,")  # fmt: skip

    result = run("returns", "import", str(path), "--mapping", "register.toml", "--as-at",
                 "2026-09-30", "--authority", "PMO")  # fmt: skip

    message = " ".join(result.output.split())
    assert result.exit_code == 2, result.output
    assert (
        "row 2: it looks like a group's heading, not an item ('Department for Transport', "
        "alone in its first column, 'title'): delete the heading rows from the return"
    ) in message
    assert "row 5: it looks like a total, not an item ('Total')" in message  # not a heading
    assert run.events() == 0


def test_a_group_heading_merged_across_the_table_is_refused_as_a_heading(run: Cli) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER.split(","))
    sheet.append(["Department for Transport"])
    sheet.merge_cells("A2:F2")
    sheet.append(["K-1", "Roads", "c", 100, "green", None])
    book.save("register.xlsx")
    Path("register.toml").write_text(MAPPING, encoding="utf-8")

    result = run("returns", "import", "register.xlsx", "--mapping", "register.toml",
                 "--as-at", "2026-09-30", "--authority", "PMO")  # fmt: skip

    message = " ".join(result.output.split())
    assert result.exit_code == 2, result.output
    assert "row 2: it looks like a group's heading, not an item ('Department for Transport'" in (
        message
    )
    assert "merged" not in message  # the heading is named, not each cell it spans
    assert run.events() == 0


def test_marks_alone_are_no_value_with_a_mark(run: Cli) -> None:
    # '***' (a figure suppressed) has no value before its marks: before, it was said to end
    # in the mark '**' and to be written '*'. It is refused as what it is, no amount.
    said = refused(run, "K-2,Rail,c,***,green,2027-03-31")
    assert "footnote" not in said
    assert "'***' is not an amount" in said


@pytest.mark.parametrize("label", ["Grand total:", "Overall total", "Grand Total"])
def test_a_total_label_in_the_id_column_that_no_key_can_be_is_refused_as_a_total(
    run: Cli, label: str
) -> None:
    # Before, it was refused as an id that is not a key, advising make_keys = true; made
    # a key (GRAND-TOTAL) it was refused as a total only then, the second time round.
    said = refused(run, f"{label},,c,300,,")
    assert f"row 3: it looks like a total, not an item ({label!r}, in the column 'key')" in said
    assert "make_keys" not in said
    assert "every row names its item" not in said
    made = refused(run, f"{label},,c,300,,", mapping="make_keys = true\n" + MAPPING)
    assert "row 3: it looks like a total, not an item ('" in made


def test_a_return_of_names_and_details_alone_has_no_headings(run: Cli) -> None:
    # A list of projects with a comments column the mapping ignores, read by name: before,
    # each row whose comment was empty was refused as a group's heading, as was each row of
    # names and categories whose category was left to the mapping's default.
    mapping = (
        'ignore = ["comments"]\n[columns]\ntitle = "title"\ncategory = "category"\n'
        '[defaults]\ncategory = "General"\n'
    )
    Path("names.toml").write_text(mapping, encoding="utf-8")
    path = write("names.csv", "title,category,comments", "Roads Renewal,,",
                 "Rail Signalling,Transport,awaiting business case", "Library Refit,,")  # fmt: skip

    result = run("returns", "import", str(path), "--mapping", "names.toml", "--as-at",
                 "2026-09-30", "--authority", "PMO")  # fmt: skip

    assert result.exit_code == 0, result.output
    assert "heading" not in result.output
    titles = {i["title"] for i in json.loads(run("portfolio", "--json").stdout)}
    assert titles == {"Roads Renewal", "Rail Signalling", "Library Refit"}


def test_ids_numbered_in_brackets_are_items_not_notes(run: Cli) -> None:
    # Before, the id '(1)' (made the key 1) was refused as a note's row, as '(1) Figures
    # exclude VAT' is: a mark alone says nothing, and the row held an item.
    said = refused(run, "(1) Figures exclude VAT,,,,,")  # a note in words is still one
    assert "it looks like a note, not an item ('(1) Figures exclude VAT', in the column" in said
    Path("register.toml").write_text("make_keys = true\n" + MAPPING, encoding="utf-8")
    path = write("register.csv", HEADER, "(1),Roads,c,100,green,2027-03-31",
                 "(2),Rail,c,200,amber,2027-03-31")  # fmt: skip

    result = run("returns", "import", str(path), "--mapping", "register.toml", "--as-at",
                 "2026-09-30", "--authority", "PMO")  # fmt: skip

    assert result.exit_code == 0, result.output
    keys = {item["key"] for item in json.loads(run("portfolio", "--json").stdout)}
    assert keys == {"1", "2"}


def test_a_note_typed_alone_in_an_ignored_column_is_refused_as_a_note(run: Cli) -> None:
    # 'Schemes below are subject to approval' in the Notes column the mapping ignores, every
    # column read empty: refused as 'cell B3 is empty; every row names its item', as if an
    # item's name were missing.
    Path("register.toml").write_text('ignore = ["Notes"]\n' + MAPPING, encoding="utf-8")
    path = write("register.csv", HEADER + ",Notes", "K-1,Roads,c,100,green,2027-03-31,",
                 ",,,,,,Schemes below are subject to approval")  # fmt: skip
    result = run("returns", "import", str(path), "--mapping", "register.toml", "--as-at",
                 "2026-03-31", "--authority", "PMO")  # fmt: skip

    said = " ".join(result.output.split())
    assert result.exit_code == 2, said
    assert (
        "row 3: it holds nothing in the columns the mapping reads, only 'Notes' ('Schemes "
        "below are subject to approval'): a row of a note alone is no item; delete the row"
    ) in said
    assert "every row names its item" not in said
    assert run.events() == 0
