"""docs/events.md's vocabulary is what a ledger records: every class, label, field and authority.

A ledger holding every event the doc names (the demo, then the governance and
record-keeping decisions it does not make) is read back through the audit trail
and the raw events table, and each row of the doc's tables is checked against
it. The doc called ``ItemLeft``'s label *left* (the trail, ``--type`` and
exports say *left the portfolio*) and listed it among the decisions that need
no authority, as ``item leave --help`` did (*Optional for this record*): the
ledger has always refused it without one.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from portfolio_ledger.domain.clock import utc_today
from portfolio_ledger.domain.lifecycle import RULES, Action, Stage
from portfolio_ledger.storage.urls import normalise_url
from tests.behaviour.test_help_agrees import helped
from tests.conftest import Cli

DOC = Path(__file__).resolve().parents[2] / "docs" / "events.md"
IMPORT = DOC.with_name("import.md")
RETURNS = DOC.with_name("returns.md")

DECISION = {"actor", "role", "authority", "rationale", "effective_date", "references", "mandate"}


@dataclass
class Documented:
    """One row of the doc's tables."""

    label: str
    auth: str
    fields: set[str]
    commands: list[str]
    allowed_from: str = ""
    text: str = ""


def documented() -> dict[str, Documented]:
    """Each class of the doc's tables: its label, auth, field names and commands."""
    rows: dict[str, Documented] = {}
    header: list[str] = []
    for line in DOC.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if cells[:2] == ["class", "label"]:
            header = cells
        elif header and len(cells) == len(header) and (name := re.fullmatch(r"`(\w+)`", cells[0])):
            column = dict(zip(header, cells, strict=True))
            rows[name.group(1)] = Documented(
                label=column["label"],
                auth=column["auth"].split(" (")[0],  # "checked (the board's own meeting)"
                fields=set(re.findall(r"`(\w+)`", column["fields"])),
                commands=re.findall(r"`([a-z-]+ [a-z-]+)", column["CLI"]),
                allowed_from=column.get("allowed from", ""),
                text=column["fields"],
            )
        elif not line.startswith("|"):
            header = []
    for row in rows.values():  # "as `ItemProposed`": its fields too
        for other in row.fields & rows.keys():
            row.fields |= rows[other].fields
    return rows


def said_null(cell: str, field: str) -> bool:
    """Whether a fields cell says ``field`` may be null, in the clause that names it.

    The clause runs from the field's name to a ``;`` or ``. `` outside brackets, or
    to the bracket it is in closing: ``(figures, or null)``, ``(null: unranked)``.
    """
    for match in re.finditer(f"`{field}`", cell):
        depth = 0
        for at in range(match.end(), len(cell)):
            depth += {"(": 1, ")": -1}.get(cell[at], 0)
            if depth < 0 or (depth == 0 and (cell[at] == ";" or cell.startswith(". ", at))):
                break
            if cell.startswith("null", at):
                return True
    return False


