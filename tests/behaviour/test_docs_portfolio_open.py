"""``portfolio open`` read from README (*Two clocks*) and docs/tables.md alone.

The expected answers were worked out from the docs before the software was
run, for what tests/behaviour/test_portfolio_open*.py and
test_open_and_pack_second_reading.py leave out: the day an action falls due
and the day after, a record raised on the day asked, both clocks at once, a
day after today, an escalation corrected, annulled or resolved after the day
asked, an action left open on an item that left, the item filters, paging at
its edges, and the files (CSV to a file, the workbook, formats that disagree).
"""

from __future__ import annotations

import json
import shlex
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from portfolio_ledger.domain.clock import utc_today
from tests.conftest import Cli


def ok(run: Cli, *args: str) -> dict[str, Any]:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    recorded: dict[str, Any] = json.loads(result.stdout)
    return recorded


def onboard(run: Cli, key: str, organisation: str, *more: str) -> None:
    """An item in delivery since 2026-01-01."""
    ok(run, "item", "onboard", key, "--title", f"Title of {key}", "--organisation",
       organisation, "--category", "Infra", "--owner", f"Owner of {key}", *more, "--authority",
       "PMO baseline", "-m", "Baseline", "--effective-date", "2026-01-01")  # fmt: skip


def recommend(run: Cli, key: str, due: str, day: str, action: str = "Re-plan") -> dict[str, Any]:
    return ok(run, "item", "recommend-action", key, "--action", action, "--owner", "Olu",
              "--due", due, "-m", "Answers it", "--effective-date", day)  # fmt: skip


def escalate(run: Cli, key: str, day: str, issue: str = "Supplier late") -> dict[str, Any]:
    return ok(run, "item", "escalate", key, "--issue", issue, "--severity", "high",
              "--to", "IC", "-m", "Late", "--effective-date", day)  # fmt: skip


def listed(run: Cli, *args: str) -> list[dict[str, Any]]:
    result = run("portfolio", "open", *args, "--json")
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def brief(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(r["key"], r["kind"], r["age_days"], r["overdue"], r["days_overdue"]) for r in rows]


def test_due_on_the_day_is_not_overdue_the_day_after_is_by_one_day(run: Cli) -> None:
    """'whether it is overdue (its due day before the day counted to; due on it, not yet)'."""
    onboard(run, "A", "ORG1")
    onboard(run, "B", "ORG2")
    recommend(run, "A", due="2026-03-09", day="2026-03-01")
    escalate(run, "B", "2026-03-10")

    assert brief(listed(run, "--effective-on", "2026-03-09")) == [
        ("A", "corrective action", 8, False, 0),
    ]
    assert brief(listed(run, "--effective-on", "2026-03-10")) == [
        ("A", "corrective action", 9, True, 1),
        ("B", "escalation", 0, None, None),  # raised on the day counted to: 0 days old
    ]
    shown = run("portfolio", "open", "--effective-on", "2026-03-10")
    assert shown.exit_code == 0, shown.output
    assert shown.output.startswith(
        "Open: 1 escalation, 1 corrective action (1 overdue), in effect on 2026-03-10; "
        "ages in days to 2026-03-10\n"
    )
    [action_row] = [line for line in shown.output.splitlines() if line.startswith("A ")]
    assert action_row.rstrip().endswith("by 1 day"), action_row
    before = run("portfolio", "open", "--effective-on", "2026-02-28")
    assert before.exit_code == 0, before.output
    assert "nothing is open" in before.output
    assert listed(run, "--effective-on", "2026-02-28") == []


