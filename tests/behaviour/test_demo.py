"""The demo builds a believable portfolio from nothing, and never writes into a ledger with data."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date

from tests.conftest import Cli


def test_demo_builds_a_year_of_decisions_across_the_portfolio(run: Cli) -> None:
    result = run("demo")

    assert result.exit_code == 0, result.output
    assert "Try next:" in result.output
    assert "Refused, escalated" in result.output
    assert "Automatic escalation" in result.output
    items = json.loads(run("items", "list", "--json").output)
    stages = Counter(item["stage"] for item in items)
    kinds = Counter(item["kind"] for item in items)
    assert len(items) >= 30
    assert set(kinds) == {"programme", "project", "service"}
    for stage in ("rejected", "cancelled", "live", "retired", "in delivery", "proposed"):
        assert stages[stage] >= 1, stage

    histories = [json.loads(run("item", "history", item["key"], "--json").output) for item in items]
    events = [entry for history in histories for entry in history]
    kinds_of_event = Counter(entry["event"] for entry in events)
    for needed in (
        "proposed",
        "appraised",
        "approved",
        "reprioritised",
        "status reported",
        "escalated",
        "escalation resolved",
        "went live",
        "retired",
        "rejected",
        "cancelled",
    ):
        assert kinds_of_event[needed] >= 1, needed
    assert len({entry["actor"] for entry in events}) >= 5
    effective = sorted(date.fromisoformat(entry["effective_date"]) for entry in events)
    assert (effective[-1] - effective[0]).days >= 300
    trail = json.loads(run("audit", "trail", "--json").output)
    assert len(trail) == run.events()
    assert len(events) == len([r for r in trail if r["subject_kind"] == "item"])


def test_demo_decides_under_boards_and_a_delegation_with_one_refusal_and_one_exception(
    run: Cli,
) -> None:
    run("demo")

    trail = json.loads(run("audit", "trail", "--json").output)

    kinds = Counter(r["subject_kind"] for r in trail)
    assert kinds["person"] >= 5
    assert kinds["board"] >= 2
    assert kinds["delegation"] == 1
    approvals = [r for r in trail if r["event_type"] in {"ItemApproved", "FundingChanged"}]
    mandates = [json.loads(r["authority_detail"]) for r in approvals]
    assert all(mandates)
    assert {m.get("board") or m.get("delegation") for m in mandates} == {"IC", "EXB", "DEL-001"}
    [breach] = [r for r in trail if r["event_type"] == "ToleranceBreached"]
    after = [r for r in trail if r["subject"] == breach["subject"]]
    events = [r["event"] for r in after]
    at = events.index("tolerance breached")
    assert events[at - 1 : at + 2] == ["status reported", "tolerance breached", "escalated"]
    [refused] = [r for r in trail if "refused the committee's approval" in r["rationale"]]
    board_approval = next(
        r for r in trail if r["subject"] == refused["subject"] and r["event"] == "approved"
    )
    assert json.loads(board_approval["authority_detail"])["board"] == "EXB"
    audit = json.loads(run("audit", "authority", refused["subject"], "--json").output)
    assert {c["verdict"] for c in audit if c["event"] == "approved"} == {"valid"}


def test_demo_refuses_a_ledger_that_already_holds_data(run: Cli) -> None:
    run("demo")
    before = run.events()

    again = run("demo")
    forced = run("demo", "--force")

    assert again.exit_code == 1
    assert "already holds" in again.output
    assert "--force" in again.output
    assert forced.exit_code == 1
    assert "which the demo uses" in forced.output
    assert run.events() == before
