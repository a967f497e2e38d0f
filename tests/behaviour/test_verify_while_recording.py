"""`audit verify` while another process records decisions: the ledger as it stood at the start.

Verification reads the events page by page, each page in a transaction of its
own, then the tree's extent. A decision another process records in between
must be neither walked half-way (the root asked for was then never computed:
an internal error, or a JSON `root` of null) nor taken for a tree row stored
behind the ledger's back after the last event (a false alarm, exit 1), nor,
with a checkpoint signed at every write, found signed by none. Each
test records the decision at exactly that moment, through a second ledger on
the same database, from inside the read verification makes just before it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.audit.signing import AutoSigner
from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.cli.keyfiles import load_signer
from portfolio_ledger.storage.chain_reader import ChainReading
from portfolio_ledger.storage.checkpoint_store import CheckpointKeeping
from portfolio_ledger.storage.tree_store import TreeStoring
from tests.builders import propose
from tests.conftest import Cli


@pytest.fixture
def writer(db_url: str) -> Iterator[PortfolioLedger]:
    """Another ledger on the same database (another process's), with two decisions recorded."""
    ledger, _ = open_ledger(db_url)
    try:
        for key in ("PRJ-001", "PRJ-002"):
            ledger.handle(propose(key))
        yield ledger
    finally:
        ledger.close()


def _record_once(writer: PortfolioLedger, recorded: list[int]) -> None:
    if not recorded:
        position = writer.handle(propose("PRJ-003")).position
        assert position is not None
        recorded.append(position)


@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
def test_a_decision_recorded_while_verify_reads_the_events_is_left_for_the_next(
    db_url: str, writer: PortfolioLedger, monkeypatch: pytest.MonkeyPatch, as_json: bool
) -> None:
    recorded: list[int] = []
    reading = ChainReading.select_chained

    def read_after_a_decision(store: Any, after: int | None, limit: int) -> Any:
        _record_once(writer, recorded)  # committed before verification reads its first page
        return reading(store, after, limit)

    monkeypatch.setattr(ChainReading, "select_chained", read_after_a_decision)
    result = Cli(db_url)("audit", "verify", *(["--json"] if as_json else []))

    assert recorded == [3]
    assert result.exit_code == 0, result.output
    if as_json:
        report = json.loads(result.output)
        assert (report["ok"], report["checked"], report["head"]["position"]) == (True, 2, 2)
        assert report["tree"]["covered"] == 2
        assert report["tree"]["root"] is not None
    else:
        assert "intact over 2 positions (positions 1 to 2)" in result.output
        assert "Tree: the Merkle tree's rows for all 2 positions" in result.output
    monkeypatch.undo()
    again = Cli(db_url)("audit", "verify", "--json")
    assert (again.exit_code, json.loads(again.output)["checked"]) == (0, 3)


def test_a_decision_recorded_as_verify_measures_the_tree_is_no_stray_tree_row(
    db_url: str, writer: PortfolioLedger, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorded: list[int] = []
    pages: list[int | None] = []
    reading, measuring = ChainReading.select_chained, TreeStoring.tree_span

    def read(store: Any, after: int | None, limit: int) -> Any:
        pages.append(after)
        return reading(store, after, limit)

    def measure_after_a_decision(store: Any, upto: int | None = None) -> Any:
        if upto is not None:  # verify's own measure, after it has measured the ledger's end
            _record_once(writer, recorded)
        return measuring(store, upto)

    monkeypatch.setattr(ChainReading, "select_chained", read)
    monkeypatch.setattr(TreeStoring, "tree_span", measure_after_a_decision)
    result = Cli(db_url)("audit", "verify")

    assert recorded == [3]
    assert result.exit_code == 0, result.output
    assert "FAILED" not in result.output
    assert "intact over 2 positions (positions 1 to 2)" in result.output


def test_a_decision_signed_as_verify_reads_the_checkpoints_is_left_for_the_next(
    db_url: str, writer: PortfolioLedger, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a checkpoint signed at every write, each decision recorded comes with its checkpoint.

    One recorded just after verification has read the checkpoints, before it
    has measured the ledger, was walked with no checkpoint known to sign it:
    `--key` then said it was signed by none (exit 1).
    """
    run = Cli(db_url)
    key = run("audit", "keygen", "--name", "ledger.example.org/test").output.split()[-1]
    assert run("audit", "checkpoint", "--every", "1").exit_code == 0
    writer.checkpoints.when_appended(AutoSigner(writer, lambda: load_signer(None)))
    recorded: list[int] = []
    issued = CheckpointKeeping.issued_checkpoints

    def read_then_record(store: Any, *args: Any) -> Any:
        kept = issued(store, *args)
        _record_once(writer, recorded)  # recorded and signed once the checkpoints were read
        return kept

    monkeypatch.setattr(CheckpointKeeping, "issued_checkpoints", read_then_record)
    result = run("audit", "verify", "--key", key)

    assert recorded == [3]
    assert result.exit_code == 0, result.output
    assert "intact over 2 positions (positions 1 to 2)" in result.output
    assert "the latest of 2 events" in result.output
    monkeypatch.undo()
    again = run("audit", "verify", "--key", key)
    assert again.exit_code == 0, again.output
    assert "the latest of 3 events" in again.output