def test_both_clocks_at_once_read_the_record_then_and_count_to_the_effective_day(
    run: Cli,
) -> None:
    """'Ages are counted to ... the day asked: --effective-on's, else --as-of's'; 'each item is
    read from its decisions as they stood then'."""
    onboard(run, "A", "ORG1")
    recorded = recommend(run, "A", due="2026-03-09", day="2026-03-01")
    ok(run, "item", "complete-action", "A", "-m", "Done", "--effective-date", "2026-03-05")

    then = listed(run, "--as-of", recorded["recorded_at"], "--effective-on", "2026-04-01")
    now = listed(run, "--effective-on", "2026-04-01")
    before_completion = listed(run, "--effective-on", "2026-03-04")

    assert brief(then) == [("A", "corrective action", 31, True, 23)]
    assert now == []  # completed with effect from 03-05, as known now
    assert brief(before_completion) == [("A", "corrective action", 3, False, 0)]


def test_a_day_after_today_is_answered_and_a_moment_after_now_refused(run: Cli) -> None:
    """concepts.md, *Moments after now*: --effective-on a later day is answered (what is in
    effect today); --as-of after now is refused, exit 2."""
    onboard(run, "A", "ORG1")
    today = utc_today()
    recommend(run, "A", due=today.isoformat(), day="2026-03-01")
    later = today + timedelta(days=10)

    rows = listed(run, "--effective-on", later.isoformat())
    refused = run("portfolio", "open", "--as-of", later.isoformat())

    assert brief(rows) == [("A", "corrective action", (later - date(2026, 3, 1)).days, True, 10)]
    assert refused.exit_code == 2, refused.output
    assert "Traceback" not in refused.output


def test_an_escalation_is_listed_as_corrected_not_once_annulled_and_until_resolved(
    run: Cli,
) -> None:
    """'A completed action, a resolved escalation and an annulled recommendation are not
    listed; a corrected one is listed as corrected.'"""
    onboard(run, "A", "ORG1")
    onboard(run, "B", "ORG1")
    first = escalate(run, "A", "2026-03-01", issue="Supplier late")
    ok(run, "decision", "correct", str(first["position"]), "--set", "severity=critical", "--set",
       "issue=Supplier insolvent", "--authority", "PMO", "-m", "Minutes say so")  # fmt: skip
    wrong = escalate(run, "B", "2026-03-02", issue="Recorded on the wrong item")
    ok(run, "decision", "annul", str(wrong["position"]), "--authority", "PMO", "-m", "Wrong item")
    escalate(run, "B", "2026-03-03", issue="Key person leaving")
    ok(run, "item", "resolve", "B", "--escalation", "2", "-m", "Replaced",
       "--effective-date", "2026-03-20")  # fmt: skip
    due = recommend(run, "B", due="2026-06-30", day="2026-03-04")
    ok(run, "decision", "correct", str(due["position"]), "--set", "due=2026-03-14",
       "--authority", "PMO", "-m", "The minutes say March")  # fmt: skip

    on_19th = listed(run, "--effective-on", "2026-03-19")
    on_20th = listed(run, "--effective-on", "2026-03-20")

    assert [(r["key"], r["kind"], r["number"], r["what"], r["severity"]) for r in on_19th] == [
        ("A", "escalation", 1, "Supplier insolvent", "critical"),
        ("B", "escalation", 2, "Key person leaving", "high"),
        ("B", "corrective action", 1, "Re-plan", None),
    ]
    assert (on_19th[2]["due"], on_19th[2]["days_overdue"]) == ("2026-03-14", 5)  # as corrected
    assert [(r["key"], r["number"]) for r in on_20th] == [("A", 1), ("B", 1)]


def test_an_overdue_action_on_an_item_that_left_is_still_listed(run: Cli) -> None:
    """reports.md: an item that left keeps its open action, and 'portfolio open --overdue lists
    the same actions' as R7 flags."""
    onboard(run, "A", "ORG1")
    onboard(run, "D", "ORG1")
    recommend(run, "D", due="2026-02-10", day="2026-02-01", action="Hand over the data")
    ok(run, "item", "leave", "D", "--reason", "merged", "--merged-into", "A",
       "--authority", "IC", "-m", "Merged", "--effective-date", "2026-03-01")  # fmt: skip

    rows = listed(run, "--overdue", "--effective-on", "2026-04-10")
    pack = ok(run, "report", "board-pack", "--as-at", "2026-04-10")

    assert brief(rows) == [("D", "corrective action", 68, True, 59)]
    r7 = [(e["key"], e["age_days"]) for e in pack["exceptions"] if e["rule"].startswith("R7")]
    assert r7 == [("D", 59)]


