"""kill -9 in the middle of catching up or rebuilding read models, again and again.

After every kill the read models are still a whole model (readers never see a
page half-applied); resuming gives exactly the rows of a clean rebuild, with
every event applied once (economics, which adds up money, would show any
event applied twice).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial

from sqlalchemy import func, inspect, select, text
from sqlalchemy.exc import DBAPIError

from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.projections.runner import Projections
from tests.builders import bulk_history
from tests.conftest import snapshot
from tests.reliability.conftest import report, scale

CATCH_UP = (
    "import sys; import portfolio_ledger.projections.runner as r; r.PAGE_SIZE = 50; "
    "from portfolio_ledger.bootstrap import open_ledger; "
    "ledger, models = open_ledger(sys.argv[1]); models.catch_up(); ledger.close()"
)


def kill_when(command: list[str], ready: Callable[[], bool], jitter: float) -> int | None:
    """Start ``command``; once ``ready()`` holds, wait up to ``jitter`` s and SIGKILL it.

    Returns its exit status (-9 when killed, 0 if it finished first).
    """
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while process.poll() is None and not ready():
        assert time.monotonic() < deadline, "the process never got going"
        time.sleep(0.005)
    time.sleep(jitter)
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=60)
    return process.returncode


def shadow_rows(models: Projections, left: frozenset[str] = frozenset()) -> int:
    """Rows written so far into the half-built audit trail of a running rebuild.

    ``left``: shadow tables already there (a killed rebuild's), not the running one's.
    """
    names = [
        n
        for n in inspect(models.engine).get_table_names()
        if n.startswith("audit_trail__r") and n not in left
    ]
    if not names:
        return 0
    try:
        with models.engine.connect() as connection:
            count = connection.execute(text(f'SELECT count(*) FROM "{names[0]}"')).scalar_one()
    except DBAPIError:  # dropped (swapped in, or cleared away) since it was listed
        return 0
    return int(count)


def moved_past(models: Projections, start: int) -> bool:
    """Whether catching up has moved every read model past ``start``."""
    return min(models.positions().values()) > start


def rebuilt_past(models: Projections, rows: int, left: frozenset[str]) -> bool:
    """Whether a running rebuild has written more than ``rows`` trail rows (not in ``left``)."""
    return shadow_rows(models, left) > rows


def shadows_left(models: Projections) -> frozenset[str]:
    """The shadow trail tables there now: a killed rebuild's, until the next one clears them."""
    names = inspect(models.engine).get_table_names()
    return frozenset(n for n in names if n.startswith("audit_trail__r"))


REBUILD = (
    "import sys; import portfolio_ledger.projections.rebuild as r; r.PAGE_SIZE = 500; "
    "sys.argv = ['portfolio-ledger', '--db', sys.argv[1], 'projections', 'rebuild']; "
    "from portfolio_ledger.__main__ import main; main()"
)
"""``projections rebuild`` committing a page of 500 events at a time, not 10,000."""


def test_catch_up_killed_again_and_again_applies_every_event_once(db_url: str) -> None:
    ledger = PortfolioLedger(db_url)  # no read models attached: they stay behind
    try:
        total = bulk_history(ledger, items=scale(200, 1000), events_per_item=25)
    finally:
        ledger.close()
    rng = random.Random(20261122)  # noqa: S311 - timing jitter, not secrets
    ledger, models = open_ledger(db_url)
    try:
        kills, positions = 0, []
        while kills < scale(6, 40) and min(models.positions().values()) < total:
            start = min(models.positions().values())
            status = kill_when(
                [sys.executable, "-c", CATCH_UP, db_url],
                partial(moved_past, models, start),
                rng.random() * 0.2,
            )
            kills += status == -signal.SIGKILL
            reached = models.positions()
            positions.append(min(reached.values()))
            # A killed page is rolled back whole: each model holds exactly one
            # trail row per event it has read.
            with models.tracking.transaction(commit=False) as session:
                rows = session.execute(
                    select(func.count()).select_from(models.audit_trail.table)
                ).scalar_one()
            assert rows == reached["audit_trail"]
        models.catch_up()
        resumed = snapshot(models)
        models.rebuild()

        assert snapshot(models) == resumed
        assert set(models.positions().values()) == {total}
        assert kills > 0, "no catch-up was killed midway: the test proved nothing"
        report("catch-up killed", events=total, kills=kills, positions_at_kills=positions)
    finally:
        ledger.close()


def test_rebuild_killed_again_and_again_leaves_the_model_whole_then_completes(
    db_url: str,
) -> None:
    ledger = PortfolioLedger(db_url)
    try:
        total = bulk_history(ledger, items=scale(200, 1000), events_per_item=25)
    finally:
        ledger.close()
    ledger, models = open_ledger(db_url)
    try:
        models.catch_up()
        before = snapshot(models)
        rng = random.Random(42)  # noqa: S311 - timing jitter, not secrets
        kills = 0
        # Pages of 500 events: the shadow trail grows a page at a time, so each kill lands
        # at a depth of its own, however loaded the machine. With the rebuild's own page
        # (10,000) its rows showed all at once ~0.2 s before the swap: a watcher slowed by
        # a busy machine could miss it, the rebuild finish, and no kill be made. A killed
        # rebuild's shadow table is left until the next clears it: not the next one's.
        for _ in range(scale(4, 25)):
            threshold = rng.randrange(100, total // 2)
            status = kill_when(
                [sys.executable, "-c", REBUILD, db_url],
                partial(rebuilt_past, models, threshold, shadows_left(models)),
                rng.random() * 0.05,
            )
            kills += status == -signal.SIGKILL
            assert snapshot(models) == before  # readers keep the previous whole model

        assert models.rebuild() == total
        assert snapshot(models) == before
        assert not [n for n in inspect(models.engine).get_table_names() if "__r" in n]
        assert kills > 0, "no rebuild was killed midway: the test proved nothing"
        report("rebuild killed", events=total, kills=kills)
    finally:
        ledger.close()
