"""A return whose forecast breaches a tolerance says so: the breach and its escalation.

A status report beyond a tolerance records the breach and an escalation to the
body that set the tolerance, as `item report-status` does and says. A monthly
return recorded the same two events, but said only the changed forecast, and
counted them among its events unexplained: an exception raised in the board's
name without a word to the analyst who imported the return.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.behaviour.test_returns_refusals import write
from tests.conftest import Cli

MAPPING = """\
source = "PPM export"
units = "thousands"
[columns]
key = "Number"
title = "Project"
organisation = "Department"
category = "Portfolio"
authorised_budget = "Budget"
forecast_cost = "EAC"
forecast_date = "End"
rag = "Health"
[spellings.rag]
"Yellow" = "amber"
[defaults]
kind = "project"
stage = "in delivery"
"""
BREACH = (
    "forecast cost GBP 1,200,000 exceeds GBP 1,100,000 (cost tolerance: 10% over budget); "
    "escalated to Delivery Board (DB) as #1"
)
HEADER = "Number,Project,Department,Portfolio,Budget,EAC,End,Health"
JUNE = ["PRJ1,Payroll,HR,Corporate,1000,1000,2027-03-31,Green",
        "PRJ2,CRM,Sales,Customer,500,500,2027-06-30,Green"]  # fmt: skip
JULY = ["PRJ1,Payroll,HR,Corporate,1000,1200,2027-03-31,Red",  # 20% over: beyond 10%
        "PRJ2,CRM,Sales,Customer,500,510,2027-06-30,Yellow"]  # 2% over: within it  # fmt: skip


def imported(run: Cli, name: str, rows: list[str], as_at: str, *options: str) -> str:
    """Import the monthly export; expect it read and recorded (or checked); its output."""
    mapping = Path("ppm.toml").resolve()
    mapping.write_text(MAPPING, encoding="utf-8")
    result = run("returns", "import", str(write(name, HEADER, *rows)), "--mapping", str(mapping),
                 "--as-at", as_at, "--authority", "PMO", *options)  # fmt: skip
    assert result.exit_code == 0, result.output
    return result.output


def tolerance_set(run: Cli) -> None:
    """The delivery board sets PRJ1 and PRJ2 a cost tolerance of 10% from 1 July."""
    day = ("--actor", "ann", "--role", "Chair", "-m", "Set up", "--effective-date", "2026-07-01")
    for decision in (
        ("person", "add", "ann", "--name", "Ann"),
        ("board", "create", "DB", "--name", "Delivery Board", "--terms", "t", "--quorum", "1",
         "--unlimited", "--authority", "Articles"),
        ("board", "appoint", "DB", "ann", "--authority", "Articles"),
        ("item", "set-tolerance", "PRJ1", "--cost", "10%", "--board", "DB", "--present", "ann",
         "--vote", "ann=for"),
        ("item", "set-tolerance", "PRJ2", "--cost", "10%", "--board", "DB", "--present", "ann",
         "--vote", "ann=for"),
    ):  # fmt: skip
        done = run(*decision, *day)
        assert done.exit_code == 0, done.output


def test_a_breach_a_return_raises_is_listed_with_its_escalation(run: Cli) -> None:
    imported(run, "june.csv", JUNE, "2026-06-30")
    tolerance_set(run)

    checked = imported(run, "july.csv", JULY, "2026-07-31", "--dry-run")
    said = imported(run, "july.csv", JULY, "2026-07-31")

    for output in (checked, said):  # the dry run says it before anything is recorded
        assert "Tolerances breached: 1, each escalated to the body that set it" in output
        assert f"PRJ1  {BREACH}" in output
    assert "PRJ2  forecast" not in output.split("Tolerances breached")[1]
    trail = json.loads(run("audit", "trail", "--item", "PRJ1", "--json").output)
    assert [row["event"] for row in trail][-2:] == ["tolerance breached", "escalated"]


def test_the_json_gives_each_rows_breaches(run: Cli) -> None:
    imported(run, "june.csv", JUNE, "2026-06-30")
    tolerance_set(run)

    data = json.loads(imported(run, "july.csv", JULY, "2026-07-31", "--json"))

    breaches = {row["key"]: row["tolerance_breaches"] for row in data["changed"]}
    assert breaches == {"PRJ1": [BREACH], "PRJ2": []}


def test_an_item_leaving_with_its_escalation_open_is_said_to(run: Cli) -> None:
    # PRJ1, escalated in July, is not in August's export: imported with --missing leave it
    # left, its escalation still open (the board pack lists it) and nothing said so.
    imported(run, "june.csv", JUNE, "2026-06-30")
    tolerance_set(run)
    imported(run, "july.csv", JULY, "2026-07-31")

    said = imported(run, "august.csv", JULY[1:], "2026-08-31", "--missing", "leave")

    assert (
        "Leaving with escalations open: PRJ1 (1). An escalation stays open after its item "
        "leaves, and the board pack lists it, until it is resolved ('item resolve KEY "
        "--escalation N')."
    ) in said
    pack = json.loads(
        run("report", "board-pack", "--as-at", "2026-08-31", "--reproducible", "--json").output
    )
    assert [(e["rule"], e["key"]) for e in pack["exceptions"]] == [("R1 tolerance-breach", "PRJ1")]


def test_missing_items_escalations_are_given_in_the_json(run: Cli) -> None:
    imported(run, "june.csv", JUNE, "2026-06-30")
    tolerance_set(run)
    imported(run, "july.csv", JULY, "2026-07-31")

    data = json.loads(imported(run, "august.csv", JULY[1:], "2026-08-31", "--json", "--dry-run"))

    assert [(m["key"], m["open_escalations"]) for m in data["missing"]] == [("PRJ1", 1)]
