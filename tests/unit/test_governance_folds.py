"""Governance shared by many days folds each person, board and delegation once, same answers.

A batch keeps one ``states`` for every day's governance: an import whose
decisions fall on a hundred days no longer folds the same people and boards
again for each new day, nor judges a delegation's grant again for each
decision made under it on one day.
"""

from __future__ import annotations

from typing import Any

import pytest

from portfolio_ledger.application import taken_away
from portfolio_ledger.domain import governance_facts, resolutions
from portfolio_ledger.domain.authority import DelegatedAuthority
from portfolio_ledger.domain.boards import MemberRole
from portfolio_ledger.domain.errors import LedgerError
from portfolio_ledger.domain.governance import Governance, authorise
from tests.unit.governance import (
    Record,
    delegate,
    gbp,
    on,
    resolution,
    said,
    standard,
    subject,
)

IC_FULL = ["hcarter", "mlee", "cdubois"]


@pytest.fixture
def record() -> Record:
    governance = Record()
    standard(governance)
    return governance


def _answer(gov: Governance, day_amount: int) -> Any:
    try:
        granted = authorise(resolution("IC", IC_FULL), gov, subject(), gbp(day_amount))
    except LedgerError as refused:
        return type(refused), str(refused)
    return granted.authority, granted.actor.key, granted.limit


def test_days_sharing_states_fold_each_aggregate_once_and_answer_as_fresh(
    record: Record, monkeypatch: pytest.MonkeyPatch
) -> None:
    folds: list[object] = []
    as_at = governance_facts.as_at

    def counted(events: Any, on_day: Any = None, recorded_by: Any = None) -> Any:
        folds.append(events[0].originator_id)
        return as_at(events, on_day, recorded_by)

    fresh = [_answer(record.at(on(day)), amount) for day in range(10, 15) for amount in (1, 9**9)]
    monkeypatch.setattr(governance_facts, "as_at", counted)
    states: dict[tuple[Any, ...], Any] = {}
    shared = [
        _answer(Governance(record, on(day), states=states), amount)
        for day in range(10, 15)
        for amount in (1, 9**9)
    ]

    assert shared == fresh
    # the IC, the board above it and the three members present: five, not five a day
    assert len(folds) == len(set(folds)) == 5


def test_a_board_changed_later_is_folded_again_for_its_longer_history() -> None:
    record = Record()
    ic = standard(record)["IC"]
    states: dict[tuple[Any, ...], Any] = {}
    before = Governance(record, on(10), states=states).board("IC")
    ic.appoint(
        person=record.at(on(5)).person("pking"), role=MemberRole.MEMBER, decision=said(on(5))
    )
    record.keep(ic)

    after = Governance(record, on(11), states=states).board("IC")

    assert "pking" not in before.members
    assert "pking" in after.members
    assert "pking" not in Governance(record, on(4), states=states).board("IC").members


def test_a_delegations_grant_is_judged_once_a_governance_and_a_refusal_each_time(
    record: Record, monkeypatch: pytest.MonkeyPatch
) -> None:
    delegate(record)
    judged: list[object] = []
    recheck = resolutions.recheck_governance

    def counted(event: Any, gov: Governance, *rest: Any) -> None:
        judged.append(event)
        recheck(event, gov, *rest)

    monkeypatch.setattr(taken_away, "recheck_governance", counted, raising=True)
    mandate = DelegatedAuthority(delegation="DEL-001", actor="mlee")
    gov = record.at(on(10))
    for _ in range(3):
        taken_away.check_grant(mandate, gov)
    assert len(judged) == 1
    assert gov.grants == {"DEL-001"}

    def refused(event: Any, gov: Governance, *rest: Any) -> None:
        judged.append(event)
        raise LedgerError("no quorum then")

    monkeypatch.setattr(taken_away, "recheck_governance", refused)
    other = record.at(on(11))
    for _ in range(2):
        with pytest.raises(LedgerError, match="no quorum then"):
            taken_away.check_grant(mandate, other)
    assert len(judged) == 3
    assert not other.grants
