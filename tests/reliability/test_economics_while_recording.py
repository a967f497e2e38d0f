"""``economics`` of some items while another process records: their sums and the portfolio's agree.

With a filter and an envelope, ``economics`` reads the chosen items' totals,
then every item's (the headroom is the portfolio's). Each was a read of its
own: a funding change recorded between the two left the chosen items
committing more than the whole portfolio. The interleaving is forced: the
change is recorded, through a ledger of its own, the moment the first read
is done.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.projections.read_side import ReadSide
from tests.builders import appraise, approve, fund, governance, propose
from tests.conftest import Cli
from tests.reliability.conftest import record_elsewhere, recorded_on_first_call


def _approved_under_an_envelope(run: Cli) -> None:
    """PRJ-001 of DFE approved for GBP 1,200,000, the portfolio's envelope GBP 100,000,000."""
    ledger, _ = open_ledger(run.url)
    try:
        governance(ledger)
        for command in (propose(organisation="DFE"), appraise(), approve()):
            ledger.handle(command)
    finally:
        ledger.close()
    envelope = run("portfolio", "envelope", "GBP 100,000,000", "--authority", "IC", "-m", "Plan")
    assert envelope.exit_code == 0, envelope.output


def test_the_items_chosen_commit_no_more_than_the_portfolio_they_are_part_of(
    run: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    _approved_under_an_envelope(run)
    cut = fund(budget="500000")  # by the Investment Committee
    asked = recorded_on_first_call(
        monkeypatch, ReadSide, "economics", lambda: record_elsewhere(run.url, cut), after=True
    )

    result = run("economics", "--organisation", "DFE", "--json")

    assert result.exit_code == 0, result.output
    assert asked
    answer = json.loads(result.stdout)
    these, every = Decimal(answer["committed"]["GBP"]), answer["portfolio_committed"]["GBP"]
    assert these == Decimal(every)  # PRJ-001 is the portfolio: one record, one sum
    assert these in {Decimal(1200000), Decimal(500000)}


@pytest.mark.parametrize("caught_up", [True, False], ids=["caught up", "left behind"])
def test_read_models_caught_up_first_are_read_from_one_snapshot_too(
    run: Cli, monkeypatch: pytest.MonkeyPatch, caught_up: bool
) -> None:
    """The reader's read models behind: caught up through the ledger, then one snapshot of them.

    Read in the ledger's own transaction (not plainly), a change recorded, and caught up or
    not, after the first sum is in neither sum.
    """
    _approved_under_an_envelope(run)
    # Recorded, the reader's read models left behind.
    record_elsewhere(run.url, fund(budget="900000"), caught_up=False)
    asked = recorded_on_first_call(
        monkeypatch,
        ReadSide,
        "economics",
        lambda: record_elsewhere(run.url, fund(budget="500000"), caught_up=caught_up),
        after=True,
    )

    result = run("economics", "--organisation", "DFE", "--json")

    assert result.exit_code == 0, result.output
    assert asked
    answer = json.loads(result.stdout)
    assert Decimal(answer["committed"]["GBP"]) == Decimal(answer["portfolio_committed"]["GBP"])
    assert Decimal(answer["committed"]["GBP"]) == Decimal(900000)  # caught up to it, not past
