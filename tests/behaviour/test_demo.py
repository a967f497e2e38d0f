"""The demo builds a believable portfolio from nothing, and never writes into a ledger with data.

Believable means as a portfolio office holds one: items of several
organisations, some already under way when the ledger began, figures and
ratings withheld, details that change, items that leave, a record put right
and minutes typed in late. The module's tests share one demo ledger (per
database) and only read it.
"""

from __future__ import annotations

import json
import re
import shlex
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from portfolio_ledger.application.ledger import PortfolioLedger
from portfolio_ledger.demo import demo_keys
from portfolio_ledger.domain.decision import DecisionEvent
from portfolio_ledger.domain.events import (
    BusinessCaseAppraised,
    DetailsAmended,
    ItemApproved,
    ItemLeft,
    ItemOnboarded,
    ItemProposed,
    ItemReprioritised,
    ItemTransferred,
    StatusReported,
)
from portfolio_ledger.domain.figures import Unstated
from portfolio_ledger.domain.keys import item_id
from portfolio_ledger.domain.lifecycle import LeaveReason, Stage
from portfolio_ledger.domain.money import Money
from portfolio_ledger.domain.ratings import RAG
from portfolio_ledger.domain.record_keeping import DecisionCorrected
from tests.conftest import Cli


@dataclass
class Demo:
    """The demo ledger, what the demo said, and every item's events as stored."""

    run: Cli
    output: str
    events: dict[str, list[DecisionEvent]]

    def all(self, kind: type[DecisionEvent]) -> list[Any]:
        """Every item event of one class."""
        return [e for events in self.events.values() for e in events if isinstance(e, kind)]

    def trail(self, event_type: str) -> list[Any]:
        """The audit trail's rows of one event type."""
        return [r for r in self.json("audit", "trail") if r["event_type"] == event_type]

    def json(self, *args: str) -> Any:
        """A read-only command's JSON."""
        result = self.run(*args, "--json")
        assert result.exit_code == 0, result.output
        return json.loads(result.output)


@pytest.fixture(scope="module")
def demo(module_db_url: str) -> Demo:
    run = Cli(module_db_url)
    result = run("demo")
    assert result.exit_code == 0, result.output
    ledger = PortfolioLedger(module_db_url)
    try:
        events = {
            key: [e for e in ledger.events.get(item_id(key)) if isinstance(e, DecisionEvent)]
            for key in demo_keys()
        }
    finally:
        ledger.close()
    return Demo(run, result.output, events)


def test_demo_builds_a_year_of_decisions_across_the_portfolio(demo: Demo) -> None:
    run = demo.run

    assert "Try next:" in demo.output
    assert "Refused, escalated" in demo.output
    assert "Automatic escalation" in demo.output
    items = demo.json("items", "list")
    stages = Counter(item["stage"] for item in items)
    kinds = Counter(item["kind"] for item in items)
    assert len(items) >= 30
    assert set(kinds) == {"programme", "project", "service"}
    for stage in ("rejected", "cancelled", "live", "retired", "in delivery", "proposed", "left"):
        assert stages[stage] >= 1, stage

    histories = [demo.json("item", "history", item["key"]) for item in items]
    events = [entry for history in histories for entry in history]
    kinds_of_event = Counter(entry["event"] for entry in events)
    for needed in (
        "proposed",
        "onboarded",
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
        "transferred",
        "details amended",
        "left the portfolio",
        "corrected",
    ):
        assert kinds_of_event[needed] >= 1, needed
    assert len({entry["actor"] for entry in events}) >= 5
    effective = sorted(date.fromisoformat(entry["effective_date"]) for entry in events)
    assert (effective[-1] - effective[0]).days >= 300
    trail = demo.json("audit", "trail")
    assert len(trail) == run.events()
    assert len(events) == len([r for r in trail if r["subject_kind"] == "item"])


def test_demo_decides_under_boards_and_a_delegation_with_one_refusal_and_one_exception(
    demo: Demo,
) -> None:
    trail = demo.json("audit", "trail")

    kinds = Counter(r["subject_kind"] for r in trail)
    assert kinds["person"] >= 5
    assert kinds["board"] >= 2
    assert kinds["delegation"] == 1
    approvals = [r for r in trail if r["event_type"] in {"ItemApproved", "FundingChanged"}]
    mandates = [r["authority_detail"] for r in approvals]
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
    assert board_approval["authority_detail"]["board"] == "EXB"
    audit = demo.json("audit", "authority", refused["subject"])
    assert {c["verdict"] for c in audit if c["event"] == "approved"} == {"valid"}


def test_every_demo_item_belongs_to_an_organisation_on_the_ledger_s_list(demo: Demo) -> None:
    organisations = demo.json("organisation", "list")
    items = demo.json("items", "list")

    listed = {o["key"] for o in organisations if o["listed"]}
    assert 3 <= len(listed) <= 4
    assert {o["key"] for o in organisations} == listed  # no item names one off the list
    assert {item["organisation"] for item in items} == listed
    assert sum(o["items"] for o in organisations) == len(items)


