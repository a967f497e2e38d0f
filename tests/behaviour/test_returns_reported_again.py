"""A return that rates an item as the ledger has it reports its status again, on its date.

Without it, an item a quarterly return lists with nothing new kept the date of
its last different report: the board pack found it "no status report" (R4),
and an item red in return after return was red in one report only (R3).
"""

from __future__ import annotations

import json
from typing import Any

from tests.behaviour.test_returns_refusals import write
from tests.conftest import Cli

HEADER = (
    "key,title,kind,organisation,category,owner,sponsor,stage,whole_life_cost,forecast_cost,rag"
)


def imported(run: Cli, name: str, rows: list[str], as_at: str, *options: str) -> dict[str, Any]:
    """Import the return (standard columns), expect it recorded; its reconciliation."""
    path = write(name, HEADER, *rows)
    result = run("returns", "import", str(path), "--as-at", as_at, "--authority", "PMO",
                 "--json", *options)  # fmt: skip
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.output))


def reports(run: Cli, key: str) -> list[str]:
    """The effective dates of the item's status reports."""
    trail = json.loads(run("audit", "trail", "--item", key, "--json").output)
    return [row["effective_date"] for row in trail if row["event_type"] == "StatusReported"]


ROWS = [
    "P-1,Payments,project,HMRC,Digital,,,in delivery,100,,red",
    "P-2,Old ledger,service,HMRC,Digital,,,live,50,,green",
    "P-3,Records,project,HMRC,Digital,,,in delivery,70,,",
]


def test_an_unchanged_rated_row_of_a_funded_item_is_its_status_reported_again(run: Cli) -> None:
    imported(run, "q1.csv", ROWS, "2026-03-31")
    day = ("--actor", "ann", "--role", "PMO", "-m", "R", "--effective-date", "2026-04-30")
    for decision in (
        ("person", "add", "ann", "--name", "Ann"),
        ("board", "create", "B", "--name", "B", "--terms", "t", "--quorum", "1", "--unlimited",
         "--authority", "Articles"),
        ("board", "appoint", "B", "ann", "--authority", "Articles"),
        ("item", "retire", "P-2", "--authority", "B"),
    ):  # fmt: skip
        done = run(*decision, *day)
        assert done.exit_code == 0, done.output
    q2 = [ROWS[0], ROWS[1].replace(",live,", ",,"), ROWS[2]]  # (a stage is not a return's)

    again = imported(run, "q2.csv", q2, "2026-06-30")

    assert [(r["key"], r["status_reported"]) for r in again["unchanged"]] == [
        ("P-1", True),  # rated, in delivery: reported again
        ("P-2", False),  # retired: status is reported on funded items only (else refused)
        ("P-3", False),  # its rating empty (not assessed): nothing to report
    ]
    assert again["recorded"] == 1
    assert reports(run, "P-1") == ["2026-06-30"]  # (onboarded with its rating on 03-31)


def test_red_in_three_returns_is_persistently_red_and_not_stale(run: Cli) -> None:
    for quarter, as_at in enumerate(("2026-03-31", "2026-06-30", "2026-09-30")):
        imported(run, f"q{quarter}.csv", ROWS, as_at)

    pack = json.loads(
        run("report", "board-pack", "--as-at", "2026-10-31", "--reproducible", "--json").output
    )

    found = {(e["rule"].split()[0], e["key"]) for e in pack["exceptions"]}
    assert ("R3", "P-1") in found  # red when it joined, then in its last two status reports
    assert ("R4", "P-1") not in found
    assert reports(run, "P-1") == ["2026-06-30", "2026-09-30"]


def test_another_return_of_the_same_date_reports_nothing_again(run: Cli) -> None:
    imported(run, "q1.csv", ROWS, "2026-03-31")
    events = run.events()

    again = imported(run, "q1-resent.csv", [*ROWS, ""], "2026-03-31")

    assert [r["status_reported"] for r in again["unchanged"]] == [False, False, False]
    assert run.events() == events


def test_a_dry_run_counts_the_reports_again_and_writes_nothing(run: Cli) -> None:
    imported(run, "q1.csv", ROWS, "2026-03-31")
    events = run.events()
    path = write("q2.csv", HEADER, *ROWS)

    dry = run("returns", "import", str(path), "--as-at", "2026-06-30", "--authority", "PMO",
              "--dry-run")  # fmt: skip

    assert dry.exit_code == 0, dry.output
    assert "3 unchanged (2 of them status reported again)" in dry.output
    assert "2 events would be recorded" in dry.output
    assert run.events() == events


def test_a_status_reported_again_keeps_the_item_s_ratings_by_dimension(run: Cli) -> None:
    # A return gives no cost, schedule, scope or benefits rating: the report again rated them
    # none, so an unchanged row wiped the ratings the item's last report gave.
    imported(run, "q1.csv", ROWS, "2026-03-31")
    manual = run("item", "report-status", "P-1", "--overall", "red", "--cost", "amber",
                 "--schedule", "red", "-m", "Board review",
                 "--effective-date", "2026-05-15")  # fmt: skip
    assert manual.exit_code == 0, manual.output

    again = imported(run, "q2.csv", ROWS, "2026-06-30")

    assert [r["status_reported"] for r in again["unchanged"]] == [True, True, False]
    item = json.loads(run("item", "show", "P-1", "--json").output)
    assert (item["last_status_date"], item["rag"]) == ("2026-06-30", "red")
    assert item["rag_dimensions"] == {
        "cost": "amber", "schedule": "red", "scope": None, "benefits": None
    }  # fmt: skip


def test_a_late_return_between_two_reports_reports_again_on_its_own_date(run: Cli) -> None:
    # docs/returns.md: as at a late return's date, the item's last report is the earlier one.
    imported(run, "q1.csv", ROWS, "2026-03-31")
    imported(run, "q3.csv", ROWS, "2026-09-30")

    late = imported(run, "q2.csv", ROWS, "2026-06-30")

    assert [r["status_reported"] for r in late["unchanged"]] == [True, True, False]
    assert reports(run, "P-1") == ["2026-09-30", "2026-06-30"]  # in ledger order
