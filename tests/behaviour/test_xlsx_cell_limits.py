"""A workbook holds what Excel holds: a long text cut with a marker saying so, never silently.

An Excel cell holds at most 32,767 characters and a sheet 1,048,576 rows; the ledger
takes a rationale of up to 1,000,000 characters. openpyxl cut a longer text at
32,767 characters without a word (a board's 40,000-character rationale lost its last
7,233, and nothing said so); a row past the last it writes, and Excel reports damage.
Now the cell is cut with a marker at its end saying how many characters were left out
and where the whole text is, and stderr names the cells (exit 0); a return's export,
read back as a return, refuses instead; a sheet over the rows is refused, no file left.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.conftest import Cli

MAX_CELL = 32_767  # Excel's: the characters a cell holds

WHY = ("The committee reviewed the business case. " * 1000)[:39_990] + " (the end)"
MARKER = re.compile(
    r" \[\.\.\. ([\d,]+) more characters cut here: an Excel cell holds at most 32,767; "
    r"the whole text is in (.+)\]$"
)


def _record(run: Cli, *, rationale: str = WHY, description: str | None = None) -> None:
    described = () if description is None else ("--description", description)
    for args in (
        ("item", "onboard", "PRJ-1", "--title", "Payroll", "--category", "Corporate",
         "--stage", "in-delivery", "--authority", "Baseline", "-m", "Onboarded",
         "--effective-date", "2026-10-01", *described),
        ("item", "pause", "PRJ-1", "--authority", "Portfolio board", "-m", rationale,
         "--effective-date", "2026-11-20"),
    ):  # fmt: skip
        result = run(*args)
        assert result.exit_code == 0, result.output


def _cells(path: Path) -> list[tuple[str, str, Any]]:
    book = load_workbook(path)
    return [
        (sheet.title, cell.coordinate, cell.value)
        for sheet in book
        for row in sheet.iter_rows()
        for cell in row
    ]


def _cut(path: Path) -> list[tuple[str, str, str]]:
    """The cells of the workbook cut to fit: sheet, cell, text."""
    cells = _cells(path)
    assert all(len(str(value or "")) <= MAX_CELL for _, _, value in cells)
    return [(s, c, v) for s, c, v in cells if isinstance(v, str) and MARKER.search(v)]


def test_a_rationale_longer_than_a_cell_is_cut_with_a_marker_and_named(
    run: Cli, tmp_path: Path
) -> None:
    assert len(WHY) == 40_000
    _record(run)
    out = tmp_path / "trail.xlsx"

    made = run("audit", "trail", "--out", str(out))

    assert made.exit_code == 0, made.output
    [(sheet, cell, text)] = _cut(out)
    marker = MARKER.search(text)
    assert marker is not None
    kept = text[: marker.start()]
    assert WHY.startswith(kept)
    assert int(marker.group(1).replace(",", "")) == len(WHY) - len(kept)
    assert marker.group(2) == "the same command with --format csv or --json"
    assert len(text) == MAX_CELL or len(text) == MAX_CELL - 1  # as much of it as fits
    said = " ".join(made.stderr.split())
    assert f"sheet '{sheet}' cell {cell} (Rationale, 40,000 characters)" in said
    assert "Warning: 1 text longer than an Excel cell holds (32,767 characters) is cut" in said
    # The whole of it, as the marker says.
    whole = run("audit", "trail", "--json")
    assert whole.exit_code == 0
    assert WHY in [record["rationale"] for record in json.loads(whole.stdout)]
    as_csv = run("audit", "trail", "--format", "csv")
    assert WHY in {row["Rationale"] for row in csv.DictReader(as_csv.stdout.splitlines())}


def test_the_board_packs_workbook_cuts_it_too(run: Cli, tmp_path: Path) -> None:
    _record(run)
    out = tmp_path / "pack.xlsx"

    made = run("report", "board-pack", "--as-at", "2026-11-30", "--out", str(out))

    assert made.exit_code == 0, made.output
    [(sheet, cell, text)] = _cut(out)
    assert sheet == "Decisions"
    marker = MARKER.search(text)
    assert marker is not None
    assert marker.group(2) == "the same command with --json"
    said = " ".join(made.stderr.split())
    assert f"sheet 'Decisions' cell {cell} (Why, 40,000 characters)" in said
    whole = run("report", "board-pack", "--as-at", "2026-11-30", "--json")
    assert whole.exit_code == 0
    assert WHY in whole.stdout.replace("\\n", "\n")


def test_characters_beyond_u_ffff_count_twice_as_excel_counts_them(
    run: Cli, tmp_path: Path
) -> None:
    emoji = "Up \U0001f4c8" * 8_000  # 32,000 characters, 40,000 in Excel's count
    _record(run, rationale=emoji)
    out = tmp_path / "trail.xlsx"

    made = run("audit", "trail", "--out", str(out))

    assert made.exit_code == 0, made.output
    [(_, _, text)] = _cut(out)
    assert len(text.encode("utf-16-le")) // 2 <= MAX_CELL


def test_a_returns_export_refuses_a_text_it_would_read_back_cut(run: Cli, tmp_path: Path) -> None:
    _record(run, rationale="Paused", description="d" * 40_000)
    mapping = tmp_path / "office.toml"
    mapping.write_text(
        '[columns]\nkey = "ID"\ntitle = "Name"\ndescription = "Description"\n', encoding="utf-8"
    )
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "return.xlsx"
    args = ("portfolio", "export", "--mapping", str(mapping), "--stage", "paused")

    refused = run(*args, "--out", str(out))

    assert refused.exit_code == 2
    assert " ".join(refused.stderr.split()) == (
        "Error: cannot export PRJ-1 as .xlsx: its 'Description' is 40,000 characters, more "
        "than the 32,767 an Excel cell holds, and cut it would be read back as a change. "
        "Export as CSV instead (--format csv --out FILE.csv), which holds it whole; nothing "
        "was written"
    )
    assert list(folder.iterdir()) == []
    as_csv = run(*args, "--out", str(folder / "return.csv"))
    assert as_csv.exit_code == 0, as_csv.output
    assert "d" * 40_000 in (folder / "return.csv").read_text(encoding="utf-8-sig")


def test_a_sheet_of_more_rows_than_a_workbook_holds_is_refused_and_nothing_written(
    run: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _record(run, rationale="Paused")
    # A million events, in a test's time: the limit is made 2 rows.
    monkeypatch.setattr("portfolio_ledger.application.workbook_limits.MAX_ROWS", 2)
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "trail.xlsx"
    out.write_bytes(b"the last one")

    refused = run("audit", "trail", "--out", str(out))

    assert refused.exit_code == 2
    assert " ".join(refused.stderr.split()) == (
        "Error: the sheet 'Audit trail' would have 3 rows (its header among them), more than "
        "the 2 an Excel sheet holds: every row is in the same command with --format csv or "
        "--json; or choose fewer rows. Nothing was written"
    )
    assert out.read_bytes() == b"the last one"
    assert list(folder.iterdir()) == [out]