def test_items_already_under_way_join_with_their_baseline_and_nothing_invented(
    demo: Demo,
) -> None:
    onboarded = demo.all(ItemOnboarded)

    assert onboarded
    assert {e.source for e in onboarded} == {"Legacy PPM register"}
    assert {e.stage for e in onboarded} <= {Stage.IN_DELIVERY, Stage.LIVE}
    assert Stage.IN_DELIVERY in {e.stage for e in onboarded}
    assert any(isinstance(e.whole_life_cost, Money) and e.rag is not None for e in onboarded)
    figures = [figure for e in onboarded for figure in (e.whole_life_cost, e.forecast_cost)]
    assert Unstated.WITHHELD in figures
    for event in onboarded:
        key = event.key
        assert not [
            e
            for e in demo.events[key]
            if isinstance(e, ItemProposed | BusinessCaseAppraised | ItemApproved)
        ], f"{key} was onboarded: no proposal, appraisal or approval is invented"


def test_a_rating_is_withheld_in_a_status_report_and_shown_as_withheld(demo: Demo) -> None:
    [withheld] = [e for e in demo.all(StatusReported) if e.overall is RAG.WITHHELD]
    key = next(k for k, events in demo.events.items() if withheld in events)

    shown = demo.json("item", "show", key)

    assert shown["rag"] == "withheld"
    assert demo.json("portfolio", "--rag", "withheld")


def test_details_change_and_items_leave_as_dated_decisions(demo: Demo) -> None:
    [transfer] = demo.all(ItemTransferred)
    amendments = [e for e in demo.all(DetailsAmended) if "category" in e.changes]
    leavers = demo.all(ItemLeft)

    assert transfer.previous_organisation not in {None, transfer.organisation}
    assert amendments
    assert {e.reason for e in leavers} >= {LeaveReason.TO_BUSINESS_AS_USUAL, LeaveReason.MERGED}
    for left in leavers:
        if left.merged_into is not None:
            assert left.merged_into in demo.events  # merged into an item of the demo
    items = {item["key"]: item for item in demo.json("items", "list")}
    [moved] = [k for k, events in demo.events.items() if transfer in events]
    assert items[moved]["organisation"] == transfer.organisation
    assert sum(item["stage"] == "left" for item in items.values()) == len(leavers)


def test_the_corrected_approval_is_linked_both_ways_and_its_authority_still_holds(
    demo: Demo,
) -> None:
    [correction] = demo.trail("DecisionCorrected")
    [fix] = demo.all(DecisionCorrected)
    key = correction["subject"]
    typed, right = fix.previous["authorised_budget"], fix.corrected["authorised_budget"]
    recorded = datetime.fromisoformat(correction["recorded_at"])
    just_before = (recorded - timedelta(microseconds=1)).isoformat()

    history = demo.json("item", "history", key)
    audit = demo.json("audit", "authority", key)
    before = demo.json("item", "show", key, "--as-of", just_before)
    after = demo.json("item", "show", key, "--as-of", recorded.isoformat())

    by_position = {entry["position"]: entry for entry in history}
    original = by_position[correction["corrects"]]
    assert by_position[correction["position"]]["corrects"] == original["position"]
    assert original["corrected_by"] == [correction["position"]]
    assert original["event"] == "approved"
    assert typed != right
    # What the ledger said before the correction, and since (on the recorded clock).
    assert Decimal(before["authorised_budget"]["amount"]) == typed.amount
    assert Decimal(after["authorised_budget"]["amount"]) == right.amount
    assert Decimal(demo.json("item", "show", key)["authorised_budget"]["amount"]) == right.amount
    # What was decided, from the approval's own day (on the effective clock).
    decided = demo.json("item", "show", key, "--effective-on", original["effective_date"])
    assert Decimal(decided["authorised_budget"]["amount"]) == right.amount
    assert "invalid" not in {check["verdict"] for check in audit}
    assert {check["verdict"] for check in audit if check["event"] == "approved"} == {"valid"}


def test_a_decision_is_recorded_after_a_later_one_and_takes_effect_before_it(
    demo: Demo,
) -> None:
    late = []
    for key, events in demo.events.items():
        latest = date.min
        for event in events:  # in the order recorded
            if event.decision.effective_date < latest:
                late.append((key, event))
            latest = max(latest, event.decision.effective_date)

    [(key, event)] = late
    assert isinstance(event, ItemReprioritised)  # minutes of a meeting, typed in late
    history = demo.json("item", "history", key)
    assert [e["effective_date"] for e in history] != sorted(e["effective_date"] for e in history)
    assert demo.json("item", "show", key)["rank"] == event.rank  # in effect, and still so


def test_the_demo_ledger_verifies(demo: Demo) -> None:
    result = demo.run("audit", "verify")

    assert result.exit_code == 0, result.output
    assert "intact" in result.output


