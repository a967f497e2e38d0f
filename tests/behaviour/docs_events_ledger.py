"""A ledger holding every event docs/events.md names, made through the command line.

Shared by ``test_docs_events.py`` and ``test_docs_events_put_right.py``: the people,
boards and delegation of README's tour, three items that between them pass through
every decision, an item onboarded and merged into another, the portfolio's envelope,
the list of organisations, a board pack tabled, and corrections and annulments.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

from sqlalchemy import create_engine, text

from portfolio_ledger.domain.clock import utc_today
from portfolio_ledger.storage.urls import normalise_url
from tests.conftest import Cli

D = "2026-01-05"
IC_MEETING = ("--board", "IC", "--present", "hcarter,mlee", "--vote", "hcarter=for,mlee=for",
              "--actor", "hcarter", "--role", "Chair, IC")  # fmt: skip
IN_WORDS = ("--authority", "Investment Committee")

SCENARIO: list[list[str]] = [
    ["person", "add", "HCarter", "--name", "Helen Carter", "--holds", "Chief Operating Officer",
     "-m", "Registered", "--effective-date", D],
    ["person", "add", "mlee", "--name", "Marcus Lee", "--holds", "CIO", "-m", "Registered",
     "--effective-date", D],
    ["person", "add", "cdubois", "--name", "Claire Dubois", "--holds", "FBP", "-m", "Registered",
     "--effective-date", D],
    ["board", "create", "EXB", "--name", "Executive Board", "--terms", "Runs it", "--unlimited",
     "--quorum", "2", "--authority", "Articles", "-m", "Constituted", "--effective-date", D],
    ["board", "create", "IC", "--name", "Investment Committee", "--terms", "Capital",
     "--limit", "GBP 5,000,000", "--escalates-to", "EXB", "--quorum", "2",
     "--authority", "Executive Board", "-m", "Constituted", "--effective-date", D],
    ["board", "appoint", "IC", "hcarter", "--as", "chair", "--authority", "Executive Board",
     "-m", "Chair", "--effective-date", D],
    ["board", "appoint", "IC", "mlee", "--authority", "Executive Board", "-m", "Member",
     "--effective-date", D],
    ["board", "appoint", "IC", "cdubois", "--authority", "Executive Board", "-m", "Member",
     "--effective-date", D],
    ["authority", "delegate", "DEL-001", "--board", "IC", "--to", "mlee", "--limit",
     "GBP 1,000,000", "--category", "Infrastructure", "--present", "hcarter,mlee,cdubois",
     "--vote", "hcarter=for,cdubois=for", "--actor", "hcarter", "--role", "Chair, IC",
     "-m", "CIO small items", "--effective-date", "2026-02-02"],
    ["organisation", "add", "DFE", "--name", "Department for Education", "-m", "First",
     "--effective-date", D],
    ["organisation", "add", "DWP", "--name", "Department for Work", "-m", "Second",
     "--effective-date", D],
    ["portfolio", "envelope", "GBP 50,000,000", *IN_WORDS, "-m", "Capital plan",
     "--effective-date", D],
    ["portfolio", "envelope", "60m", *IN_WORDS, "-m", "Raised", "--effective-date", "2026-02-01"],
    ["item", "propose", "PRJ-1", "--kind", "project", "--title", "Payroll", "--owner", "Dana",
     "--sponsor", "CFO", "--category", "Infrastructure", "--organisation",
     "department for education", "--objective", "Net zero", "--description", "Desc",
     "-m", "Need", "--ref", "P-1", "--effective-date", "2026-03-01"],
    ["item", "appraise", "PRJ-1", "--estimated-cost", "1200000", "--expected-benefits",
     "2,100,000", "--risk-rating", "very-high", "--alignment-score", "72", "--criteria",
     "Five case", "-m", "Reviewed", "--effective-date", "2026-03-02"],
    ["item", "approve", "PRJ-1", "--budget", "GBP 900,000", "--condition", "Quarterly report",
     "--delegation", "DEL-001", "--actor", "mlee", "--role", "CIO", "-m", "Within delegation",
     "--effective-date", "2026-03-03"],
    ["item", "reprioritise", "PRJ-1", "--rank", "2", *IN_WORDS, "-m", "Ranked",
     "--effective-date", "2026-03-04"],
    ["item", "fund", "PRJ-1", "--budget", "1.2m", "--board", "IC", "--present",
     "hcarter,mlee,cdubois", "--vote", "hcarter=for,mlee=for,cdubois=against", "--actor",
     "hcarter", "--role", "Chair, IC", "-m", "More", "--effective-date", "2026-03-05"],
    ["item", "set-tolerance", "PRJ-1", "--cost", "10%", "--time", "30d", "--planned-finish",
     "2027-03-31", *IC_MEETING, "-m", "Tolerances", "--effective-date", "2026-03-06"],
    ["item", "start-delivery", "PRJ-1", *IN_WORDS, "-m", "Go", "--effective-date", "2026-03-07"],
    ["item", "review-gate", "PRJ-1", "--gate", "Gate 3", "--outcome", "hold", *IN_WORDS,
     "-m", "Gate", "--effective-date", "2026-03-08"],
    ["item", "report-status", "PRJ-1", "--overall", "amber", "--cost", "red", "--schedule",
     "green", "--scope", "not assessed", "--forecast-cost", "GBP 1,500,000", "--forecast-date",
     "2027-03-31", "--whole-life-cost", "withheld", "-m", "Month", "--ref", "SR-3",
     "--effective-date", "2026-03-09"],
    ["item", "recommend-action", "PRJ-1", "--action", "Re-plan", "--owner", "Dana", "--due",
     "2026-04-30", "-m", "Fix", "--effective-date", "2026-03-10"],
    ["item", "complete-action", "PRJ-1", "-m", "Done", "--effective-date", "2026-03-11"],
    ["item", "propose", "PRJ-2", "--kind", "service", "--title", "Other", "--owner", "O",
     "--sponsor", "S", "--category", "Digital", "--organisation", "DFE", "-m", "Need",
     "--effective-date", "2026-03-01"],
    ["item", "declare-dependency", "PRJ-1", "--on", "PRJ-2", "--what", "API", "-m", "Uses",
     "--effective-date", "2026-03-12"],
    ["item", "remove-dependency", "PRJ-1", "--on", "PRJ-2", "-m", "No longer",
     "--effective-date", "2026-03-13"],
    ["item", "measure-benefit", "PRJ-1", "--benefit", "Savings", "--measured", "GBP 10,000",
     "-m", "Measured", "--effective-date", "2026-03-14"],
    ["item", "escalate", "PRJ-1", "--issue", "Supplier", "--severity", "critical", "--to",
     "Investment Committee", "-m", "Escalated", "--effective-date", "2026-03-15"],
    ["item", "resolve", "PRJ-1", "--escalation", "1", "-m", "Resolved", "--effective-date",
     "2026-03-16"],
    ["item", "resolve", "PRJ-1", "--escalation", "2", "-m", "Resolved", "--effective-date",
     "2026-03-16"],
    ["item", "pause", "PRJ-1", *IN_WORDS, "-m", "Pause", "--effective-date", "2026-03-17"],
    ["item", "resume", "PRJ-1", *IN_WORDS, "-m", "Resume", "--effective-date", "2026-03-18"],
    ["item", "go-live", "PRJ-1", *IN_WORDS, "-m", "Live", "--effective-date", "2026-03-19"],
    ["item", "amend", "PRJ-1", "--title", "Payroll 2", "--no-objectives", "-m", "Renamed",
     "--effective-date", "2026-03-20"],
    ["item", "transfer", "PRJ-1", "--to", "DWP", "--authority", "Machinery of government",
     "-m", "Moved", "--effective-date", "2026-03-21"],
    ["item", "retire", "PRJ-1", *IN_WORDS, "-m", "Retired", "--effective-date", "2026-03-22"],
    ["item", "defer", "PRJ-2", "--until", "2026-09-01", *IN_WORDS, "-m", "Later",
     "--effective-date", "2026-03-02"],
    ["item", "reject", "PRJ-2", *IN_WORDS, "-m", "No", "--effective-date", "2026-03-03"],
    ["item", "propose", "PRJ-3", "--kind", "programme", "--title", "Three", "--owner", "O",
     "--sponsor", "S", "--category", "C", "-m", "Need",
     "--effective-date", "2026-03-01"],
    ["item", "appraise", "PRJ-3", "--estimated-cost", "100", "--expected-benefits", "200",
     "--risk-rating", "low", "--alignment-score", "0", "-m", "A", "--effective-date",
     "2026-03-01"],
    ["item", "defer", "PRJ-3", *IN_WORDS, "-m", "Not yet", "--effective-date", "2026-03-01"],
    ["item", "approve", "PRJ-3", "--budget", "100", *IC_MEETING, "-m", "Ok",
     "--effective-date", "2026-03-02"],
    ["item", "set-tolerance", "PRJ-3", "--cost", "GBP 10", *IC_MEETING, "-m", "Tolerance",
     "--effective-date", "2026-03-02"],
    ["item", "report-status", "PRJ-3", "--overall", "red", "--forecast-cost", "200", "-m",
     "Over", "--effective-date", "2026-03-03"],
    ["item", "onboard", "ON-1", "--title", "Under way", "--organisation", "DFE", "--category",
     "Infra", "--stage", "in-delivery", "--whole-life-cost", "withheld", "--budget", "GBP 500",
     "--forecast-cost", "not known", "--forecast-date", "2027-01-01", "--rag", "amber",
     "--source", "GMPP", "--authority", "PMO baseline", "-m", "Onboarded", "--effective-date",
     "2026-01-10"],
    ["item", "leave", "ON-1", "--reason", "merged", "--merged-into", "PRJ-3", "--authority",
     "Portfolio Board", "-m", "Merged", "--effective-date", "2026-03-03"],
    ["item", "cancel", "PRJ-3", *IN_WORDS, "-m", "Stop", "--effective-date", "2026-03-04"],
    ["authority", "revoke", "DEL-001", "--present", "hcarter,mlee,cdubois", "--vote",
     "hcarter=for,cdubois=for", "--actor", "hcarter", "--role", "Chair, IC", "-m", "Revoked",
     "--effective-date", "2026-04-02"],
    ["board", "stand-down", "IC", "cdubois", "--authority", "Executive Board", "-m", "Term",
     "--effective-date", "2026-04-01"],
    ["board", "set-quorum", "IC", "3", "--authority", "Executive Board", "-m", "Quorum",
     "--effective-date", "2026-04-01"],
    ["board", "set-limit", "IC", "--limit", "GBP 6,000,000", "--authority", "Executive Board",
     "-m", "Limit", "--effective-date", "2026-04-01"],
]  # fmt: skip

# Put right afterwards, by the position the trail gives: (subject, version) -> argv tail.
PUT_RIGHT: list[tuple[str, int, list[str]]] = [
    ("PRJ-1", 9, ["correct", "--set", "forecast_date=2027-04-30", "--set", "overall=green",
                  "--effective-date", "2026-03-10"]),
    ("PRJ-1", 16, ["annul", "--effective-date", "2026-03-15"]),
    ("PRJ-1", 1, ["correct", "--set", "title=Payroll 1", "--set", "objectives=A",
                  "--set", "objectives=B"]),
    ("IC", 3, ["correct", "--set", "effective_date=2026-01-06", "--effective-date",
               "2026-01-06"]),
]  # fmt: skip


@dataclass
class Stored:
    """One row of ``portfolio_ledger_events``, as stored."""

    position: int
    originator_id: UUID
    version: int
    topic: str
    state: dict[str, Any]

    @property
    def name(self) -> str:
        """The event's class."""
        return self.topic.rsplit(":", 1)[1]

    @property
    def fields(self) -> dict[str, Any]:
        """The event's own fields: not its recorded time, decision or subject class."""
        left = {"timestamp", "decision", "originator_topic"}
        return {k: v for k, v in self.state.items() if k not in left}

    @property
    def decision(self) -> dict[str, Any]:
        """The decision the event records."""
        decided: dict[str, Any] = self.state["decision"]["_data_"]
        return decided


