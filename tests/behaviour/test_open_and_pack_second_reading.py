"""``portfolio open``, R7 and R8 read from the docs alone, on small ledgers built by hand.

The expected answers were worked out from README (*Two clocks*), docs/tables.md
and docs/reports.md (*The rules*) before the software was run: ages on both
clocks, an item with no owner, an item depended on that left (merged into
another), was resumed or is another organisation's, a dependency removed and
declared again, and text a spreadsheet
would run.
"""

from __future__ import annotations

import json
from typing import Any

from tests.conftest import Cli

R7 = "R7 action-overdue"
R8 = "R8 dependency-at-risk"


def ok(run: Cli, *args: str) -> None:
    result = run(*args)
    assert result.exit_code == 0, result.output


def onboard(run: Cli, key: str, organisation: str, *owner: str) -> None:
    """An item in delivery since 2026-01-01; ``owner`` is ("--owner", NAME), or none."""
    ok(run, "item", "onboard", key, "--title", f"Title of {key}", "--organisation",
       organisation, "--category", "Infra", *owner, "--authority", "PMO baseline",
       "-m", "Baseline", "--effective-date", "2026-01-01")  # fmt: skip


def depends(run: Cli, key: str, on: str, what: str, day: str = "2026-02-01") -> None:
    ok(run, "item", "declare-dependency", key, "--on", on, "--what", what, "-m", "Needs it",
       "--effective-date", day)  # fmt: skip


def decide(run: Cli, verb: str, key: str, day: str, *more: str) -> None:
    ok(run, "item", verb, key, *more, "--authority", "IC", "-m", "Board decision",
       "--effective-date", day)  # fmt: skip


def exceptions(run: Cli, rule: str, as_at: str, *args: str) -> list[tuple[str, str]]:
    result = run("report", "board-pack", "--as-at", as_at, "--json", *args)
    assert result.exit_code == 0, result.output
    content: dict[str, Any] = json.loads(result.stdout)
    return [(e["key"], e["detail"]) for e in content["exceptions"] if e["rule"] == rule]


def advice(run: Cli, rule: str, as_at: str) -> list[str]:
    result = run("report", "board-pack", "--as-at", as_at, "--json")
    assert result.exit_code == 0, result.output
    content: dict[str, Any] = json.loads(result.stdout)
    return [r["text"] for r in content["recommendations"] if r["rule"] == rule]


def test_r8_says_the_item_depended_on_has_no_owner_on_record(run: Cli) -> None:
    """reports.md: 'the other's owner is named in the detail'; with none, the pack says so."""
    onboard(run, "A", "ORG1", "--owner", "Ann")
    onboard(run, "B", "ORG2")  # onboarded with no owner, as a return may
    depends(run, "A", "B", "Data feed")
    depends(run, "B", "A", "Alpha platform")  # a cycle is allowed
    decide(run, "pause", "B", "2026-04-01")

    assert exceptions(run, R8, "2026-04-10") == [
        ("A", "depends on B (Data feed), which is paused (no owner on record)")
    ]
    decide(run, "pause", "A", "2026-04-02")
    first = (
        "A: depends on B (Data feed), which is paused (no owner on record); recommend the "
        "owner, Ann, assess the impact and bring the board a new plan, or remove the "
        "dependency."
    )
    second = (
        "B: depends on A (Alpha platform), which is paused (owner Ann); recommend the owner "
        "assess the impact and bring the board a new plan, or remove the dependency (no "
        "owner on record)."
    )
    assert advice(run, R8, "2026-04-10") == [first, second]


def test_r8_says_an_item_depended_on_left_and_where_it_was_merged(run: Cli) -> None:
    """'which is left (owner Dee)' told the board neither that it left nor into what."""
    for key, organisation in (("D", "ORG1"), ("E", "ORG1"), ("F", "ORG2"), ("G", "ORG1")):
        onboard(run, key, organisation, "--owner", f"Owner of {key}")
    depends(run, "E", "D", "Platform")
    depends(run, "G", "F", "Fox data")
    decide(run, "leave", "D", "2026-03-01", "--reason", "merged", "--merged-into", "F")
    decide(run, "pause", "F", "2026-03-01")
    decide(run, "resume", "F", "2026-04-01")
    left = (
        "depends on D (Platform), which has left the portfolio (merged into another item F; "
        "owner Owner of D)"
    )
    merged = ("E", left)

    # F is ORG2's: it counts for G, which the pack covers, though the pack covers not F.
    assert exceptions(run, R8, "2026-03-15", "--organisation", "ORG1") == [
        merged,
        ("G", "depends on F (Fox data), which is paused (owner Owner of F)"),
    ]
    assert exceptions(run, R8, "2026-04-15") == [merged]  # F resumed
    assert exceptions(run, R8, "2026-02-15") == []  # D not yet merged, F not yet paused


