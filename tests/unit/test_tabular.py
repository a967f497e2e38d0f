"""Declared tables as text: the plain formatter, CSV's neutralising, when tables are plain."""

from __future__ import annotations

import io
import sys
import unicodedata
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from portfolio_ledger.audit.export import neutralise
from portfolio_ledger.cli import render
from portfolio_ledger.reports.tabular import (
    Column,
    Figure,
    Table,
    csv_lines,
    display_width,
    plain,
    plain_table,
)


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


TABLE = Table(
    "Two items",
    "Items",
    (
        Column("Key"),
        Column("Title", wrap=20),
        Column("Currency", shown="data"),
        Column("Budget", "money"),
        Column("Since", "date"),
        Column("Recorded", "time", shown="data"),
        Column("Esc", "int"),
        Column("Note", shown="screen"),
    ),
    [
        ("PRJ-1", "=1+2", "GBP", Figure(Decimal("-1200.5"), "GBP"), date(2026, 3, 31),
         datetime(2026, 4, 1, 9, 30, tzinfo=UTC), 3, "a\nb"),
        ("PRJ-22", "  @cmd", "GBP", Figure(None, "GBP", "withheld"), None, None, 0, ""),
    ],
)  # fmt: skip


def test_the_plain_table_aligns_columns_and_keeps_each_row_on_one_line() -> None:
    lines = list(plain_table(TABLE))

    assert lines == [
        "Two items",
        "Key     Title          Budget  Since       Esc  Note",
        "------  ------  -------------  ----------  ---  ----",
        "PRJ-1   =1+2    GBP -1,200.50  2026-03-31    3  a b",
        "PRJ-22    @cmd       withheld  -             0  -",
    ]


def test_plain_handles_no_rows_and_ends_no_line_in_spaces() -> None:
    assert list(plain(None, ["A", "Bee"], [], right=["A"])) == ["A  Bee", "-  ---"]
    assert all(not line.endswith(" ") for line in plain_table(TABLE))


FULLWIDTH = "\uff21\uff42\uff43"
WIDE = ["数据平台迁移项目", FULLWIDTH, "Cafe\u0301 e\u0301", "a\u200bb", "Phase\t2", "plain"]


def test_display_width_counts_as_a_terminal_does() -> None:
    from rich.cells import cell_len

    for text in [*WIDE[:4], "😀", "한국어", "ｶﾀｶﾅ", "\u3000", "x\u20dd"]:
        assert display_width(text) == cell_len(text), text


EMOJI_AND_JAMO = [
    "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466 family",  # ZWJ sequence
    "\U0001f3c3\u200d\u2640\ufe0f runner",  # joined to a sign shown as emoji
    "\U0001f44d\U0001f3fd thumbs",  # a skin tone
    "\u26a0\ufe0f At Risk",  # a narrow sign shown as emoji (variation selector 16)
    "1\ufe0f\u20e3 keycap",
    unicodedata.normalize("NFD", "\uae40\ubbfc\uc900"),  # Hangul as a Mac saves it (jamo)
]


def test_display_width_counts_emoji_sequences_and_hangul_jamo_as_a_terminal_does() -> None:
    """An emoji sequence is one emoji, two columns; Hangul jamo take a syllable's two.

    Counted a character at a time, a family of four was 8 columns, a Korean name saved
    on a Mac 12 for 6, a warning sign 1 for 2: a piped table, a workbook's column widths,
    disagreed with rich's table on a terminal and with wcwidth, and ran out of line.
    """
    from rich.cells import cell_len

    for text in EMOJI_AND_JAMO:
        assert display_width(text) == cell_len(text), ascii(text)
    lines = list(plain("Names", ["Name", "Then"], [[name, "end"] for name in EMOJI_AND_JAMO], []))
    header, _, *body = lines[1:]
    assert {cell_len(line[: line.rindex("end")]) for line in body} == {header.index("Then")}


def test_plain_aligns_wide_and_combining_characters_and_tabs_by_display_width() -> None:
    rows = [[str(n), title, f"GBP {n}", "end"] for n, title in enumerate(WIDE)]
    rows.append(["9", "x", "数据", "end"])  # a right-aligned column that is not all ASCII

    lines = list(plain("Titles", ["#", "Title", "Budget", "Then"], rows, right=["Budget"]))

    header, rule, *body = lines[1:]
    assert all("\t" not in line for line in lines)
    assert "Phase 2" in body[4]
    # Title padded to its widest, Budget (right-aligned) ends in line: Then starts in line.
    assert {display_width(line[: line.rindex("end")]) for line in body} == {header.index("Then")}
    assert len(rule) == len(header)


def test_csv_neutralises_text_by_the_audit_exports_rule_and_leaves_numbers_alone() -> None:
    lines = list(csv_lines(TABLE))

    assert lines[0] == "Key,Title,Currency,Budget,Since,Recorded,Esc\r\n"
    assert lines[1] == "PRJ-1,'=1+2,GBP,-1200.5,2026-03-31,2026-04-01T09:30:00Z,3\r\n"
    assert lines[2] == "PRJ-22,'  @cmd,GBP,withheld,,,0\r\n"
    assert neutralise("=1+2") == "'=1+2"  # the one rule, not a copy of it


@pytest.mark.parametrize(("rows", "rich"), [(3, True), (render.RICH_ROWS + 1, False)])
def test_a_terminal_gets_rich_tables_until_they_are_long(
    monkeypatch: pytest.MonkeyPatch, rows: int, rich: bool
) -> None:
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stdout", terminal)

    render.table("T", ["A", "B"], [[str(n), "x"] for n in range(rows)], right=["A"])

    out = terminal.getvalue()
    assert ("━" in out) is rich
    assert ("-  -" in out) is not rich


def test_piped_tables_are_plain(monkeypatch: pytest.MonkeyPatch) -> None:
    piped = io.StringIO()
    monkeypatch.setattr(sys, "stdout", piped)

    render.table("T", ["A", "B"], [["1", "x"]], right=["A"])

    assert piped.getvalue() == "T\nA  B\n-  -\n1  x\n"


def test_a_long_table_on_a_terminal_gets_a_hint_on_stderr(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    errors = io.StringIO()
    monkeypatch.setattr(sys, "stdout", FakeTerminal())
    monkeypatch.setattr(sys, "stderr", errors)
    monkeypatch.setenv("LINES", "40")

    render.long_table_hint(30)
    assert errors.getvalue() == ""
    render.long_table_hint(10_000)
    assert "--limit N --offset N" in errors.getvalue()
    assert "less -S" in errors.getvalue()
