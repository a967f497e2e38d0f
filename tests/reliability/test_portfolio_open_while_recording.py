"""``portfolio open`` while another process records: its rows come from one record.

For the portfolio as it stands, ``portfolio open`` asks three things: the
items and their counts of open escalations (the portfolio read model), the
items any corrective action was recommended on (the audit trail), and the
``item show`` records of those that may hold something open. Each was a read
of its own: a decision recorded (and caught up, or not) between the first and
the last could leave out an escalation recorded first while listing one
recorded after it, a portfolio that never was. The interleaving is forced:
another ledger records the moment the trail is asked for, after the
portfolio was read.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from portfolio_ledger.application import commands as c
from portfolio_ledger.domain.clock import utc_today
from portfolio_ledger.projections.read_side import ReadSide
from tests.behaviour.test_portfolio_open import escalate, propose
from tests.builders import decision
from tests.conftest import Cli
from tests.reliability.conftest import record_elsewhere, recorded_on_first_call


def _escalation(key: str, issue: str) -> Any:
    return decision(
        c.EscalateIssue,
        key,
        issue=issue,
        severity="high",
        escalated_to="IC",
        effective_date="2026-04-01",
    )


def _action(key: str, action: str) -> Any:
    return decision(
        c.RecommendAction,
        key,
        action=action,
        action_owner="Dee",
        due="2026-09-30",
        effective_date="2026-04-01",
    )


def _recorder(url: str, *, caught_up: bool) -> Callable[[list[Any]], None]:
    """Record commands as another process would: its read models caught up after, or not."""
    return lambda commands: record_elsewhere(url, *commands, caught_up=caught_up)


def _three_items(run: Cli) -> None:
    """PRJ-1, PRJ-2 and PRJ-3 of CORP, PRJ-1 with one escalation open."""
    for key in ("PRJ-1", "PRJ-2", "PRJ-3"):
        propose(run, key, "CORP")
    escalate(run, "PRJ-1", "Recorded first", "2026-03-10")


MEANWHILE = [
    _escalation("PRJ-2", "Recorded second"),  # PRJ-2 held nothing open when it was read
    _action("PRJ-3", "Recorded third"),  # PRJ-3 had no action when the trail was read
    _escalation("PRJ-1", "Recorded fourth"),  # PRJ-1 was read with one open: it is read again
]
BEFORE = [("PRJ-1", "escalation", 1)]
AFTER = [*BEFORE, ("PRJ-1", "escalation", 2), ("PRJ-2", "escalation", 1)]
AFTER += [("PRJ-3", "corrective action", 1)]


@pytest.mark.parametrize("caught_up", [True, False], ids=["caught up", "left behind"])
def test_decisions_recorded_while_open_records_are_read_are_in_all_of_it_or_none(
    run: Cli, monkeypatch: pytest.MonkeyPatch, caught_up: bool
) -> None:
    _three_items(run)
    record = _recorder(run.url, caught_up=caught_up)
    asked = recorded_on_first_call(monkeypatch, ReadSide, "trail", lambda: record(MEANWHILE))

    result = run("portfolio", "open", "--type", "escalation", "--json")
    everything = run("portfolio", "open", "--json")

    assert result.exit_code == 0, result.output
    assert asked  # the other process recorded between the reads
    rows = json.loads(result.stdout)
    listed = sorted((row["key"], row["kind"], row["number"]) for row in rows)
    # PRJ-1's second escalation (recorded last) only with PRJ-2's (recorded before it).
    assert listed in (BEFORE, [e for e in AFTER if e[1] == "escalation"])
    after = sorted((r["key"], r["kind"], r["number"]) for r in json.loads(everything.stdout))
    assert after == sorted(AFTER)


@pytest.mark.parametrize("caught_up", [True, False], ids=["caught up", "left behind"])
def test_an_action_recommended_while_open_records_are_read_comes_with_what_came_before_it(
    run: Cli, monkeypatch: pytest.MonkeyPatch, caught_up: bool
) -> None:
    """The trail read last: PRJ-3's action, recorded after PRJ-1's escalation, only with it."""
    _three_items(run)
    record = _recorder(run.url, caught_up=caught_up)
    meanwhile = [_escalation("PRJ-2", "Recorded second"), _action("PRJ-3", "Third")]
    asked = recorded_on_first_call(
        monkeypatch, ReadSide, "portfolio", lambda: record(meanwhile), after=True
    )

    result = run("portfolio", "open", "--json")

    assert result.exit_code == 0, result.output
    assert asked
    listed = sorted((r["key"], r["kind"], r["number"]) for r in json.loads(result.stdout))
    whole = [("PRJ-1", "escalation", 1), ("PRJ-2", "escalation", 1)]
    assert listed in (BEFORE, sorted([*whole, ("PRJ-3", "corrective action", 1)]))


AT_A_MOMENT = {
    "in effect on a day": ("--effective-on", "2026-06-30"),
    "as recorded by the end of today": ("--as-of", utc_today().isoformat()),
}


@pytest.mark.parametrize("moment", AT_A_MOMENT.values(), ids=AT_A_MOMENT.keys())
@pytest.mark.parametrize("caught_up", [True, False], ids=["caught up", "left behind"])
def test_at_a_moment_decisions_recorded_while_open_records_are_read_are_in_all_of_it_or_none(
    run: Cli, monkeypatch: pytest.MonkeyPatch, caught_up: bool, moment: tuple[str, str]
) -> None:
    """At a moment the items are replayed, not read from ``item show``: from the same record.

    Before, the replay read the ledger as it stood after the other process had
    recorded: PRJ-1's escalation recorded last was listed, PRJ-2's recorded before it not.
    """
    _three_items(run)
    record = _recorder(run.url, caught_up=caught_up)
    asked = recorded_on_first_call(monkeypatch, ReadSide, "trail", lambda: record(MEANWHILE))

    result = run("portfolio", "open", *moment, "--json")
    everything = run("portfolio", "open", *moment, "--json")

    assert result.exit_code == 0, result.output
    assert asked
    listed = sorted((r["key"], r["kind"], r["number"]) for r in json.loads(result.stdout))
    assert listed in (BEFORE, sorted(AFTER))
    after = sorted((r["key"], r["kind"], r["number"]) for r in json.loads(everything.stdout))
    assert after == sorted(AFTER)
