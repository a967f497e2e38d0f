"""Read models on real databases: current views, both clocks, diffs, the trail, money, rebuild."""

from __future__ import annotations

import threading
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import inspect

from portfolio_ledger.application import commands as c
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.application.ports import ReadModelError
from portfolio_ledger.application.selection import Moment, TrailFilter
from portfolio_ledger.projections import queries, trail_queries
from portfolio_ledger.projections import rebuild as rebuilding
from portfolio_ledger.projections.check import check_read_models
from portfolio_ledger.projections.runner import Projections
from tests.builders import DAY0, approved_item, bulk_history, decision, fund, governance, propose
from tests.conftest import snapshot


def ranks(models: Projections, moment: Moment) -> dict[str, int | None]:
    with models.reading() as session:
        return {s["key"]: s["priority_rank"] for s in queries.portfolio(session, models, moment)}


def test_as_of_shows_the_rank_before_and_after_a_reprioritisation(
    ledger: PortfolioLedger, projections: Projections
) -> None:
    approved_item(ledger)
    first = ledger.handle(decision(c.ReprioritiseItem, rank=7))
    second = ledger.handle(decision(c.ReprioritiseItem, rank=3))
    between = first.recorded_at + (second.recorded_at - first.recorded_at) / 2

    assert ranks(projections, Moment(as_of=between)) == {"PRJ-001": 7}
    assert ranks(projections, Moment(as_of=second.recorded_at)) == {"PRJ-001": 3}
    assert ranks(projections, Moment()) == {"PRJ-001": 3}
    assert ranks(projections, Moment(as_of=first.recorded_at - timedelta(days=1))) == {}


def test_effective_on_shows_what_had_taken_effect_by_a_day(
    ledger: PortfolioLedger, projections: Projections
) -> None:
    ledger.handle(propose(effective_date=DAY0))
    ledger.handle(
        decision(
            c.AppraiseItem,
            estimated_cost="10",
            expected_benefits="20",
            risk_rating="low",
            alignment_score=5,
            authority=None,
            effective_date=DAY0 + timedelta(days=10),
        )
    )

    def stage(moment: Moment) -> list[str]:
        with projections.reading() as session:
            return [s["stage"] for s in queries.portfolio(session, projections, moment)]

    assert stage(Moment(effective_on=DAY0 - timedelta(days=1))) == []
    assert stage(Moment(effective_on=DAY0 + timedelta(days=9))) == ["proposed"]
    assert stage(Moment(effective_on=DAY0 + timedelta(days=10))) == ["appraised"]


def test_both_clocks_together_give_what_was_known_then_with_effect_by_a_day(
    ledger: PortfolioLedger, projections: Projections
) -> None:
    ledger.handle(propose(effective_date=DAY0))
    proposed_at = ledger.queries.history("PRJ-001")[0].recorded_at
    ledger.handle(
        decision(
            c.AppraiseItem,
            estimated_cost="10",
            expected_benefits="20",
            risk_rating="low",
            alignment_score=5,
            authority=None,
            effective_date=DAY0,
        )
    )

    def stage(moment: Moment) -> list[str]:
        with projections.reading() as session:
            return [s["stage"] for s in queries.portfolio(session, projections, moment)]

    assert stage(Moment(as_of=proposed_at, effective_on=DAY0)) == ["proposed"]
    assert stage(Moment(as_of=proposed_at, effective_on=DAY0 - timedelta(days=1))) == []


def test_diff_lists_exactly_the_changes_between_two_moments(
    ledger: PortfolioLedger, projections: Projections
) -> None:
    approved_item(ledger, "PRJ-001")
    ledger.handle(propose("PRJ-002"))
    start = ledger.queries.history("PRJ-002")[-1].recorded_at
    ledger.handle(decision(c.ReprioritiseItem, "PRJ-001", rank=2))
    ledger.handle(fund("PRJ-001", "1450000"))
    ledger.handle(propose("PRJ-003"))
    end = ledger.queries.history("PRJ-003")[-1].recorded_at
    ledger.handle(decision(c.RejectItem, "PRJ-002"))  # after the window: not listed

    with projections.reading() as session:
        changes = queries.diff(session, projections, Moment(as_of=start), Moment(as_of=end))

    assert [(x["key"], x["change"], x["before"], x["after"]) for x in changes] == [
        ("PRJ-001", "authorised_budget", Decimal("1200000.00"), Decimal("1450000.00")),
        ("PRJ-001", "priority_rank", None, 2),
        ("PRJ-003", "joined", None, "proposed"),
    ]


def test_audit_trail_has_one_row_per_event_in_ledger_order_and_filters(
    ledger: PortfolioLedger, projections: Projections
) -> None:
    n = governance(ledger)  # the people and boards come first: positions 1 to n
    approved_item(ledger, "PRJ-001")
    ledger.handle(propose("PRJ-002", actor="Someone Else"))
    ledger.handle(decision(c.ReprioritiseItem, "PRJ-001", rank=7))

    def rows(**where: object) -> list[dict[str, object]]:
        with projections.reading() as session:
            return trail_queries.trail(session, projections, TrailFilter(**where))  # type: ignore[arg-type]

    everything = rows()
    assert [r["position"] for r in everything] == list(range(1, n + 6))
    items = everything[n:]
    assert items[2]["summary"] == "approved with budget GBP 1,200,000"
    assert items[2]["authority"] == "Investment Committee (IC)"
    assert items[4]["summary"] == "rank unranked -> 7"
    assert [r["position"] for r in rows(subject="PRJ-002")] == [n + 4]
    assert [r["position"] for r in rows(actor="someone else")] == [n + 4]
    assert [r["position"] for r in rows(event_type="reprioritised")] == [n + 5]
    assert [r["position"] for r in rows(event_type="ItemApproved")] == [n + 3]
    after = items[3]["recorded_at"]
    assert [r["position"] for r in rows(start=after)] == [n + 4, n + 5]
    assert len(rows(clock="effective", end=DAY0 - timedelta(days=31))) == 0