def as_uuid(value: object) -> UUID:
    """A stored ``originator_id``: 16 bytes on SQLite, a ``uuid`` on PostgreSQL."""
    if isinstance(value, bytes | memoryview):
        return UUID(bytes=bytes(value))
    return UUID(str(value))


def stored_events(url: str) -> list[Stored]:
    """Every stored event, in ledger order, read directly in SQL."""
    engine = create_engine(normalise_url(url))
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT id, originator_id, originator_version, topic, state"
                    " FROM portfolio_ledger_events ORDER BY id"
                )
            ).all()
    finally:
        engine.dispose()
    return [
        Stored(int(i), as_uuid(o), int(v), t, json.loads(bytes(s).decode("utf-8")))
        for i, o, v, t, s in rows
    ]


@dataclass
class Ledger:
    """The ledger made, and what its commands say of it."""

    run: Cli
    events: list[Stored]
    trail: list[dict[str, Any]]

    def position(self, subject: str, version: int) -> int:
        """The ledger position of a subject's decision."""
        return int(
            next(
                r["position"]
                for r in self.trail
                if r["subject"] == subject and r["version"] == version
            )
        )

    def row(self, event_type: str, subject: str | None = None) -> dict[str, Any]:
        """The first trail row of that class (on that subject)."""
        return next(
            r
            for r in self.trail
            if r["event_type"] == event_type and subject in (None, r["subject"])
        )

    def event(self, position: int) -> Stored:
        """The stored event at a position."""
        return self.events[position - 1]


def make_ledger(url: str, folder: Path) -> Ledger:
    """Record the scenario, then put right what ``PUT_RIGHT`` names, then table a pack."""
    run = Cli(url)
    for argv in SCENARIO:
        result = run(*argv)
        assert result.exit_code == 0, (argv, result.output)
    for subject, version, tail in PUT_RIGHT:
        trail = json.loads(run("audit", "trail", "--item", subject, "--json").output)
        position = next(r["position"] for r in trail if r["version"] == version)
        verb, *rest = tail
        result = run("decision", verb, str(position), *rest, "--authority", "PMO procedure",
                     "-m", "Put right")  # fmt: skip
        assert result.exit_code == 0, (tail, result.output)
    today = utc_today().isoformat()
    pack = run("report", "board-pack", "--as-at", today, "--board", "IC", "--record",
               "--out", str(folder / "pack.html"))  # fmt: skip
    assert pack.exit_code == 0, pack.output
    trail = json.loads(run("audit", "trail", "--json").output)
    return Ledger(run, stored_events(url), trail)
