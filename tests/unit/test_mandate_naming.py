"""A checked mandate names its actor by person key: itself when it does already, else a copy."""

from __future__ import annotations

import dataclasses

from hypothesis import given
from hypothesis import strategies as st

from portfolio_ledger.application.handlers.authority import naming
from portfolio_ledger.domain.authority import BoardResolution, DelegatedAuthority, Mandate, Vote

keys = st.sampled_from(["hcarter", "rdas", "HCarter", " hcarter"]) | st.text(max_size=6)
resolutions = st.builds(
    BoardResolution,
    board=st.just("IC"),
    actor=keys,
    present=st.lists(keys, max_size=3).map(tuple),
    votes=st.lists(st.tuples(keys, st.sampled_from(list(Vote))), max_size=3).map(tuple),
)
delegated = st.builds(DelegatedAuthority, delegation=st.just("DEL-001"), actor=keys)


class Text(str):
    """A str of another type: not reused as the recorded actor."""


@given(resolutions | delegated, keys)
def test_naming_equals_the_copy_with_the_actor_replaced(mandate: Mandate, actor: str) -> None:
    named = naming(mandate, actor)

    assert named == dataclasses.replace(mandate, actor=actor)
    assert type(named) is type(mandate)
    assert type(named.actor) is str
    assert (named is mandate) == (mandate.actor == actor)


def test_an_actor_of_another_str_type_is_replaced_by_the_key() -> None:
    mandate = DelegatedAuthority(delegation="DEL-001", actor=Text("hcarter"))

    named = naming(mandate, "hcarter")

    assert type(named.actor) is str
    assert named is not mandate