def test_the_item_filters_choose_the_items_whose_records_are_listed(run: Cli) -> None:
    """'the item filters (--organisation, --stage, ...; --kind is the item's) ... are
    portfolio's', each repeated or comma-separated, any value matching."""
    onboard(run, "A", "ORG1", "--rag", "red")
    onboard(run, "P", "ORG2", "--kind", "programme")
    onboard(run, "C", "ORG3")
    for key in ("A", "P", "C"):
        recommend(run, key, due="2026-06-30", day="2026-03-01")
    ok(run, "item", "cancel", "C", "--authority", "IC", "-m", "Stopped",
       "--effective-date", "2026-03-05")  # fmt: skip

    def keys(*args: str) -> list[str]:
        return [r["key"] for r in listed(run, "--effective-on", "2026-04-01", *args)]

    assert sorted(keys()) == ["A", "C", "P"]
    assert keys("--kind", "programme") == ["P"]
    assert sorted(keys("--organisation", "org1,ORG3")) == ["A", "C"]
    assert sorted(keys("--organisation", "ORG1", "--organisation", "ORG2")) == ["A", "P"]
    assert keys("--stage", "cancelled") == ["C"]
    assert sorted(keys("--stage", "in-delivery")) == ["A", "P"]
    assert keys("--rag", "RED") == ["A"]
    assert sorted(keys("--rag", "not-reported")) == ["C", "P"]
    assert keys("--category", "infra", "--kind", "project", "--stage", "in delivery") == ["A"]
    for bad in (["--stage", "nowhere"], ["--type", "escalations"], ["--organisation", ""]):
        result = run("portfolio", "open", *bad)
        assert result.exit_code == 2, (bad, result.output)
        assert "Traceback" not in result.output


def test_paging_at_its_edges(run: Cli) -> None:
    """'--limit N, --offset N: skip N rows, show at most N (each 0 to 2^63 - 1 ...; above it
    the option is refused, exit 2)'."""
    onboard(run, "A", "ORG1")
    for number, day in enumerate(("2026-03-01", "2026-03-02", "2026-03-03"), start=1):
        recommend(run, "A", due="2026-06-30", day=day, action=f"Action {number}")
    on = ["--effective-on", "2026-04-01"]

    assert listed(run, *on, "--limit", "0") == []
    assert [r["number"] for r in listed(run, *on, "--offset", "2")] == [3]
    assert listed(run, *on, "--offset", "3") == []
    assert [r["number"] for r in listed(run, *on, "--offset", "1", "--limit", "5")] == [2, 3]
    assert [r["number"] for r in listed(run, *on, "--limit", str(2**63 - 1))] == [1, 2, 3]
    for option in ("--limit", "--offset"):
        too_big = run("portfolio", "open", option, str(2**63))
        assert too_big.exit_code == 2, too_big.output
        negative = run("portfolio", "open", option, "-1")
        assert negative.exit_code == 2, negative.output


