"""A delegation whose grant is not a valid resolution of its board is not listed as valid.

Every decision under such a delegation is refused (its grant is judged as ``audit
authority`` judges it), so ``authority list`` does not call it valid, and a board
pack's R6 (delegations expiring) does not list it as one the board may renew; on
SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from portfolio_ledger.domain.clock import utc_today
from tests.behaviour.test_governance import delegate, gov
from tests.behaviour.test_governance_record_keeping import PUT_RIGHT, _trail_position
from tests.conftest import Cli

__all__ = ["gov"]  # the fixture, used by name


def _listed(run: Cli) -> dict[str, Any]:
    result = run("authority", "list", "--json")
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.output)
    return dict(row)


def _expiring(run: Cli) -> list[str]:
    result = run(
        "report", "board-pack", "--board", "IC", "--as-at", utc_today().isoformat(), "--json"
    )
    assert result.exit_code == 0, result.output
    return [e["key"] for e in json.loads(result.output)["exceptions"] if e["rule"].startswith("R6")]


def test_a_delegation_whose_grant_fell_is_not_listed_valid_nor_expiring(gov: Cli) -> None:
    """Before, it was 'valid', and the pack recommended renewing it, though the ledger
    refused every decision under it."""
    delegate(gov, "--until", (utc_today() + timedelta(days=10)).isoformat())
    assert _listed(gov)["status"] == "valid"
    assert _expiring(gov) == ["DEL-001"]
    # cdubois, counted present at the grant (mlee, its delegate, is not), was never appointed:
    # IC's quorum of 2 was not met.
    appointed = [
        r["position"]
        for r in json.loads(gov("audit", "trail", "--item", "IC", "--json").output)
        if r["event"] == "member appointed" and "cdubois" in r["summary"]
    ]
    annulled = gov("decision", "annul", str(appointed[0]), *PUT_RIGHT)
    assert annulled.exit_code == 0, annulled.output

    status = _listed(gov)["status"]

    assert status.startswith("not valid: its grant is not a valid resolution of IC"), status
    assert "audit authority DEL-001" in status
    assert _expiring(gov) == []
    audit = gov("audit", "authority", "DEL-001")
    assert audit.exit_code == 1, audit.output  # the grant's audit says so too


def test_a_delegation_whose_grant_stands_is_listed_as_before(gov: Cli) -> None:
    delegate(gov)
    assert _trail_position(gov, "DEL-001", "authority delegated") > 0
    assert _listed(gov)["status"] == "valid"
