"""A board pack flags each corrective action past its due day: R7 action-overdue.

Its exceptions listed open escalations (R1, R2) but not a corrective action
whose due day had passed and which nobody had completed, the very thing a
board following up its exceptions asks about. Now each is an exception, aged
by the days it is overdue, with a recommendation for its owner: in the JSON,
the HTML and the workbook, as the other exceptions are.
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from tests.behaviour.test_portfolio_open import ON, portfolio_with_open_records
from tests.conftest import Cli

RULE = "R7 action-overdue"
DETAIL = "#1, due 2026-05-31: Re-plan the waves"
ADVICE = (
    "PRJ-1: corrective action overdue 30 days (#1, due 2026-05-31: Re-plan the waves); "
    "recommend Olu Okafor complete it, or the owner, Dana, bring the board a new plan."
)


def pack(run: Cli, *args: str, as_at: str = ON) -> dict[str, Any]:
    result = run("report", "board-pack", "--as-at", as_at, "--since", "2026-03-01", *args)
    assert result.exit_code == 0, result.output
    content: dict[str, Any] = json.loads(result.stdout) if "--json" in args else {}
    return content


def test_an_overdue_action_is_an_exception_with_its_days_overdue(run: Cli) -> None:
    portfolio_with_open_records(run)

    content = pack(run, "--json")

    overdue = [e for e in content["exceptions"] if e["rule"] == RULE]
    assert [(e["key"], e["detail"], e["age_days"], e["body"], e["owner"]) for e in overdue] == [
        ("PRJ-1", DETAIL, 30, "Olu Okafor", "Dana")
    ]  # PRJ-3's #2 (due corrected to 09-30) and PRJ-2's #1 (07-31) are not yet due
    advice = [r["text"] for r in content["recommendations"] if r["rule"] == RULE]
    assert advice == [ADVICE]
    assert any(rule.startswith(f"{RULE}: ") for rule in content["rules"])
    escalations = [e["key"] for e in content["exceptions"] if e["rule"].startswith("R2")]
    assert escalations == ["PRJ-1"]  # R2 as before


def test_an_action_due_on_the_packs_day_or_completed_is_none(run: Cli) -> None:
    portfolio_with_open_records(run)

    due_today = pack(run, "--json", as_at="2026-05-31")
    assert [e for e in due_today["exceptions"] if e["rule"] == RULE] == []
    ok = run("item", "complete-action", "PRJ-1", "--action", "1", "-m", "Done",
             "--effective-date", "2026-06-01")  # fmt: skip
    assert ok.exit_code == 0, ok.output
    after = pack(run, "--json")
    assert [e for e in after["exceptions"] if e["rule"] == RULE] == []
    assert any(rule.startswith(f"{RULE}: ") for rule in after["rules"])  # applied, none found


def test_the_exception_is_in_the_html_and_the_workbook(run: Cli, tmp_path: Path) -> None:
    portfolio_with_open_records(run)

    pack(run, "--reproducible", "--out", str(tmp_path / "pack.html"))
    pack(run, "--reproducible", "--out", str(tmp_path / "pack.xlsx"))

    text = unescape(re.sub(r"<[^>]+>", "", (tmp_path / "pack.html").read_text(encoding="utf-8")))
    assert f"{RULE}PRJ-1Title of PRJ-1{DETAIL}DanaOlu Okafor30" in text  # the table's row
    assert f"{RULE} {ADVICE}" in text
    book = load_workbook(tmp_path / "pack.xlsx", read_only=True)
    cells = {str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row}
    assert {RULE, DETAIL, ADVICE} <= cells
