"""An id merged down over several rows is refused naming the merge, not as the item twice.

A register merging a programme's id down over its projects' rows (``A2:A4``) had the
rows after the first refused as ``PG-1 is also on row 2; an item appears once in a
return (a file holding several returns is read one at a time: --where ...)``: the cell
shows the id, the message did not say it was merged, and its advice was for another
file. The refusal now names the merged cells and says to give each row its own id.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Cli

MAPPING = '[columns]\nkey = "Ref"\ntitle = "Project"\n[defaults]\ncategory = "Digital"\n'


def test_an_id_merged_down_over_rows_is_refused_naming_the_merged_cells(run: Cli) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["Ref", "Project"], ["PG-1", "Phase A"], [None, "Phase B"], [None, "Phase C"]):
        sheet.append(row)
    sheet.merge_cells("A2:A4")
    book.save("merged.xlsx")
    Path("m.toml").write_text(MAPPING, encoding="utf-8")

    result = run("returns", "import", "merged.xlsx", "--mapping", "m.toml", "--as-at",
                 "2025-12-31", "--authority", "PMO")  # fmt: skip

    assert result.exit_code == 2, result.output
    assert (
        "rows 3-4, column Ref: cell A3 (and A4) is part of the merged cells A2:A4 (their id is "
        "in A2), "
        "which span more than one row: an id names one item; unmerge them and give each "
        "row its own id" in result.output
    )
    assert "an item appears once in a return" not in result.output
    assert run.events() == 0