def test_the_files_csv_with_its_mark_and_crlf_the_workbook_typed(run: Cli, tmp_path: Path) -> None:
    """tables.md: CSV to a file starts with a byte-order mark, lines end in CRLF; the workbook
    has one sheet named after the view, a frozen header, numbers and dates as such; 'Days
    overdue' is 0 for an action not overdue and empty for an escalation."""
    onboard(run, "A", "ORG1")
    recommend(run, "A", due="2026-03-31", day="2026-03-01")
    escalate(run, "A", "2026-03-02")
    on = ["--effective-on", "2026-03-10"]

    csv_file, book_file = tmp_path / "open.csv", tmp_path / "open.XLSX"
    assert run("portfolio", "open", *on, "--out", str(csv_file)).exit_code == 0
    assert run("portfolio", "open", *on, "--out", str(book_file)).exit_code == 0

    raw = csv_file.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfKey,Title,Organisation,Kind,#,What,Severity,")
    assert raw.count(b"\r\n") == 3
    assert raw.decode("utf-8-sig").splitlines()[2] == (
        "A,Title of A,ORG1,escalation,1,Supplier late,high,,IC,,2026-03-02,8,"
    )
    book = load_workbook(book_file)
    assert book.sheetnames == ["Open"]
    sheet = book["Open"]
    assert sheet.freeze_panes == "A2"
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Key", "Title", "Organisation", "Kind", "#", "What", "Severity",
                       "Action owner", "Escalated to", "Due", "Raised", "Age (days)",
                       "Days overdue")  # fmt: skip
    action, escalation = rows[1], rows[2]
    assert action[:9] + action[11:] == ("A", "Title of A", "ORG1", "corrective action", 1,
                                        "Re-plan", None, "Olu", None, 9, 0)  # fmt: skip
    assert [cell.date() for cell in action[9:11] if isinstance(cell, datetime)] == [
        date(2026, 3, 31), date(2026, 3, 1),
    ]  # fmt: skip
    assert (escalation[4], escalation[9], escalation[-1]) == (1, None, None)


def test_formats_that_disagree_are_bad_usage_and_write_nothing(run: Cli, tmp_path: Path) -> None:
    onboard(run, "A", "ORG1")
    out = tmp_path / "view.csv"

    for args in (
        ["--format", "json", "--out", str(out)],
        ["--json", "--format", "csv"],
        ["--format", "xlsx"],
        ["--out", str(tmp_path / "view.pdf")],
        ["--out", str(tmp_path / "no-such-folder" / "view.csv")],
    ):
        result = run("portfolio", "open", *args)
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".csv", ".pdf")) == []


def test_with_nothing_overdue_the_command_offered_asks_of_the_same_items_and_moment(
    run: Cli,
) -> None:
    """--overdue finding none points to '--type action' for the actions not yet due: run as
    offered, it lists those, at the moment and of the items asked, not today's or every item's
    (where the action is overdue by now, or another item's is)."""
    onboard(run, "A", "ORG1")
    onboard(run, "B", "ORG 2")
    recommend(run, "A", due="2026-03-09", day="2026-03-01", action="Not yet due")
    recommend(run, "B", due="2026-02-01", day="2026-01-10", action="Another item's")
    asked = ["--effective-on", "2026-03-05", "--organisation", "org1", "--stage", "in delivery"]

    result = run("portfolio", "open", "--overdue", *asked)

    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "no corrective action is overdue; the 1 open one not yet due: " in said
    offered = said.split("not yet due: '", 1)[1].removesuffix("'.")
    words = shlex.split(offered)
    assert words[:3] == ["portfolio-ledger", "portfolio", "open"]
    assert "--overdue" not in words
    rows = listed(run, *words[3:])
    assert [(r["key"], r["what"], r["overdue"], r["age_days"]) for r in rows] == [
        ("A", "Not yet due", False, 4)
    ]
    for moment in (["--as-of", utc_today().isoformat()], []):
        quiet = run("portfolio", "open", "--overdue", "--organisation", "ORG 2", *moment,
                    "--effective-on", "2026-01-20")  # fmt: skip
        offered = " ".join(quiet.output.split()).split("not yet due: '", 1)[1].removesuffix("'.")
        again = [(r["key"], r["overdue"]) for r in listed(run, *shlex.split(offered)[3:])]
        assert again == [("B", False)], offered


