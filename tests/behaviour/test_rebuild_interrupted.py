"""A rebuild killed midway leaves readers on the previous complete model; the next one completes."""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import time
from typing import Any

import pytest
from sqlalchemy import MetaData, create_engine, func, inspect, select, text

from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.projections import rebuild as rebuilding
from portfolio_ledger.storage.urls import normalise_url
from tests.builders import bulk_history
from tests.conftest import Cli, snapshot


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


class MadeThenInterrupted(MetaData):
    """The rebuild's fresh tables, made, and Ctrl-C pressed as the statement returns."""

    def create_all(self, *args: Any, **kwargs: Any) -> None:
        super().create_all(*args, **kwargs)
        raise KeyboardInterrupt


@pytest.mark.parametrize("where", ["made", "replay", "index", "swap"])
def test_an_interrupted_rebuild_removes_its_fresh_tables(
    run: Cli, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """Ctrl-C or SIGTERM: exit 130, the live models as they were, and no half-built tables.

    Before, the fresh tables (ten of them, ``audit_trail__r1a2b3c4d`` ...) stayed
    in the ledger's database, beside the live ones a SQL or BI tool reads,
    until the next rebuild: where the docs say an interrupted command writes nothing.
    """
    assert run("demo").exit_code == 0
    ledger, models = open_ledger(run.url)
    try:
        models.catch_up()
        before = snapshot(models)
        monkeypatch.setattr(rebuilding, "PAGE_SIZE", 50)  # pages enough to stop between
        pages = itertools.count(1)
        replay_page = rebuilding._replay_page

        def page(*args: Any) -> int:
            if where == "replay" and next(pages) == 3:
                raise KeyboardInterrupt
            return replay_page(*args)

        def stop(*_args: Any, **_kwargs: Any) -> None:
            raise KeyboardInterrupt

        monkeypatch.setattr(rebuilding, "_replay_page", page)
        if where == "made":
            monkeypatch.setattr(rebuilding, "MetaData", MadeThenInterrupted)
        elif where != "replay":
            monkeypatch.setattr(rebuilding.Shadows, where, stop)

        done = run("projections", "rebuild")

        assert done.exit_code == 130, done.output
        assert "Interrupted" in done.output
        assert not [n for n in inspect(models.engine).get_table_names() if "__r" in n]
        assert snapshot(models) == before
    finally:
        ledger.close()
