"""A figure reads as it did when ``withheld`` and ``not known`` were tried before the amount."""

from __future__ import annotations

import re
import sys
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from portfolio_ledger.application.commands.fields import Amount, read_amount, read_figure
from portfolio_ledger.domain.figures import Unstated


def _words_first(value: Any) -> Amount | Unstated:
    """read_figure as it was: the words first, then the amount."""
    if isinstance(value, Amount | Unstated):
        return value
    if isinstance(value, str):
        try:
            return Unstated(value)
        except ValueError:
            pass
    try:
        return read_amount(value)
    except ValueError as error:
        raise ValueError(
            f"{error}; or write 'withheld' (known but not published) or 'not known'"
        ) from None


def _outcome(read: Any, value: Any) -> tuple[str, str]:
    try:
        return "read", repr(read(value))
    except Exception as error:  # noqa: BLE001 - the refusal is what is compared
        return type(error).__name__, str(error)


SPELLINGS = [
    "withheld",
    "WITHHELD",
    " Not-Known ",
    "not_known",
    "not  known",
    "not published",
    "Redacted",
    "unknown",
    "n/a",
    "N/A",
    "na",
    "none",
    "None",
]
pieces = st.sampled_from(
    [
        *SPELLINGS,
        *("0", "7", "12", "1,200", "٣", "1.2", ".", ",", "_", "-", "+", " ", "\t"),
        *("k", "m", "bn", "GBP", "usd", "XXX", "e", "x", "1e3", "%", "/", "withheld1"),
    ]
)
texts = st.lists(pieces, max_size=5).map("".join) | st.text(max_size=12)
values = (
    texts
    | st.integers()
    | st.booleans()
    | st.none()
    | st.floats(allow_nan=False)
    | st.decimals(allow_nan=True)
    | st.sampled_from(list(Unstated))
    | st.builds(Amount, st.decimals(allow_nan=False), st.none() | st.just("GBP"))
)


@given(values)
def test_a_figure_reads_as_with_the_words_first(value: Any) -> None:
    assert _outcome(read_figure, value) == _outcome(_words_first, value)


def test_every_spelling_of_a_word_is_still_a_word() -> None:
    for spelling in SPELLINGS:
        assert isinstance(read_figure(spelling), Unstated), spelling
    assert read_figure("GBP 1.2m") == Amount(Decimal("1200000.0"), "GBP")


def test_no_digit_casefolds_to_a_word_character() -> None:
    # Why the order cannot matter: an amount has a digit, and so has its spoken form.
    digit = re.compile(r"\d")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if digit.match(char):
            assert digit.search(char.casefold()), hex(code)
