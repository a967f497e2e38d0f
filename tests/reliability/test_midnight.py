"""A command that runs across midnight (UTC): its "today" is the day it began, throughout.

A decision given no effective date takes effect today, and none may take
effect after today. The clock is moved from the last moment of one day to the
first of the next in the middle of a command. Before, an import's lines (or a
batch's commands) given no day took the day each was read, two days in one
import; and ``report board-pack --record`` recorded a pack made before midnight
as tabled the day after. A decision checked again under the append lock
(a delegation's, ``registered.again_when_stored``) already took one day: its
effective date is the command's, fixed as the command is read; that test
guards it (it passes without ``clock.one_day``).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from portfolio_ledger.application import commands as c
from portfolio_ledger.application import importer
from portfolio_ledger.application.errors import InvalidInput
from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.domain.clock import utc_today
from portfolio_ledger.reports import assemble
from portfolio_ledger.returns import importing
from tests.behaviour.test_board_pack_record import ledger, onboard, table
from tests.builders import appraise, propose
from tests.conftest import Cli
from tests.reliability.test_authorisation_races import APPRAISED, _delegated, _set_up

__all__ = ["ledger"]  # the fixture, used by name

YESTERDAY = utc_today() - timedelta(days=1)
"""The day the commands begin on: the clock is put back to its last moment."""


def _at(day: date, seconds: float) -> Callable[[], int]:
    """A clock reading ``seconds`` after the start of ``day`` (UTC), as ``time.time_ns`` gives."""
    start = datetime.combine(day, datetime.min.time(), tzinfo=UTC).timestamp()
    return lambda: int((start + seconds) * 10**9)


def _midnight_at(
    monkeypatch: pytest.MonkeyPatch, owner: Any, name: str, *, after: bool = False
) -> list[bool]:
    """The clock at 23:59:59.9 of YESTERDAY until ``owner.name`` is first called, then past 00:00.

    ``after``: moved once that first call has returned. Recorded times are the
    machine's own (after midnight): only "today" is moved.
    """
    original, moved = getattr(owner, name), list[bool]()

    def then_midnight(*args: Any, **kwargs: Any) -> Any:
        found = original(*args, **kwargs) if after else None
        if not moved:
            moved.append(True)
            monkeypatch.setattr(time, "time_ns", _at(YESTERDAY, 86_400.1))
        return found if after else original(*args, **kwargs)

    monkeypatch.setattr(time, "time_ns", _at(YESTERDAY, 86_399.9))
    monkeypatch.setattr(owner, name, then_midnight)
    return moved


def _effective_dates(run: Cli, key: str) -> list[str]:
    history = run("item", "history", key, "--json")
    assert history.exit_code == 0, history.output
    return [entry["effective_date"] for entry in json.loads(history.stdout)]


def test_an_approval_under_a_delegation_checked_again_after_midnight_takes_effect_the_day_before(
    run: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Checked before midnight, checked again under the lock after it: one day, recorded."""
    ledger, _ = open_ledger(run.url)
    try:
        _set_up(ledger, APPRAISED)
        _delegated(ledger)
        recorder: Any = ledger.recorder
        appending = type(recorder)
    finally:
        ledger.close()
    # The append lock taken: the delegation checked again there, after midnight.
    moved = _midnight_at(monkeypatch, appending, "appending")
    approved = run(
        "item", "approve", "PRJ-001", "--budget", "1200000", "--delegation", "DEL-001",
        "--actor", "mlee", "-m", "Within the CIO's delegation", role="CIO",
    )  # fmt: skip

    assert approved.exit_code == 0, approved.output
    assert moved
    assert _effective_dates(run, "PRJ-001")[-1] == YESTERDAY.isoformat()


def _line(command: str, **fields: Any) -> str:
    said = {"actor": "Sam Patel", "role": "Portfolio Manager", "rationale": "From the register"}
    return json.dumps({"command": command, "key": "PRJ-001", **said, **fields})


