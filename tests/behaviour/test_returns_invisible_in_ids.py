"""An id with a character that shows nothing in it is the id it shows.

A zero-width space, a word joiner, a soft hyphen or a byte-order mark, copied with an id
from a web page or a document (``PRJ003`` then U+200B), shows as ``PRJ003`` in every
spreadsheet, and is read so, as names are (docs/returns.md, *Text*). Before, the row was
refused as no key (``'PRJ003\\u200b' is not a valid item key``), a refusal of an id the
office could not see anything wrong with, and with ``make_keys`` the same id made a
key of its own only by way of the rule for ids that are no key.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from tests.behaviour.test_returns_refusals import write
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


def returns_import(run: Cli, path: Path, as_at: str) -> dict[str, Any]:
    result = run("returns", "import", str(path), "--mapping", "m.toml", "--as-at", as_at,
                 "--authority", "PMO", "--json")  # fmt: skip
    assert result.exit_code == 0, result.output
    reconciled: dict[str, Any] = json.loads(result.output)
    return reconciled


@pytest.mark.parametrize(
    "invisible", ["\u200b", "\u2060", "\u00ad", "\ufeff"], ids=["zwsp", "joiner", "shy", "bom"]
)
def test_an_id_is_read_without_characters_that_show_nothing(run: Cli, invisible: str) -> None:
    Path("m.toml").write_text(MAPPING, encoding="utf-8")
    first = write("q2.csv", "Ref,Project,WLC", f"PRJ{invisible}003{invisible},Roads,100")

    joined = returns_import(run, first, "2026-06-30")

    [new] = joined["new"]
    assert new["key"] == "PRJ003"
    then = returns_import(run, write("q3.csv", "Ref,Project,WLC", "PRJ003,Roads,120"), "2026-09-30")
    assert then["new"] == []
    [changed] = then["changed"]
    assert changed["key"] == "PRJ003"
    shown = json.loads(run("item", "show", "PRJ003", "--json").output)
    assert shown["whole_life_cost"]["amount"] == "120.00"


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_row_of_characters_that_show_nothing_alone_is_a_blank_row(run: Cli, kind: str) -> None:
    """A row whose only cell holds a zero-width space looks blank, and is skipped as one.

    Found in a trust's programme register (a blank row between programmes, a zero-width
    space pasted into its Ref cell): it was refused as ``cell B3 is empty; every row names
    its item``, naming a cell the office saw nothing wrong with in a row that showed
    nothing, where a row of spaces or no-break spaces is skipped.
    """
    Path("m.toml").write_text(MAPPING, encoding="utf-8")
    rows = [("Ref", "Project", "WLC"), ("P-1", "Roads", "100"), ("\u200b", "", "\u2060"),
            ("P-2", "Rail", "200")]  # fmt: skip
    path = Path(f"q2.{kind}").resolve()
    if kind == "csv":
        write(path.name, *(",".join(row) for row in rows))
    else:
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        for row in rows:
            sheet.append([cell or None for cell in row])
        book.save(path)

    read = returns_import(run, path, "2026-06-30")

    assert [new["key"] for new in read["new"]] == ["P-1", "P-2"]
    assert read["refused"] == []
