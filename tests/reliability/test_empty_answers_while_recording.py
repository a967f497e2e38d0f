"""An empty answer while another process records: it and the words on why it is empty agree.

``portfolio`` with a filter, ``audit trail`` over a span and ``portfolio diff``
read their answer, and when it is empty read again to say why (the values
items hold, the other clock). Each was a read of its own: a decision recorded
between them left an answer of one record explained by another ("each value
is held by some item now" under an empty list filtered by that value; "1
matching event took effect in those days" under none recorded in a span that
takes in today). The interleaving is forced: another ledger records the
moment the answer has been read.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from portfolio_ledger.application import commands as c
from portfolio_ledger.domain.clock import utc_today
from portfolio_ledger.projections.read_side import ReadSide
from tests.builders import DAY0, decision, propose
from tests.conftest import Cli
from tests.reliability.conftest import record_elsewhere, recorded_on_first_call
from tests.reliability.test_governance_races import _person

TODAY = utc_today().isoformat()
YESTERDAY = (utc_today() - timedelta(days=1)).isoformat()
ESCALATED = decision(
    c.EscalateIssue, issue="Supplier failed", severity="high", escalated_to="IC"
)  # on DAY0, recorded today


def _said(run: Cli, *args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


def _meanwhile(
    run: Cli, monkeypatch: pytest.MonkeyPatch, read: str, *commands: Any, caught_up: bool
) -> list[bool]:
    return recorded_on_first_call(
        monkeypatch,
        ReadSide,
        read,
        lambda: record_elsewhere(run.url, *commands, caught_up=caught_up),
        after=True,
    )


CAUGHT_UP = pytest.mark.parametrize("caught_up", [True, False], ids=["caught up", "left behind"])


@CAUGHT_UP
def test_an_empty_filtered_portfolio_is_not_said_to_hold_the_value_filtered_by(
    run: Cli, monkeypatch: pytest.MonkeyPatch, caught_up: bool
) -> None:
    record_elsewhere(run.url, propose("PRJ-001", organisation="DFE"))
    asked = _meanwhile(
        run, monkeypatch, "portfolio", propose("PRJ-002", organisation="DWP"), caught_up=caught_up
    )

    said = _said(run, "portfolio", "--organisation", "DWP")

    assert asked
    assert "No items match: no item has organisation DWP" in said, said
    assert "PRJ-002" in _said(run, "portfolio", "--organisation", "DWP")


@CAUGHT_UP
def test_an_empty_trail_over_a_span_is_not_said_to_hold_events_on_the_other_clock(
    run: Cli, monkeypatch: pytest.MonkeyPatch, caught_up: bool
) -> None:
    record_elsewhere(run.url, propose())
    asked = _meanwhile(run, monkeypatch, "trail_page", ESCALATED, caught_up=caught_up)

    said = _said(run, "audit", "trail", "--type", "escalated", "--from", DAY0.isoformat(),
                 "--to", TODAY)  # fmt: skip

    assert asked
    assert "Audit trail: 0 events" in said, said
    assert "took effect in those days" not in said, said  # nor recorded then, in one record


@CAUGHT_UP
def test_a_diff_with_nothing_recorded_is_not_said_to_have_changes_on_the_other_clock(
    run: Cli, monkeypatch: pytest.MonkeyPatch, caught_up: bool
) -> None:
    """From the end of yesterday to today: PRJ-001, proposed meanwhile for today, joins on both."""
    record_elsewhere(run.url, _person("jdoe", "Jo Doe"))  # a ledger, with no item yet
    today = propose(effective_date=utc_today())
    asked = _meanwhile(run, monkeypatch, "diff", today, caught_up=caught_up)

    said = _said(run, "portfolio", "diff", YESTERDAY, TODAY)

    assert asked
    assert "nothing changed" in said, said
    assert "Decisions did take effect" not in said, said
