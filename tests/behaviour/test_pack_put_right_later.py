"""A board pack on the effective clock flags a decision put right after its period.

On the effective clock the pack is the record "as the ledger knows it now,
late records and corrections included" (docs/reports.md). A decision in the
period that was annulled or corrected later (the annulment takes effect on
the day it is decided, after the period) was listed unflagged: the board
read an annulled approval as one taken, beside a summary in which the item
was never approved. It is flagged ``annulled by #N`` / ``corrected by #N``.
On the recorded clock the pack is what the ledger said at the end of its
day, so what was recorded later is not there.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli
from tests.ledger_copies import copy_of

MEETING = ("--board", "IC", "--present", "hcarter,mlee,cdubois",
           "--vote", "hcarter=for,mlee=for,cdubois=for", "--actor", "hcarter")  # fmt: skip


def recorded(run: Cli, *args: str) -> int:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return int(json.loads(result.stdout)["position"])


def governed(run: Cli) -> None:
    said = ("-m", "Set up", "--effective-date", "2024-01-02")
    for key, name in (("hcarter", "Helen Carter"), ("mlee", "Marcus Lee"), ("cdubois", "C D")):
        recorded(run, "person", "add", key, "--name", name, "--holds", "Member", *said)
    recorded(run, "board", "create", "IC", "--name", "Investment Committee", "--terms", "t",
             "--unlimited", "--quorum", "2", "--authority", "Articles", *said)  # fmt: skip
    for key in ("hcarter", "mlee", "cdubois"):
        recorded(run, "board", "appoint", "IC", key, "--authority", "Articles", *said)


def approved(run: Cli, key: str, day: str) -> int:
    recorded(run, "item", "propose", key, "--kind", "project", "--title", key, "--owner", "O",
             "--sponsor", "S", "--category", "IT", "-m", "p",
             "--effective-date", "2024-03-01")  # fmt: skip
    recorded(run, "item", "appraise", key, "--estimated-cost", "10", "--expected-benefits", "20",
             "--risk-rating", "low", "--alignment-score", "50", "-m", "a",
             "--effective-date", "2024-03-02")  # fmt: skip
    return recorded(run, "item", "approve", key, "--budget", "10", *MEETING, "-m", "ok",
                    "--effective-date", day)  # fmt: skip


def governed_and_approved(url: str) -> int:
    """A build for ledger_copies.copy_of: :func:`governed`, PRJ-1 approved on 2024-04-10."""
    run = Cli(url)
    governed(run)
    return approved(run, "PRJ-1", "2024-04-10")


@pytest.fixture
def approval(run: Cli, request: pytest.FixtureRequest) -> int:
    """The position of PRJ-1's approval (2024-04-10) on the IC of :func:`governed`.

    Every test starts so: built once per module and database kind, each test puts
    right a copy of its own (tests/ledger_copies.py).
    """
    position: int = copy_of(governed_and_approved, run.url, request)
    return position


def pack(run: Cli, *clock: str) -> dict[str, Any]:
    result = run("report", "board-pack", "--as-at", "2024-04-30", "--since", "2024-03-31",
                 *clock, "--reproducible", "--json")  # fmt: skip
    assert result.exit_code == 0, result.output
    content: dict[str, Any] = json.loads(result.stdout)
    return content


def test_an_approval_annulled_or_corrected_after_the_period_is_flagged(
    run: Cli, approval: int
) -> None:
    wrong = approval
    typo = approved(run, "PRJ-2", "2024-04-11")
    kept = approved(run, "PRJ-3", "2024-04-12")
    put_right = ("--authority", "PMO procedure", "-m", "Put right")
    annulment = recorded(run, "decision", "annul", str(wrong), *put_right)
    correction = recorded(run, "decision", "correct", str(typo), "--set",
                          "authorised_budget=12", *put_right)  # fmt: skip

    content = pack(run)

    flags = {d["position"]: d["flag"] for d in content["decisions"]}
    assert flags[wrong] == f"annulled by #{annulment}"
    assert flags[typo] == f"corrected by #{correction}"
    assert flags[kept] is None
    assert annulment not in flags  # decided after the period
    assert correction not in flags


def test_on_the_recorded_clock_what_was_recorded_later_is_not_there(
    run: Cli, approval: int
) -> None:
    wrong = approval
    recorded(run, "decision", "annul", str(wrong), "--authority", "PMO", "-m", "Put right")

    content = pack(run, "--clock", "recorded")

    assert content["decisions"] == []  # nothing was recorded by the end of 2024-04-30


def test_a_decision_corrected_several_times_is_shown_as_it_now_stands_with_every_correction(
    run: Cli, approval: int
) -> None:
    """Only the latest correction was named: a board read one correction of three, and the
    figure the decision was recorded with, not the one it now stands on."""
    typo = approval
    put_right = ("--authority", "PMO procedure", "-m", "Put right")
    first = recorded(run, "decision", "correct", str(typo), "--set", "authorised_budget=12",
                     *put_right)  # fmt: skip
    second = recorded(run, "decision", "correct", str(typo), "--set", "authorised_budget=14",
                      *put_right)  # fmt: skip

    (entry,) = [d for d in pack(run)["decisions"] if d["position"] == typo]

    assert entry["flag"] == f"corrected 2 times, by #{first}, #{second}"
    assert entry["corrected_by"] == [first, second]
    assert entry["summary"] == "approved with budget GBP 10"
    assert entry["as_it_stands"] == "approved with budget GBP 14"
    assert entry["read_at"] == "audit trail --item PRJ-1"


def test_the_html_pack_leads_with_the_decision_as_it_now_stands(
    run: Cli, approval: int, tmp_path: Path
) -> None:
    typo = approval
    put_right = ("--authority", "PMO procedure", "-m", "Put right")
    for budget in ("12", "14"):
        recorded(run, "decision", "correct", str(typo), "--set", f"authorised_budget={budget}",
                 *put_right)  # fmt: skip
    out = tmp_path / "pack.html"

    made = run("report", "board-pack", "--as-at", "2024-04-30", "--since", "2024-03-31",
               "--out", str(out))  # fmt: skip

    assert made.exit_code == 0, made.output
    html = out.read_text(encoding="utf-8")
    assert (
        "As it now stands: approved with budget GBP 14</span> "
        "(recorded as: approved with budget GBP 10)"
    ) in html
    assert "Read them: <code>portfolio-ledger audit trail --item PRJ-1</code>" in html


def test_the_workbook_shows_the_decision_as_it_now_stands(
    run: Cli, approval: int, tmp_path: Path
) -> None:
    """The xlsx pack, written beside the HTML's change, gave only the decision as recorded:
    a board working in the spreadsheet read the budget a correction had put right."""
    from tests.behaviour.test_board_pack_xlsx import sheets

    typo = approval
    put_right = ("--authority", "PMO procedure", "-m", "Put right")
    recorded(run, "decision", "correct", str(typo), "--set", "authorised_budget=14", *put_right)
    out = tmp_path / "pack.xlsx"

    made = run("report", "board-pack", "--as-at", "2024-04-30", "--since", "2024-03-31",
               "--out", str(out))  # fmt: skip

    assert made.exit_code == 0, made.output
    header, *rows = sheets(out)["Decisions"]
    (row,) = [dict(zip(header, r, strict=True)) for r in rows if r[0] == typo]
    assert row["What (as recorded)"] == "approved with budget GBP 10"
    assert row["As it now stands"] == "approved with budget GBP 14"
    assert row["Read the corrections"] == "portfolio-ledger audit trail --item PRJ-1"


def test_a_decision_a_correction_moved_says_the_day_it_now_takes_effect(
    run: Cli, approval: int, tmp_path: Path
) -> None:
    """Its row stands on the day it was recorded with, as in 'audit trail': before, it read
    'corrected by #N' and, as it now stands, what it was recorded as, the new day nowhere."""
    moved = approval
    correction = recorded(run, "decision", "correct", str(moved), "--set",
                          "effective_date=2024-04-20", "--authority", "PMO procedure",
                          "-m", "The meeting was on the 20th")  # fmt: skip
    out = tmp_path / "pack.html"

    (entry,) = [d for d in pack(run)["decisions"] if d["position"] == moved]
    made = run("report", "board-pack", "--as-at", "2024-04-30", "--since", "2024-03-31",
               "--out", str(out))  # fmt: skip

    assert entry["effective_date"] == "2024-04-10"
    assert entry["flag"] == f"corrected by #{correction}"
    assert entry["as_it_stands"] == "approved with budget GBP 10, effective 2024-04-20"
    assert made.exit_code == 0, made.output
    assert (
        "As it now stands: approved with budget GBP 10, effective "
        '<span class="date">2024-04-20</span></span> '  # a date is kept on one line
        "(recorded as: approved with budget GBP 10)"
    ) in out.read_text(encoding="utf-8")
