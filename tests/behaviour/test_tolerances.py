"""Tolerances and automatic exceptions on real databases: breach and escalation, atomically."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from sqlalchemy import create_engine, text

from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.domain.keys import item_id
from portfolio_ledger.storage.urls import normalise_url
from tests.behaviour.test_governance import IC_MEETING, approve, day, delegate, propose
from tests.builders import governance
from tests.conftest import EVENTS_TABLE, Cli


def tolerant_item(run: Cli) -> Cli:
    """PRJ-042 approved at GBP 1,000,000 by IC, with a 10% cost tolerance IC set."""
    ledger, _ = open_ledger(run.url)
    try:
        governance(ledger)
    finally:
        ledger.close()
    propose(run)
    assert approve(run, "GBP 1,000,000", *IC_MEETING).exit_code == 0
    for args in (
        ["start-delivery", "--authority", "Delivery Board", "-m", "Mobilised"],
        ["set-tolerance", "--cost", "10%", *IC_MEETING, "-m", "Stage tolerances"],
    ):
        result = run("item", args[0], "PRJ-042", *args[1:], "--effective-date", day(2))
        assert result.exit_code == 0, result.output
    return run


def report(run: Cli, forecast: str) -> Any:
    return run(
        "item",
        "report-status",
        "PRJ-042",
        "--overall",
        "red",
        "--cost",
        "red",
        "--forecast-cost",
        forecast,
        "-m",
        "Supplier rates up",
        "--effective-date",
        day(30),
        actor="Rob Nguyen",
        role="Project Manager",
    )


def versions(url: str) -> list[int]:
    """The item's stored versions, read in SQL."""
    engine = create_engine(normalise_url(url))
    wanted = item_id("PRJ-042")
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text(f"SELECT originator_id, originator_version FROM {EVENTS_TABLE}")
            )
            return sorted(int(v) for who, v in rows if _uuid(who) == wanted)
    finally:
        engine.dispose()


def _uuid(value: Any) -> UUID:
    """A UUID as the database hands it back: a UUID (PostgreSQL) or 16 bytes (SQLite)."""
    return value if isinstance(value, UUID) else UUID(bytes=bytes(value))


def test_a_forecast_beyond_tolerance_records_breach_and_escalation_with_the_report(
    run: Cli,
) -> None:
    tolerant_item(run)
    before = run.events()

    result = report(run, "GBP 1,150,000")

    assert result.exit_code == 0, result.output
    assert run.events() == before + 3
    # The command says all it recorded, the report first (it said only the escalation).
    said = [line for line in result.output.splitlines() if line.startswith("Recorded PRJ-042: ")]
    assert said[0] == "Recorded PRJ-042: RAG red (cost red); forecast GBP 1,150,000"
    assert said[1].startswith("Recorded PRJ-042: forecast cost GBP 1,150,000 exceeds")
    assert said[2].startswith("Recorded PRJ-042: escalation #1 (high)")
    assert f"ledger position {before + 1}" in result.output
    history = json.loads(run("item", "history", "PRJ-042", "--json").output)
    assert [e["event"] for e in history[-3:]] == [
        "status reported",
        "tolerance breached",
        "escalated",
    ]
    breach, escalation = history[-2], history[-1]
    assert breach["summary"] == (
        "forecast cost GBP 1,150,000 exceeds GBP 1,100,000 (cost tolerance: 10% over budget); "
        "escalated to Investment Committee (IC) as #1"
    )
    assert escalation["summary"].startswith("escalation #1 (high) to Investment Committee (IC)")
    assert breach["rationale"].startswith("Automatic exception:")
    assert {e["effective_date"] for e in history[-3:]} == {day(30)}
    trail = json.loads(run("audit", "trail", "--item", "PRJ-042", "--json").output)
    assert [r["event"] for r in trail[-3:]] == history_events(history[-3:])
    assert [r["position"] for r in trail[-3:]] == list(range(before + 1, before + 4))
    shown = json.loads(run("item", "show", "PRJ-042", "--json").output)
    assert [e["escalated_to"] for e in shown["open_escalations"]] == ["Investment Committee (IC)"]


