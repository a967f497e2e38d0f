"""An event made by ``event_making.maker`` is the event its class makes: fields, order, checks."""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from portfolio_ledger.domain.decision import DecisionEvent
from portfolio_ledger.domain.event_making import maker, mutate_next
from portfolio_ledger.domain.people import Person
from tests.unit.governance import said
from tests.unit.transcoders import generated_ledger


def _outcome(make: Any, **fields: Any) -> tuple[object, ...]:
    """The event made (type, fields in order), or the error's type and message."""
    try:
        event = make(**fields)
    except TypeError as error:
        return (TypeError, str(error))
    return (type(event), list(vars(event).items()))


def test_every_event_kind_is_made_as_its_class_makes_it(tmp_path: Path) -> None:
    kinds = set()
    with generated_ledger(tmp_path, 2000) as ledger:
        for notification in ledger.recorder.select_notifications(start=1, limit=5000):
            stored = ledger.mapper.to_domain_event(notification)
            kind = type(stored)
            fields = {f.name: getattr(stored, f.name) for f in dataclasses.fields(kind)}  # type: ignore[arg-type]
            assert maker(kind) is not kind
            assert _outcome(maker(kind), **fields) == _outcome(kind, **fields)
            # lists become tuples; a non-UUID id is refused with the library's message
            listed = {name: list(v) if type(v) is tuple else v for name, v in fields.items()}
            assert _outcome(maker(kind), **listed) == _outcome(kind, **listed)
            wrong = {**fields, "originator_id": str(fields["originator_id"])}
            assert _outcome(maker(kind), **wrong) == _outcome(kind, **wrong)
            kinds.add(kind)
    assert len(kinds) >= 20


def test_missing_or_unknown_fields_are_refused_as_the_class_refuses_them(tmp_path: Path) -> None:
    with generated_ledger(tmp_path, 200) as ledger:
        stored = ledger.mapper.to_domain_event(ledger.recorder.select_notifications(1, 1)[0])
    kind = type(stored)
    fields = {f.name: getattr(stored, f.name) for f in dataclasses.fields(kind)}  # type: ignore[arg-type]
    del fields["decision"]
    assert _outcome(maker(kind), **fields) == _outcome(kind, **fields)
    assert _outcome(maker(kind), **fields, decision=1, odd=2) == _outcome(
        kind, **fields, decision=1, odd=2
    )


@dataclass(frozen=True)
class _Checked(DecisionEvent):
    amount: int = 0

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.amount < 0:
            raise ValueError("negative")


@dataclass(frozen=True)
class _Factory(DecisionEvent):
    tags: tuple[str, ...] = field(default_factory=tuple)


@pytest.mark.parametrize("kind", [_Checked, _Factory, int])
def test_classes_it_cannot_make_alike_are_made_by_calling_them(kind: type) -> None:
    assert maker(kind) is kind


def test_an_aggregates_next_decision_is_mutated_as_the_librarys_mutate_does() -> None:
    person = Person.register(key="hcarter", name="Helen Carter", roles=("Chair",), decision=said())
    twin = copy.deepcopy(person)
    # _decide takes its own next event through mutate_next
    person.correct(version=1, position=1, changes={"name": "Helen Jones"}, decision=said())
    event = person.pending_events[-1]

    event.mutate(twin)  # the library's own, checks and all

    assert (person.version, person.modified_on, person.name) == (2, event.timestamp, "Helen Jones")
    mine = {k: v for k, v in vars(person).items() if k != "_pending_events"}
    assert mine == {k: v for k, v in vars(twin).items() if k != "_pending_events"}


def test_an_event_with_a_mutate_of_its_own_is_mutated_by_it() -> None:
    seen: list[object] = []

    @dataclass(frozen=True)
    class Own:
        def mutate(self, aggregate: object) -> None:
            seen.append(aggregate)

    target = object()
    mutate_next(Own(), target)  # type: ignore[arg-type]
    assert seen == [target]
