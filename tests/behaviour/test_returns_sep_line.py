"""A CSV whose first line is Excel's ``sep=`` directive is read as Excel reads it.

Tools write ``sep=,`` (or ``sep=;``) first so that Excel opens the file in columns; Excel
reads the line as that and shows the header as row 1. Read as the header, the file was
refused as having no column 'Ref', its header ``'sep='``.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.behaviour.test_returns_refusals import refused
from tests.conftest import Cli

MAPPING = """
[columns]
key = "Ref"
title = "Project"
whole_life_cost = "WLC"
[defaults]
kind = "project"
stage = "in delivery"
category = "Digital"
"""


def write(data: bytes, mapping: str = MAPPING) -> Path:
    Path("m.toml").write_text(mapping, encoding="utf-8")
    path = Path("export.csv").resolve()
    path.write_bytes(data)
    return path


def test_a_sep_line_is_read_past_and_rows_numbered_as_excel_shows_them(run: Cli) -> None:
    path = write(b"\xef\xbb\xbfsep=,\r\nRef,Project,WLC\r\nP-1,Alpha,100\r\nP-2,Beta,lots\r\n")

    message = " ".join(refused(run, path, "--mapping", "m.toml", as_at="2026-09-30").split())

    assert "row 3, column WLC: cell C3: 'lots' is not an amount" in message
    assert "'sep='" not in message


def test_a_return_after_a_sep_line_is_recorded(run: Cli) -> None:
    path = write(b"sep=;\nRef;Project;WLC\nP-1;Alpha;100\n", 'separator = ";"\n' + MAPPING)

    result = run("returns", "import", str(path), "--mapping", "m.toml",
                 "--as-at", "2026-09-30", "--authority", "PMO")  # fmt: skip

    assert result.exit_code == 0, result.output
    shown = json.loads(run("item", "show", "P-1", "--json").output)
    assert shown["whole_life_cost"]["amount"] == "100.00"


def test_a_sep_line_naming_another_separator_than_the_mapping_is_refused_saying_so(
    run: Cli,
) -> None:
    path = write(b"sep=;\nRef;Project;WLC\nP-1;Alpha;100\n")

    message = " ".join(refused(run, path, "--mapping", "m.toml", as_at="2026-09-30").split())

    assert (
        "export.csv: its first line, 'sep=;', says (as Excel reads it) that its cells are "
        'separated by semicolons, and the mapping reads commas: give the mapping separator = ";"'
    ) in message
