"""The board pack's R3 reads each red item's last status reports from the read models.

What it reads must be what replaying the item gives (its ``rag_history``):
on the demo ledger (late records, corrections, annulments) at days on the
effective clock and at moments on the recorded clock, and on a generated
history, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from bench import generate
from portfolio_ledger.application.importer import run_import
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.application.views import Moment, TrailFilter
from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.cli.imports import read_lines
from portfolio_ledger.domain.clock import utc_today
from portfolio_ledger.projections.read_side import ReadSide
from tests.conftest import Cli

Rags = dict[str, tuple[str, ...]]


def replayed_and_read(url: str, moments: list[Moment]) -> list[tuple[Rags, Rags]]:
    """For each moment: every item's last three reports by replay, and as the read models say."""
    ledger, models = open_ledger(url)
    try:
        reader = ReadSide(ledger, models)
        compared = []
        for moment in moments:
            states = reader.portfolio(moment)
            keys = {state["item_id"]: state["key"] for state in states}
            controls = reader.controls(list(keys.values()), moment)
            replayed = {c.key: c.rag_history for c in controls if c.rag_history}
            read = reader.last_reports(list(keys), moment, 3)
            compared.append((replayed, {keys[i]: rags for i, rags in read.items()}))
        return compared
    finally:
        ledger.close()


def recorded_moments(url: str, every: int) -> list[datetime]:
    """Every ``every``-th moment the ledger recorded a decision at: what it said then."""
    ledger, models = open_ledger(url)
    try:
        rows = ReadSide(ledger, models).trail(TrailFilter())
    finally:
        ledger.close()
    return sorted({row["recorded_at"] for row in rows})[::every]


def test_the_demo_items_last_reports_are_their_replayed_rag_history(db_url: str) -> None:
    assert Cli(db_url)("demo").exit_code == 0
    today = utc_today()
    days = [today - timedelta(days=n) for n in (0, 30, 90, 180, 270, 365)]
    moments = [Moment(effective_on=day) for day in days] + [Moment()]
    moments += [Moment(as_of=at) for at in recorded_moments(db_url, every=15)]

    compared = replayed_and_read(db_url, moments)

    assert sum(len(replayed) for replayed, _ in compared) > 50  # items with reports to compare
    assert any(len(rags) == 3 for replayed, _ in compared for rags in replayed.values())
    for replayed, read in compared:
        assert read == replayed


def test_a_generated_history_s_last_reports_are_its_replayed_rag_history(
    db_url: str, tmp_path: Path
) -> None:
    history = tmp_path / "decisions.jsonl"
    generate.write(history, 3000)
    ledger = PortfolioLedger(db_url)
    assert not run_import(ledger, read_lines(history, {})).refusals
    ledger.close()
    days = [utc_today() - timedelta(days=n) for n in range(0, 520, 60)]

    compared = replayed_and_read(db_url, [Moment(effective_on=day) for day in days])

    assert sum(len(replayed) for replayed, _ in compared) > 100
    for replayed, read in compared:
        assert read == replayed
