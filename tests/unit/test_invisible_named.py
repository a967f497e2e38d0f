"""A character a refusal names is called what it is: a control, a private-use one, unassigned."""

from __future__ import annotations

import pytest

from portfolio_ledger.domain.invisible import named


@pytest.mark.parametrize(
    ("char", "said"),
    [
        ("\x1b", "U+001B (a control character)"),
        ("\u200b", "U+200B ZERO WIDTH SPACE"),
        ("\ue000", "U+E000 (a private-use character)"),
        ("\U0010fffd", "U+10FFFD (a private-use character)"),
        ("\u0378", "U+0378 (a character Unicode does not assign)"),
    ],
)
def test_a_character_without_a_name_is_said_to_be_what_it_is(char: str, said: str) -> None:
    # A field's name holding U+E000 (a font's icon, say) was said to hold 'U+E000 (a control
    # character)': every character without a name was called a control one.
    assert named(char) == said
