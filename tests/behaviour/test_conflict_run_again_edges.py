"""A decision run again after losing a race: the edges a second reader checked.

``test_conflict_run_again.py`` forces the interleaving (another writer records on
the subject just before the save); here the same, where the subject's first event
is the one taken (the portfolio's envelope, the list of organisations: a change
after the other's, not a duplicate), where the decision run again is refused by
its rule with a request id (nothing of it kept: no request noted, the tree, chain
and read models as they were), and where Ctrl-C lands during the wait between runs
(it is not run again; nothing of it was written).
"""

from __future__ import annotations

import pytest

from portfolio_ledger.application import commands as c
from portfolio_ledger.application import conflicts
from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.audit.verify import verify
from portfolio_ledger.domain.errors import IllegalTransition
from portfolio_ledger.projections.runner import Projections
from tests.behaviour.test_conflict_run_again import rival_before_each_save
from tests.builders import approved_item, decision, governance, propose, who
from tests.conftest import snapshot


def envelope(amount: str) -> c.SetEnvelope:
    return c.SetEnvelope.model_validate({"envelope": amount, **who()})


def organisation(key: str, name: str) -> c.AddOrganisation:
    return c.AddOrganisation.model_validate({"key": key, "name": name, **who(authority=None)})


FIRSTS: dict[str, tuple[c.Decided, c.Decided, str]] = {
    "envelope": (
        envelope("GBP 5,000,000"),
        envelope("GBP 7,000,000"),
        "portfolio envelope GBP 5,000,000 -> GBP 7,000,000",
    ),
    "organisations": (
        organisation("DFE", "Department for Education"),
        organisation("HMRC", "HM Revenue and Customs"),
        "organisation HMRC added: HM Revenue and Customs",
    ),
}


@pytest.mark.parametrize("first", list(FIRSTS))
def test_a_first_event_taken_by_another_is_run_again_as_a_change(
    ledger: PortfolioLedger,
    second_writer: PortfolioLedger,
    monkeypatch: pytest.MonkeyPatch,
    first: str,
) -> None:
    theirs, mine, said = FIRSTS[first]
    saves = rival_before_each_save(
        monkeypatch, ledger, iter([lambda: second_writer.handle(theirs)])
    )

    recorded = ledger.handle(mine)

    # Not a duplicate (as two 'person add' of one key): the envelope, or the list, is one
    # per ledger, so the second to be saved changes what the first made
    assert saves == [1, 2]
    assert recorded.summary == said
    assert (recorded.version, recorded.position) == (2, 2)
    assert verify(ledger.chain).ok


def test_a_decision_run_again_and_refused_leaves_the_ledger_as_it_was(
    opened: tuple[PortfolioLedger, Projections],
    second_writer: PortfolioLedger,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ledger, projections = opened
    approved_item(ledger)
    cancel = decision(c.CancelItem, authority="Investment Committee")
    saves = rival_before_each_save(
        monkeypatch, ledger, iter([lambda: second_writer.handle(cancel)])
    )
    start = decision(c.StartDelivery, authority="Investment Committee", request_id="go-1")

    with pytest.raises(IllegalTransition, match="cancel"):
        ledger.handle(start)

    assert saves == [1]  # lost, run again, refused by its rule before a second save
    after = ledger.event_count()
    assert ledger.queries.item("PRJ-001").stage == "cancelled"  # the other's alone
    assert ledger.event_log.select_request("go-1") is None  # the id not taken by the refusal
    assert ledger.tree.tree_size() == after
    checked = verify(ledger.chain)
    assert checked.ok, checked.problem
    assert checked.checked == after
    projections.catch_up()
    caught_up = snapshot(projections)
    projections.rebuild()
    assert snapshot(projections) == caught_up
    with pytest.raises(IllegalTransition, match="cancel"):  # sent again: refused again, so
        ledger.handle(start)
    assert ledger.event_count() == after


def test_an_interruption_during_the_wait_ends_the_command_with_nothing_written(
    ledger: PortfolioLedger, second_writer: PortfolioLedger, monkeypatch: pytest.MonkeyPatch
) -> None:
    governance(ledger)
    ledger.handle(propose())
    before = ledger.event_count()
    rank = decision(c.ReprioritiseItem, rank=1, authority="Portfolio board")
    saves = rival_before_each_save(monkeypatch, ledger, iter([lambda: second_writer.handle(rank)]))
    monkeypatch.setattr(conflicts, "sleep", interrupted)

    with pytest.raises(KeyboardInterrupt) as raised:
        ledger.handle(decision(c.ReprioritiseItem, rank=2, authority="Portfolio board"))

    # Ctrl-C as it came, not 'interrupted after recording': the lost run wrote nothing
    assert type(raised.value) is KeyboardInterrupt
    assert saves == [1]  # not run again
    assert ledger.event_count() == before + 1  # the other's rank alone
    history = ledger.queries.history("PRJ-001")
    assert [h.summary for h in history if h.event == "reprioritised"] == ["rank unranked -> 1"]


def interrupted(_seconds: float) -> None:
    """Ctrl-C (or SIGTERM, which the command line turns into it) during the wait."""
    raise KeyboardInterrupt
