"""A board pack assembled while another process records: its figures and its digest agree.

The pack asks the read side a dozen questions and ends with the digest of
the chain it reports on. A decision another process records between two of
those reads must be in all of the pack or in none of it: never counted in one
section, missing from another, and named by the digest of a record the
figures were not read from. The interleaving is forced: the decision is
recorded, through a ledger of its own (in a context of its own, as in a
process of its own), the first time the pack asks for the portfolio (after
it has read the totals). All of it is read in one snapshot, so such a
decision is in none of it, and a ledger recording all the while still gets
its pack (before, it was refused after five readings).
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from portfolio_ledger.domain.clock import utc_today
from portfolio_ledger.projections.read_side import ReadSide
from tests.behaviour.test_tamper import record_items
from tests.builders import approved_item, propose
from tests.conftest import Cli
from tests.reliability.conftest import record_elsewhere


def record(url: str, *commands: Any) -> None:
    record_elsewhere(url, *commands)


def test_a_decision_recorded_while_the_pack_is_assembled_is_in_all_of_it_or_none(
    run: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    record_items(run.url, approved_item)  # PRJ-001, with the governance to approve it
    portfolio = ReadSide.portfolio
    asked = {"times": 0}

    def recorded_meanwhile(self: ReadSide, *args: Any, **kwargs: Any) -> Any:
        asked["times"] += 1
        if asked["times"] == 1:
            record(run.url, propose("PRJ-002"))
        return portfolio(self, *args, **kwargs)

    monkeypatch.setattr(ReadSide, "portfolio", recorded_meanwhile)

    result = run("report", "board-pack", "--as-at", utc_today().isoformat(), "--json")

    assert result.exit_code == 0, result.output
    pack = json.loads(result.output)
    events = run.events()
    assert asked["times"] >= 1
    assert f" position={events - 1} " in pack["digest"]  # the record before PRJ-002 came in
    assert pack["summary"]["items"] == 1  # so none of the pack counts it
    assert sum(row["items"] for row in pack["summary"]["by_view"]) == 1


def test_a_pack_read_while_decisions_come_in_all_the_time_is_made_of_one_record(
    run: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    record_items(run.url, approved_item)  # PRJ-001, with the governance to approve it
    portfolio = ReadSide.portfolio
    keys = iter(range(100, 200))

    def always_recording(self: ReadSide, *args: Any, **kwargs: Any) -> Any:
        record(run.url, propose(f"PRJ-{next(keys)}"))
        return portfolio(self, *args, **kwargs)

    monkeypatch.setattr(ReadSide, "portfolio", always_recording)
    before = run.events()

    result = run("report", "board-pack", "--as-at", utc_today().isoformat(), "--json")

    assert result.exit_code == 0, result.output  # before: refused after five readings
    pack = json.loads(result.output)
    assert f" position={before} " in pack["digest"]
    assert pack["summary"]["items"] == 1  # PRJ-001 alone: none of those recorded meanwhile
    assert run.events() > before  # only the other process's decisions: the pack wrote nothing


def test_a_page_of_the_trail_and_its_count_are_of_one_record(
    run: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page's rows and 'of N' are two statements: one snapshot, whatever is recorded between."""
    from portfolio_ledger.projections import trail_queries
    from portfolio_ledger.projections.fetching import fetch_dicts

    record_items(run.url, approved_item)  # PRJ-001, with the governance to approve it
    assert run("audit", "trail", "--limit", "1").exit_code == 0  # read models current
    events = run.events()
    fetch = fetch_dicts

    def recorded_meanwhile(*args: Any, **kwargs: Any) -> Any:
        rows = fetch(*args, **kwargs)
        record(run.url, propose("PRJ-002"))
        return rows

    monkeypatch.setattr(trail_queries, "fetch_dicts", recorded_meanwhile)

    result = run("audit", "trail", "--limit", "2")

    assert result.exit_code == 0, result.output
    assert f"rows 1-2 of {events}" in result.output
    assert run.events() == events + 1


def test_a_snapshot_asked_for_in_a_transaction_already_reading_leaves_it_be(run: Cli) -> None:
    from sqlalchemy import create_engine, text

    from portfolio_ledger.storage.snapshot import hold_snapshot
    from portfolio_ledger.storage.urls import normalise_url

    assert run("init").exit_code == 0
    engine = create_engine(normalise_url(run.url))
    try:
        with engine.connect() as fresh, fresh.begin():
            hold_snapshot(fresh)
            assert fresh.execute(text("SELECT 1")).scalar() == 1
        with engine.connect() as reading, reading.begin():
            assert reading.execute(text("SELECT 1")).scalar() == 1
            hold_snapshot(reading)  # PostgreSQL would refuse SET TRANSACTION here
            assert reading.execute(text("SELECT 2")).scalar() == 2
    finally:
        engine.dispose()


def test_a_pack_of_a_past_day_on_the_recorded_clock_is_made_while_others_record(
    run: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Decisions recorded now are after the day's end: none can be in such a pack, nor move
    its digest (the chain as it stood then), so they neither refuse it nor make it read again."""
    record_items(run.url, approved_item)  # PRJ-001, with the governance to approve it
    portfolio = ReadSide.portfolio
    keys = iter(range(100, 200))
    asked = {"times": 0}

    def always_recording(self: ReadSide, *args: Any, **kwargs: Any) -> Any:
        asked["times"] += 1
        record(run.url, propose(f"PRJ-{next(keys)}"))
        return portfolio(self, *args, **kwargs)

    monkeypatch.setattr(ReadSide, "portfolio", always_recording)
    yesterday = (utc_today() - timedelta(days=1)).isoformat()

    result = run("report", "board-pack", "--as-at", yesterday, "--clock", "recorded", "--json")

    assert result.exit_code == 0, result.output
    assert asked["times"] == 1  # read once: nothing recorded now could be in it
    assert " position=0 " in json.loads(result.output)["digest"]
