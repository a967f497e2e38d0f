"""A workbook's text holding a character its XML writes escaped (``_x000D_``) is read as it.

Excel saves a carriage return, as text pasted with Windows line ends brings (a description
from an email, a name over two lines), as ``_x000D_`` in its XML. openpyxl leaves it so: the
item was recorded as ``Alpha_x000D_`` and a line break, and the next return's ``Alpha Phase 2``
matched no item of that name.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.behaviour.returns_mappings import ONE_DEPARTMENT
from tests.conftest import Cli


def workbook(path: Path, rows: list[list[str]], escaped: bytes = b"_x000D_&#10;") -> Path:
    """The rows in a workbook, each '@@' in them written ``escaped`` (as Excel writes CR LF)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)
    with zipfile.ZipFile(path) as read:
        parts = {name: read.read(name) for name in read.namelist()}
    part = "xl/worksheets/sheet1.xml"
    parts[part] = parts[part].replace(b"@@", escaped)
    with zipfile.ZipFile(path, "w") as written:
        for name, data in parts.items():
            written.writestr(name, data)
    return path


def test_an_escaped_carriage_return_is_read_as_one(run: Cli) -> None:
    Path("m.toml").write_text(ONE_DEPARTMENT, encoding="utf-8")
    path = workbook(Path("q2.xlsx").resolve(), [["Ref", "Project"], ["", "Alpha@@Phase 2"]])

    result = run("returns", "import", str(path), "--mapping", "m.toml",
                 "--as-at", "2026-06-30", "--authority", "PMO")  # fmt: skip

    assert result.exit_code == 0, result.output
    shown = json.loads(run("item", "show", "ALPHA-PHASE-2", "--json").output)
    assert shown["title"] == "Alpha Phase 2"  # read as a line break: one space in a name
    assert "_x000D_" not in result.output


@pytest.mark.parametrize(
    ("escaped", "title"),
    [
        (b"_xD83D__xDE00_", "Alpha \U0001f600 Phase 2"),  # a character past U+FFFF, as a pair
        (b"_xD83D_", "Alpha _xD83D_ Phase 2"),  # half a pair: no character; left as written
    ],
)
def test_a_character_past_ffff_is_read_and_half_of_one_left_as_written(
    run: Cli, escaped: bytes, title: str
) -> None:
    Path("m.toml").write_text(ONE_DEPARTMENT, encoding="utf-8")
    path = workbook(Path("q2.xlsx").resolve(), [["Ref", "Project"], ["", "Alpha @@ Phase 2"]],
                    escaped)  # fmt: skip

    result = run("returns", "import", str(path), "--mapping", "m.toml",
                 "--as-at", "2026-06-30", "--authority", "PMO")  # fmt: skip

    assert result.exit_code == 0, result.output
    listed = json.loads(run("portfolio", "--json").output)
    assert [item["title"] for item in listed] == [title]
