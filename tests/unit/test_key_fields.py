"""A key field reads a key as the domain's normalising does, asked once or many times."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portfolio_ledger.application.commands.fields import _checked
from portfolio_ledger.domain.errors import InvalidDecision
from portfolio_ledger.domain.keys import normalise_key, normalise_person_key

LOOKALIKES = "\u0131\u017f\ufb01\u00e9"  # dotless i, long s, the fi ligature, e acute
keys = st.text(st.sampled_from(f"aZ09-_. \t{LOOKALIKES}"), max_size=6) | st.text(max_size=4)


def _outcome(read: Callable[[str], str], value: str) -> tuple[str, str]:
    try:
        return "read", read(value)
    except (ValueError, InvalidDecision) as error:
        return "refused", str(error)


@pytest.mark.parametrize("normalise", [normalise_key, normalise_person_key])
@given(values=st.lists(keys, max_size=6))
def test_a_checked_key_is_the_normalised_key_each_time(
    normalise: Callable[[str], str], values: list[str]
) -> None:
    check = _checked(normalise)
    for value in [*values, *values]:  # the second time from the cache, if read
        assert _outcome(check, value) == _outcome(normalise, value)


def test_a_refused_key_is_refused_every_time() -> None:
    check: Any = _checked(normalise_key)
    for _ in range(3):
        with pytest.raises(ValueError, match="'PRJ 1' is not a valid item key"):
            check("PRJ 1")
    assert check(" prj-1 ") == "PRJ-1"
    assert check.cache_info().currsize == 1  # refusals are not kept
