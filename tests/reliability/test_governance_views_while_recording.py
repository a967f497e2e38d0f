"""Governance views while another process records: each answer from one record.

``person list``, ``board list`` and ``authority list`` read the keys of what the
ledger holds from the read models, then each one's events; ``board show``
reads the board's events, then its members' names. Each was a read of its
own: two decisions recorded between them, the second on a subject already
read, showed the second without the first (a delegation revoked while the one
granted before the revocation was missing; a member's new name on a board
without the member appointed before it), a ledger that never was. The
interleaving is forced: another ledger records the moment the first read is
done.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from portfolio_ledger.application import commands as c
from portfolio_ledger.application.unit_of_work import SingleCommand
from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.projections.read_side import ReadSide
from tests.builders import governance, ic_meeting
from tests.conftest import Cli
from tests.reliability.conftest import record_elsewhere, recorded_on_first_call
from tests.reliability.test_authorisation_races import _delegated
from tests.reliability.test_governance_races import SAID, _board, _person

RENAMED = "Helen Carter-Smith"
RENAME = c.CorrectDecision.model_validate(  # hcarter's registration: the ledger's first decision
    {"position": 1, "changes": {"name": RENAMED}, "authority": "Register of members", **SAID}
)
APPOINTED = c.AppointMember.model_validate(
    {"key": "IC", "person": "pking", "seat": "member", "authority": "Articles", **SAID}
)
GRANTED = c.DelegateAuthority.model_validate(
    ic_meeting(present=["hcarter", "cdubois"], votes={"hcarter": "for", "cdubois": "for"})
    | {"key": "DEL-002", "to": "mlee", "limit": "1000000"}
)


def _governed(run: Cli) -> Any:
    """People, EXB and IC (tests/builders.py), DEL-001 to mlee; DEL-001's revocation, to come."""
    ledger, _ = open_ledger(run.url)
    try:
        governance(ledger)
        return _delegated(ledger)()
    finally:
        ledger.close()


def _json(run: Cli, *args: str) -> Any:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _people(answer: Any) -> tuple[bool, bool]:
    names = {person["key"]: person["name"] for person in answer}
    return "jdoe" in names, names["hcarter"] == RENAMED


def _boards(answer: Any) -> tuple[bool, bool]:
    ic = next(board for board in answer if board["key"] == "IC")
    return "PB" in {board["key"] for board in answer}, "pking" in _members(ic)


def _members(board: Any) -> dict[str, str]:
    return {member["person"]: member["name"] for member in board["members"]}


def _delegations(answer: Any) -> tuple[bool, bool]:
    revoked = {d["key"]: d["revoked_from"] is not None for d in answer}
    return "DEL-002" in revoked, revoked["DEL-001"]


def _board_shown(answer: Any) -> tuple[bool, bool]:
    members = _members(answer)
    return "pking" in members, members["hcarter"] == RENAMED


Said = Callable[[Any], tuple[bool, bool]]
CASES: dict[str, tuple[list[str], type, str, Callable[[Any], list[Any]], Said]] = {
    "person list": (
        ["person", "list"], ReadSide, "_subjects",
        lambda _: [_person("jdoe", "Jo Doe"), RENAME], _people,
    ),
    "board list": (
        ["board", "list"], ReadSide, "_subjects",
        lambda _: [_board("PB", "1000000", parent="IC"), APPOINTED], _boards,
    ),
    "authority list": (
        ["authority", "list"], ReadSide, "_subjects",
        lambda revocation: [GRANTED, revocation], _delegations,
    ),
    "board show": (
        ["board", "show", "IC"], SingleCommand, "history",
        lambda _: [APPOINTED, RENAME], _board_shown,
    ),
}  # fmt: skip
"""Each view: its command, the read the other process records after, what it records
(the first decision, then one on a subject read already), and what the answer shows
of each: both or neither."""


@pytest.mark.parametrize("view", CASES)
@pytest.mark.parametrize("caught_up", [True, False], ids=["caught up", "left behind"])
def test_two_decisions_recorded_while_a_governance_view_is_read_are_in_it_both_or_neither(
    run: Cli, monkeypatch: pytest.MonkeyPatch, view: str, caught_up: bool
) -> None:
    args, owner, read, meanwhile, shown = CASES[view]
    commands = meanwhile(_governed(run))
    asked = recorded_on_first_call(
        monkeypatch,
        owner,
        read,
        lambda: record_elsewhere(run.url, *commands, caught_up=caught_up),
        after=True,
    )

    answer = _json(run, *args)

    assert asked  # the other process recorded between the reads
    assert shown(answer) in {(False, False), (True, True)}  # the first with the second, or neither
    assert shown(_json(run, *args)) == (True, True)
