"""An automatic exception rests on the status report that raised it.

A report beyond a tolerance is saved with a breach and an escalation
(docs/governance.md). Annulling the report was recorded while they stood:
the item kept an open escalation for *forecast cost GBP 1,250,000 exceeds
...*, a forecast that, as the record then stood, nobody had made; correcting
the report's forecast within the tolerance did the same. As docs/events.md
says of any decision others depend on, both are refused, naming the breach;
annul the escalation and the breach first (latest first), then the report.
"""

from __future__ import annotations

import json
from pathlib import Path
from unittest import mock

from portfolio_ledger.domain.events_control import ToleranceBreached
from tests.behaviour.test_governance import IC_MEETING, day
from tests.behaviour.test_tolerances import report, tolerant_item
from tests.conftest import Cli

PUT_RIGHT = ("--authority", "PMO record-keeping procedure", "-m", "Recorded in error")


def positions(run: Cli) -> dict[str, int]:
    trail = json.loads(run("audit", "trail", "--item", "PRJ-042", "--json").stdout)
    return {row["event"]: row["position"] for row in trail}


def test_a_report_whose_breach_stands_is_neither_annulled_nor_corrected(run: Cli) -> None:
    tolerant_item(run)
    assert report(run, "1,250,000").exit_code == 0
    raised = positions(run)
    before = run.events()

    annulled = run("decision", "annul", str(raised["status reported"]), *PUT_RIGHT)
    corrected = run(
        "decision", "correct", str(raised["status reported"]), "--set",
        "forecast_cost=1050000", *PUT_RIGHT,
    )  # fmt: skip

    for refused in (annulled, corrected):
        assert refused.exit_code == 1, refused.output
        assert "'tolerance breached' (version" in refused.output
        assert "Traceback" not in refused.output
    assert "Annul those first" in annulled.output
    assert run.events() == before


def test_annulled_latest_first_the_exception_goes_with_its_report(run: Cli) -> None:
    tolerant_item(run)
    assert report(run, "1,250,000").exit_code == 0
    raised = positions(run)

    for event in ("escalated", "tolerance breached", "status reported"):
        result = run("decision", "annul", str(raised[event]), *PUT_RIGHT)
        assert result.exit_code == 0, result.output

    shown = json.loads(run("item", "show", "PRJ-042", "--json").stdout)
    assert shown["open_escalations"] == []
    assert shown["forecast_cost"] is None
    assert report(run, "1,300,000").exit_code == 0  # a breach is raised again
    assert "tolerance breached" in {
        row["event"]
        for row in json.loads(run("audit", "trail", "--item", "PRJ-042", "--json").stdout)[-3:]
    }


def test_the_tolerance_and_budget_it_passed_are_not_put_right_under_it(run: Cli) -> None:
    """Moving or annulling the tolerance, or a late funding rise above the forecast: refused."""
    tolerant_item(run)
    assert report(run, "1,250,000").exit_code == 0
    tolerance = positions(run)["tolerance set"]
    before = run.events()

    moved = run(
        "decision", "correct", str(tolerance), "--set", f"effective_date={day(31)}", *PUT_RIGHT
    )
    annulled = run("decision", "annul", str(tolerance), *PUT_RIGHT)
    funded = run(
        "item", "fund", "PRJ-042", "--budget", "GBP 1,200,000", *IC_MEETING, "-m", "Late minutes",
        "--effective-date", day(10),
    )  # fmt: skip

    for refused in (moved, annulled, funded):
        assert refused.exit_code == 1, refused.output
        assert "'tolerance breached' (version" in refused.output
    assert "would be within PRJ-042's cost tolerance then" in moved.output
    assert "annul the breach and its escalation first" in funded.output
    assert "Annul those first" in annulled.output
    assert run.events() == before


def test_its_escalation_is_not_moved_before_the_breach(run: Cli) -> None:
    """The escalation is raised with the breach, on the report's day: not earlier."""
    tolerant_item(run)
    assert report(run, "1,250,000").exit_code == 0
    escalation = positions(run)["escalated"]
    before = run.events()

    moved = run(
        "decision", "correct", str(escalation), "--set", f"effective_date={day(20)}", *PUT_RIGHT
    )

    assert moved.exit_code == 1, moved.output
    assert "'tolerance breached' (version" in moved.output
    assert "escalation #1 would be open before it" in moved.output
    assert run.events() == before


def test_a_breach_recorded_before_the_rule_refuses_no_unrelated_decision(run: Cli) -> None:
    """History the previous version recorded (the report annulled under its breach) stays
    readable, and the item open: a correction or late decision that changes nothing the
    breach rests on is not refused for it. The breach itself is not made any more valid."""
    tolerant_item(run)
    assert report(run, "1,250,000").exit_code == 0
    raised = positions(run)
    with mock.patch.object(ToleranceBreached, "check", return_value=None):  # as recorded before
        assert run("decision", "annul", str(raised["status reported"]), *PUT_RIGHT).exit_code == 0
    assert run("projections", "rebuild").exit_code == 0
    assert run("item", "show", "PRJ-042").exit_code == 0

    reworded = run(
        "decision", "correct", str(raised["approved"]), "--set", "rationale=Approved at IC",
        *PUT_RIGHT,
    )  # fmt: skip
    late = run(
        "item", "escalate", "PRJ-042", "--issue", "Supplier", "--severity", "low", "--to", "IC",
        "-m", "Minuted late", "--effective-date", day(5),
    )  # fmt: skip

    for result in (reworded, late):
        assert result.exit_code == 0, result.output


