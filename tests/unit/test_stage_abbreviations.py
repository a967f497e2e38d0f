"""A bracket after a stage's words is its abbreviation where it holds their initials."""

from __future__ import annotations

import pytest

from portfolio_ledger.returns.abbreviations import bracketed, initials


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Outline business case [OBC]", ("Outline business case", "OBC")),
        ("In delivery (ID)", ("In delivery", "ID")),
        ("Live [ ab ]", ("Live", "ab")),
        ("Approved [1]", None),  # a footnote's mark: a digit
        ("Approved [a]", None),  # a footnote's mark: one letter
        ("Approved [A1]", None),
        ("[OBC]", None),  # no words before it
        ("Approved", None),
    ],
)
def test_words_then_two_letters_or_more_in_brackets_are_split(
    text: str, found: tuple[str, str] | None
) -> None:
    assert bracketed(text) == found


@pytest.mark.parametrize(
    ("words", "made"),
    [
        ("Outline business case", ("OBC",)),
        ("in-delivery", ("ID",)),
        ("Planning and delivery", ("PAD", "PD")),
        ("The end", ("TE", "E")),
        ("Approved", ("A",)),
    ],
)
def test_initials_are_every_words_and_the_main_words(words: str, made: tuple[str, ...]) -> None:
    assert initials(words) == made
