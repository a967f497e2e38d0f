"""Two real processes catching up the same projections at once apply every event exactly once."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.projections import replay
from portfolio_ledger.projections.runner import Projections
from tests.builders import bulk_history
from tests.conftest import released_together, snapshot

WORKER = textwrap.dedent(
    """
    import json, os, sys, time
    from pathlib import Path
    import portfolio_ledger.projections.replay as replay
    import portfolio_ledger.projections.runner as runner
    from portfolio_ledger.bootstrap import open_ledger

    runner.PAGE_SIZE = 40  # many small pages: many chances to collide
    runner.BULK_BACKLOG = int(sys.argv[3])  # a backlog this long is caught up by rebuilding
    replay.STATES_AT_ONCE = int(sys.argv[4])  # a page applied, and claimed, in parts this big
    url, start_file = sys.argv[1], Path(sys.argv[2])
    ledger, models = open_ledger(url)
    start_file.with_name(f"ready-{os.getpid()}").touch()
    while not start_file.exists():
        time.sleep(0.001)
    applied = models.catch_up()
    print(json.dumps({"applied": applied}))
    ledger.close()
    """
)


@pytest.mark.parametrize(
    ("bulk", "states"),
    [(10**9, 5000), (100, 5000), (10**9, 3)],
    ids=["in-place", "by-rebuilding", "in-parts"],
)
def test_two_processes_catching_up_together_apply_each_event_exactly_once(
    db_url: str, tmp_path: Path, bulk: int, states: int
) -> None:
    # In parts, a process that loses the claim of a part mid-page still counts those before.
    ledger = PortfolioLedger(db_url)  # no read models attached: they stay at 0
    try:
        total = bulk_history(ledger, items=60, events_per_item=25)
    finally:
        ledger.close()
    start = tmp_path / "go"
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, db_url, str(start), str(bulk), str(states)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outs = released_together(workers, tmp_path, start)  # both opened it, then let go

    applied = [json.loads(out)["applied"] for out in outs]
    print("applied by each process:", applied)
    assert sum(applied) == total, applied  # every page claimed by exactly one process

    ledger, models = open_ledger(db_url)
    try:
        assert set(models.positions().values()) == {total}
        with models.tracking.transaction(commit=False) as session:
            positions = list(session.execute(select(models.audit_trail.table.c.position)).scalars())
        assert sorted(positions) == list(range(1, total + 1))
        concurrent = snapshot(models)
        models.rebuild()
        assert snapshot(models) == concurrent  # economics would double-count a doubled event
    finally:
        ledger.close()


def test_a_stale_claim_is_refused(projections: Projections, ledger: PortfolioLedger) -> None:
    # Two catch-ups read position 0; the first claims 0 -> 5; the second's
    # claim of 0 -> 7 must fail rather than apply events 1-5 again.
    tracking = projections.tracking
    with tracking.transaction(commit=True) as session:
        assert tracking.claim(session, projections.audit_trail.tracking_key, 0, 5)
    with tracking.transaction(commit=True) as session:
        assert not tracking.claim(session, projections.audit_trail.tracking_key, 0, 7)
    assert projections.positions()["audit_trail"] == 5


def test_several_processes_can_open_a_new_ledger_at_the_same_moment(
    db_url: str, tmp_path: Path
) -> None:
    start = tmp_path / "go"
    opener = textwrap.dedent(
        """
        import os, sys, time
        from pathlib import Path
        from portfolio_ledger.bootstrap import open_ledger
        Path(sys.argv[2]).with_name(f"ready-{os.getpid()}").touch()
        while not Path(sys.argv[2]).exists():
            time.sleep(0.001)
        ledger, _ = open_ledger(sys.argv[1])
        ledger.close()
        """
    )
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", opener, db_url, str(start)], stderr=subprocess.PIPE, text=True
        )
        for _ in range(4)
    ]
    released_together(processes, tmp_path, start)  # each exits 0, or its error fails here


def test_a_catch_up_that_loses_a_part_mid_page_counts_the_parts_it_applied(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A page that makes many states is applied, and claimed, in parts. Here another catch-up
    # runs right after this one's first part commits and takes the rest, so the second part's
    # claim is lost: the first part's events are still this one's, counted once.
    ledger = PortfolioLedger(db_url)
    try:
        total = bulk_history(ledger, items=10, events_per_item=10)
    finally:
        ledger.close()
    monkeypatch.setattr(replay, "STATES_AT_ONCE", 7)
    first_ledger, first = open_ledger(db_url)
    second_ledger, second = open_ledger(db_url)
    apply = Projections._apply
    by_second: list[int] = []

    def interleaved(models: Projections, *args: Any) -> None:
        apply(models, *args)
        if models is first and not by_second:
            by_second.append(second.catch_up())

    monkeypatch.setattr(Projections, "_apply", interleaved)
    try:
        by_first = first.catch_up()
        assert set(first.positions().values()) == {total}
    finally:
        first_ledger.close()
        second_ledger.close()

    assert 0 < by_first < total
    assert by_first + by_second[0] == total
