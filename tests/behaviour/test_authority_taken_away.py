"""An approval whose delegation's grant was later taken away is shown invalid, and since when.

The ledger checks a delegation's grant (a resolution of its board) when it
records it. Governance recorded later can leave the grant a resolution the
board could not make: a member counted present whose appointment is annulled,
say. ``audit authority DEL-001`` then showed the grant invalid while the
approvals made under it still showed ``valid``. Each now says that the
authority it rested on was taken away, by governance recorded when; the
approval itself stays recorded as it was.
"""

from __future__ import annotations

import json
from typing import Any

from tests.behaviour.test_governance import approve, audit, delegate, gov, propose
from tests.conftest import Cli

__all__ = ["gov"]  # the fixture, used by name


def trail(run: Cli, key: str) -> list[dict[str, Any]]:
    result = run("audit", "trail", "--item", key, "--json")
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def recorded(run: Cli, *args: str) -> dict[str, Any]:
    result = run(*args, "--authority", "Executive Board", "-m", "Put right", "--json")
    assert result.exit_code == 0, result.output
    said: dict[str, Any] = json.loads(result.stdout)
    return said


def approved_under_the_delegation(run: Cli) -> dict[str, Any]:
    delegate(run)
    propose(run)
    result = approve(run, "GBP 500,000", "--delegation", "DEL-001", "--actor", "mlee")
    assert result.exit_code == 0, result.output
    (approval,) = [c for c in audit(run, "PRJ-042") if c["event"] == "approved"]
    assert approval["verdict"] == "valid"
    return approval


def test_an_approval_under_a_grant_made_invalid_later_is_invalid_and_says_since_when(
    gov: Cli,
) -> None:
    approved_under_the_delegation(gov)
    (appointment,) = [r for r in trail(gov, "IC") if r["summary"] == "cdubois appointed member"]
    annulment = recorded(gov, "decision", "annul", str(appointment["position"]))

    (approval,) = [c for c in audit(gov, "PRJ-042") if c["event"] == "approved"]

    assert approval["verdict"] == "invalid"
    assert approval["reason"].startswith("the grant of delegation DEL-001 by IC (effective ")
    assert (
        "Claire Dubois (cdubois) was counted present at Investment Committee (IC)"
        in (approval["reason"])
    )
    when = annulment["recorded_at"].replace("T", " ")[:19]
    assert f"so says governance recorded after the decision (from {when}" in (
        approval["reason"].replace("T", " ")
    )
    assert "as recorded when it was made, it was valid" in approval["reason"]
    (grant,) = audit(gov, "DEL-001")
    assert grant["verdict"] == "invalid"
    approvals = [r for r in trail(gov, "PRJ-042") if r["event"] == "approved"]
    assert [r["summary"] for r in approvals] == ["approved with budget GBP 500,000"]


def test_a_grant_corrected_below_the_approval_says_when_it_was(gov: Cli) -> None:
    approved_under_the_delegation(gov)
    (grant,) = trail(gov, "DEL-001")
    correction = recorded(gov, "decision", "correct", str(grant["position"]), "--set",
                          "limit=GBP 100,000")  # fmt: skip

    (approval,) = [c for c in audit(gov, "PRJ-042") if c["event"] == "approved"]

    assert approval["verdict"] == "invalid"
    assert "may authorise up to GBP 100,000 cumulative for PRJ-042" in approval["reason"]
    when = correction["recorded_at"].replace("T", " ")[:19]
    assert f"(from {when}" in approval["reason"].replace("T", " ")


def test_a_delegation_whose_grant_was_made_invalid_gives_no_authority_to_new_decisions(
    gov: Cli,
) -> None:
    approved_under_the_delegation(gov)
    (appointment,) = [r for r in trail(gov, "IC") if r["summary"] == "cdubois appointed member"]
    recorded(gov, "decision", "annul", str(appointment["position"]))
    propose(gov, "PRJ-043")
    before = gov.events()

    result = approve(gov, "GBP 200,000", "--delegation", "DEL-001", "--actor", "mlee",
                     key="PRJ-043")  # fmt: skip

    assert result.exit_code == 1, result.output
    assert "the grant of delegation DEL-001 by IC" in result.output
    assert "'portfolio-ledger audit authority DEL-001'" in result.output
    # The fix, not only where to read about it (the grant's own refusal says 'Escalate to
    # Executive Board', the way out of the grant's meeting, not of this decision).
    assert (
        "A decision under DEL-001 rests on that grant: take it at a meeting of IC "
        "(name it with --board), or under a delegation IC grants anew"
        in " ".join(result.output.split())
    )
    assert "Traceback" not in result.output
    assert gov.events() == before


def test_a_correction_moving_a_decision_under_such_a_grant_is_refused_as_a_new_one_is(
    gov: Cli,
) -> None:
    """A new decision under the delegation was refused for its grant, but a correction
    moving an old one (its day, its budget) was recorded: the recheck a correction gets
    applied the delegation's own rules, not the grant's."""
    approved_under_the_delegation(gov)
    (appointment,) = [r for r in trail(gov, "IC") if r["summary"] == "cdubois appointed member"]
    recorded(gov, "decision", "annul", str(appointment["position"]))
    (approval,) = [r for r in trail(gov, "PRJ-042") if r["event"] == "approved"]
    before = gov.events()

    result = gov("decision", "correct", str(approval["position"]), "--set",
                 "authorised_budget=GBP 400,000", "--authority", "PMO", "-m", "Typo")  # fmt: skip

    assert result.exit_code == 1, result.output
    assert "the grant of delegation DEL-001 by IC" in result.output
    assert "Traceback" not in result.output
    assert gov.events() == before