def test_an_import_that_runs_across_midnight_takes_effect_on_the_day_it_began(
    run: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Its lines are checked one after another: a line given no day took the day it was read."""
    path = tmp_path / "decisions.jsonl"
    proposal = {"kind": "project", "title": "Payroll", "owner": "Dana", "sponsor": "CFO"}
    proposal["category"] = "Corporate systems"
    appraisal: dict[str, Any] = {"estimated_cost": "1000", "expected_benefits": "2000"}
    appraisal |= {"risk_rating": "low", "alignment_score": 50}
    lines = [_line("item propose", **proposal), _line("item appraise", **appraisal)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # The first line read (validated) before midnight, the second after.
    moved = _midnight_at(monkeypatch, importer, "_validated", after=True)

    imported = run("import", str(path))

    assert imported.exit_code == 0, imported.output
    assert moved
    assert _effective_dates(run, "PRJ-001") == [YESTERDAY.isoformat()] * 2


def test_a_batch_that_runs_across_midnight_takes_effect_on_the_day_it_began(db_url: str) -> None:
    """Through the application: commands made within a batch given no day take its first day."""
    ledger, _ = open_ledger(db_url)
    undated: list[tuple[type[c.Command], c.Command]] = [
        (c.ProposeItem, propose()),
        (c.AppraiseItem, appraise()),
    ]
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(time, "time_ns", _at(YESTERDAY, 86_399.9))
            with ledger.batch() as batch:
                for number, (model, dated) in enumerate(undated):
                    if number:  # made after midnight, as a later line is read
                        patch.setattr(time, "time_ns", _at(YESTERDAY, 86_400.1))
                    batch.handle(model.model_validate(dated.model_dump(exclude={"effective_date"})))
        days = [entry.effective_date for entry in ledger.queries.history("PRJ-001")]
    finally:
        ledger.close()
    assert days == [YESTERDAY, YESTERDAY]


def test_a_board_pack_made_before_midnight_is_recorded_as_tabled_that_day(
    ledger: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """``--record`` with no --effective-date: tabled the day the pack was made, as at that day."""
    onboard(ledger, "PRJ-001", "DFE")
    # The pack put together before midnight; what records it read after.
    moved = _midnight_at(monkeypatch, assemble, "board_pack", after=True)

    table(ledger, YESTERDAY.isoformat(), tmp_path / "ic.html")

    assert moved
    trail = json.loads(ledger("audit", "trail", "--json").stdout)
    [row] = [r for r in trail if r["event"] == "board pack tabled"]
    assert row["effective_date"] == YESTERDAY.isoformat()


def test_a_decision_given_no_day_sent_again_after_midnight_is_the_same_request(
    run: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its first result, with its day, is reported; nothing new is written."""
    propose_it = ("item", "propose", "PRJ-001", "--kind", "project", "--title", "Payroll",
                  "--owner", "Dana", "--sponsor", "CFO", "--category", "Corporate systems",
                  "-m", "Contract ends", "--request-id", "REQ-1")  # fmt: skip
    monkeypatch.setattr(time, "time_ns", _at(YESTERDAY, 86_399.9))
    first = run(*propose_it)
    monkeypatch.setattr(time, "time_ns", _at(YESTERDAY, 86_400.1))
    before = run.events()

    again = run(*propose_it)

    assert first.exit_code == 0, first.output
    assert again.exit_code == 0, again.output
    assert "Already recorded (request REQ-1)" in again.output
    assert run.events() == before
    assert _effective_dates(run, "PRJ-001") == [YESTERDAY.isoformat()]


def test_a_return_refused_as_of_tomorrow_at_midnight_says_the_day_it_checked_against(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Through the application (the command line fixes the day for the whole command)."""
    days = iter([YESTERDAY, YESTERDAY + timedelta(days=1)])  # midnight between two asks
    monkeypatch.setattr(importing, "utc_today", lambda: next(days))
    asked = importing.ReturnAsked(
        file=tmp_path / "return.csv", as_at=YESTERDAY + timedelta(days=1),
        actor="Sam Patel", role="PMO", authority="Quarterly return",
    )  # fmt: skip

    with pytest.raises(InvalidInput) as refused:
        importing.read_return(asked)

    assert f"(today is {YESTERDAY.isoformat()} in UTC" in str(refused.value)