def test_a_correction_refused_for_a_later_decision_is_not_told_to_move_its_date(run: Cli) -> None:
    """A correction stands where its decision does: 'give an effective date of D or later'
    (the breach's day) is no fix for raising the approval's budget; putting the breach right is.
    """
    tolerant_item(run)
    assert report(run, "1,250,000").exit_code == 0
    approval = positions(run)["approved"]

    raised = run(
        "decision", "correct", str(approval), "--set", "authorised_budget=1200000", *PUT_RIGHT
    )

    assert raised.exit_code == 1, raised.output
    assert "correcting 'approved' on PRJ-042 effective" in raised.output
    assert "would make a later decision invalid: 'tolerance breached'" in raised.output
    assert "To make this correction, put that decision right first" in raised.output
    assert "give an effective date" not in raised.output


def correction_file(tmp_path: Path, at: int, changes: dict[str, str], rationale: str) -> Path:
    """An import file of one line: the decision at ``at`` corrected, by the PMO."""
    line = {
        "command": "decision correct", "position": at, "changes": changes,
        "authority": "PMO record-keeping procedure", "rationale": rationale,
        "actor": "Sam Patel", "role": "PMO",
    }  # fmt: skip
    fix = tmp_path / "fix.jsonl"
    fix.write_text(json.dumps(line) + "\n", encoding="utf-8")
    return fix


def test_a_report_is_not_corrected_beyond_a_tolerance_without_its_exception(
    run: Cli, tmp_path: Path
) -> None:
    """A report within the tolerance, its forecast then corrected beyond it: the correction
    was recorded, and no breach and no escalation ever were. A correction records nothing but
    itself, so it is refused (on the command line and in an import), saying to annul the
    report and record it again, which raises the exception; nothing is written.
    """
    tolerant_item(run)
    assert report(run, "1,100,000").exit_code == 0  # exactly the ceiling: within it
    at = positions(run)["status reported"]
    before = run.events()
    fix = correction_file(tmp_path, at, {"forecast_cost": "1100001"}, "Typed in error")

    corrected = run("decision", "correct", str(at), "--set", "forecast_cost=1100001", *PUT_RIGHT)
    imported = run("import", str(fix))

    for refused in (corrected, imported):
        assert refused.exit_code == 1, refused.output
        assert "forecast cost GBP 1,100,001 exceeds GBP 1,100,000" in refused.output
        assert "with no exception raised" in refused.output
        assert f"Annul the report ('decision annul {at}')" in refused.output
        assert "escalates it to Investment Committee (IC), which set it" in refused.output
        assert "Traceback" not in refused.output
    assert run.events() == before

    assert run("decision", "annul", str(at), *PUT_RIGHT).exit_code == 0
    assert report(run, "1,100,001").exit_code == 0  # recorded again: the exception is raised
    assert "tolerance breached" in positions(run)


def test_an_automatic_exception_is_not_redirected_or_downgraded_by_a_correction(
    run: Cli, tmp_path: Path
) -> None:
    """The escalation raised with a breach goes, at high severity, to the body that set the
    tolerance. 'decision correct --set escalated_to=...' sent it to anyone, and severity=low
    downgraded it, under authority in words: both refused (command line and import), nothing
    written. Its rationale may be reworded; an escalation someone raised is theirs to correct.
    """
    tolerant_item(run)
    assert report(run, "1,250,000").exit_code == 0
    at = positions(run)["escalated"]
    before = run.events()
    fix = correction_file(tmp_path, at, {"severity": "low"}, "Not that serious")

    redirected = run("decision", "correct", str(at), "--set", "escalated_to=Nobody", *PUT_RIGHT)
    downgraded = run("import", str(fix))

    for refused, field in ((redirected, "escalated_to is"), (downgraded, "severity is")):
        assert refused.exit_code == 1, refused.output
        assert f"position {at} (escalated) on PRJ-042 is the automatic exception #1" in (
            refused.output
        )
        assert f"to Investment Committee (IC), which set the tolerance, and its {field} not" in (
            refused.output
        )
        assert "item resolve PRJ-042 --escalation 1" in refused.output
        assert "Traceback" not in refused.output
    assert run.events() == before
    reworded = run("decision", "correct", str(at), "--set", "rationale=As minuted", *PUT_RIGHT)
    assert reworded.exit_code == 0, reworded.output
    raised = run(
        "item", "escalate", "PRJ-042", "--issue", "Supplier late", "--severity", "high",
        "--to", "IC", "-m", "Rates up", "--effective-date", day(31),
    )  # fmt: skip
    assert raised.exit_code == 0, raised.output
    mine = max(
        row["position"]
        for row in json.loads(run("audit", "trail", "--item", "PRJ-042", "--json").stdout)
        if row["event"] == "escalated"
    )
    lowered = run("decision", "correct", str(mine), "--set", "severity=low", *PUT_RIGHT)
    assert lowered.exit_code == 0, lowered.output