def test_economics_now_and_at_a_moment_agree_and_compare_with_the_envelope(
    ledger: PortfolioLedger, projections: Projections
) -> None:
    ledger.handle(
        c.SetEnvelope.model_validate(
            {
                "envelope": "GBP 5,000,000",
                "actor": "A",
                "role": "Chair",
                "authority": "Board",
                "rationale": "Capital plan",
                "effective_date": DAY0,
            }
        )
    )
    approved_item(ledger, "PRJ-001")
    approved_item(ledger, "PRJ-002")
    ledger.handle(fund("PRJ-002", "800000"))

    with projections.reading() as session:
        now = queries.economics(session, projections, Moment())
        latest = ledger.queries.history("PRJ-002")[-1].recorded_at
        then = queries.economics(session, projections, Moment(as_of=latest))

    assert now == then
    by = {(r["dimension"], r["value"]): r for r in now["totals"]}
    assert by[("view", "pipeline")]["items"] == 2
    assert by[("view", "pipeline")]["authorised_budget"] == Decimal("2000000.00")
    assert by[("stage", "approved")]["estimated_cost"] == Decimal("2400000.00")
    assert now["envelope"] == {"amount": Decimal("5000000.00"), "currency": "GBP"}


def test_status_shows_position_head_and_lag(
    ledger: PortfolioLedger, projections: Projections
) -> None:
    approved_item(ledger)
    assert {s.lag for s in projections.status()} == {0}

    ledger.read_models = None  # record without catching up
    ledger.handle(propose("PRJ-002"))

    lagging = {s.name: s for s in projections.status()}
    assert lagging["audit_trail"].lag == 1
    assert lagging["audit_trail"].rows == ledger.event_count() - 1
    projections.catch_up()
    assert {s.lag for s in projections.status()} == {0}


def test_a_rebuild_gives_the_same_rows_as_catching_up_event_by_event(
    ledger: PortfolioLedger, projections: Projections
) -> None:
    approved_item(ledger, "PRJ-001")
    ledger.handle(decision(c.ReprioritiseItem, "PRJ-001", rank=2))
    ledger.handle(
        decision(c.EscalateIssue, "PRJ-001", issue="Late", severity="high", escalated_to="Board")
    )
    bulk_history(ledger, items=30, events_per_item=12)
    projections.catch_up()
    incremental = snapshot(projections)

    position = projections.rebuild()

    assert position == ledger.event_count()
    assert snapshot(projections) == incremental
    assert set(projections.positions().values()) == {position}


def test_rebuilding_one_projection_leaves_the_others_alone(
    ledger: PortfolioLedger, projections: Projections, db_url: str
) -> None:
    approved_item(ledger)
    before = snapshot(projections)

    projections.rebuild(["audit_trail"])

    assert snapshot(projections) == before
    tables = set(inspect(projections.engine).get_table_names())
    assert not [name for name in tables if "__r" in name]
    with pytest.raises(ReadModelError, match="no projection named nonsense"):
        projections.rebuild(["nonsense"])


def test_a_backlog_of_most_of_the_ledger_is_caught_up_by_rebuilding(
    ledger: PortfolioLedger, projections: Projections, monkeypatch: pytest.MonkeyPatch
) -> None:
    projections.catch_up()
    total = bulk_history(ledger, items=12, events_per_item=10)  # not caught up yet
    rebuilds: list[list[str]] = []
    rebuild = rebuilding.rebuild

    def counted(models: Projections, targets: list[Any], *args: Any, **options: Any) -> int:
        rebuilds.append([target.name for target in targets])
        return rebuild(models, targets, *args, **options)

    monkeypatch.setattr(rebuilding, "rebuild", counted)
    projections.bulk_backlog = 50

    applied = projections.catch_up()

    assert rebuilds == [[p.name for p in projections.all]]
    assert applied == total
    assert {s.lag for s in projections.status()} == {0}
    assert check_read_models(projections).ok
    ledger.handle(propose("PRJ-NEXT"))  # a short backlog afterwards: caught up in place
    assert len(rebuilds) == 1
    assert {s.lag for s in projections.status()} == {0}


def test_the_read_model_check_catches_up_a_long_backlog_under_the_lock_it_holds(
    ledger: PortfolioLedger, projections: Projections
) -> None:
    # 'audit verify --read-models' after an import whose catch-up was interrupted: the
    # check holds the rebuild lock, and catching up most of the ledger rebuilds, which
    # takes the same lock. Taken twice by one process it waited for itself forever.
    projections.catch_up()
    bulk_history(ledger, items=12, events_per_item=10)  # not caught up yet
    projections.bulk_backlog = 50
    checked: list[bool] = []
    check = threading.Thread(
        target=lambda: checked.append(check_read_models(projections).ok), daemon=True
    )

    check.start()
    check.join(timeout=60)

    assert not check.is_alive(), "the check waited for the lock it held"
    assert checked == [True]
    assert {s.lag for s in projections.status()} == {0}
