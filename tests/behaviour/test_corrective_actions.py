"""Corrective actions: recommended (what, who owns it, by when), numbered, then completed.

DOMAIN.md's control vocabulary has "corrective action recommended (action,
owner, due date)" and "corrective action completed", and its portfolio views
"open escalations and corrective actions, with their age": the ledger had
escalations only, so an exception's answer could not be recorded or followed.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Cli


def _proposed(run: Cli) -> None:
    proposed = run("item", "propose", "PRJ-1", "--kind", "project", "--title", "Payroll",
                   "--owner", "Dana", "--sponsor", "CFO", "--category", "Corporate systems",
                   "-m", "Contract ends", "--effective-date", "2026-03-01")  # fmt: skip
    assert proposed.exit_code == 0, proposed.output


def _recommend(run: Cli, action: str, due: str, day: str = "2026-03-05") -> Cli:
    result = run("item", "recommend-action", "PRJ-1", "--action", action, "--owner",
                 "Dana Okafor", "--due", due, "-m", "Answers the exception",
                 "--effective-date", day)  # fmt: skip
    assert result.exit_code == 0, result.output
    return run


def test_an_action_is_recommended_shown_open_and_completed(run: Cli) -> None:
    _proposed(run)

    recommended = run("item", "recommend-action", "PRJ-1", "--action", "Re-plan the waves",
                      "--owner", "Dana Okafor", "--due", "2026-07-31", "-m", "Answers #1",
                      "--effective-date", "2026-03-05")  # fmt: skip

    assert recommended.exit_code == 0, recommended.output
    assert "corrective action #1: Re-plan the waves (owner Dana Okafor, due 2026-07-31)" in (
        recommended.output
    )
    shown = run("item", "show", "PRJ-1")
    assert "Open actions        1" in shown.output
    assert "2026-03-05   2026-07-31  Dana Okafor  Re-plan the waves" in shown.output
    as_json = json.loads(run("item", "show", "PRJ-1", "--json").output)
    assert as_json["open_corrective_actions"] == [
        {"number": 1, "action": "Re-plan the waves", "owner": "Dana Okafor",
         "due": "2026-07-31", "recommended_on": "2026-03-05"}
    ]  # fmt: skip
    completed = run("item", "complete-action", "PRJ-1", "-m", "Waves re-planned",
                    "--effective-date", "2026-04-01")  # fmt: skip
    assert completed.exit_code == 0, completed.output
    assert "corrective action #1 completed" in completed.output
    assert (
        json.loads(run("item", "show", "PRJ-1", "--json").output)["open_corrective_actions"] == []
    )
    then = json.loads(run("item", "show", "PRJ-1", "--effective-on", "2026-03-31", "--json").output)
    assert [a["number"] for a in then["open_corrective_actions"]] == [1]


def test_a_due_date_before_the_recommendation_is_refused(run: Cli) -> None:
    _proposed(run)
    before = run.events()

    early = run("item", "recommend-action", "PRJ-1", "--action", "A", "--owner", "O",
                "--due", "2026-03-01", "-m", "x", "--effective-date", "2026-03-05")  # fmt: skip

    assert early.exit_code == 2, early.output
    assert "cannot be due on 2026-03-01, before it was recommended" in early.output
    assert run.events() == before


def test_which_action_is_completed_is_named_when_several_are_open(run: Cli) -> None:
    _proposed(run)
    _recommend(_recommend(run, "First", "2026-06-30"), "Second", "2026-07-31")
    before = run.events()

    unnamed = run("item", "complete-action", "PRJ-1", "-m", "Done")
    unknown = run("item", "complete-action", "PRJ-1", "--action", "9", "-m", "Done")

    assert unnamed.exit_code == 1, unnamed.output
    assert "PRJ-1 has 2 open corrective actions (#1, #2); name one with --action" in (
        unnamed.output
    )
    assert unknown.exit_code == 1, unknown.output
    assert "PRJ-1 has no open corrective action #9" in unknown.output
    assert run.events() == before


def test_completing_with_none_open_says_there_is_nothing_to_complete(run: Cli) -> None:
    _proposed(run)
    before = run.events()

    none_open = run("item", "complete-action", "PRJ-1", "-m", "Done")

    assert none_open.exit_code == 1, none_open.output
    assert "PRJ-1 has 0 open corrective actions; there is nothing to complete" in " ".join(
        none_open.output.split()
    )
    assert "item recommend-action" in none_open.output
    assert run.events() == before


def test_resolving_with_none_open_says_there_is_nothing_to_resolve_and_what_to_do(
    run: Cli,
) -> None:
    # As completing an action with none open does: it named the rule, not what to do next.
    _proposed(run)
    before = run.events()

    none_open = run("item", "resolve", "PRJ-1", "-m", "Settled")

    assert none_open.exit_code == 1, none_open.output
    said = " ".join(none_open.output.split())
    assert "PRJ-1 has 0 open escalations; there is nothing to resolve" in said
    assert "(escalate an issue first with 'portfolio-ledger item escalate')" in said
    assert run.events() == before


def test_a_number_is_never_given_again_after_an_annulment(run: Cli) -> None:
    _proposed(run)
    _recommend(run, "First", "2026-06-30")
    position = json.loads(run("audit", "trail", "--item", "PRJ-1", "--json").output)[-1]
    annulled = run("decision", "annul", str(position["position"]), "--authority", "PMO",
                   "-m", "Recorded on the wrong item")  # fmt: skip
    assert annulled.exit_code == 0, annulled.output

    again = run("item", "recommend-action", "PRJ-1", "--action", "Second", "--owner", "O",
                "--due", "2026-07-31", "-m", "x", "--effective-date", "2026-03-06")  # fmt: skip

    assert again.exit_code == 0, again.output
    assert "corrective action #2: Second" in again.output


def test_an_action_is_imported_and_its_due_date_corrected(run: Cli, tmp_path: Path) -> None:
    _proposed(run)
    lines = tmp_path / "actions.jsonl"
    lines.write_text(json.dumps({
        "command": "item recommend-action", "key": "PRJ-1", "action": "Re-plan",
        "action_owner": "Dana Okafor", "due": "2026-07-31", "actor": "Sam Patel",
        "role": "PMO", "rationale": "Minuted", "effective_date": "2026-03-05"}) + "\n",
        encoding="utf-8")  # fmt: skip
    imported = run("import", str(lines))
    assert imported.exit_code == 0, imported.output
    position = json.loads(run("audit", "trail", "--item", "PRJ-1", "--json").output)[-1]

    earlier = run("decision", "correct", str(position["position"]), "--set", "due=2026-03-01",
                  "--authority", "PMO", "-m", "x")  # fmt: skip
    later = run("decision", "correct", str(position["position"]), "--set", "due=2026-09-30",
                "--authority", "PMO", "-m", "The minutes say September")  # fmt: skip

    assert earlier.exit_code == 1, earlier.output
    assert "before it was recommended" in earlier.output
    assert later.exit_code == 0, later.output
    assert "due 2026-07-31 -> 2026-09-30" in later.output
