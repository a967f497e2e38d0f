"""A corrected field's value in words, as a correction's summary says it.

A correction's summary says each field it changes, ``FIELD OLD -> NEW``, the
fields separated by ``; `` (``corrects position 22 (status reported): overall
amber -> green; forecast cost GBP 1,500,000 -> GBP 1,400,000``). A list's values
(objectives, references, conditions) are therefore separated as an amendment's
are, by ``, `` (``domain.change_words.names_in_words``): ``objectives Net zero ->
A, B``. The words of version 5 and before separated them by ``; `` too, so that
``objectives Net zero -> A; B`` read as a field ``B``; they are kept behind
``words_in_use`` for exports made then.
"""

from __future__ import annotations

from typing import Any

from portfolio_ledger.domain.change_words import names_in_words, words_in_use
from portfolio_ledger.domain.figures import describe_figure
from portfolio_ledger.domain.money import Money

LISTS_TOLD_APART = 6
"""The words version from which a corrected list's values are separated by ``, ``."""


def corrected_value_words(value: Any) -> str | None:
    """A corrected field's value in words; None where it has none (``change_words`` says so)."""
    if value is None:
        return None
    if isinstance(value, Money) or hasattr(value, "value"):
        return describe_figure(value) if isinstance(value, Money) else str(value.value)
    if isinstance(value, list | tuple):
        if words_in_use() < LISTS_TOLD_APART:
            return "; ".join(map(str, value)) or None
        return names_in_words(map(str, value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."