def test_r8_follows_a_dependency_removed_then_declared_again(run: Cli) -> None:
    onboard(run, "A", "ORG1", "--owner", "Ann")
    onboard(run, "B", "ORG1", "--owner", "Bob")
    depends(run, "A", "B", "Feed v1")
    decide(run, "pause", "B", "2026-03-01")
    ok(run, "item", "remove-dependency", "A", "--on", "B", "-m", "Dropped",
       "--effective-date", "2026-04-05")  # fmt: skip
    depends(run, "A", "B", "Feed v2", day="2026-04-08")

    assert exceptions(run, R8, "2026-04-01") == [
        ("A", "depends on B (Feed v1), which is paused (owner Bob)")
    ]
    assert exceptions(run, R8, "2026-04-06") == []
    assert exceptions(run, R8, "2026-04-10") == [
        ("A", "depends on B (Feed v2), which is paused (owner Bob)")
    ]


def test_ages_on_both_clocks_and_the_overdue_days_as_the_docs_count_them(run: Cli) -> None:
    """Recommended 02-01, due 03-01; on 03-10: 37 days old, 9 overdue; on 03-01: not yet."""
    onboard(run, "A", "ORG1", "--owner", "Ann")
    onboard(run, "B", "ORG2")
    ok(run, "item", "recommend-action", "A", "--action", "Re-plan", "--owner", "Olu",
       "--due", "2026-03-01", "-m", "Late", "--effective-date", "2026-02-01")  # fmt: skip
    ok(run, "item", "escalate", "B", "--issue", "Supplier late", "--severity", "high",
       "--to", "IC", "-m", "Late", "--effective-date", "2026-02-10")  # fmt: skip

    def rows(*args: str) -> list[tuple[Any, ...]]:
        result = run("portfolio", "open", "--json", *args)
        assert result.exit_code == 0, result.output
        return [
            (r["key"], r["kind"], r["age_days"], r["overdue"], r["days_overdue"])
            for r in json.loads(result.stdout)
        ]

    assert rows("--effective-on", "2026-03-10") == [
        ("A", "corrective action", 37, True, 9),
        ("B", "escalation", 28, None, None),
    ]
    assert rows("--effective-on", "2026-03-01") == [
        ("A", "corrective action", 28, False, 0),
        ("B", "escalation", 19, None, None),
    ]
    assert rows("--effective-on", "2026-03-10", "--limit", "1", "--offset", "1") == [
        ("B", "escalation", 28, None, None)
    ]
    assert exceptions(run, R7, "2026-03-01") == []  # due on the pack's day: not yet
    assert exceptions(run, R7, "2026-03-10") == [("A", "#1, due 2026-03-01: Re-plan")]


def test_text_a_spreadsheet_would_run_is_neutralised_in_the_open_csv(run: Cli) -> None:
    ok(run, "item", "onboard", "H-1", "--title", '=HYPERLINK("http://x","y")',
       "--organisation", "ORG", "--category", "Infra", "--authority", "PMO", "-m", "Baseline",
       "--effective-date", "2026-01-01")  # fmt: skip
    ok(run, "item", "recommend-action", "H-1", "--action", "-2+3 <b>now</b>", "--owner",
       "@Olu", "--due", "2026-02-01", "-m", "x", "--effective-date", "2026-01-10")  # fmt: skip

    result = run("portfolio", "open", "--effective-on", "2026-03-01", "--format", "csv")

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1] == (
        'H-1,"\'=HYPERLINK(""http://x"",""y"")",ORG,corrective action,1,'
        "'-2+3 <b>now</b>,,'@Olu,,2026-02-01,2026-01-10,50,28"
    )


def test_an_action_left_open_on_a_cancelled_item_stays_overdue_until_completed(
    run: Cli,
) -> None:
    """reports.md: R7 flags it, as R2 flags an escalation left open; portfolio open lists it."""
    onboard(run, "C", "ORG1", "--owner", "Cat")
    ok(run, "item", "recommend-action", "C", "--action", "Fix C", "--owner", "Olu",
       "--due", "2026-02-10", "-m", "x", "--effective-date", "2026-02-01")  # fmt: skip
    decide(run, "cancel", "C", "2026-03-01")
    listed = run("portfolio", "open", "--overdue", "--effective-on", "2026-04-10", "--json")

    assert exceptions(run, R7, "2026-04-10") == [("C", "#1, due 2026-02-10: Fix C")]
    assert [(r["key"], r["days_overdue"]) for r in json.loads(listed.stdout)] == [("C", 59)]
    ok(run, "item", "complete-action", "C", "-m", "Done", "--effective-date", "2026-04-01")
    assert exceptions(run, R7, "2026-04-10") == []