def history_events(entries: list[dict[str, Any]]) -> list[str]:
    return [e["event"] for e in entries]


def test_within_tolerance_is_just_a_status_report(run: Cli) -> None:
    tolerant_item(run)
    before = run.events()

    result = report(run, "GBP 1,100,000")

    assert result.exit_code == 0, result.output
    assert run.events() == before + 1


def fail_inserts_of_version(url: str, version: int) -> None:
    """A trigger that makes the database refuse any event with this version."""
    engine = create_engine(normalise_url(url))
    try:
        with engine.begin() as connection:
            if engine.dialect.name == "sqlite":
                connection.execute(
                    text(
                        f"CREATE TRIGGER fail_version BEFORE INSERT ON {EVENTS_TABLE} "
                        f"WHEN NEW.originator_version = {version} "
                        "BEGIN SELECT RAISE(ABORT, 'forced failure'); END"
                    )
                )
                return
            connection.execute(
                text(
                    "CREATE FUNCTION fail_version() RETURNS trigger AS $$ BEGIN "
                    f"IF NEW.originator_version = {version} THEN "
                    "RAISE EXCEPTION 'forced failure'; END IF; RETURN NEW; END $$ "
                    "LANGUAGE plpgsql"
                )
            )
            connection.execute(
                text(
                    f"CREATE TRIGGER fail_version BEFORE INSERT ON {EVENTS_TABLE} "
                    "FOR EACH ROW EXECUTE FUNCTION fail_version()"
                )
            )
    finally:
        engine.dispose()


def test_if_the_save_fails_neither_the_report_nor_the_breach_nor_the_escalation_is_written(
    run: Cli,
) -> None:
    tolerant_item(run)
    stored = versions(run.url)
    # The database refuses the third of the three events (the escalation):
    # the report and the breach must not be written without it.
    fail_inserts_of_version(run.url, stored[-1] + 3)
    before = run.events()

    failed = report(run, "GBP 1,150,000")
    within = report(run, "GBP 1,000,000")  # one event: the database takes it

    assert failed.exit_code == 1, failed.output
    assert "nothing" in failed.output.lower()
    assert "Traceback" not in failed.output
    assert versions(run.url) == [*stored, stored[-1] + 1]
    assert within.exit_code == 0, within.output
    assert run.events() == before + 1
    history = json.loads(run("item", "history", "PRJ-042", "--json").output)
    assert "tolerance breached" not in [e["event"] for e in history]


def test_a_percentage_out_of_range_is_a_usage_error_before_any_rule(run: Cli) -> None:
    """``--cost -5%`` is bad usage (exit 2), as negative money is, not a refused decision."""
    tolerant_item(run)
    before = run.events()
    for percent in ("-5%", "0.0001%", "1e9%", "abc%"):
        result = run(
            *("item", "set-tolerance", "PRJ-042", "--cost", percent, *IC_MEETING, "-m", "Tighter")
        )
        assert result.exit_code == 2, result.output
        assert f"--cost: '{percent}' is not a tolerance percentage" in result.output
        assert "from 0% to 100%" in result.output
    assert run.events() == before


def test_a_planned_finish_without_a_time_tolerance_is_named_as_such(run: Cli) -> None:
    """``--cost 5% --planned-finish DAY`` (no --time) was refused as 'a time tolerance needs
    the planned finish (--planned-finish)', which it had been given; the fix is --time."""
    tolerant_item(run)
    before = run.events()
    tighter = ["item", "set-tolerance", "PRJ-042", "--cost", "5%", *IC_MEETING, "-m", "Tighter"]

    alone = run(*tighter, "--planned-finish", "2027-06-30")
    untimed = run(*tighter[:3], "--time", "30d", *tighter[5:])

    assert alone.exit_code == 2, alone.output
    assert "needs the planned finish" not in alone.output
    assert (
        "--planned-finish is the day a time tolerance is measured from: give the time "
        "tolerance (--time) with it, or leave it out" in alone.output
    )
    assert untimed.exit_code == 2, untimed.output
    assert "a time tolerance needs the planned finish (--planned-finish)" in untimed.output
    assert run.events() == before


