"""Every vocabulary reads a word as it always has: its values first, then its other words."""

from __future__ import annotations

from enum import Enum
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import portfolio_ledger.domain.figures
import portfolio_ledger.domain.lifecycle
import portfolio_ledger.domain.ratings  # noqa: F401 - its vocabularies, found below
from portfolio_ledger.domain.vocabulary import Vocabulary, spoken


def _vocabularies() -> list[type[Vocabulary]]:
    found: list[type[Vocabulary]] = []
    waiting: list[type[Vocabulary]] = [Vocabulary]
    while waiting:
        kind = waiting.pop()
        found.append(kind)
        waiting.extend(kind.__subclasses__())
    return found


VOCABULARIES = _vocabularies()


def _as_before(kind: type[Vocabulary], value: object) -> Any:
    """The reading before the words were worked out once (the first value, then other words)."""
    if not isinstance(value, str):
        return None
    wanted = spoken(value)
    found = next((member for member in kind if member.value == wanted), None)
    return found or kind.other_words().get(wanted)


def _spellings(word: str) -> list[str]:
    return [word, word.upper(), word.title(), word.replace(" ", "-"), f" {word.replace(' ', '_')} "]


def test_the_vocabularies_are_found() -> None:
    names = {kind.__name__ for kind in VOCABULARIES}
    assert {"Unstated", "RAG", "LeaveReason"} <= names


def test_every_value_and_other_word_is_read_as_before() -> None:
    for kind in VOCABULARIES:
        words = [str(member.value) for member in kind] + list(kind.other_words())
        for word in words:
            for spelling in _spellings(word):
                assert kind._missing_(spelling) is _as_before(kind, spelling), (kind, spelling)


@given(st.one_of(st.text(max_size=20), st.integers(), st.none(), st.sampled_from(["n/a", "BAU"])))
def test_any_value_is_read_as_before(value: object) -> None:
    for kind in VOCABULARIES:
        assert kind._missing_(value) is _as_before(kind, value)


def test_a_us_register_s_program_is_a_programme() -> None:
    """'Program' was refused as no kind (one of programme, project, service)."""
    from portfolio_ledger.domain.lifecycle import Kind

    assert [Kind(word) for word in ("Program", "PROGRAM", "program")] == [Kind.PROGRAMME] * 3


def test_a_member_is_found_by_itself_and_by_nothing_else() -> None:
    # Members hash by identity, in C (vocabulary.py); equality is identity, as Enum's always was.
    from portfolio_ledger.domain.lifecycle import Action
    from portfolio_ledger.domain.tolerances import ToleranceDimension

    kinds: list[type[Enum]] = [*VOCABULARIES[1:], Action, ToleranceDimension]
    for kind in kinds:
        members = list(kind)
        table: dict[object, int] = {member: index for index, member in enumerate(members)}
        assert [table[member] for member in members] == list(range(len(members)))
        assert all(member.value not in table and member.name not in table for member in members)
        assert len(set(members)) == len(members)
