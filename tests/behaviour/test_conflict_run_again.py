"""A decision that loses a race for its item is run again on the item as the winner left it.

The interleaving is forced, not hoped for: just before the decision's save, another
ledger (another process's, on the same database) records a decision on the same item,
so the save finds its event's number taken. ``conflicts.py`` runs the command again;
it is checked against the item as now recorded, and recorded after the other, or
refused by the rule the other made it break; one that loses every time is refused
after the last run. On SQLite and on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from portfolio_ledger.application import commands as c
from portfolio_ledger.application import conflicts
from portfolio_ledger.application.errors import ItemChanged
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.application.unit_of_work import SingleCommand
from portfolio_ledger.audit.verify import verify
from portfolio_ledger.domain.errors import IllegalTransition
from tests.builders import approved_item, decision, governance, propose


def rival_before_each_save(
    monkeypatch: pytest.MonkeyPatch,
    ledger: PortfolioLedger,
    rivals: Iterator[Callable[[], object]],
) -> list[int]:
    """Before each of ``ledger``'s saves, the next rival's decision recorded (until none is left).

    Returns the list each save of ``ledger``'s is counted in.
    """
    saves: list[int] = []
    save = SingleCommand.save

    def interleaved(uow: SingleCommand, aggregate: Any, **detail: Any) -> Any:
        if uow.ledger is ledger:
            saves.append(len(saves) + 1)
            rival = next(rivals, None)
            if rival is not None:
                rival()  # recorded and committed by the other writer, between read and save
        return save(uow, aggregate, **detail)

    monkeypatch.setattr(SingleCommand, "save", interleaved)
    return saves


def reprioritised(ledger: PortfolioLedger, key: str = "PRJ-001") -> list[str]:
    return [h.summary for h in ledger.queries.history(key) if h.event == "reprioritised"]


@pytest.mark.parametrize("request_id", [None, "rank-two-request"])
def test_a_decision_that_loses_the_race_is_checked_again_and_recorded_after(
    ledger: PortfolioLedger,
    second_writer: PortfolioLedger,
    monkeypatch: pytest.MonkeyPatch,
    request_id: str | None,
) -> None:
    governance(ledger)
    ledger.handle(propose())
    before = ledger.event_count()
    rank_one = decision(c.ReprioritiseItem, rank=1, authority="Portfolio board")
    saves = rival_before_each_save(
        monkeypatch, ledger, iter([lambda: second_writer.handle(rank_one)])
    )

    mine = ledger.handle(
        decision(c.ReprioritiseItem, rank=2, authority="Portfolio board", request_id=request_id)
    )

    assert saves == [1, 2]  # lost once, run again, saved
    assert ledger.event_count() == before + 2
    # Decided again on the item as the other left it: from rank 1, not from unranked
    assert reprioritised(ledger) == ["rank unranked -> 1", "rank 1 -> 2"]
    assert mine.summary == "rank 1 -> 2"
    assert [h.version for h in ledger.queries.history("PRJ-001")] == [1, 2, 3]
    checked = verify(ledger.chain)
    assert checked.ok, checked.problem
    assert checked.checked == ledger.event_count()
    if request_id is not None:  # the same request sent again is the same result, not a third
        again = ledger.handle(
            decision(c.ReprioritiseItem, rank=2, authority="Portfolio board", request_id=request_id)
        )
        assert again.repeated
        assert again.position == mine.position
        assert ledger.event_count() == before + 2


def test_a_decision_the_winner_made_invalid_is_refused_by_its_rule(
    ledger: PortfolioLedger, second_writer: PortfolioLedger, monkeypatch: pytest.MonkeyPatch
) -> None:
    approved_item(ledger)
    before = ledger.event_count()
    cancel = decision(c.CancelItem, authority="Investment Committee")
    saves = rival_before_each_save(
        monkeypatch, ledger, iter([lambda: second_writer.handle(cancel)])
    )

    with pytest.raises(IllegalTransition, match="cancel"):
        ledger.handle(decision(c.StartDelivery, authority="Investment Committee"))

    assert saves == [1]  # run again, it was refused by its rule before any save
    assert ledger.event_count() == before + 1  # the cancellation alone
    assert ledger.queries.item("PRJ-001").stage == "cancelled"


def test_a_decision_that_loses_every_run_is_refused_after_the_last(
    ledger: PortfolioLedger, second_writer: PortfolioLedger, monkeypatch: pytest.MonkeyPatch
) -> None:
    governance(ledger)
    ledger.handle(propose())
    before = ledger.event_count()
    waits: list[float] = []
    monkeypatch.setattr(conflicts, "sleep", waits.append)
    ranks = iter(range(100, 200))

    def rival() -> None:
        second_writer.handle(
            decision(c.ReprioritiseItem, rank=next(ranks), authority="Portfolio board")
        )

    saves = rival_before_each_save(monkeypatch, ledger, iter([rival] * conflicts.ATTEMPTS))

    with pytest.raises(ItemChanged) as refused:
        ledger.handle(decision(c.ReprioritiseItem, rank=2, authority="Portfolio board"))

    said = str(refused.value)
    assert f"each of the {conflicts.ATTEMPTS} times this decision was checked" in said
    assert said.startswith("PRJ-001 changed since it was read")
    assert said.endswith("nothing was written. Re-run the command.")
    assert len(saves) == conflicts.ATTEMPTS
    assert ledger.event_count() == before + conflicts.ATTEMPTS  # the rivals' alone
    ranks_given = reprioritised(ledger)
    assert len(ranks_given) == conflicts.ATTEMPTS
    assert not [said for said in ranks_given if said.endswith("-> 2")]
    # A random wait between runs, never longer than the cap doubling from the first
    assert len(waits) == conflicts.ATTEMPTS - 1
    for lost, wait in enumerate(waits, start=1):
        cap = min(conflicts.LONGEST_WAIT, conflicts.FIRST_WAIT * 2 ** (lost - 1))
        assert 0 <= wait <= cap
