"""A change's words: a value none said as the ledger's groupings say it."""

from __future__ import annotations

import pytest

from portfolio_ledger.application.selection import group_label
from portfolio_ledger.domain.change_words import change_words, none_words


@pytest.mark.parametrize(
    ("name", "before", "after", "said"),
    [
        ("organisation", None, "CORP", "no organisation -> CORP"),
        ("organisation", "CORP", "OPS", "organisation CORP -> OPS"),
        ("sponsor", "", "Dana Okafor", "no sponsor -> Dana Okafor"),
        ("sponsor", "Dana Okafor", None, "sponsor Dana Okafor -> no sponsor"),
        ("whole_life_cost", None, "GBP 5", "no whole life cost -> GBP 5"),
        ("rag", None, "green", "rag not reported -> green"),
        ("valid_to", "2027-03-31", None, "valid to 2027-03-31 -> no end date"),
        ("merged_into", "PRJ-1", None, "merged into PRJ-1 -> not merged"),
    ],
)
def test_a_change_says_none_in_the_ledgers_words(
    name: str, before: str | None, after: str | None, said: str
) -> None:
    assert change_words(name, before, after) == said


@pytest.mark.parametrize("dimension", ["organisation", "category"])
def test_a_dimension_none_is_named_as_its_group_is(dimension: str) -> None:
    assert none_words(dimension) == group_label(dimension, None)