def test_tolerances_from_a_body_other_than_the_one_that_authorised_name_only_those_above(
    run: Cli,
) -> None:
    """Not the board that authorised again as 'a board above it', nor one when there is none."""
    ledger, _ = open_ledger(run.url)
    try:
        governance(ledger)
    finally:
        ledger.close()
    propose(run)
    exb = ["--board", "EXB", "--present", "hcarter,pking", "--vote", "hcarter=for,pking=for"]
    assert approve(run, "GBP 1,000,000", *exb, "--actor", "pking").exit_code == 0
    before = run.events()

    by_ic = run(
        "item", "set-tolerance", "PRJ-042", "--cost", "10%", *IC_MEETING, "-m", "Ours",
        "--effective-date", day(2),
    )  # fmt: skip

    assert by_ic.exit_code == 1, by_ic.output
    assert (
        "tolerances on PRJ-042 are set by the authority that last authorised its budget "
        "(Executive Board (EXB)), which has no board above it; IC may not set them."
    ) in by_ic.output
    assert run.events() == before


def test_a_breach_of_a_tolerance_set_under_a_revoked_delegation_goes_to_its_board(
    run: Cli,
) -> None:
    # The board pack's R1 told the revoked delegation to 'review funding or scope'.
    ledger, _ = open_ledger(run.url)
    try:
        governance(ledger)
    finally:
        ledger.close()
    delegate(run)
    propose(run)
    mlee = ["--delegation", "DEL-001", "--actor", "mlee"]
    assert approve(run, "GBP 1,000,000", *mlee).exit_code == 0
    tolerance = ["set-tolerance", "PRJ-042", "--cost", "10%", *mlee, "-m", "Tolerance"]
    assert run("item", *tolerance, "--effective-date", day(2)).exit_code == 0
    assert report(run, "1,250,000").exit_code == 0

    def body(as_at: int) -> str:
        result = run("report", "board-pack", "--as-at", day(as_at), "--json")
        assert result.exit_code == 0, result.output
        [found] = [e for e in json.loads(result.output)["exceptions"] if e["rule"].startswith("R1")]
        return str(found["body"])

    assert body(40) == "delegation DEL-001 from Investment Committee (IC)"
    revoked = run(
        "authority", "revoke", "DEL-001", "--present", "hcarter,cdubois", "--vote",
        "hcarter=for,cdubois=for", "--actor", "hcarter", "-m", "Post vacant",
        "--effective-date", day(50), role="Chair",
    )  # fmt: skip
    assert revoked.exit_code == 0, revoked.output
    assert body(40) == "delegation DEL-001 from Investment Committee (IC)"  # still valid then
    assert body(60) == f"IC, which delegated DEL-001 (it was revoked with effect from {day(50)})"


def test_an_escalation_to_a_revoked_delegation_goes_to_its_board(run: Cli) -> None:
    # R2 names the body escalated to; 2731c0d sends a revoked delegation's to its board too.
    ledger, _ = open_ledger(run.url)
    try:
        governance(ledger)
    finally:
        ledger.close()
    delegate(run)
    propose(run)
    escalated = run(
        "item", "escalate", "PRJ-042", "--severity", "high", "--to", "delegation DEL-001",
        "--issue", "Supplier failed",
        "-m", "Supplier failed", "--effective-date", day(2),
    )  # fmt: skip
    assert escalated.exit_code == 0, escalated.output
    revoked = run(
        "authority", "revoke", "DEL-001", "--present", "hcarter,cdubois", "--vote",
        "hcarter=for,cdubois=for", "--actor", "hcarter", "-m", "Post vacant",
        "--effective-date", day(50), role="Chair",
    )  # fmt: skip
    assert revoked.exit_code == 0, revoked.output

    def body(as_at: int) -> str:
        result = run("report", "board-pack", "--as-at", day(as_at), "--json")
        assert result.exit_code == 0, result.output
        [found] = [e for e in json.loads(result.output)["exceptions"] if e["rule"].startswith("R2")]
        return str(found["body"])

    assert body(40) == "delegation DEL-001"
    assert body(60) == f"IC, which delegated DEL-001 (it was revoked with effect from {day(50)})"
