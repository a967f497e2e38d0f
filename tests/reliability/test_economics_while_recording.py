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
from typing import Any

import pytest

from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.projections.read_side import ReadSide
from tests.builders import appraise, approve, fund, governance, propose
from tests.conftest import Cli


def _record(url: str, *commands: Any) -> None:
    ledger, _ = open_ledger(url)
    try:
        for command in commands:
            ledger.handle(command)
    finally:
        ledger.close()


def test_the_items_chosen_commit_no_more_than_the_portfolio_they_are_part_of(
    run: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger, _ = open_ledger(run.url)
    try:
        governance(ledger)
        for command in (propose(organisation="DFE"), appraise(), approve()):  # GBP 1,200,000
            ledger.handle(command)
    finally:
        ledger.close()
    envelope = run("portfolio", "envelope", "GBP 100,000,000", "--authority", "IC", "-m", "Plan")
    assert envelope.exit_code == 0, envelope.output
    economics, asked = ReadSide.economics, list[bool]()

    def recorded_meanwhile(self: ReadSide, *args: Any, **kwargs: Any) -> Any:
        found = economics(self, *args, **kwargs)
        if not asked:
            asked.append(True)
            _record(run.url, fund(budget="500000"))  # cut, by the Investment Committee
        return found

    monkeypatch.setattr(ReadSide, "economics", recorded_meanwhile)

    result = run("economics", "--organisation", "DFE", "--json")

    assert result.exit_code == 0, result.output
    assert asked
    answer = json.loads(result.stdout)
    these, every = Decimal(answer["committed"]["GBP"]), answer["portfolio_committed"]["GBP"]
    assert these == Decimal(every)  # PRJ-001 is the portfolio: one record, one sum
    assert these in {Decimal(1200000), Decimal(500000)}
