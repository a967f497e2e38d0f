"""The board pack's R7 (action overdue) and R8 (dependency at risk), read from docs/reports.md.

Worked out from *The rules* before the software was run, for what
test_board_pack_overdue_actions.py, test_board_pack_dependencies.py and
test_open_and_pack_second_reading.py leave out: an action one day overdue (its
words), an action completed after the pack's day, a due day corrected
earlier, an item with no owner, the stages that put a dependency at risk
(deferred, cancelled, retired) and those that do not, an item that depends
which is itself deferred or closed, the rules switched off or given a field
they have not, and the recorded clock.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from portfolio_ledger.domain.clock import utc_today
from tests.conftest import Cli

R7 = "R7 action-overdue"
R8 = "R8 dependency-at-risk"


def ok(run: Cli, *args: str) -> dict[str, Any]:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    recorded: dict[str, Any] = json.loads(result.stdout)
    return recorded


def onboard(run: Cli, key: str, *more: str, stage: str = "in delivery") -> None:
    ok(run, "item", "onboard", key, "--title", f"Title of {key}", "--organisation", "ORG",
       "--category", "Infra", "--stage", stage, *more, "--authority", "PMO baseline",
       "-m", "Baseline", "--effective-date", "2026-01-01")  # fmt: skip


def pack(run: Cli, as_at: str, *args: str) -> dict[str, Any]:
    return ok(run, "report", "board-pack", "--as-at", as_at, *args)


def found(run: Cli, rule: str, as_at: str, *args: str) -> list[tuple[Any, ...]]:
    return found_in(pack(run, as_at, *args), rule)


def found_in(content: dict[str, Any], rule: str) -> list[tuple[Any, ...]]:
    """The rule's exceptions in a pack already made (one pack read for several rules)."""
    return [(e["key"], e["detail"], e["age_days"]) for e in content["exceptions"]
            if e["rule"] == rule]  # fmt: skip


def advice(run: Cli, rule: str, as_at: str) -> list[str]:
    return advice_in(pack(run, as_at), rule)


def advice_in(content: dict[str, Any], rule: str) -> list[str]:
    return [r["text"] for r in content["recommendations"] if r["rule"] == rule]


def recommend(run: Cli, key: str, due: str, day: str = "2026-02-01") -> dict[str, Any]:
    return ok(run, "item", "recommend-action", key, "--action", "Re-plan", "--owner", "Olu",
              "--due", due, "-m", "Answers it", "--effective-date", day)  # fmt: skip


def test_one_day_overdue_is_said_as_one_day_and_aged_one(run: Cli) -> None:
    """'its age is the days it is overdue'; '{days} ... never 1 days'."""
    onboard(run, "A", "--owner", "Ann")
    recommend(run, "A", due="2026-03-01")

    assert found(run, R7, "2026-03-01") == []
    content = pack(run, "2026-03-02")  # its exceptions and its recommendations
    assert found_in(content, R7) == [("A", "#1, due 2026-03-01: Re-plan", 1)]
    assert advice_in(content, R7) == [
        (
            "A: corrective action overdue 1 day (#1, due 2026-03-01: Re-plan); recommend Olu "
            "complete it, or the owner, Ann, bring the board a new plan."
        )
    ]


def test_an_action_without_an_item_owner_says_who_is_missing(run: Cli) -> None:
    """'a name set off by commas ... is left out with its commas and the sentence says who is
    missing'."""
    onboard(run, "A")
    recommend(run, "A", due="2026-03-01")

    assert advice(run, R7, "2026-03-11") == [
        (
            "A: corrective action overdue 10 days (#1, due 2026-03-01: Re-plan); recommend Olu "
            "complete it, or the owner bring the board a new plan (no owner on record)."
        )
    ]


def test_an_action_completed_after_the_packs_day_is_overdue_in_it(run: Cli) -> None:
    """'R7 reads each item's open corrective actions as they stood at the pack's date on its
    clock'."""
    onboard(run, "A", "--owner", "Ann")
    recommend(run, "A", due="2026-03-01")
    ok(run, "item", "complete-action", "A", "-m", "Done", "--effective-date", "2026-04-01")

    assert found(run, R7, "2026-03-31") == [("A", "#1, due 2026-03-01: Re-plan", 30)]
    assert found(run, R7, "2026-04-01") == []


def test_a_due_day_corrected_earlier_is_overdue_as_corrected(run: Cli) -> None:
    onboard(run, "A", "--owner", "Ann")
    recommended = recommend(run, "A", due="2026-06-30")
    assert found(run, R7, "2026-04-10") == []

    ok(run, "decision", "correct", str(recommended["position"]), "--set", "due=2026-04-01",
       "--authority", "PMO", "-m", "The minutes say April")  # fmt: skip

    assert found(run, R7, "2026-04-10") == [("A", "#1, due 2026-04-01: Re-plan", 9)]


