"""A change's words: a value none said as the ledger's groupings say it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portfolio_ledger.application.selection import group_label
from portfolio_ledger.domain.change_words import change_words, names_in_words, none_words


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


@pytest.mark.parametrize(
    ("names", "said"),
    [
        ((), None),
        (("Net zero",), "Net zero"),
        (("Net zero", "Digital"), "Net zero, Digital"),
        (("A, B",), '"A, B"'),
        (("A", "B"), "A, B"),
        (('"A', 'B"'), '"""A", B"'),
        (('Say "no"', "B"), 'Say "no", B'),
        (('Say "no", then', "B"), '"Say ""no"", then", B'),
    ],
)
def test_names_are_told_apart_in_words(names: tuple[str, ...], said: str | None) -> None:
    assert names_in_words(names) == said


def test_no_two_lists_of_names_read_alike() -> None:
    lists = [("A, B",), ("A", "B"), ('"A', 'B"'), ('"A, B"',), ("A", " B"), ('"A", B',)]
    assert len({names_in_words(names) for names in lists}) == len(lists)


def read_back(said: str) -> tuple[str, ...]:
    """The names ``names_in_words`` wrote, read as its docstring says (a CSV-like reading)."""
    names, at = [], 0
    while True:
        if said.startswith('"', at):
            name, at = [], at + 1
            while not (said.startswith('"', at) and not said.startswith('""', at)):
                name.append('"' if said.startswith('""', at) else said[at])
                at += 2 if said.startswith('""', at) else 1
            names.append("".join(name))
            at += 1
        else:
            end = said.find(",", at)
            names.append(said[at:] if end < 0 else said[at:end])
            at = len(said) if end < 0 else end
        if at == len(said):
            return tuple(names)
        assert said.startswith(", ", at)
        at += 2


@given(st.lists(st.text(alphabet=' ,"ab', min_size=1, max_size=6), min_size=1, max_size=4))
def test_the_names_are_read_back_from_their_words(names: list[str]) -> None:
    said = names_in_words(names)
    assert said is not None
    assert read_back(said) == tuple(names)
