"""A rebuild killed midway leaves readers on the previous complete model; the next one completes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import create_engine, func, inspect, select, text

from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.storage.urls import normalise_url
from tests.builders import bulk_history
from tests.conftest import snapshot


def shadow_rows(url: str) -> int:
    """Rows written so far into the half-built audit trail of a running rebuild."""
    engine = create_engine(normalise_url(url))
    try:
        names = [n for n in inspect(engine).get_table_names() if n.startswith("audit_trail__r")]
        if not names:
            return 0
        with engine.connect() as connection:
            return int(connection.execute(text(f'SELECT count(*) FROM "{names[0]}"')).scalar_one())
    finally:
        engine.dispose()


@pytest.mark.slow
def test_a_killed_rebuild_leaves_the_previous_model_and_the_next_completes(db_url: str) -> None:
    ledger = PortfolioLedger(db_url)
    try:
        total = bulk_history(ledger, items=400, events_per_item=50)
    finally:
        ledger.close()
    ledger, models = open_ledger(db_url)
    models.catch_up()
    before = snapshot(models)
    items_table = models.portfolio_items.table

    rebuild = subprocess.Popen(
        [sys.executable, "-m", "portfolio_ledger", "--db", db_url, "projections", "rebuild"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while shadow_rows(db_url) < 2000:
            assert rebuild.poll() is None, (
                f"the rebuild ended before it could be killed: {rebuild.stderr}"
            )
            assert time.monotonic() < deadline
            # Meanwhile readers see the complete previous model.
            with models.tracking.transaction(commit=False) as session:
                count = session.execute(select(func.count()).select_from(items_table)).scalar_one()
            assert count == 400
            time.sleep(0.02)
        os.kill(rebuild.pid, signal.SIGKILL)
    finally:
        rebuild.wait(timeout=30)
    assert rebuild.returncode == -signal.SIGKILL

    try:
        assert snapshot(models) == before
        assert set(models.positions().values()) == {total}
        leftovers = [n for n in inspect(models.engine).get_table_names() if "__r" in n]
        assert leftovers  # the kill really was midway

        assert models.rebuild() == total

        assert snapshot(models) == before
        assert not [n for n in inspect(models.engine).get_table_names() if "__r" in n]
    finally:
        ledger.close()
