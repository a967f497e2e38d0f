"""Text is cut between the characters a reader sees (application/graphemes.py)."""

from __future__ import annotations

import unicodedata

import pytest

from portfolio_ledger.application.graphemes import end_of, start_of

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"


@pytest.mark.parametrize(
    ("text", "most", "start"),
    [
        ("Rene\u0301e", 4, "Ren"),  # not e without its accent (NFD, as a Mac types it)
        ("Ren\u00e9e", 4, "Ren\u00e9"),  # composed: one character
        ("ab" + FAMILY + "c", 5, "ab"),  # not one person and a joiner of a family
        ("ab" + FAMILY + "c", 9, "ab" + FAMILY),
        ("\u0915\u093e\u092a\u094d\u0930\u093f\u092f\u093e", 5, "\u0915\u093e"),  # conjunct
        ("x\U0001f1ef\U0001f1f5\U0001f1f0\U0001f1f7", 4, "x\U0001f1ef\U0001f1f5"),  # flags
        ("!\U0001f44d\U0001f3fd", 2, "!"),  # not a thumb without its skin tone
        (unicodedata.normalize("NFD", "\uae40\ubbfc"), 4, unicodedata.normalize("NFD", "\uae40")),
        ("\u0e16\u0e04\u0e33\u0e16", 2, "\u0e16"),  # Thai SARA AM belongs to the letter before
        ("plain text", 5, "plain"),
        ("short", 50, "short"),
    ],
)
def test_a_start_ends_between_characters_shown(text: str, most: int, start: str) -> None:
    assert start_of(text, most) == start


def test_one_character_shown_longer_than_asked_is_cut_where_asked() -> None:
    zalgo = "a" + "\u0301" * 10
    assert start_of(zalgo, 4) == zalgo[:4]


def test_an_end_starts_between_characters_shown() -> None:
    assert end_of("Dupre\u0301", 1) == ""
    assert end_of("Dupre\u0301", 2) == "e\u0301"
    assert end_of("ab" + FAMILY, 3) == ""
    assert end_of("ab" + FAMILY, 7) == FAMILY


def test_a_cell_cut_to_fit_a_workbook_and_a_long_name_said_keep_each_accent_with_its_letter() -> (
    None
):
    from portfolio_ledger.application.workbook_limits import fitted
    from portfolio_ledger.cli.options import cut_name

    accented = "e\u0301" * 20_000  # 40,000 code points, each e with its accent after it
    kept, left = fitted(accented, "the same command with --format csv or --json")
    assert kept.split(" [... ")[0].endswith("e\u0301")
    assert left % 2 == 0
    assert cut_name(accented).startswith("e\u0301" * 30 + "...")