def test_the_summary_names_what_a_real_portfolio_brings_and_its_next_commands_run(
    demo: Demo,
) -> None:
    for words in (
        "onboarded",
        "1 transfer",
        "1 category change",
        "left the portfolio",
        "1 rating withheld",
        "1 correction",
        "1 decision recorded late",
    ):
        assert words in demo.output, words
    commands = [
        line.strip().removeprefix("portfolio-ledger ")
        for line in demo.output.split("Try next:", 1)[1].splitlines()
        if line.strip()
    ]

    [correction] = demo.trail("DecisionCorrected")
    described = " ".join(demo.run("demo", "--help").output.split())
    assert f"{len(demo.events)} items of" in described
    assert "portfolio --by organisation" in commands
    assert "economics --by organisation" in commands
    assert f"item history {correction['subject']}" in commands
    for command in commands:
        result = demo.run(*command.split())
        assert result.exit_code == 0, (command, result.output)


def test_demo_refuses_a_ledger_that_already_holds_data(demo: Demo) -> None:
    run = demo.run
    before = run.events()

    again = run("demo")
    forced = run("demo", "--force")

    assert again.exit_code == 1
    # The demo's items there already: --force, which it suggested, is refused for them.
    assert "already has item PGM-001" in again.output
    assert "add --force" not in again.output
    assert forced.exit_code == 1
    assert "item PGM-001" in forced.output
    assert " more, which the demo makes" in forced.output
    assert "which the demo makes" in forced.output
    assert run.events() == before


def test_demo_on_a_ledger_of_other_data_suggests_force(run: Cli) -> None:
    person = run("person", "add", "zz", "--name", "Z", "-m", "Registered", "--authority", "PMO")
    assert person.exit_code == 0, person.output

    again = run("demo")

    assert again.exit_code == 1
    assert "already holds 1 event; the demo writes only into an empty ledger" in again.output
    assert "or add --force to record the demo alongside" in again.output
    if not run.url.startswith("sqlite"):  # a PostgreSQL ledger is told of another database
        assert ", a new SQLite file, or another database)" in again.output


def test_demo_with_force_refuses_a_ledger_with_organisations_of_its_own(run: Cli) -> None:
    # The demo's list begins a year back; a list recorded since cannot take it in.
    listed = run("organisation", "add", "DFE", "--name", "Department for Education", "-m", "Why")
    before = run.events()

    forced = run("demo", "--force")

    assert listed.exit_code == 0, listed.output
    assert forced.exit_code == 1
    assert "the ledger already has a list of organisations" in forced.output
    assert "--db demo.db" in forced.output
    assert run.events() == before


def test_the_readme_tour_records_its_governance_beside_the_demo(demo: Demo) -> None:
    """The tour follows the quick start's demo: its first commands run as written, in order.

    The demo's ledger already holds hcarter, IC and DEL-001, so the tour names a
    ledger of its own; run where the demo was recorded, its first command is refused.
    """
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    tour = readme.split("## A tour of the command line", 1)[1]
    blocks = re.findall(r"```sh\n(.*?)```", tour, re.DOTALL)[:2]
    text = "\n".join(blocks).replace("\\\n", " ")
    lines = [shlex.split(line) for line in text.splitlines() if line.strip()]
    env = {
        k: v
        for line in lines
        if line[0] == "export"
        for k, v in (w.split("=", 1) for w in line[1:])
    }
    env.setdefault("PORTFOLIO_LEDGER_DB", demo.run.url)
    commands = [line[1:] for line in lines if line[0] == "portfolio-ledger"]
    assert len(commands) >= 9
    for argv in commands:
        result = demo.run(*argv, actor=None, role=None, env=env)
        assert result.exit_code == 0, (argv, result.output)


def test_the_next_commands_name_the_ledger_given_with_db(run: Cli, tmp_path: Path) -> None:
    """After ``demo --db demo.db`` the commands it suggests read demo.db, not the usual ledger."""
    elsewhere = {"PORTFOLIO_LEDGER_DB": str(tmp_path / "usual.db")}

    result = run("demo", "--db", run.url, env=elsewhere)

    assert result.exit_code == 0, result.output
    suggested = [
        shlex.split(line)[1:]
        for line in result.output.split("Try next:", 1)[1].splitlines()
        if line.strip()
    ]
    assert suggested
    for command in suggested:
        assert command[:2] == ["--db", run.url], command
        shown = run(*command, env=elsewhere)
        assert shown.exit_code == 0, (command, shown.output)
    assert not (tmp_path / "usual.db").exists()


def test_a_demo_refused_its_ledger_suggests_a_file_that_is_not_that_one(tmp_path: Path) -> None:
    """Run again with ``--db demo.db``, it suggested ``--db demo.db``: the file it refused."""
    run = Cli(f"sqlite:///{tmp_path / 'elsewhere.db'}")
    assert run("demo", "--db", "demo.db").exit_code == 0

    again = run("demo", "--db", "demo.db")

    assert again.exit_code == 1
    assert "(e.g. --db demo-2.db)" in again.output
    assert "--db demo.db)" not in again.output
