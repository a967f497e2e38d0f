"""``audit authority`` while another process records: every row judged from one record.

``audit authority`` reads the item's decisions, then the governance each one
names (a delegation's grant and revocation), then the decisions under the
same key as a delegation: each a read of its own. A decision recorded on the
item and then the delegation's revocation minuted (with effect from before
the approval), both between the reads, gave an audit judging the approval
invalid by the revocation while leaving out the decision recorded before
it: a ledger that never was. The interleaving is forced: another ledger
records the moment the item's decisions have been read.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from portfolio_ledger.application import commands as c
from portfolio_ledger.application.unit_of_work import SingleCommand
from portfolio_ledger.bootstrap import open_ledger
from tests.builders import DAY0, decision
from tests.conftest import Cli
from tests.reliability.conftest import record_elsewhere, recorded_on_first_call
from tests.reliability.test_authorisation_races import APPRAISED, _delegated, _set_up
from tests.reliability.test_governance_races import SAID


def _approved_under_a_delegation(run: Cli) -> Any:
    """PRJ-001 approved on DAY0 under DEL-001 (mlee's); DEL-001's revocation from the day before."""
    ledger, _ = open_ledger(run.url)
    try:
        _set_up(ledger, APPRAISED)
        revocation = _delegated(ledger)
        ledger.handle(
            c.ApproveItem.model_validate(
                {"key": "PRJ-001", **SAID, "actor": "mlee", "role": "Chief Information Officer"}
                | {"delegation": "DEL-001", "effective_date": DAY0, "budget": "1200000"}
            )
        )
    finally:
        ledger.close()
    return revocation()


@pytest.mark.parametrize("caught_up", [True, False], ids=["caught up", "left behind"])
def test_a_revocation_minuted_meanwhile_judges_the_approval_only_with_what_came_before_it(
    run: Cli, monkeypatch: pytest.MonkeyPatch, caught_up: bool
) -> None:
    revocation = _approved_under_a_delegation(run)
    started = decision(c.StartDelivery, effective_date=DAY0 + timedelta(days=1))
    asked = recorded_on_first_call(
        monkeypatch,
        SingleCommand,
        "history",
        lambda: record_elsewhere(run.url, started, revocation, caught_up=caught_up),
        after=True,
    )

    result = run("audit", "authority", "PRJ-001", "--json")

    assert asked  # the other process recorded after the item's decisions were read
    rows = json.loads(result.stdout)
    events = [row["event"] for row in rows]
    [approval] = [row for row in rows if row["event"] == "approved"]
    if "delivery started" in events:  # read after both: the approval judged by the revocation
        assert approval["verdict"] == "invalid", approval
    else:  # read before both: neither the start nor the revocation
        assert approval["verdict"] == "valid", approval
        assert result.exit_code == 0, result.output
    again = json.loads(run("audit", "authority", "PRJ-001", "--json").stdout)
    assert [r["verdict"] for r in again if r["event"] == "approved"] == ["invalid"]
