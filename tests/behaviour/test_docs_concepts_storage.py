"""docs/concepts.md's *Storage*, *Items and keys* (one key, one item in any ledger) and the
text rules of *Governance metadata*, through the command line, from the docs alone."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.engine import Engine

from tests.behaviour.concepts_ledger import ok, pl, propose
from tests.conftest import Cli

TABLES = {
    "portfolio_ledger_events",
    "portfolio_ledger_chain",
    "portfolio_ledger_requests",
    "portfolio_ledger_tree",
    "portfolio_ledger_checkpoints",
    "portfolio_ledger_settings",
    "portfolio_ledger_tracking",
    "portfolio_items",
    "portfolio_items_shown",
    "portfolio_items_listed",
    "audit_trail",
    "item_timeline",
    "economics",
    "portfolio_envelopes",
    "held_values",
}


def test_the_events_and_every_read_model_live_in_the_same_database(
    run: Cli, engine: Engine
) -> None:
    propose(run, "PRJ-1")
    assert set(inspect(engine).get_table_names()) >= TABLES


def test_positions_run_without_gaps_a_refused_save_uses_none(run: Cli) -> None:
    """ "Positions ... run 1, 2, 3, ... without gaps ... a refused save uses none up"."""
    propose(run, "PRJ-1")
    refused = pl(run, "item", "retire", "PRJ-1", "--authority", "IC", "-m", "Done")
    assert refused.exit_code == 1, refused.output
    propose(run, "PRJ-2")
    rows = json.loads(ok(run, "audit", "trail", "--json").output)
    assert sorted(row["position"] for row in rows) == [1, 2]


def test_the_same_key_means_the_same_item_in_any_ledger(run: Cli, tmp_path: Path) -> None:
    """ "The key maps to a fixed UUID (uuid5) ... the same key means the same item in any
    ledger"."""
    other = Cli(f"sqlite:///{tmp_path / 'other.db'}")
    for ledger in (run, other):
        propose(ledger, "PRJ-042")
    ids = [
        json.loads(ok(ledger, "portfolio", "--json").output)[0]["item_id"]
        for ledger in (run, other)
    ]
    assert ids[0] == ids[1]


def test_text_a_terminal_would_act_on_is_refused_text_that_shows_something_kept(
    run: Cli,
) -> None:
    """ESC is refused naming it and where (exit 2); a carriage return is a space in the
    one-line confirmation; a right-to-left mark inside an Arabic title is kept exactly."""
    base = ("item", "propose", "PRJ-1", "--kind", "project", "--owner", "O", "--sponsor", "S",
            "--category", "C", "-m", "Why")  # fmt: skip
    refused = pl(run, *base, "--title", "Pay\x1b[2Jroll")
    assert refused.exit_code == 2
    assert "U+001B at character 4" in refused.output
    assert run.events() == 0
    said = ok(run, *base, "--title", "Pay\rroll")
    assert "Pay roll" in said.output
    assert "\r" not in said.output
    arabic = "\u0645\u0634\u0631\u0648\u0639\u200f"
    ok(run, *base[:2], "PRJ-2", *base[3:], "--title", arabic)
    shown = json.loads(ok(run, "item", "show", "PRJ-2", "--json").output)
    assert shown["title"] == arabic