@pytest.mark.parametrize(
    ("verb", "more", "said"),
    [
        ("defer", [], "deferred"),
        ("cancel", [], "cancelled"),
        ("retire", [], "retired"),
    ],
)
def test_each_stage_that_puts_a_dependency_at_risk_is_named(
    run: Cli, verb: str, more: list[str], said: str
) -> None:
    """'depends ... on an item paused, deferred, rejected, cancelled, retired or out of the
    portfolio at the pack's date'; 'no age'."""
    onboard(run, "A", "--owner", "Ann")
    onboard(run, "B", "--owner", "Bob", stage="live" if verb == "retire" else "approved")
    if verb == "defer":  # an approved item is not deferred: B joins the pipeline instead
        ok(run, "item", "propose", "C", "--kind", "project", "--title", "Title of C",
           "--owner", "Cy", "--sponsor", "CFO", "--category", "Infra", "-m", "Proposed",
           "--effective-date", "2026-01-01")  # fmt: skip
        target, owner = "C", "Cy"
    else:
        target, owner = "B", "Bob"
    ok(run, "item", "declare-dependency", "A", "--on", target, "--what", "Feed", "-m", "Needs it",
       "--effective-date", "2026-02-01")  # fmt: skip
    ok(run, "item", verb, target, *more, "--authority", "IC", "-m", "Board decision",
       "--effective-date", "2026-03-01")  # fmt: skip

    assert found(run, R8, "2026-02-28") == []
    detail = f"depends on {target} (Feed), which is {said} (owner {owner})"
    content = pack(run, "2026-03-01")
    [exception] = [e for e in content["exceptions"] if e["rule"] == R8]
    assert (exception["key"], exception["detail"]) == ("A", detail)
    assert exception["age_days"] is None


def test_an_item_that_depends_is_flagged_while_not_closed_however_early(run: Cli) -> None:
    """'an item not closed': a proposed item and a deferred one are flagged, a rejected one not."""
    onboard(run, "B", "--owner", "Bob")
    for key in ("P", "Q", "R"):
        ok(run, "item", "propose", key, "--kind", "project", "--title", f"Title of {key}",
           "--owner", "Pat", "--sponsor", "CFO", "--category", "Infra", "-m", "Proposed",
           "--effective-date", "2026-01-01")  # fmt: skip
        ok(run, "item", "declare-dependency", key, "--on", "B", "--what", "Feed", "-m", "Needs",
           "--effective-date", "2026-02-01")  # fmt: skip
    ok(run, "item", "pause", "B", "--authority", "IC", "-m", "Paused",
       "--effective-date", "2026-03-01")  # fmt: skip
    ok(run, "item", "defer", "Q", "--authority", "IC", "-m", "Later",
       "--effective-date", "2026-03-02")  # fmt: skip
    ok(run, "item", "reject", "R", "--authority", "IC", "-m", "No case",
       "--effective-date", "2026-03-02")  # fmt: skip

    flagged = [key for key, _, _ in found(run, R8, "2026-03-10")]

    assert sorted(flagged) == ["P", "Q"]


def test_rules_switched_off_find_nothing_and_a_threshold_they_have_not_is_refused(
    run: Cli, tmp_path: Path
) -> None:
    """'R1, R5, R7 and R8 have no threshold'; a rule can be switched off (enabled = false)."""
    onboard(run, "A", "--owner", "Ann")
    onboard(run, "B", "--owner", "Bob")
    recommend(run, "A", due="2026-03-01")
    ok(run, "item", "declare-dependency", "A", "--on", "B", "--what", "Feed", "-m", "Needs",
       "--effective-date", "2026-02-01")  # fmt: skip
    ok(run, "item", "pause", "B", "--authority", "IC", "-m", "Paused",
       "--effective-date", "2026-03-01")  # fmt: skip
    off = tmp_path / "off.toml"
    off.write_text("[R7]\nenabled = false\n\n[R8]\nenabled = false\n", encoding="utf-8")

    switched_off, switched_on = (
        pack(run, "2026-04-01", "--rules", str(off)),
        pack(run, "2026-04-01"),
    )
    assert found_in(switched_off, R7) == []
    assert found_in(switched_off, R8) == []
    assert len(found_in(switched_on, R7)) == len(found_in(switched_on, R8)) == 1
    for rule in ("R7", "R8"):
        wrong = tmp_path / f"{rule}.toml"
        wrong.write_text(f"[{rule}]\nthreshold = 5\n", encoding="utf-8")
        refused = run("report", "board-pack", "--as-at", "2026-04-01", "--rules", str(wrong),
                      "--json")  # fmt: skip
        assert refused.exit_code == 2, refused.output  # as every rules file refused is
        said = " ".join(refused.output.split())
        assert f"rule {rule}: threshold: {rule} has no threshold" in said


def test_on_the_recorded_clock_the_pack_sees_what_had_been_recorded(run: Cli) -> None:
    """--clock recorded: 'what the ledger said at the end of that day (UTC)'."""
    today = utc_today().isoformat()
    onboard(run, "A", "--owner", "Ann")
    onboard(run, "B", "--owner", "Bob")
    recommend(run, "A", due="2026-03-01")
    ok(run, "item", "declare-dependency", "A", "--on", "B", "--what", "Feed", "-m", "Needs",
       "--effective-date", "2026-02-01")  # fmt: skip
    ok(run, "item", "pause", "B", "--authority", "IC", "-m", "Paused",
       "--effective-date", "2026-03-01")  # fmt: skip

    recorded = pack(run, today, "--clock", "recorded")
    assert [k for k, _, _ in found_in(recorded, R7)] == ["A"]
    assert [k for k, _, _ in found_in(recorded, R8)] == ["A"]
    assert found(run, R7, "2026-04-01", "--clock", "recorded") == []  # nothing recorded then