def every_event(run: Cli) -> None:
    """The demo, then the decisions it does not make: each kind of event at least once."""
    said = {"--authority": "Executive Board"}
    steps = [
        ["demo"],
        ["authority", "revoke", "DEL-001", "--present", "hcarter,cdubois,praman,mlee",
         "--vote", "hcarter=for,cdubois=for,praman=for", "--actor", "hcarter",
         "-m", "CIO post vacant"],
        ["board", "stand-down", "IC", "cdubois", *sum(said.items(), ()), "-m", "Term ended"],
        ["board", "set-quorum", "IC", "2", *sum(said.items(), ()), "-m", "Revised"],
        ["board", "set-limit", "IC", "--limit", "GBP 60,000,000", *sum(said.items(), ()),
         "-m", "Scheme of delegation"],
        ["item", "propose", "PRJ-900", "--kind", "project", "--title", "Wrong", "--owner", "A",
         "--sponsor", "B", "--category", "Infrastructure", "-m", "Proposed"],
        ["item", "appraise", "PRJ-900", "--estimated-cost", "GBP 1,000", "--expected-benefits",
         "GBP 2,000", "--risk-rating", "low", "--alignment-score", "50", "-m", "Appraised"],
        ["item", "recommend-action", "PRJ-001", "--action", "Re-plan", "--owner", "Dana Okafor",
         "--due", "2099-01-01", "-m", "Answers the breach"],
        ["item", "complete-action", "PRJ-001", "-m", "Re-planned"],
        ["item", "declare-dependency", "PRJ-001", "--on", "PGM-002", "--what", "Landing zone",
         "-m", "Runs on it"],
        ["item", "remove-dependency", "PRJ-001", "--on", "PGM-002", "-m", "Delivered"],
        ["item", "measure-benefit", "PRJ-001", "--benefit", "Cashable savings", "--measured",
         "GBP 120,000", "-m", "Finance validated"],
        ["item", "review-gate", "PRJ-900", "--gate", "Gate 2: business case", "--outcome",
         "recycle", "--authority", "Investment Committee", "-m", "Options not costed"],
    ]  # fmt: skip
    for argv in steps:
        result = run(*argv)
        assert result.exit_code == 0, (argv, result.output)
    trail = json.loads(run("audit", "trail", "--item", "PRJ-900", "--json").output)
    first, appraisal = (row["position"] for row in trail[:2])
    for argv in (
        ["decision", "annul", str(appraisal), "--authority", "PMO procedure", "-m", "In error"],
        ["decision", "correct", str(first), "--set", "title=Right", "--authority", "PMO",
         "-m", "Typo"],
        ["report", "board-pack", "--as-at", utc_today().isoformat(), "--board", "IC", "--record",
         "--out", "pack.html"],
    ):  # fmt: skip
        result = run(*argv)
        assert result.exit_code == 0, (argv, result.output)


def stored(url: str) -> list[tuple[str, int, dict[str, Any]]]:
    """Each event's topic, version and state, from the raw events table."""
    engine = create_engine(normalise_url(url))
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT topic, originator_version, state"
                    " FROM portfolio_ledger_events ORDER BY id"
                )
            ).all()
    finally:
        engine.dispose()
    return [
        (topic, version, json.loads(bytes(state).decode("utf-8"))) for topic, version, state in rows
    ]


