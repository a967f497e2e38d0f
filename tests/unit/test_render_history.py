"""``item history`` piped writes without rich what rich wrote: headings, grids, folded values."""

from __future__ import annotations

import io
import random
import string
import sys
from datetime import UTC, date, datetime

import pytest

from portfolio_ledger.application.history_entries import HistoryEntry
from portfolio_ledger.cli import render, views

BOARD = {
    "kind": "board",
    "board": "IC",
    "actor": "a",
    "present": ["a", "b"],
    "votes": {"b": "for", "a": "against"},
}
WORDS = ["a", "of", "the", "payroll", "replacement", "x" * 60, "y" * 183, "z" * 184, "w" * 185]


def _entry(chooser: random.Random, version: int) -> HistoryEntry:
    alphabet = string.ascii_letters + string.digits + "  .,;:()[]-éü£😀\t\u0301"

    def text() -> str:
        if chooser.random() < 0.5:  # words of every length, a space between them
            return " ".join(chooser.choice(WORDS) for _ in range(chooser.randint(0, 12)))
        return "".join(chooser.choice(alphabet) for _ in range(chooser.randint(0, 400)))

    return HistoryEntry(
        key="PRJ-001",
        position=chooser.choice([None, version * 1000]),
        version=version,
        event=chooser.choice(["approved", "status reported", "corrected"]),
        event_type="ItemApproved",
        summary=text(),
        actor=text() or "hcarter",
        role=text() or "Chair",
        authority=chooser.choice([None, "Investment Committee", text()]),
        authority_detail=chooser.choice([None, BOARD]),
        rationale=text() or "why",
        effective_date=date(2026, 3, 31),
        recorded_at=datetime(2026, 11, 30, 19, 1, 38, 123456, tzinfo=UTC),
        references=tuple(text() for _ in range(chooser.randint(0, 2))),
        corrected_by=chooser.choice([[], [12, 1234567]]),
        annulled_by=chooser.choice([None, 99]),
    )


def _printed(entries: list[HistoryEntry], *, plain: bool, monkeypatch: pytest.MonkeyPatch) -> str:
    piped = io.StringIO()
    with monkeypatch.context() as patch:
        patch.setattr(sys, "stdout", piped)
        if not plain:
            patch.setattr(render, "plain_blocks", lambda *_, **__: None)  # rich, as before
        views.show_history(entries)
    return piped.getvalue()


def test_history_piped_is_the_text_rich_printed(monkeypatch: pytest.MonkeyPatch) -> None:
    chooser = random.Random(18)  # noqa: S311 - test data, not secrets
    cases = [
        [],
        *([_entry(chooser, v) for v in range(1, chooser.randint(1, 4))] for _ in range(300)),
    ]
    plainly = 0
    for entries in cases:
        printed = _printed(entries, plain=True, monkeypatch=monkeypatch)
        assert printed == _printed(entries, plain=False, monkeypatch=monkeypatch), entries
        plainly += (
            render.plain_blocks("t", [("h", [("What", e.summary)]) for e in entries], lead=3)
            is not None
        )
    assert plainly > 50  # the fast path was taken, not only the fallback


def test_history_piped_imports_no_rich_for_plain_text(monkeypatch: pytest.MonkeyPatch) -> None:
    chooser = random.Random(7)  # noqa: S311 - test data, not secrets
    entry = _entry(chooser, 1)
    entry.summary, entry.rationale, entry.references = "approved " * 40 + "end", "why", ()
    entry.actor, entry.role, entry.authority = "hcarter", "Chair", "IC"
    monkeypatch.setitem(sys.modules, "rich", None)  # importing it now fails

    printed = _printed([entry], plain=True, monkeypatch=monkeypatch)

    assert printed.startswith("History of PRJ-001: 1 decision\n\n  1  ")
    assert "\n                " in printed  # the long summary folded under its column
