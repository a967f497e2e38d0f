"""An event made by ``event_making.maker`` is the event its class makes: fields, order, checks."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from portfolio_ledger.domain.decision import DecisionEvent
from portfolio_ledger.domain.event_making import maker
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
