"""The hash chain is written with every event: gap-free, one link per position, even under load."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from portfolio_ledger.application import commands as c
from portfolio_ledger.application.errors import ItemChanged
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.application.unit_of_work import SingleCommand
from portfolio_ledger.audit.digest import current_digest
from portfolio_ledger.audit.verify import verify
from portfolio_ledger.domain.errors import DuplicateItem
from portfolio_ledger.domain.item import PortfolioItem
from portfolio_ledger.domain.keys import item_id
from portfolio_ledger.storage.urls import normalise_url
from tests.builders import approved_item, bulk_history, decision, propose
from tests.conftest import Cli, released_together

WRITER = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from portfolio_ledger.application.errors import ItemChanged
    from portfolio_ledger.bootstrap import open_ledger
    from tests.builders import appraise, propose

    url, prefix, count, start_file = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
    ledger, _ = open_ledger(url)
    start_file.with_name(f"ready-{os.getpid()}").touch()
    while not start_file.exists():
        time.sleep(0.001)
    conflicts = 0
    for number in range(count):
        ledger.handle(propose(f"{prefix}-{number}"))
        if number % 10 == 0:  # both appraise the shared item: the loser is run again
            try:
                ledger.handle(appraise("SHARED"))
            except ItemChanged:
                conflicts += 1
    print(conflicts)
    ledger.close()
    """
)


def positions_and_links(url: str) -> tuple[list[int], list[int]]:
    engine = create_engine(normalise_url(url))
    try:
        with engine.connect() as connection:
            events = connection.execute(text("SELECT id FROM portfolio_ledger_events ORDER BY id"))
            links = connection.execute(
                text("SELECT position FROM portfolio_ledger_chain ORDER BY position")
            )
            return list(events.scalars()), list(links.scalars())
    finally:
        engine.dispose()


def test_every_event_is_linked_at_a_gap_free_position_even_after_refused_saves(
    ledger: PortfolioLedger, db_url: str
) -> None:
    approved_item(ledger)
    with pytest.raises(DuplicateItem):
        ledger.handle(propose())  # a failed insert must not use up a position
    other = PortfolioLedger(db_url)
    try:
        stale: PortfolioItem = other.repository.get(item_id("PRJ-001"))
        ledger.handle(decision(c.ReprioritiseItem, rank=1))
        stale.reprioritise(rank=2, decision=decision(c.ReprioritiseItem, rank=2).decision())
        with pytest.raises(ItemChanged):
            SingleCommand(other).save(stale)  # a conflict must not use one up either
    finally:
        other.close()
    bulk_history(ledger, items=3, events_per_item=5)

    events, links = positions_and_links(db_url)
    assert events == links == list(range(1, ledger.event_count() + 1))
    result = verify(ledger.chain)
    assert result.ok, result.problem
    assert result.checked == ledger.event_count()
    assert result.head.link == current_digest(ledger).link


def test_concurrent_writers_in_two_processes_make_one_gap_free_chain(
    db_url: str, tmp_path: Path
) -> None:
    ledger = PortfolioLedger(db_url)
    try:
        ledger.handle(propose("SHARED"))
    finally:
        ledger.close()
    start = tmp_path / "go"
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, db_url, prefix, "60", str(start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).parents[2],
        )
        for prefix in ("A", "B")
    ]
    outs = released_together(writers, tmp_path, start)  # both opened it, then let go

    ledger = PortfolioLedger(db_url)
    try:
        count = ledger.event_count()
        events, links = positions_and_links(db_url)
        result = verify(ledger.chain)
    finally:
        ledger.close()
    conflicts = sum(int(out) for out in outs)
    print(f"{count} events, {conflicts} appraisal conflicts")
    assert count == 1 + 120 + (12 - conflicts)  # every proposal, and the appraisals that won
    assert events == links == list(range(1, count + 1))
    assert result.ok, result.problem
    assert result.checked == count


def test_digest_names_the_head_and_an_earlier_digest_still_verifies(run: Cli) -> None:
    assert run("init").exit_code == 0  # a digest only reads: it makes no ledger where there is none
    empty = run("audit", "digest")
    assert empty.exit_code == 0
    assert empty.output.startswith("portfolio-ledger/v1 position=0 recorded=- sha256=" + "0" * 64)

    args = ("--kind", "project", "--title", "T", "--owner", "O", "--sponsor", "S", "-m", "why")
    assert run("item", "propose", "PRJ-1", *args, "--category", "C").exit_code == 0
    earlier = run("audit", "digest").output.strip()
    assert run("item", "propose", "PRJ-2", *args, "--category", "C").exit_code == 0
    now = json.loads(run("audit", "digest", "--json").output)

    assert earlier.startswith("portfolio-ledger/v1 position=1 recorded=")
    assert now["position"] == 2
    assert now["line"].endswith(f"sha256={now['sha256']}")
    checked = run("audit", "verify", "--digest", earlier)
    assert checked.exit_code == 0, checked.output
    assert "intact over 2 positions" in checked.output
    assert "still holds exactly the history of the digest given (position 1" in checked.output
    report = json.loads(run("audit", "verify", "--json").output)
    assert report["ok"] is True
    assert report["head"]["line"] == now["line"]


def test_a_digest_from_beyond_the_ledger_is_missing_not_passed(run: Cli) -> None:
    args = ("--kind", "project", "--title", "T", "--owner", "O", "--sponsor", "S", "-m", "why")
    assert run("item", "propose", "PRJ-1", *args, "--category", "C").exit_code == 0
    line = run("audit", "digest").output.strip().replace("position=1 ", "position=9 ")

    result = run("audit", "verify", "--digest", line)

    assert result.exit_code == 1
    assert "FAILED at position 9: missing" in result.output
    assert "ledger ends at 1" in result.output


def test_a_digest_whose_time_was_edited_is_not_passed(run: Cli) -> None:
    args = ("--kind", "project", "--title", "T", "--owner", "O", "--sponsor", "S", "-m", "why")
    assert run("item", "propose", "PRJ-1", *args, "--category", "C").exit_code == 0
    line = run("audit", "digest").output.strip()
    edited = re.sub(r"recorded=\S+", "recorded=2001-01-01T00:00:00Z", line)

    result = run("audit", "verify", "--digest", edited)

    assert result.exit_code == 1
    assert "FAILED at position 1: digest altered" in result.output
    assert run("audit", "verify", "--digest", line).exit_code == 0