def test_an_annulled_resolution_or_completion_opens_the_record_again(run: Cli) -> None:
    """An annulled decision is not in effect: the escalation it resolved, the action it
    completed, are open again, in the listing and in the pack's R2 and R7."""
    onboard(run, "A", "ORG1")
    escalate(run, "A", "2026-03-01")
    resolved = ok(run, "item", "resolve", "A", "-m", "Done", "--effective-date", "2026-03-05")
    recommend(run, "A", due="2026-03-09", day="2026-03-02")
    completed = ok(run, "item", "complete-action", "A", "-m", "Done",
                   "--effective-date", "2026-03-06")  # fmt: skip
    assert listed(run, "--effective-on", "2026-04-01") == []

    for decision in (resolved, completed):
        ok(run, "decision", "annul", str(decision["position"]), "--authority", "PMO",
           "-m", "Recorded in error")  # fmt: skip

    assert brief(listed(run, "--effective-on", "2026-04-01")) == [
        ("A", "escalation", 31, None, None),
        ("A", "corrective action", 30, True, 23),
    ]
    pack = ok(run, "report", "board-pack", "--as-at", "2026-04-01")
    rules = sorted(e["rule"][:2] for e in pack["exceptions"] if e["key"] == "A")
    assert [rule for rule in rules if rule in ("R2", "R7")] == ["R2", "R7"]


def test_as_of_a_moment_before_a_correction_lists_the_record_as_it_stood_then(run: Cli) -> None:
    """'At a moment each item is read from its decisions as they stood then': a correction
    recorded later (a severity, a due day moved later, another owner) is not yet in it."""
    onboard(run, "A", "ORG1")
    raised = escalate(run, "A", "2026-03-01")
    recommended = recommend(run, "A", due="2026-03-09", day="2026-03-02")
    ok(run, "decision", "correct", str(raised["position"]), "--set", "severity=critical",
       "--authority", "PMO", "-m", "Minutes say so")  # fmt: skip
    ok(run, "decision", "correct", str(recommended["position"]), "--set", "due=2026-04-30",
       "--set", "action_owner=Ann", "--authority", "PMO", "-m", "Re-planned")  # fmt: skip

    def seen(*args: str) -> list[tuple[Any, ...]]:
        rows = listed(run, "--effective-on", "2026-03-20", *args)
        return [(r["severity"], r["action_owner"], r["due"], r["days_overdue"]) for r in rows]

    assert seen("--as-of", recommended["recorded_at"]) == [
        ("high", None, None, None),
        (None, "Olu", "2026-03-09", 11),
    ]
    assert seen() == [("critical", None, None, None), (None, "Ann", "2026-04-30", 0)]


def test_text_a_spreadsheet_would_run_is_neutralised_in_the_workbook_numbers_are_not(
    run: Cli, tmp_path: Path
) -> None:
    """tables.md, *Text that a spreadsheet might run*: one ' in front of such text, in xlsx as
    in CSV; numbers and dates written as what they are."""
    onboard(run, "A", "ORG1")
    ok(run, "item", "recommend-action", "A", "--action", " =SUM(A1:A9)", "--owner", "\uff20Olu",
       "--due", "2026-03-01", "-m", "x", "--effective-date", "2026-02-01")  # fmt: skip
    ok(run, "item", "escalate", "A", "--issue", "+44 supplier line down", "--severity", "high",
       "--to", "-IC-", "-m", "Late", "--effective-date", "2026-02-02")  # fmt: skip
    book_file = tmp_path / "open.xlsx"

    result = run("portfolio", "open", "--effective-on", "2026-03-10", "--out", str(book_file))

    assert result.exit_code == 0, result.output
    rows = list(load_workbook(book_file)["Open"].iter_rows(values_only=True))
    assert (rows[1][5], rows[1][7], rows[1][11], rows[1][12]) == (
        "' =SUM(A1:A9)",
        "'\uff20Olu",
        37,
        9,
    )
    assert (rows[2][5], rows[2][8], rows[2][11]) == ("'+44 supplier line down", "'-IC-", 36)
