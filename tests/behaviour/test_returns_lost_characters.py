"""A PPM export saved as Excel's plain 'CSV (Comma delimited)', its emoji and letters lost as '?'.

Excel's *CSV (Comma delimited)* saves in Windows-1252, and writes each character that has
no place there as ``?``: a health of ``🟢 On Track`` becomes ``? On Track`` (or ``?? On
Track``), a title ``Ōtautahi Hub`` becomes ``?tautahi Hub``, ``Białystok`` ``Bia?ystok``.
With no other character outside ASCII, the file is valid UTF-8. Before, the rating was
refused as "not a rating", naming nothing of the cause, and the title was recorded as
read, for good (next quarter's right one a rename). Now each is refused saying how the
character was lost and how to save the export; a question mark a name ends with is read.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.behaviour.test_returns_refusals import refused, write
from tests.conftest import Cli

MAPPING = """
[columns]
key = "Project ID"
title = "Project Name"
category = "Portfolio"
rag = "Health"
description = "Summary"

[spellings.rag]
"\U0001f7e2 On Track" = "green"
"""
LOST = "has a '?' where a name or a status has none (first, before a word, or between two letters)"
FIX = "save the export as 'CSV UTF-8' (or import the workbook itself) and import that"


def test_characters_excel_could_not_save_are_refused_saying_so(run: Cli) -> None:
    Path("mapping.toml").write_text(MAPPING, encoding="utf-8")
    path = write("export.csv", "Project ID,Project Name,Portfolio,Health,Summary",
                 "PRJ001,?tautahi Hub,Infrastructure,? On Track,",
                 "PRJ002,Bia?ystok Office,Infrastructure,?? On Track,")  # fmt: skip

    message = " ".join(refused(run, path, "--mapping", "mapping.toml").split())

    for cell in ("B2: '?tautahi Hub'", "D2: '? On Track'", "B3: 'Bia?ystok Office'",
                 "D3: '?? On Track'"):  # fmt: skip
        assert f"cell {cell} {LOST}" in message
    assert FIX in message


def test_a_question_a_name_asks_is_read(run: Cli) -> None:
    Path("mapping.toml").write_text(MAPPING, encoding="utf-8")
    # A link's own '?' (its query) is no lost character either (before 35ddd52's fix, refused).
    path = write("export.csv", "Project ID,Project Name,Portfolio,Health,Summary",
                 "PRJ001,Why AI? Discovery,Infrastructure,\U0001f7e2 On Track,"
                 "See https://intranet.example/p?id=PRJ001 or www.example.org/x?y=z")  # fmt: skip

    result = run("returns", "import", str(path), "--mapping", "mapping.toml",
                 "--as-at", "2026-03-31", "--authority", "PMO")  # fmt: skip

    assert result.exit_code == 0, result.output
    assert json.loads(run("item", "show", "PRJ001", "--json").output)["title"] == (
        "Why AI? Discovery"
    )


def test_a_link_without_its_scheme_or_a_mailto_keeps_its_question_mark(run: Cli) -> None:
    Path("mapping.toml").write_text(MAPPING, encoding="utf-8")
    summary = (
        "Page contoso.sharepoint.com/sites/PMO/DispForm.aspx?ID=12; "
        "questions to mailto:pmo@example.org?subject=Status"
    )
    path = write("export.csv", "Project ID,Project Name,Portfolio,Health,Summary",
                 f"PRJ001,Cloud,Infrastructure,\U0001f7e2 On Track,{summary}")  # fmt: skip

    result = run("returns", "import", str(path), "--mapping", "mapping.toml",
                 "--as-at", "2026-03-31", "--authority", "PMO")  # fmt: skip

    assert result.exit_code == 0, result.output
    assert summary in run("item", "show", "PRJ001", "--json").output
