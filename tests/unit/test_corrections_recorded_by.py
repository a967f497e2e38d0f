"""Each decision a correction may change is held to the command that records it."""

from __future__ import annotations

import portfolio_ledger.domain.boards
import portfolio_ledger.domain.delegations
import portfolio_ledger.domain.events
import portfolio_ledger.domain.organisations
import portfolio_ledger.domain.people
import portfolio_ledger.domain.portfolio  # noqa: F401 - every decision's class, defined
from portfolio_ledger.application.corrections import RECORDED_BY, _hints
from portfolio_ledger.application.registry import WHERE, resolve
from portfolio_ledger.domain.decision import DecisionEvent


def _kinds(cls: type[DecisionEvent]) -> set[type[DecisionEvent]]:
    found: set[type[DecisionEvent]] = set()
    for sub in cls.__subclasses__():
        found |= {sub, *_kinds(sub)}
    return found


_TEXT = {str, str | None, tuple[str, ...]}


def test_every_correctable_decision_names_the_command_that_records_its_text() -> None:
    correctable = {kind for kind in _kinds(DecisionEvent) if kind.correctable}

    assert {kind.__name__ for kind in correctable} == set(RECORDED_BY)
    for kind in correctable:
        command = RECORDED_BY[kind.__name__]
        assert command in WHERE
        declared = resolve(command).model.model_fields
        texts = {name for name in kind.correctable if _hints(kind)[name] in _TEXT}
        assert texts <= set(declared), (kind.__name__, command)
