"""Columns a workbook hides, that the mapping reads, are read as any other, and said to be.

A PPM export keeps last quarter's figures in a column it hides beside this quarter's;
a mapping written against last quarter's file names the column by its header, and the
import read the hidden figures without a word (hidden rows were named; columns never).
Now each hidden column the mapping reads is named with its letter, in words and in
``--json``; a hidden column the mapping leaves unread or ignores is not.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.behaviour.test_returns_messy import register
from tests.conftest import Cli

HEADER = ["key", "title", "category", "rag", "notes", "working"]
ROWS = [
    ["P-1", "Payroll", "Corporate", "amber", "n", "x"],
    ["P-2", "Website", "Customer", "green", "n", "y"],
]


def workbook(name: str, hidden: str) -> Path:
    """The register with the columns ``hidden`` gives (``D:D``, ``E:F``) hidden."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (HEADER, *ROWS):
        sheet.append(row)
    first, last = hidden.split(":")
    sheet.column_dimensions.group(first, last, hidden=True)
    path = Path(name).resolve()
    book.save(path)
    return path


def dry_run(run: Cli, path: Path, *options: str) -> str:
    Path("m.toml").write_text(
        Path(register("rag"))
        .read_text(encoding="utf-8")
        .replace("[columns]", 'ignore = ["notes"]\n[columns]'),
        encoding="utf-8",
    )
    result = run("returns", "import", str(path), "--mapping", "m.toml", "--as-at",
                 "2026-06-30", "--authority", "PMO", "--dry-run", *options)  # fmt: skip
    assert result.exit_code == 0, result.output
    return result.output


def test_a_hidden_column_the_mapping_reads_is_named_with_its_letter(run: Cli) -> None:
    path = workbook("q2.xlsx", "D:D")

    said = dry_run(run, path)
    data = json.loads(dry_run(run, path, "--json"))

    assert "Hidden column read: rag (D). The sheet hides it, read as any other" in said
    assert "2 new" in said  # read all the same
    assert data["hidden_columns"] == [{"column": "rag", "letter": "D"}]
    assert [row["joins_as"] for row in data["new"]] == [
        row["joins_as"]
        for row in json.loads(dry_run(run, workbook("shown.xlsx", "G:G"), "--json"))["new"]
    ]


def test_hidden_columns_left_unread_or_ignored_are_not_named(run: Cli) -> None:
    path = workbook("q2.xlsx", "E:F")  # notes (ignored) and working (unread)

    said = dry_run(run, path)
    data = json.loads(dry_run(run, path, "--json"))

    assert "Hidden column" not in said
    assert data["hidden_columns"] == []
    assert "Columns not read: working" in said


def test_a_range_of_hidden_columns_names_each_it_reads(run: Cli) -> None:
    path = workbook("q2.xlsx", "C:E")  # category and rag read, notes ignored

    data = json.loads(dry_run(run, path, "--json"))

    assert data["hidden_columns"] == [
        {"column": "category", "letter": "C"},
        {"column": "rag", "letter": "D"},
    ]
    assert "Hidden columns read: category (C), rag (D). The sheet hides them" in dry_run(run, path)
