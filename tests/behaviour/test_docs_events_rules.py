"""docs/events.md's rules for single events, each on a ledger of its own, through the CLI.

Numbers never given again (a corrective action's, an escalation's, an annulled one's
counted), a breach not raised again while its escalation is open, a decision corrected
twice, a completion after the item closed, a gate that moves the item nowhere, an
organisation corrected by name and kept by key, a list corrected to none, a value
none said as a word naming its field: on an SQLite file and on PostgreSQL.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.behaviour.docs_events_ledger import stored_events
from tests.conftest import Cli

DOC = Path(__file__).resolve().parents[2] / "docs" / "events.md"
BASELINE = ("--category", "C", "--stage", "in-delivery", "--budget", "GBP 1,000",
            "--authority", "PMO baseline", "-m", "Joined",
            "--effective-date", "2026-01-05")  # fmt: skip
PMO = ("--authority", "PMO procedure", "-m", "Put right")


def one_board(*limit: str) -> list[list[str]]:
    """Helen Carter, chair of IC (quorum 1, ``limit`` its limit), all from 2026-01-05."""
    return [
        ["person", "add", "hcarter", "--name", "Helen Carter", "--holds", "COO", "-m", "R",
         "--effective-date", "2026-01-05"],
        ["board", "create", "IC", "--name", "Investment Committee", "--terms", "T", *limit,
         "--quorum", "1", "--authority", "Articles", "-m", "C", "--effective-date", "2026-01-05"],
        ["board", "appoint", "IC", "hcarter", "--as", "chair", "--authority", "Articles",
         "-m", "C", "--effective-date", "2026-01-05"],
    ]  # fmt: skip


def ok(run: Cli, *argv: str) -> None:
    """A command that records."""
    result = run(*argv)
    assert result.exit_code == 0, (argv, result.output)


def trail(run: Cli, key: str) -> list[dict[str, Any]]:
    """The item's rows of the audit trail."""
    return list(json.loads(run("audit", "trail", "--item", key, "--json").output))


def last_fields(run: Cli) -> dict[str, Any]:
    """The last stored event's fields."""
    return stored_events(run.url)[-1].fields


def test_numbers_count_annulled_ones_and_are_never_given_again(run: Cli) -> None:
    ok(run, "item", "onboard", "X-1", "--title", "X", *BASELINE)
    ok(run, "item", "recommend-action", "X-1", "--action", "Re-plan", "--owner", "Dana",
       "--due", "2026-12-31", "-m", "Fix")  # fmt: skip
    ok(run, "decision", "annul", str(trail(run, "X-1")[-1]["position"]), *PMO)
    ok(run, "item", "recommend-action", "X-1", "--action", "Re-plan", "--owner", "Dana",
       "--due", "2026-12-31", "-m", "Fix")  # fmt: skip
    assert last_fields(run)["action_number"] == 2
    ok(run, "item", "escalate", "X-1", "--issue", "Late", "--severity", "low", "--to", "IC",
       "-m", "Up")  # fmt: skip
    ok(run, "decision", "annul", str(trail(run, "X-1")[-1]["position"]), *PMO)
    ok(run, "item", "escalate", "X-1", "--issue", "Late", "--severity", "low", "--to", "IC",
       "-m", "Up")  # fmt: skip
    assert last_fields(run)["escalation"] == 2


