"""An import's warnings of authority lost, as documented: lines putting the file's lines right,
how many are shown, and the pages' own example.

The rest of what docs/import.md and docs/governance.md say of these warnings is checked in
tests/behaviour/test_import_warnings_as_documented.py, by the same reader, from the pages
alone. Here: a line correcting or annulling an earlier line of the file (judged from the
day as corrected; put right, nothing named); a quorum set beyond the members, warned of by
the command and by an import alike; past ten lines that warn, the rest counted in one
warning; a line naming at most ten decisions; and docs/import.md's revocation of DEL-001 on
the demo, in governance.md's words for the command.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from portfolio_ledger.cli import cli
from portfolio_ledger.domain.clock import utc_today
from tests.behaviour.test_governance import day, delegate, gov
from tests.behaviour.test_import_warnings_as_documented import (
    MEETING,
    VOTES,
    approved,
    board_line,
    copied,
    heading,
    imported,
    revoke_line,
    said,
    twin,
    write,
)
from tests.conftest import Cli
from tests.ledger_copies import copy_of, demo

__all__ = ["gov", "twin"]  # the fixtures, used by name


@pytest.fixture
def demos(db_url: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[list[Cli]]:
    """Two demo ledgers (``portfolio-ledger demo``)."""
    copy_of(demo, db_url, request)
    for other in copied(demo, db_url, request, tmp_path):
        yield [Cli(db_url), other]


# -- lines that put the file's own lines right -----------------------------------------


def test_a_revocation_moved_earlier_on_a_later_line_is_named_by_that_line(
    gov: Cli, tmp_path: Path
) -> None:
    """A correction reaches decisions of any day: the revocation, as corrected, takes PRJ-B."""
    delegate(gov)
    b = approved(gov, "PRJ-B", "300000", "--delegation", "DEL-001", "--actor", "mlee", on=12)
    moved = {"command": "decision correct", "position": b + 1,
             "changes": {"effective_date": day(10)}, "authority": "IC", **said()}  # fmt: skip

    result = imported(gov, write(tmp_path, [revoke_line("DEL-001", 20), moved]))

    assert result.exit_code == 0, result.output
    assert result.stderr.count("Warning: ") == 1
    assert f"Warning: line 2: {heading(1)}" in result.stderr
    assert f"  PRJ-B approved, effective {day(12)} (position {b})" in result.stderr
    assert f"correct position {b + 1} again" in result.stderr  # the revocation, not line 2


def test_a_change_annulled_on_a_later_line_names_nothing(gov: Cli, tmp_path: Path) -> None:
    a = approved(gov, "PRJ-A", "GBP 2,000,000", *MEETING, *VOTES, on=3)
    annul = {"command": "decision annul", "position": a + 1, "authority": "EXB", **said()}

    result = imported(gov, write(tmp_path, [board_line("board stand-down", 2, person="mlee"),
                                            annul]))  # fmt: skip

    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def test_a_quorum_beyond_the_members_is_said_by_the_command_and_by_an_import_alike(
    gov: Cli, twin: Cli, tmp_path: Path
) -> None:
    """governance.md: an import says it too, once the file is recorded; then what it took."""
    for ledger in (gov, twin):
        approved(ledger, "PRJ-A", "GBP 2,000,000", *MEETING, *VOTES, on=3)

    by_import = imported(gov, write(tmp_path, [board_line("board set-quorum", 2, quorum=4)]))
    by_command = twin("board", "set-quorum", "IC", "4", "--effective-date", day(2),
                      "--authority", "EXB", "-m", "Minuted",
                      actor="hcarter", role="Chair")  # fmt: skip

    assert by_import.exit_code == by_command.exit_code == 0, by_import.output
    quorum, lost = by_command.stderr.split("Warning: ")[1:]
    assert quorum.startswith("Investment Committee (IC) now has a quorum of 4, which cannot be")
    assert by_import.stderr == f"Warning: line 1: {quorum}Warning: line 1: {lost}"


@pytest.mark.parametrize("how", ["standard input", "bulk", "BOM and CRLF"])
def test_the_warning_is_the_same_however_the_file_is_read_and_written(
    gov: Cli, tmp_path: Path, how: str
) -> None:
    """From ``-``, past PORTFOLIO_LEDGER_BULK_IMPORT_BYTES, or saved by a Windows editor."""
    position = approved(gov, "PRJ-A", "GBP 2,000,000", *MEETING, *VOTES, on=3)
    text = json.dumps(board_line("board stand-down", 2, person="mlee"))
    path = tmp_path / "minutes.jsonl"
    path.write_bytes(b"\xef\xbb\xbf\r\n" + text.encode() + b"\r\n")  # line 2
    env = {"PORTFOLIO_LEDGER_BULK_IMPORT_BYTES": "1" if how == "bulk" else ""}

    if how == "standard input":
        result = gov.runner.invoke(cli, ["import", "-"], input=f"\n{text}\n", env={
            "PORTFOLIO_LEDGER_DB": gov.url, "PORTFOLIO_LEDGER_ACTOR": None,
            "PORTFOLIO_LEDGER_ROLE": None})  # fmt: skip
    else:
        result = gov("import", str(path), actor=None, role=None, env=env)

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Imported 1 line of ")
    assert result.stderr.startswith(f"Warning: line 2: {heading(1)}\n")
    assert f"  PRJ-A approved, effective {day(3)} (position {position})\n" in result.stderr


# -- how many are shown ----------------------------------------------------------------


def delegations_used(run: Cli, folder: Path, delegations: int, items: int) -> None:
    """Import DEL-01, ... to mlee, each with ``items`` items approved under it on day 12.

    Item ``P<d>-<i>``: delegation ``d``'s ``i``-th, each proposed and appraised on day 0.
    """
    lines: list[dict[str, Any] | None] = []
    pmo = {"actor": "Sam Patel", "role": "Portfolio Manager", "rationale": "Case made"}
    for d in range(1, delegations + 1):
        lines.append({"command": "authority delegate", "key": f"DEL-{d:02}", "board": "IC",
                      "to": "mlee", "limit": "GBP 1,000,000", "present": ["hcarter", "cdubois"],
                      "votes": {"hcarter": "for", "cdubois": "for"}, "effective_date": day(0),
                      **said()})  # fmt: skip
        for i in range(1, items + 1):
            key = f"P{d:02}-{i:02}"
            lines += [
                {"command": "item propose", "key": key, "kind": "project", "title": key,
                 "owner": "Dana Okafor", "sponsor": "Director", "category": "Systems",
                 "effective_date": day(0), **pmo},
                {"command": "appraise", "key": key, "estimated_cost": "1000",
                 "expected_benefits": "2000", "risk_rating": "low", "alignment_score": 5,
                 "effective_date": day(0), **pmo},
                {"command": "item approve", "key": key, "budget": "1000",
                 "delegation": f"DEL-{d:02}", "effective_date": day(12),
                 **said(actor="mlee", role="CIO")},
            ]  # fmt: skip
    result = imported(run, write(folder, lines, "setup.jsonl"))
    assert result.exit_code == 0, result.output


def test_past_ten_lines_that_warn_the_rest_are_counted_in_one_more_warning(
    gov: Cli, tmp_path: Path
) -> None:
    delegations_used(gov, tmp_path, 23, 1)
    path = write(tmp_path, [revoke_line(f"DEL-{d:02}", 10) for d in range(1, 24)])

    result = imported(gov, path)

    assert result.exit_code == 0, result.output
    *each, rest = result.stderr.split("Warning: ")[1:]
    assert [block.split(":")[0] for block in each] == [f"line {n}" for n in range(1, 11)]
    assert rest == (
        "and 13 more lines of the file (lines 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 and 3 more)"
        " leave 13 decisions recorded before them without authority, on P11-01, P12-01, P13-01,"
        " P14-01, P15-01, P16-01, P17-01, P18-01, P19-01, P20-01 and 3 more. See why with"
        " 'portfolio-ledger audit authority P11-01' (and each key so); put each change right"
        " as the warnings above say.\n"  # a full stop, as each line's warning ends
    )


def test_a_line_names_ten_decisions_then_how_many_more(gov: Cli, tmp_path: Path) -> None:
    delegations_used(gov, tmp_path, 1, 12)
    revocation = gov.events() + 1

    result = imported(gov, write(tmp_path, [revoke_line("DEL-01", 10)]))

    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[0] == f"Warning: line 1: {heading(12)}"
    assert [line.split(" approved")[0] for line in lines[1:11]] == [
        f"  P01-{i:02}" for i in range(1, 11)
    ]
    assert lines[11:] == [
        "  and 2 more",
        (
            "See why with 'portfolio-ledger audit authority P01-01'. If this decision was not"
            " meant to reach them, correct its date:"
            f" 'portfolio-ledger decision correct {revocation} --set effective_date=YYYY-MM-DD'."
        ),
    ]


# -- the pages' own example ------------------------------------------------------------


def on_demo(day_of_2026: str) -> str:
    """A day of the demo recorded on 2026-12-07, as dated on a demo recorded today."""
    return (utc_today() - (date(2026, 12, 7) - date.fromisoformat(day_of_2026))).isoformat()


def test_the_pages_revocation_of_del_001_on_the_demo(demos: list[Cli], tmp_path: Path) -> None:
    """docs/import.md's ``minutes.jsonl``, and governance.md's command on another demo."""
    by_file, by_command = demos
    line = {"command": "authority revoke", "key": "DEL-001",
            "present": ["hcarter", "mlee", "cdubois", "praman"],
            "votes": {"hcarter": "for", "cdubois": "for", "praman": "for"},
            "rationale": "CIO post vacant", "effective_date": on_demo("2026-01-10")}  # fmt: skip
    path = write(tmp_path, [line])

    result = by_file("import", str(path), actor="hcarter", role="Chair")
    command = by_command("authority", "revoke", "DEL-001", "--present",
                         "hcarter,mlee,cdubois,praman", "--vote",
                         "hcarter=for,cdubois=for,praman=for", "--actor", "hcarter",
                         "-m", "CIO post vacant", "--effective-date", on_demo("2026-01-10"),
                         role="Chair")  # fmt: skip

    assert result.exit_code == command.exit_code == 0, result.output
    took = result.stdout.split(" in ")[1].split(" s:")[0]
    assert result.stdout == f"Imported 1 line of {path} in {took} s: 1 event (position 315).\n"
    assert result.stderr == (
        f"Warning: line 1: {heading(3)}\n"
        f"  SVC-008 approved, effective {on_demo('2026-01-19')} (position 71)\n"
        f"  PRJ-009 approved, effective {on_demo('2026-02-07')} (position 106)\n"
        f"  PRJ-018 approved, effective {on_demo('2026-03-18')} (position 163)\n"
        "See why with 'portfolio-ledger audit authority SVC-008'. If this decision was not meant"
        " to reach them, correct its date:"
        " 'portfolio-ledger decision correct 315 --set effective_date=YYYY-MM-DD'.\n"
    )
    assert result.stderr == command.stderr.replace("Warning: ", "Warning: line 1: ", 1)