def tags(value: Any) -> set[str]:
    """The transcoder's ``_type_`` tags in a stored value, at any depth."""
    if isinstance(value, dict):
        found = {value["_type_"]} if "_type_" in value else set()
        return found.union(*(tags(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(tags(v) for v in value))
    return set()


def test_every_documented_event_is_recorded_as_the_doc_says(run: Cli) -> None:
    doc = documented()
    assert len(doc) == 43
    prose = DOC.read_text(encoding="utf-8").split("## What every event carries")[0]
    reading = DOC.read_text(encoding="utf-8").split("## Reading a stored event")[1]
    every_event(run)

    trail = json.loads(run("audit", "trail", "--json").output)
    assert {row["event_type"] for row in trail} == doc.keys()
    labels = {(row["event_type"], row["event"]) for row in trail}
    assert labels == {(name, row.label) for name, row in doc.items()}

    for topic, version, state in stored(run.url):
        module, name = topic.rsplit(":", 1)
        if module == "portfolio_ledger.domain.events":
            assert doc[name].commands[0].startswith("item "), topic
        else:
            assert f"`{module.removeprefix('portfolio_ledger.domain.')}.py`" in prose, topic
        assert ("originator_topic" in state) == (version == 1), (topic, version)
        fields = set(state) - {"timestamp", "originator_topic", "decision"}
        assert fields <= doc[name].fields, (name, fields)
        cells = [doc[name].text, *(doc[c].text for c in doc[name].fields & doc.keys())]
        for field in (f for f in fields if state[f] is None):  # and "as `ItemProposed`": its cell
            assert any(said_null(cell, field) for cell in cells), (name, field, "may be null")
        decision = state["decision"]["_data_"]
        assert set(decision) <= DECISION, (name, decision)
        assert ("mandate" in decision) == (doc[name].auth == "checked"), name
        assert tags(state) <= set(re.findall(r"`(\w+)`", reading)), (name, tags(state))


def test_each_command_s_help_says_whether_it_needs_an_authority_as_the_doc_does() -> None:
    for name, row in documented().items():
        for command in row.commands:
            if command in ("returns import", "report board-pack"):
                continue
            said = helped(*command.split())
            authority = re.search(
                r"--authority AUTHORITY .*? (Required|Optional for this|in words)", said
            )
            wanted = {
                "yes": "Required",
                "": "Optional for this",
                "checked": None,
                "yes or checked": "in words",  # or a board's meeting or a delegation
            }[row.auth]
            assert (authority and authority.group(1)) == wanted, (name, command)


def test_a_leaving_names_its_authority(run: Cli) -> None:
    onboarded = run("item", "onboard", "ON-1", "--title", "Under way", "--category", "C",
                    "--stage", "live", "--authority", "PMO", "-m", "Baseline")  # fmt: skip
    assert onboarded.exit_code == 0, onboarded.output
    before = run.events()

    result = run("item", "leave", "ON-1", "--reason", "completed", "-m", "Closed")

    assert result.exit_code == 2, result.output
    assert "name the authority" in result.output
    assert run.events() == before
    done = run("item", "leave", "ON-1", "--reason", "completed", "--authority", "Portfolio Board",
               "-m", "Closed")  # fmt: skip
    assert done.exit_code == 0, done.output


ACTIONS = {
    "BusinessCaseAppraised": Action.APPRAISE, "ItemApproved": Action.APPROVE,
    "ItemRejected": Action.REJECT, "ItemDeferred": Action.DEFER,
    "ItemReprioritised": Action.REPRIORITISE, "FundingChanged": Action.CHANGE_FUNDING,
    "DeliveryStarted": Action.START_DELIVERY, "StatusReported": Action.REPORT_STATUS,
    "IssueEscalated": Action.ESCALATE, "EscalationResolved": Action.RESOLVE_ESCALATION,
    "DetailsAmended": Action.AMEND, "ItemLeft": Action.LEAVE, "ItemPaused": Action.PAUSE,
    "ItemResumed": Action.RESUME, "ItemWentLive": Action.GO_LIVE, "ItemRetired": Action.RETIRE,
    "ItemCancelled": Action.CANCEL, "ToleranceSet": Action.SET_TOLERANCES,
    "StageGateReviewed": Action.REVIEW_GATE, "BenefitMeasured": Action.MEASURE_BENEFIT,
    "CorrectiveActionRecommended": Action.RECOMMEND_ACTION,
    "DependencyDeclared": Action.DECLARE_DEPENDENCY,
}  # fmt: skip
CLOSED = {Stage.RETIRED, Stage.REJECTED, Stage.CANCELLED, Stage.LEFT}


def test_the_stages_each_decision_is_allowed_from_are_the_rules() -> None:
    # The doc's "allowed from" column against RULES, which refusals quote.
    doc = documented()
    for name, action in ACTIONS.items():
        said = doc[name].allowed_from.split(" (")[0]
        if said == "any open stage":
            stages = set(Stage) - CLOSED
        elif said.startswith("any stage"):
            stages = set(Stage)
        else:
            stages = {Stage(stage) for stage in said.split(", ")}
        assert stages == set(RULES[action].allowed), name


def test_each_event_s_commands_are_those_import_and_returns_import_record_it_with() -> None:
    # The CLI column named neither the JSON Lines import, which takes a line for
    # every command, nor 'returns import' for the transfers, amendments and
    # breaches (with their escalations) it records (docs/returns.md).
    doc = documented()
    words = " ".join(DOC.read_text(encoding="utf-8").split())
    named = {command for row in doc.values() for command in row.commands} - {"returns import"}
    headings = IMPORT.read_text(encoding="utf-8")
    lines = set(re.findall(r"^### `([a-z-]+ [a-z-]+)`$", headings, re.MULTILINE))
    assert named == lines
    assert "is also a line of `portfolio-ledger import`" in words
    returns = RETURNS.read_text(encoding="utf-8").split("## What each difference records")[1]
    recorded = re.findall(r"`(\w+)` \(`(item [a-z-]+)`\)", returns.split("\n## ")[0])
    assert {name for name, _ in recorded} == {
        "ItemOnboarded", "ItemTransferred", "DetailsAmended", "StatusReported", "ItemLeft",
    }  # fmt: skip
    for name, command in recorded:
        assert doc[name].commands[:2] == [command, "returns import"], name
    assert "a forecast beyond one records the breach and an escalation" in " ".join(returns.split())
    for name in ("ToleranceBreached", "IssueEscalated"):
        assert {"item report-status", "returns import"} <= set(doc[name].commands), name