def test_a_breach_is_not_raised_again_while_its_escalation_is_open(run: Cli) -> None:
    for argv in (
        *one_board("--unlimited"),
        ["item", "onboard", "X-1", "--title", "X", *BASELINE],
        ["item", "set-tolerance", "X-1", "--cost", "GBP 100", "--board", "IC", "--present",
         "hcarter", "--vote", "hcarter=for", "--actor", "hcarter", "-m", "Tolerance"],
    ):  # fmt: skip
        ok(run, *argv)
    beyond = ("item", "report-status", "X-1", "--overall", "red", "--forecast-cost", "GBP 1,500")
    events = ["StatusReported", "ToleranceBreached", "IssueEscalated"]
    ok(run, *beyond, "-m", "First")
    assert [r["event_type"] for r in trail(run, "X-1")][-3:] == events
    ok(run, *beyond, "-m", "Still over")
    assert trail(run, "X-1")[-1]["event_type"] == "StatusReported"
    ok(run, "item", "resolve", "X-1", "-m", "Board agreed a plan")
    ok(run, *beyond, "-m", "Over again")
    assert [r["event_type"] for r in trail(run, "X-1")][-3:] == events
    assert last_fields(run)["escalation"] == 2


def test_the_latest_correction_of_each_field_stands(run: Cli) -> None:
    ok(run, "item", "onboard", "X-1", "--title", "X", *BASELINE)
    ok(run, "item", "report-status", "X-1", "--overall", "amber", "--forecast-cost", "GBP 900",
       "-m", "Month")  # fmt: skip
    report = str(trail(run, "X-1")[-1]["position"])
    ok(run, "decision", "correct", report, "--set", "overall=green", "--set",
       "forecast_cost=GBP 950", *PMO)  # fmt: skip
    ok(run, "decision", "correct", report, "--set", "forecast_cost=GBP 975", *PMO)
    as_corrected = {"_type_": "money", "_data_": {"amount": "950", "currency": "GBP"}}
    assert last_fields(run)["previous"] == {"forecast_cost": as_corrected}
    shown = json.loads(run("item", "show", "X-1", "--json").output)
    assert shown["rag"] == "green"
    assert shown["forecast_cost"] == {"amount": "975.00", "currency": "GBP"}


def test_an_action_is_completed_and_an_escalation_resolved_after_the_item_closed(
    run: Cli,
) -> None:
    ok(run, "item", "onboard", "X-1", "--title", "X", *BASELINE)
    ok(run, "item", "recommend-action", "X-1", "--action", "Hand over", "--owner", "Dana",
       "--due", "2026-12-31", "-m", "Close down")  # fmt: skip
    ok(run, "item", "escalate", "X-1", "--issue", "Supplier", "--severity", "high", "--to",
       "IC", "-m", "Up")  # fmt: skip
    ok(run, "item", "cancel", "X-1", "--authority", "IC", "-m", "Stopped")
    ok(run, "item", "complete-action", "X-1", "-m", "Handed over")
    ok(run, "item", "resolve", "X-1", "-m", "Settled")
    said = [r["event_type"] for r in trail(run, "X-1")]
    assert said[-2:] == ["CorrectiveActionCompleted", "EscalationResolved"]


def test_a_stage_gate_review_moves_the_item_nowhere(run: Cli) -> None:
    ok(run, "item", "onboard", "X-1", "--title", "X", *BASELINE)
    ok(run, "item", "review-gate", "X-1", "--gate", "Gate 4", "--outcome", "stop",
       "--authority", "IC", "-m", "Stop it")  # fmt: skip
    assert json.loads(run("item", "show", "X-1", "--json").output)["stage"] == "in delivery"
    assert trail(run, "X-1")[-1]["stage"] == "in delivery"


def test_an_organisation_is_named_by_key_or_name_and_kept_as_its_key(run: Cli) -> None:
    for key, name in (("DFE", "Children\u2019s Services"), ("DWP", "Work and Pensions")):
        ok(run, "organisation", "add", key, "--name", name, "-m", "Listed",
           "--effective-date", "2026-01-01")  # fmt: skip
    ok(run, "item", "onboard", "X-1", "--title", "X", "--organisation", "CHILDREN'S SERVICES",
       *BASELINE)  # fmt: skip
    assert stored_events(run.url)[-1].fields["organisation"] == "DFE"
    onboarding = str(trail(run, "X-1")[0]["position"])
    ok(run, "decision", "correct", onboarding, "--set", "organisation=work and pensions", *PMO)
    assert last_fields(run)["corrected"] == {"organisation": "DWP"}
    before = run.events()
    refused = run("decision", "correct", onboarding, "--set", "organisation=Nowhere", *PMO)
    assert refused.exit_code == 1, refused.output
    assert run.events() == before


