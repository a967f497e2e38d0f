"""A footnote's mark after a value is told from the value; a value alone has none."""

from __future__ import annotations

import pytest

from portfolio_ledger.application.footnotes import footnote_mark


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("123.4*", ("123.4", "*")),
        ("123.4 **", ("123.4", "**")),
        ("Amber†", ("Amber", "†")),
        ("Red‡", ("Red", "‡")),
        ("12[1]", ("12", "[1]")),
        ("Green [a]", ("Green", "[a]")),
        ("1,443.7²", ("1,443.7", "²")),
        ("2027-03-31¹²", ("2027-03-31", "¹²")),
        ("withheldᵃ", ("withheld", "ᵃ")),
    ],
)
def test_a_mark_after_a_value_is_found(text: str, found: tuple[str, str]) -> None:
    assert footnote_mark(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "123.4",
        "Amber",
        "*",
        "²",
        "[1]",
        "(1,234)",
        "A*B",
        "12 [abcd]",
        "**",
        "***",
        "††",
        "*²",
        "[1][2]",
    ],
)
def test_a_value_or_a_mark_alone_has_none(text: str) -> None:
    assert footnote_mark(text) is None
