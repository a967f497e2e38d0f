"""Returns under names and encodings that say otherwise than what they hold.

A workbook saved or sent as ``return.csv`` (or with no extension) is read as the workbook
it is, not refused in openpyxl's words (*openpyxl does not support .csv file format*); a zip
of other files, under any name, is said to be an archive holding no workbook, naming what
it holds; a CSV (or an import's file) in UTF-32 is said to be UTF-32, not UTF-16. Nothing
is written by a refusal; SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from tests.conftest import Cli

HEADER = ["gmpp_id", "project_name", "department", "category", "report_year",
          "whole_life_cost_gbp_m", "cost_variance_pct", "delivery_confidence"]  # fmt: skip
ROW = ["CO_0001", "Hubs Programme", "CO", "Government Transformation", "2024-25", 558, None, None]
OPTIONS = ("--mapping", "gmpp", "--as-at", "2024-09-30", "--authority", "GMPP annual report")


def _returns_import(run: Cli, file: Path) -> tuple[int, str]:
    result = run("returns", "import", str(file), *OPTIONS, "--json")
    assert "Traceback" not in result.output
    return result.exit_code, " ".join(result.output.split())


@pytest.mark.parametrize("name", ["register.csv", "register"])
def test_a_workbook_under_another_name_is_read_as_the_workbook_it_is(
    run: Cli, tmp_path: Path, name: str
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (HEADER, ROW):
        sheet.append(row)
    saved = tmp_path / "register.xlsx"
    book.save(saved)
    given = saved.rename(tmp_path / name)

    code, said = _returns_import(run, given)

    assert code == 0, said
    assert json.loads(said)["recorded"] == 1
    assert run("item", "show", "CO_0001").exit_code == 0


def test_a_workbook_whose_workbook_part_has_another_name_is_read(run: Cli, tmp_path: Path) -> None:
    # A package names its parts where its [Content_Types].xml and _rels/.rels say: a valid
    # workbook whose part is xl/book.xml, which openpyxl reads, was refused as 'a zip
    # archive, not a workbook ... and no xl/workbook.xml'.
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (HEADER, ROW):
        sheet.append(row)
    book.save(tmp_path / "saved.xlsx")
    moved = {
        "xl/workbook.xml": "xl/book.xml",
        "xl/_rels/workbook.xml.rels": "xl/_rels/book.xml.rels",
    }
    given = tmp_path / "register.xlsx"
    with zipfile.ZipFile(tmp_path / "saved.xlsx") as saved, zipfile.ZipFile(given, "w") as packed:
        for name in saved.namelist():
            data = saved.read(name).replace(b"xl/workbook.xml", b"xl/book.xml")
            packed.writestr(moved.get(name, name), data)

    code, said = _returns_import(run, given)

    assert code == 0, said
    assert json.loads(said)["recorded"] == 1


@pytest.mark.parametrize("name", ["register.xlsx", "register.zip", "register.csv"])
def test_a_zip_of_other_files_is_said_to_hold_no_workbook_naming_what_it_holds(
    run: Cli, tmp_path: Path, name: str
) -> None:
    archive = tmp_path / name
    with zipfile.ZipFile(archive, "w") as packed:
        packed.writestr("returns/q3.xlsx", b"PK\x03\x04 not opened")
        packed.writestr("README.txt", "Q3 return")
    before = run.events()

    code, said = _returns_import(run, archive)

    assert code == 2, said
    assert (
        f"{name} is a zip archive, not a workbook: it holds returns/q3.xlsx, README.txt, and "
        "no xl/workbook.xml"
    ) in said
    assert "unzip the archive and import the return in it" in said
    assert "openpyxl" not in said
    assert "Content_Types" not in said
    assert run.events() == before


@pytest.mark.parametrize("name", ["register.xlsx", "register"])
def test_a_binary_workbook_under_another_name_is_said_to_be_one(
    run: Cli, tmp_path: Path, name: str
) -> None:
    # An .xlsb sent as register.xlsx or with no extension was said to be 'a zip archive,
    # not a workbook ... unzip the archive and import the return in it': there is none.
    book = tmp_path / name
    with zipfile.ZipFile(book, "w") as packed:
        packed.writestr("[Content_Types].xml", "<Types/>")
        packed.writestr("xl/workbook.bin", b"\x83\x01\x00")
    before = run.events()

    code, said = _returns_import(run, book)

    assert code == 2, said
    assert f"{name} is an Excel Binary Workbook (.xlsb), which is not read" in said
    assert "unzip" not in said
    assert run.events() == before


def test_a_csv_in_utf_32_is_said_to_be_utf_32(run: Cli, tmp_path: Path) -> None:
    text = ",".join(HEADER) + "\nCO_0001,Hubs Programme,CO,ICT,2024-25,558,,\n"
    file = tmp_path / "register.csv"
    file.write_bytes(text.encode("utf-32"))  # with its mark: FF FE 00 00, then the text
    before = run.events()

    code, said = _returns_import(run, file)

    assert code == 2, said
    assert "register.csv is UTF-32 text (it starts with a UTF-32 byte-order mark)" in said
    assert "UTF-16" not in said
    assert run.events() == before


def test_an_import_file_in_utf_32_is_said_to_be_utf_32(run: Cli, tmp_path: Path) -> None:
    line = {"command": "person add", "key": "hcarter", "name": "Helen Carter", "rationale": "x"}
    file = tmp_path / "people.jsonl"
    file.write_bytes((json.dumps(line) + "\n").encode("utf-32"))
    before = run.events()

    result = run("import", str(file))

    said = " ".join(result.output.split())
    assert result.exit_code == 2, said
    assert "people.jsonl is UTF-32 text (it starts with a UTF-32 byte-order mark)" in said
    assert "iconv -f UTF-32 -t UTF-8" in said
    assert run.events() == before
