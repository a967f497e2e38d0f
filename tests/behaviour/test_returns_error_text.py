"""A formula's error saved as text (``#N/A`` in a CSV) is refused as a workbook's error cell is.

A register looks up each project's directorate from a code; a code the lookup does not know
gives ``#N/A``, which Excel saves to CSV as that text. Read as text, it was recorded as the
item's organisation (or its name, ``#REF!``), where the same cell in the workbook is refused.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.behaviour.returns_mappings import BY_DEPARTMENT
from tests.behaviour.test_returns_refusals import refused, write
from tests.conftest import Cli


@pytest.mark.parametrize("saved", ["csv", "xlsx"])
def test_an_error_saved_as_text_is_refused_naming_the_cell(run: Cli, saved: str) -> None:
    Path("m.toml").write_text(BY_DEPARTMENT, encoding="utf-8")
    rows = [["P-1", "Alpha", "#N/A"], ["P-2", "#REF!", "HO"], ["P-3", "Gamma", "Err:502"]]
    path = write("q3.csv", "Ref,Project,Dept", *(",".join(row) for row in rows))
    if saved == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        assert sheet is not None
        for row in [["Ref", "Project", "Dept"], *rows]:
            sheet.append(row)
        path = Path("q3.xlsx").resolve()
        book.save(path)

    message = " ".join(refused(run, path, "--mapping", "m.toml", as_at="2026-09-30").split())

    assert "row 2, column Dept: cell C2 holds the error #N/A" in message
    assert "put right the formula that gives it (or type the value) and save the file again" in (
        message
    )
    assert "row 3, column Project: cell B3 holds the error #REF!" in message
    assert "row 4, column Dept: cell C4 holds the error Err:502, a formula's, saved as text" in (
        message
    )


def test_text_that_only_begins_as_an_error_is_read(run: Cli) -> None:
    Path("m.toml").write_text(BY_DEPARTMENT, encoding="utf-8")
    path = write("q3.csv", "Ref,Project,Dept", "P-1,#N/A reporting fix,HO", "P-2,Beta,N/A")

    result = run("returns", "import", str(path), "--mapping", "m.toml",
                 "--as-at", "2026-09-30", "--authority", "PMO")  # fmt: skip

    assert result.exit_code == 0, result.output


def test_an_error_saved_as_text_that_the_mapping_spells_is_read_as_it_says(run: Cli) -> None:
    # A register of lookups gives #N/A where a project has no rating yet, and its office
    # spelt it: read as not assessed before errors saved as text were refused, then refused.
    mapping = BY_DEPARTMENT.replace(
        "[defaults]", 'rag = "DCA"\n[spellings.rag]\n"#N/A" = "not assessed"\n[defaults]'
    )
    Path("m.toml").write_text(mapping, encoding="utf-8")
    path = write("q3.csv", "Ref,Project,Dept,DCA", "P-1,Alpha,HO,Green", "P-2,Beta,HO,#N/A")

    result = run("returns", "import", str(path), "--mapping", "m.toml",
                 "--as-at", "2026-09-30", "--authority", "PMO")  # fmt: skip

    assert result.exit_code == 0, result.output
    shown = json.loads(run("item", "show", "P-2", "--json").output)
    assert shown["rag"] == "not assessed"
    path = write("q3.csv", "Ref,Project,Dept,DCA", "P-1,Alpha,#N/A,Green")  # not spelt: refused
    message = " ".join(refused(run, path, "--mapping", "m.toml", as_at="2026-09-30").split())
    assert "row 2, column Dept: cell C2 holds the error #N/A" in message
