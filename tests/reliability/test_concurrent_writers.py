"""Several real processes record decisions on the same items at once: nothing lost or doubled.

Every attempt is recorded: one that loses the race for its item is run again on the
item as the winner left it (``conflicts.py``), and only one that lost every run would be
refused with the conflict error (recorded + refused = attempted, and none is: with about
one run in five lost, as measured before runs were repeated, twelve in a row is about
one in 2.4e8); each item's versions run without gaps;
the ledger's positions run without gaps; the hash chain verifies; and the
read models equal a rebuild.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.audit.verify import verify
from portfolio_ledger.bootstrap import open_ledger
from tests.builders import approved_item
from tests.conftest import released_together, snapshot
from tests.reliability.conftest import gapless, report, scale

ITEMS = ("PRJ-001", "PRJ-002", "PRJ-003")
WRITER = """
import json, os, random, sys, time
from pathlib import Path
from portfolio_ledger.application.errors import ItemChanged
from portfolio_ledger.bootstrap import open_ledger
from tests.builders import decision
from portfolio_ledger.application import commands as c

url, seed, attempts, start = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4])
rng = random.Random(seed)
ledger, _ = open_ledger(url)
start.with_name(f"ready-{os.getpid()}").touch()
while not start.exists():
    time.sleep(0.001)
recorded = refused = 0
for attempt in range(attempts):
    key = rng.choice(["PRJ-001", "PRJ-002", "PRJ-003"])
    command = decision(c.ReportStatus, key, overall=rng.choice(["red", "amber", "green"]),
                       rationale=f"Writer {seed}, attempt {attempt}.", authority=None)
    try:
        ledger.handle(command)
        recorded += 1
    except ItemChanged:
        refused += 1
print(json.dumps({"attempted": attempts, "recorded": recorded, "refused": refused}))
ledger.close()
"""


def test_writers_on_the_same_items_lose_and_double_nothing(db_url: str, tmp_path: Path) -> None:
    ledger = PortfolioLedger(db_url)
    try:
        for key in ITEMS:
            approved_item(ledger, key)
        before = ledger.event_count()
    finally:
        ledger.close()
    writers, attempts = scale(4, 8), scale(40, 300)
    start = tmp_path / "go"
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, db_url, str(seed), str(attempts), str(start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).parents[2],
        )
        for seed in range(writers)
    ]
    # every writer has opened the ledger and is waiting, then all are let go at once
    outcomes = [json.loads(out) for out in released_together(processes, tmp_path, start)]

    attempted = sum(o["attempted"] for o in outcomes)
    recorded = sum(o["recorded"] for o in outcomes)
    refused = sum(o["refused"] for o in outcomes)
    assert recorded + refused == attempted
    assert refused == 0, f"{refused} of {attempted} lost every run against the other writers"
    gapless(db_url, before + recorded)  # every recorded attempt stored once, versions whole
    ledger, models = open_ledger(db_url)
    try:
        assert verify(ledger.chain).ok
        models.catch_up()
        caught_up = snapshot(models)
        models.rebuild()
        assert snapshot(models) == caught_up
    finally:
        ledger.close()
    report(
        "concurrent writers",
        writers=writers,
        attempted=attempted,
        recorded=recorded,
        conflicts=refused,
    )
