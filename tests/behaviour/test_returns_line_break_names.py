"""A name typed over two lines of a workbook's cell (Alt+Enter) is recorded as it is shown.

A tester's ``Payroll`` and ``replacement`` on two lines of the title cell was recorded with
the line break, while the dry run's *Joins as* showed ``Payroll replacement``: what was
checked was not what was kept. A title, organisation, category, owner or sponsor is one
line, each line break one space (as a header's is); a description keeps its lines.
"""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import Workbook

from tests.conftest import Cli

MAPPING = """
[columns]
key = "Ref"
title = "Project"
organisation = "Dept"
owner = "Owner"
description = "Notes"
[defaults]
kind = "project"
stage = "in delivery"
category = "Digital"
"""


def test_a_line_break_in_a_name_is_recorded_as_the_dry_run_shows_it(run: Cli) -> None:
    Path("m.toml").write_text(MAPPING, encoding="utf-8")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Ref", "Project", "Dept", "Owner", "Notes"])
    sheet.append(["P-1", "Payroll\nreplacement", "Home\r\nOffice", "Ann \n Lee", "One.\nTwo."])
    book.save("q3.xlsx")
    asked = ("returns", "import", str(Path("q3.xlsx").resolve()), "--mapping", "m.toml",
             "--as-at", "2026-09-30", "--authority", "PMO")  # fmt: skip

    dry = run(*asked, "--dry-run", "--json")
    recorded = run(*asked)

    assert dry.exit_code == 0, dry.output
    assert recorded.exit_code == 0, recorded.output
    [new] = json.loads(dry.output)["new"]
    assert "Payroll replacement" in new["joins_as"]
    shown = json.loads(run("item", "show", "P-1", "--json").output)
    assert shown["title"] == "Payroll replacement"
    assert shown["organisation"] == "Home Office"
    assert shown["owner"] == "Ann Lee"
    assert shown["description"] == "One.\nTwo."
