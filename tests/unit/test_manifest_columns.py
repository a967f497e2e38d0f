"""A manifest's columns, each named once: checked in a look at each, not each against all."""

from __future__ import annotations

import pytest

from portfolio_ledger.audit.manifest import Manifest


class Name(str):
    """A column's name that counts how often it is compared with another."""

    compared = 0

    def __eq__(self, other: object) -> bool:
        Name.compared += 1
        return str.__eq__(self, other)

    __hash__ = str.__hash__


def test_columns_named_once_are_checked_without_comparing_each_with_every_other() -> None:
    """columns.count(name) for each name compared 2,000 names 4,000,000 times: a manifest of
    40,000 columns took 52 s to be refused, one of the 10 MiB a manifest may be, hours."""
    names: list[str] = [Name(f"c{i}") for i in range(2000)]
    Name.compared = 0

    assert Manifest._each_column_once(names) == names

    assert Name.compared < 2 * len(names)


def test_a_column_named_twice_is_named() -> None:
    with pytest.raises(ValueError, match="the column 'b' is named twice"):
        Manifest._each_column_once(["a", "b", "c", "b"])
