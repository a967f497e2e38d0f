"""A day's governance keeps each board meeting it checked: the same answers as checking afresh."""

from __future__ import annotations

from typing import Any

import pytest

from portfolio_ledger.domain.authority import BoardResolution
from portfolio_ledger.domain.errors import LedgerError, NotABoardMember
from portfolio_ledger.domain.governance import Governance, Subject, authorise
from portfolio_ledger.domain.money import Money
from tests.unit.governance import Record, gbp, on, resolution, standard, subject

IC_FULL = ["hcarter", "mlee", "cdubois"]
SILENT = {"hcarter": "for", "mlee": "for"}


@pytest.fixture
def record() -> Record:
    governance = Record()
    standard(governance)
    return governance


def _answer(mandate: BoardResolution, gov: Governance, on_item: Subject, amount: Money) -> Any:
    """What ``authorise`` answers: its result, or the refusal's type and words."""
    try:
        return authorise(mandate, gov, on_item, amount)
    except LedgerError as refused:
        return type(refused), str(refused)


DECISIONS = [
    (resolution("IC", IC_FULL), subject(), gbp(4_000_000)),
    (resolution("IC", IC_FULL), subject(sponsor="Chief Finance Officer"), gbp(1)),
    (resolution("IC", IC_FULL), subject(proposer="helen carter"), gbp(1)),
    (resolution("IC", IC_FULL, SILENT), subject(sponsor="Chief Finance Officer"), gbp(1)),
    (resolution("IC", IC_FULL, SILENT), subject(sponsor="cdubois"), gbp(1)),
    (resolution("IC", IC_FULL), subject(), gbp(6_000_000)),
    (resolution("IC", IC_FULL, {"hcarter": "for", "mlee": "against"}), subject(), gbp(1)),
    (resolution("IC", IC_FULL), subject(sponsor="  marcus   LEE "), gbp(1)),
    (resolution("IC", IC_FULL), subject(), gbp(4_000_000)),
    (resolution("EXB", ["hcarter", "pking"]), subject(sponsor="Chief Executive"), gbp(1)),
    (resolution("EXB", ["hcarter", "pking"], {"hcarter": "for"}), subject(), gbp(9**9)),
]


def test_one_days_governance_answers_each_decision_as_a_fresh_one_would(record: Record) -> None:
    shared = record.at(on(10))
    for _ in range(2):
        for mandate, on_item, amount in DECISIONS:
            fresh = _answer(mandate, record.at(on(10)), on_item, amount)
            assert _answer(mandate, shared, on_item, amount) == fresh
    assert len(shared.meetings) == 5  # the five resolutions among DECISIONS


def test_a_refused_meeting_is_not_kept_and_is_refused_again_the_same(record: Record) -> None:
    shared = record.at(on(10))
    mandate = resolution("IC", ["hcarter", "pking"])
    words = []
    for _ in range(2):
        with pytest.raises(NotABoardMember) as refused:
            authorise(mandate, shared, subject(), gbp(1))
        words.append(str(refused.value))
    assert words[0] == words[1]
    assert not shared.meetings


@pytest.mark.parametrize(
    ("proposer", "sponsor"),
    [
        ("Tom Achebe", "Director of Digital"),
        ("helen carter", "x"),
        ("x", "Chief  Finance officer"),
        ("cdubois", "cdubois"),
        ("MLEE", "Chief Information Officer"),
        ("", " "),
    ],
)
def test_a_subjects_conflicts_are_its_conflict_of_each_person(
    record: Record, proposer: str, sponsor: str
) -> None:
    gov = record.at(on(10))
    on_item = subject(proposer=proposer, sponsor=sponsor)
    conflict = on_item.conflicts()
    for key in ("hcarter", "mlee", "cdubois", "pking", "tachebe"):
        person = gov.person(key)
        assert conflict(person, person.names()) == on_item.conflict_of(person)


def test_a_meeting_is_kept_by_every_field_of_its_resolution() -> None:
    # governance._by_board keeps a checked meeting by (board, actor, present, votes), as the
    # dataclass compares them; a field added to BoardResolution must be added to that key.
    from dataclasses import fields

    assert [f.name for f in fields(BoardResolution)] == ["board", "actor", "present", "votes"]
