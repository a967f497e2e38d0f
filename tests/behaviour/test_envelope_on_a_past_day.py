"""The board pack of a past day shows the envelope that stood on that day, on either clock.

A correction of the envelope's effective date (minutes that put it earlier)
moved the envelope in the ledger but not in ``portfolio_envelopes``: the
read model took only the portfolio's own events, not a correction or an
annulment of them, so a pack of a day between the two dates said "No
portfolio envelope is set" and ``economics --effective-on`` agreed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from portfolio_ledger.domain.clock import utc_today
from tests.conftest import Cli


def recorded(run: Cli, *args: str) -> int:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return int(json.loads(result.stdout)["position"])


def pack(run: Cli, as_at: str, *args: str) -> dict[str, Any]:
    result = run("report", "board-pack", "--as-at", as_at, "--json", *args)
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.stdout))


@pytest.fixture
def moved_earlier(run: Cli) -> Cli:
    """An envelope recorded with effect from May, then corrected to January."""
    first = recorded(run, "portfolio", "envelope", "GBP 100,000", "--authority", "Board",
                     "-m", "Capital plan", "--effective-date", "2026-05-10")  # fmt: skip
    recorded(run, "decision", "correct", str(first), "--set", "effective_date=2026-01-10",
             "--authority", "PMO", "-m", "The minutes say January")  # fmt: skip
    return run


def test_an_envelope_moved_earlier_stands_on_the_days_it_now_covers(moved_earlier: Cli) -> None:
    content = pack(moved_earlier, "2026-02-01")

    assert content["summary"]["envelope"]["envelope"] == "100000.00"
    economics = json.loads(
        moved_earlier("economics", "--effective-on", "2026-02-01", "--json").stdout
    )
    assert economics["envelope"] == {"amount": "100000.00", "currency": "GBP"}


def test_an_envelope_change_annulled_gives_back_the_one_before(moved_earlier: Cli) -> None:
    change = recorded(moved_earlier, "portfolio", "envelope", "GBP 300,000", "--authority",
                      "Board", "-m", "Raised", "--effective-date", "2026-03-01")  # fmt: skip
    assert pack(moved_earlier, "2026-04-01")["summary"]["envelope"]["envelope"] == "300000.00"

    recorded(moved_earlier, "decision", "annul", str(change), "--authority", "PMO",
             "-m", "Never decided")  # fmt: skip

    assert pack(moved_earlier, "2026-04-01")["summary"]["envelope"]["envelope"] == "100000.00"
    today = utc_today().isoformat()  # as the ledger knows it at the end of today, too
    now = pack(moved_earlier, today, "--clock", "recorded")
    assert now["summary"]["envelope"]["envelope"] == "100000.00"


def test_a_day_before_any_envelope_says_none_stood_then(moved_earlier: Cli, tmp_path: Path) -> None:
    out = tmp_path / "pack.html"
    made = moved_earlier("report", "board-pack", "--as-at", "2026-01-09", "--out", str(out))

    assert made.exit_code == 0, made.output
    html = out.read_text(encoding="utf-8")
    day = '<span class="date">2026-01-09</span>'  # held on one line (render.dated)
    said = f"No portfolio envelope stood on {day} (in effect that day)."
    assert said in html


def test_an_envelope_dated_before_the_first_names_the_correction_of_the_first(run: Cli) -> None:
    """The first envelope's date may be the wrong one: the refusal names it and its correction."""
    first = recorded(run, "portfolio", "envelope", "GBP 100,000", "--authority", "Board",
                     "-m", "Capital plan", "--effective-date", "2026-05-10")  # fmt: skip

    earlier = run("portfolio", "envelope", "GBP 200,000", "--authority", "Board",
                  "-m", "January plan", "--effective-date", "2026-01-10")  # fmt: skip

    assert earlier.exit_code == 1
    said = " ".join(earlier.output.split())
    fix = f"decision correct {first} --set effective_date=2026-01-10 --authority AUTHORITY"
    assert "give an effective date of 2026-05-10 or later" in said
    assert fix in said, said
    recorded(run, "decision", "correct", str(first), "--set", "effective_date=2026-01-10",
             "--authority", "PMO", "-m", "The minutes say January")  # fmt: skip
    recorded(run, "portfolio", "envelope", "GBP 200,000", "--authority", "Board",
             "-m", "January plan", "--effective-date", "2026-01-10")  # fmt: skip


def test_the_workbook_says_no_envelope_stood_then_too(moved_earlier: Cli, tmp_path: Path) -> None:
    # The HTML said so; the workbook's Pack sheet had no envelope row at all, as if omitted.
    from tests.behaviour.test_board_pack_xlsx import sheets

    out = tmp_path / "pack.xlsx"
    made = moved_earlier("report", "board-pack", "--as-at", "2026-01-09", "--out", str(out))

    assert made.exit_code == 0, made.output
    about = dict(sheets(out)["Pack"][1:])
    assert about["Envelope"] == "No portfolio envelope stood on 2026-01-09 (in effect that day)"
