"""The two clocks, checked by an independent reading of an export (tests/clock_oracle.py).

The demo ledger (its year made to end on 2026-12-04, so that its dates are
fixed whatever the day), with decisions added that the clocks must place: a
status report recorded late, corrections of a report's rating and forecast
(the forecast twice), of a decision's effective date, of a rank and of a
budget, and annulments of a report and of a reprioritisation. At many pairs
of moments (a recorded time, an effective day), ``portfolio --as-of TIME
--effective-on DAY --json`` lists each item as ``clock_oracle`` computes it
from ``audit export``, with nothing of portfolio_ledger's: stage, view,
organisation, category, RAG, rank, figures, open escalations and the
decision the state stands on.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.demo import record_demo
from tests.clock_oracle import disagreements, items_at, read_export, recorded
from tests.conftest import Cli

DEMO_ENDS = date(2026, 12, 4)
RECORD_KEEPING = ["--authority", "PMO record-keeping procedure", "-m", "The minutes say so"]


@dataclass
class Exported:
    run: Cli
    rows: list[dict[str, Any]]
    added: list[dict[str, Any]]
    """The rows of the decisions added to the demo, in ledger order."""


def position(rows: list[dict[str, Any]], key: str, event: str, effective: str) -> str:
    """The ledger position of the decision on ``key`` of that kind on that day."""
    (found,) = [
        row["position"]
        for row in rows
        if (row["subject"], row["event"], row["effective_date"]) == (key, event, effective)
    ]
    return str(found)


def export(run: Cli, path: Path) -> list[dict[str, Any]]:
    result = run("audit", "export", "--out", str(path))
    assert result.exit_code == 0, result.output
    return read_export(path)


@pytest.fixture(scope="module")
def exported(module_db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Exported:
    """The demo with the added decisions, and its audit trail as exported."""
    ledger, _ = open_ledger(module_db_url)
    try:  # the demo's year ends on a day of its own, so its decisions' dates are fixed
        record_demo(ledger, today=DEMO_ENDS)
    finally:
        ledger.close()
    run = Cli(module_db_url)
    folder = tmp_path_factory.mktemp("exports")
    demo = export(run, folder / "demo.jsonl")
    at = {  # the demo's decisions that the added ones put right
        "report": position(demo, "PRJ-003", "status reported", "2026-05-02"),
        "moved": position(demo, "PRJ-010", "status reported", "2026-07-04"),
        "annulled": position(demo, "SVC-005", "status reported", "2026-07-15"),
        "rank": position(demo, "PRJ-007", "reprioritised", "2026-07-07"),
        "unranked": position(demo, "PRJ-013", "reprioritised", "2026-08-04"),
        "budget": position(demo, "PRJ-007", "funding changed", "2026-06-27"),
        "approval": position(demo, "PRJ-003", "approved", "2026-01-10"),
    }
    for args in (
        ["decision", "correct", at["report"], "--set", "overall=green",
         "--set", "forecast_cost=5000000", *RECORD_KEEPING],
        ["decision", "correct", at["moved"], "--set", "effective_date=2026-07-25",
         *RECORD_KEEPING],
        ["decision", "annul", at["annulled"], *RECORD_KEEPING],
        ["item", "report-status", "PGM-001", "--overall", "green", "--forecast-cost",
         "30000000", "--whole-life-cost", "withheld", "--effective-date", "2026-04-15",
         "-m", "Minutes typed in late"],
        ["decision", "correct", at["rank"], "--set", "rank=5", *RECORD_KEEPING],
        ["decision", "annul", at["unranked"], *RECORD_KEEPING],
        ["item", "report-status", "SVC-011", "--overall", "not assessed",
         "--whole-life-cost", "not known", "-m", "Under review"],
        ["decision", "correct", at["budget"], "--set", "authorised_budget=4200000",
         *RECORD_KEEPING],
        ["decision", "correct", at["report"], "--set", "forecast_cost=5100000",
         *RECORD_KEEPING],
        ["decision", "correct", at["approval"], "--set", "effective_date=2026-01-12",
         *RECORD_KEEPING],
    ):  # fmt: skip
        result = run(*args)
        assert result.exit_code == 0, result.output
    rows = export(run, folder / "trail.jsonl")
    return Exported(run, rows, rows[len(demo) :])


def portfolio(run: Cli) -> Any:
    """``portfolio --json`` at a moment, as a function of its two options."""

    def listed(as_of: str | None, day: str | None) -> list[dict[str, Any]]:
        moment = [] if as_of is None else ["--as-of", as_of]
        moment += [] if day is None else ["--effective-on", day]
        result = run("portfolio", *moment, "--json")
        assert result.exit_code == 0, result.output
        items: list[dict[str, Any]] = json.loads(result.stdout)
        return items

    return listed


def test_the_portfolio_at_each_moment_is_the_oracle_s(exported: Exported) -> None:
    rows, added = exported.rows, exported.added
    days = sorted({row["effective_date"] for row in rows})[::9]
    days += ["2026-01-11", "2026-04-14", "2026-04-20", "2026-05-05", "2026-07-20", "2026-07-30"]
    times = [row["recorded_at"] for row in rows[::23]]
    for row in added:  # each added decision, and the moment before it was recorded
        times.append(row["recorded_at"])
        before = recorded(row["recorded_at"]) - timedelta(microseconds=1)
        times.append(before.isoformat(timespec="microseconds").replace("+00:00", "Z"))
    last = recorded(rows[-1]["recorded_at"])
    times.append(rows[-1]["recorded_at"][:19] + "Z")  # to the second: the end of that second
    times.append((last + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S+01:00"))
    times.append(last.date().isoformat())  # a day: the end of that day
    times.append((last.date() - timedelta(days=1)).isoformat())  # before anything
    moments: list[tuple[str | None, str | None]] = [(None, None)]
    moments += [(None, day) for day in days]
    moments += [
        (time, days[(index * 7 + shift) % len(days)])
        for index, time in enumerate(times)
        for shift in (0, 3)
    ]
    moments += [(time, None) for time in times[::3]]

    assert disagreements(rows, moments, portfolio(exported.run)) == []


def test_an_export_in_csv_reads_as_the_json_lines_do(exported: Exported, tmp_path: Path) -> None:
    assert export(exported.run, tmp_path / "trail.csv") == exported.rows


def test_the_audit_trail_as_json_reads_as_the_export_does(exported: Exported) -> None:
    shown = exported.run("audit", "trail", "--json", "--out", "trail.json")
    assert shown.exit_code == 0, shown.output

    rows = read_export(Path("trail.json"))

    assert rows == [
        {name: value for name, value in row.items() if name != "row_sha256"}
        for row in exported.rows
    ]


def test_a_row_s_state_is_the_item_as_known_after_recording_not_on_its_date(
    exported: Exported,
) -> None:
    rows = exported.rows
    (late,) = [row for row in exported.added if row["effective_date"] == "2026-04-15"]
    as_recorded = recorded(late["recorded_at"])

    on_its_date = items_at(rows, as_recorded, date(2026, 4, 15))["PGM-001"]
    known_then = items_at(rows, as_recorded)["PGM-001"]

    assert (on_its_date["rag"], on_its_date["forecast_cost"]) == ("green", "30000000.00")
    assert known_then["rag"] != "green"
    assert (late["stage"], late["rag"]) == (known_then["stage"], known_then["rag"])
    differ = [
        (row["position"], row["stage"], row["rag"], state["stage"], state["rag"])
        for row in rows
        if row["subject_kind"] == "item"
        for state in [items_at(rows, recorded(row["recorded_at"]))[row["subject"]]]
        if (row["stage"], row["rag"]) != (state["stage"], state["rag"])
    ]
    assert differ == []
