"""The board pack as an Excel workbook: each of its tables a sheet, figures as numbers.

A board or an office that works its figures in a spreadsheet gets the pack
as ``--out pack.xlsx`` (before, refused: HTML or PDF only). Its figures are
checked against the GMPP file itself (a subset of its projects, both years),
computed here with ``csv`` and ``Decimal``; made twice with ``--reproducible``
it is the same bytes, and ``--record`` keeps the SHA-256 of the workbook.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections import Counter
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from tests.behaviour.test_returns_gmpp import AS_AT, ROWS, gmpp_import, rating, wlc
from tests.conftest import Cli

KEEP = 24  # projects of each year, from the top of the file: some join, some leave


def subset(path: Path) -> dict[str, dict[str, dict[str, str]]]:
    """The first projects of each year, as the file holds them; by year, then id."""
    by_year: dict[str, dict[str, dict[str, str]]] = {name: {} for name in AS_AT}
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(ROWS[0]))
        writer.writeheader()
        for row in ROWS:
            chosen = by_year[row["report_year"]]
            if row["gmpp_id"] and len(chosen) < KEEP:
                chosen[row["gmpp_id"]] = row
                writer.writerow(row)
    return by_year


def sheets(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    from openpyxl import load_workbook

    book = load_workbook(path)
    return {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}


def test_the_pack_as_a_workbook_holds_the_returns_figures(run: Cli, tmp_path: Path) -> None:
    data = tmp_path / "gmpp.csv"
    years = subset(data)
    for name in AS_AT:
        assert gmpp_import(run, name, "--missing", "leave", file=data).exit_code == 0
    args = ("report", "board-pack", "--as-at", AS_AT["2025-26"], "--since", AS_AT["2024-25"])
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"

    made = run(*args, "--reproducible", "--out", str(first))
    again = run(*args, "--reproducible", "--out", str(second))

    assert made.exit_code == 0, made.output
    assert again.exit_code == 0, again.output
    assert first.read_bytes() == second.read_bytes()
    book = sheets(first)
    before, after = years["2024-25"], years["2025-26"]
    held = {k: r for k, r in before.items() if k not in after} | after  # left items too
    expected: dict[str, list[Any]] = {}
    for row in held.values():
        line = expected.setdefault(row["department"], [0, Decimal(0), 0])
        cost = wlc(row)
        line[0] += 1
        line[1] += cost if isinstance(cost, Decimal) else 0
        line[2] += cost == "withheld"
    header, *rows = book["By organisation"]
    assert header[:4] == ("Organisation", "Items", "Currency", "Whole-life cost")
    assert {r[0]: [r[1], Decimal(str(r[3] or 0)), r[6]] for r in rows} == expected
    rag = {label: items for label, items in book["Open items by RAG"][1:] if items}
    assert rag == Counter(rating(row) for row in after.values())
    about = dict(book["Pack"][1:])
    assert "Generated at" not in about  # --reproducible leaves it out, as the HTML does
    assert about["Items"] == len(held)
    assert (about["Joined since"], about["Left since"]) == (
        len(after.keys() - before.keys()),
        len(before.keys() - after.keys()),
    )
    changes = [r for r in book["Changes"][1:] if r[3] == "whole-life cost"]
    assert {r[0]: (r[5], r[6]) for r in changes} == {
        k: tuple(float(c) if isinstance(c, Decimal) else c for c in (wlc(before[k]), wlc(after[k])))
        for k in before.keys() & after.keys()
        if wlc(before[k]) != wlc(after[k])
    }
    assert len(book["Decisions"]) - 1 == run.events() - len(before)  # the second return's


def test_a_workbook_tabled_before_a_board_records_its_checksum(run: Cli, tmp_path: Path) -> None:
    data = tmp_path / "gmpp.csv"
    subset(data)
    assert gmpp_import(run, "2024-25", file=data).exit_code == 0
    created = run("board", "create", "PB", "--name", "Portfolio Board", "--terms", "Reviews.",
                  "--unlimited", "--quorum", "1", "--authority", "Charter", "-m", "Set up",
                  "--effective-date", "2024-09-01")  # fmt: skip
    assert created.exit_code == 0, created.output
    out = tmp_path / "pb.xlsx"

    tabled = run("report", "board-pack", "--as-at", "2024-09-30", "--board", "PB", "--record",
                 "--effective-date", "2024-10-07", "--out", str(out))  # fmt: skip

    assert tabled.exit_code == 0, tabled.output
    trail = json.loads(run("audit", "trail", "--json").stdout)
    row = next(r for r in trail if r["event"] == "board pack tabled")
    assert hashlib.sha256(out.read_bytes()).hexdigest() in row["summary"]


def test_a_workbook_of_a_day_no_envelope_stood_says_so(run: Cli, tmp_path: Path) -> None:
    """The HTML and PDF say 'No portfolio envelope stood on DAY'; the workbook's Pack sheet
    left the envelope out, unsaid, as if it had been forgotten."""
    proposed = run("item", "propose", "PRJ-1", "--kind", "project", "--title", "T", "--owner", "O",
                   "--sponsor", "S", "--category", "IT", "-m", "p",
                   "--effective-date", "2026-11-02")  # fmt: skip
    assert proposed.exit_code == 0, proposed.output
    later = run("portfolio", "envelope", "GBP 1,000,000", "--authority", "IC", "-m", "Plan",
                "--effective-date", "2026-12-01")  # fmt: skip
    assert later.exit_code == 0, later.output
    effective, recorded = tmp_path / "e.xlsx", tmp_path / "r.xlsx"

    made = run("report", "board-pack", "--as-at", "2026-11-30", "--out", str(effective))
    also = run("report", "board-pack", "--as-at", "2026-11-30", "--clock", "recorded",
               "--out", str(recorded))  # fmt: skip

    assert made.exit_code == 0, made.output
    assert also.exit_code == 0, also.output
    about = dict(sheets(effective)["Pack"][1:])
    assert about["Envelope"] == "No portfolio envelope stood on 2026-11-30 (in effect that day)"
    assert "Headroom" not in about
    assert isinstance(about["Generated at"], datetime)
    assert dict(sheets(recorded)["Pack"][1:])["Envelope"] == (
        "No portfolio envelope stood on 2026-11-30 (as recorded by the end of that day)"
    )


def test_a_change_of_money_names_its_currency_in_the_workbook(run: Cli, tmp_path: Path) -> None:
    """The Changes sheet held a forecast's amounts as bare numbers, with no currency in the
    row: 1,300,000 of what? ``portfolio diff --out`` gives a Currency column; so does the pack."""
    onboarded = run("item", "onboard", "EU-1", "--title", "Rail", "--category", "Transport",
                    "--currency", "EUR", "--budget", "EUR 1,000,000", "--forecast-cost",
                    "EUR 1,300,000", "--rag", "amber", "--authority", "Baseline", "-m", "Onboarded",
                    "--effective-date", "2026-01-15")  # fmt: skip
    assert onboarded.exit_code == 0, onboarded.output
    reported = run("item", "report-status", "EU-1", "--overall", "red", "--forecast-cost",
                   "EUR 2,000,000", "-m", "Costs up", "--effective-date", "2026-10-01")  # fmt: skip
    assert reported.exit_code == 0, reported.output
    out = tmp_path / "pack.xlsx"
    made = run("report", "board-pack", "--as-at", "2026-11-30", "--out", str(out))
    assert made.exit_code == 0, made.output

    header, *rows = sheets(out)["Changes"]
    assert header == ("Key", "Title", "Organisation", "Change", "Currency", "From", "To")
    assert ("EU-1", "Rail", None, "forecast", "EUR", 1300000, 2000000) in rows