def test_a_list_is_corrected_whole_and_to_none_by_an_empty_value(run: Cli) -> None:
    ok(run, "item", "onboard", "X-1", "--title", "X", "--objective", "Net zero", *BASELINE)
    onboarding = str(trail(run, "X-1")[0]["position"])
    ok(run, "decision", "correct", onboarding, "--set", "objectives=", *PMO)
    assert last_fields(run)["corrected"] == {"objectives": []}
    assert trail(run, "X-1")[-1]["summary"] == (
        f"corrects position {onboarding} (onboarded): objectives Net zero -> no objectives"
    )
    assert json.loads(run("item", "show", "X-1", "--json").output)["objectives"] == []


def test_no_caller_sets_the_recorded_time(run: Cli, tmp_path: Path) -> None:
    said = run("item", "propose", "X-1", "--kind", "project", "--title", "X", "--owner", "O",
               "--sponsor", "S", "--category", "C", "-m", "Need", "--recorded-at",
               "2020-01-01T00:00:00Z")  # fmt: skip
    assert said.exit_code == 2, said.output
    line = {"command": "item propose", "key": "X-1", "kind": "project", "title": "X",
            "owner": "O", "sponsor": "S", "category": "C", "actor": "a", "role": "r",
            "rationale": "Need", "timestamp": "2020-01-01T00:00:00Z"}  # fmt: skip
    (tmp_path / "lines.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    imported = run("import", str(tmp_path / "lines.jsonl"))
    assert imported.exit_code == 2, imported.output
    assert "timestamp: is not a field of this command" in imported.output
    assert run.events() == 0


def test_a_meeting_named_where_words_would_do_is_checked_against_no_limit(run: Cli) -> None:
    for argv in (
        *one_board("--limit", "GBP 10"),
        ["item", "onboard", "X-1", "--title", "X", *BASELINE],
        ["item", "pause", "X-1", "--board", "IC", "--present", "hcarter", "--vote",
         "hcarter=for", "--actor", "hcarter", "-m", "Supplier insolvency"],
    ):  # fmt: skip
        ok(run, *argv)
    decision = stored_events(run.url)[-1].decision
    assert decision["authority"] == "Investment Committee (IC)"
    assert decision["actor"] == "Helen Carter"
    assert decision["mandate"]["_type_"] == "board_resolution"
    audited = json.loads(run("audit", "authority", "X-1", "--json").output)
    assert audited[-1]["verdict"] == "valid", audited[-1]


def test_a_tolerance_set_replaces_the_item_s_tolerances(run: Cli) -> None:
    for argv in (
        *one_board("--unlimited"),
        ["item", "onboard", "X-1", "--title", "X", *BASELINE],
    ):  # fmt: skip
        ok(run, *argv)
    meeting = ("--board", "IC", "--present", "hcarter", "--vote", "hcarter=for", "--actor",
               "hcarter", "-m", "Tolerance")  # fmt: skip
    ok(run, "item", "set-tolerance", "X-1", "--cost", "10%", *meeting)
    ok(run, "item", "set-tolerance", "X-1", "--time", "30d", "--planned-finish", "2027-03-31",
       *meeting)  # fmt: skip
    assert last_fields(run)["cost"] is None
    ok(run, "item", "report-status", "X-1", "--overall", "red", "--forecast-cost", "GBP 5,000",
       "-m", "Over the old cost tolerance")  # fmt: skip
    assert trail(run, "X-1")[-1]["event_type"] == "StatusReported", "no cost tolerance now"


def test_an_envelope_changed_without_a_currency_keeps_the_envelope_s(run: Cli) -> None:
    words = ("--authority", "Investment Committee", "-m", "Capital plan")
    ok(run, "portfolio", "envelope", "USD 1,000", *words)
    ok(run, "portfolio", "envelope", "2,000", *words)
    assert last_fields(run) == {
        "envelope": {"_type_": "money", "_data_": {"amount": "2000", "currency": "USD"}},
        "previous_envelope": {"_type_": "money", "_data_": {"amount": "1000", "currency": "USD"}},
    }


def test_a_moved_decision_stands_where_it_was_as_of_before_its_correction(run: Cli) -> None:
    ok(run, "item", "onboard", "X-1", "--title", "X", *BASELINE)
    ok(run, "item", "reprioritise", "X-1", "--rank", "3", "--authority", "IC", "-m", "Ranked",
       "--effective-date", "2026-02-01")  # fmt: skip
    ranking = trail(run, "X-1")[-1]
    ok(run, "decision", "correct", str(ranking["position"]), "--set",
       "effective_date=2026-03-01", "--effective-date", "2026-03-01", *PMO)  # fmt: skip

    def rank(*moment: str) -> Any:
        shown = run("item", "show", "X-1", "--json", "--effective-on", "2026-02-15", *moment)
        return json.loads(shown.output)["rank"]

    assert rank() is None, "on the effective clock, on its new day"
    assert rank("--as-of", ranking["recorded_at"]) == 3, "as of before the correction"


def test_an_annulled_decision_is_not_corrected(run: Cli) -> None:
    ok(run, "item", "onboard", "X-1", "--title", "X", *BASELINE)
    ok(run, "item", "escalate", "X-1", "--issue", "Late", "--severity", "low", "--to", "IC",
       "-m", "Up")  # fmt: skip
    escalation = str(trail(run, "X-1")[-1]["position"])
    ok(run, "decision", "annul", escalation, *PMO)
    before = run.events()
    said = run("decision", "correct", escalation, "--set", "severity=high", *PMO)
    assert said.exit_code == 1, said.output
    assert run.events() == before


def test_dependencies_once_each_way_and_never_newly_on_an_item_that_left(run: Cli) -> None:
    for key in ("X-1", "Y-1", "Z-1"):
        ok(run, "item", "onboard", key, "--title", key, *BASELINE)
    ok(run, "item", "leave", "Z-1", "--reason", "merged", "--merged-into", "Y-1",
       "--authority", "Portfolio Board", "-m", "Merged")  # fmt: skip
    on = ("--what", "Data", "-m", "Uses it")
    ok(run, "item", "declare-dependency", "X-1", "--on", "Y-1", *on)
    ok(run, "item", "declare-dependency", "Y-1", "--on", "X-1", *on)  # a cycle is allowed
    before = run.events()
    twice = run("item", "declare-dependency", "X-1", "--on", "Y-1", *on)
    left = run("item", "declare-dependency", "X-1", "--on", "Z-1", *on)
    undeclared = run("item", "remove-dependency", "Y-1", "--on", "Z-1", "-m", "Never did")
    assert [r.exit_code for r in (twice, left, undeclared)] == [1, 1, 1]
    assert "Y-1" in left.output, "names the item it was merged into"
    assert run.events() == before
    ok(run, "item", "remove-dependency", "X-1", "--on", "Y-1", "-m", "Delivered")
    assert last_fields(run) == {"depends_on": "Y-1"}


def test_a_correction_s_summary_cuts_a_long_text_which_its_event_holds_whole(run: Cli) -> None:
    ok(run, "item", "onboard", "X-1", "--title", "X", *BASELINE)
    long = "Minutes of the meeting of 5 January record the baseline as read from the register"
    ok(run, "decision", "correct", str(trail(run, "X-1")[0]["position"]), "--set",
       f"rationale={long}", *PMO)  # fmt: skip
    summary = trail(run, "X-1")[-1]["summary"]
    assert summary.endswith(f"rationale Joined -> {long[:57]}...")
    assert last_fields(run)["corrected"] == {"rationale": long}


def test_a_value_none_is_said_as_a_word_naming_its_field_and_stored_as_the_doc_says(
    run: Cli,
) -> None:
    # The doc's change words were 'FIELD OLD -> NEW' only, and its fields said no
    # null: an item onboarded without an owner or organisation, then named one,
    # is said 'no owner -> Ann Lee', its amendment storing the owner before as "".
    ok(run, "item", "onboard", "X-1", "--title", "X", *BASELINE)  # no owner, no organisation
    ok(run, "item", "amend", "X-1", "--owner", "Ann Lee", "-m", "Named")
    amended = last_fields(run)
    ok(run, "organisation", "add", "DWP", "--name", "Department for Work", "-m", "Listed")
    ok(run, "item", "transfer", "X-1", "--to", "DWP", "-m", "Moved")
    transferred = last_fields(run)
    ok(run, "item", "propose", "Y-1", "--kind", "project", "--title", "Y", "--owner", "A",
       "--sponsor", "B", "--category", "C", "--organisation", "DWP", "-m", "Need")  # fmt: skip
    ok(run, "item", "defer", "Y-1", "--until", "2099-02-23", "--authority", "IC", "-m", "Later")
    proposal, deferral = (row["position"] for row in trail(run, "Y-1"))
    ok(run, "decision", "correct", str(proposal), "--set", "description=Hello", *PMO)
    ok(run, "decision", "correct", str(deferral), "--set", "until=", *PMO)

    said = [row["summary"] for row in trail(run, "X-1")[1:] + trail(run, "Y-1")[2:]]
    assert said == [
        "no owner -> Ann Lee",
        "no organisation -> DWP",
        f"corrects position {proposal} (proposed): no description -> Hello",
        f"corrects position {deferral} (deferred): until 2099-02-23 -> no end date",
    ]
    words = " ".join(DOC.read_text(encoding="utf-8").split())
    for example in ("no owner -> Ann Lee", "no organisation -> DWP", "no description -> Hello",
                    "until 2027-02-23 -> no end date"):  # fmt: skip
        assert f"{example}`" in words, example
    assert amended == {"changes": {"owner": "Ann Lee"}, "previous": {"owner": ""}}
    assert 'an `owner` or `sponsor` it had none of (onboarded without one) `""`' in words
    assert transferred == {"organisation": "DWP", "previous_organisation": None}
    assert "`previous_organisation` (null for an item of no organisation)" in words


def test_a_breach_s_ceiling_is_the_budget_and_the_tolerance_as_the_doc_says(run: Cli) -> None:
    # The doc said amounts are stored as written; a ceiling is worked out, a
    # percentage's to the hundredth, rounded down ('1099.98' for 10% over 999.99).
    for argv in one_board("--unlimited"):
        ok(run, *argv)
    meeting = ("--board", "IC", "--present", "hcarter", "--vote", "hcarter=for",
               "--actor", "hcarter", "-m", "Tolerance")  # fmt: skip
    ceilings = []
    for key, budget, tolerance in (("X-1", "999.99", "10%"), ("Y-1", "1000", "GBP 10.5")):
        baseline = [*BASELINE]
        baseline[baseline.index("--budget") + 1] = budget
        ok(run, "item", "onboard", key, "--title", key, *baseline)
        ok(run, "item", "set-tolerance", key, "--cost", tolerance, *meeting)
        ok(run, "item", "report-status", key, "--overall", "red", "--forecast-cost", "2000",
           "-m", "Over")  # fmt: skip
        breach = stored_events(run.url)[-2]
        assert breach.name == "ToleranceBreached", breach.name
        ceilings.append(breach.fields["ceiling"]["_data_"]["amount"])
    assert ceilings == ["1099.98", "1010.5"]
    words = " ".join(DOC.read_text(encoding="utf-8").split())
    assert (
        "a percentage's to the hundredth, rounded down (`1099.98` for 10% over `999.99`)" in words
    )
