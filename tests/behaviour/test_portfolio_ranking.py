"""`portfolio ranking`: the items by rank, and the decision that set each rank, on both clocks.

The rank, the previous rank, and who set it when, under what authority and
why, read from the read models; at a moment before a reprioritisation, on
the effective clock with one recorded late, and after a correction of it.
On SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.conftest import Cli

AUTHORITY = ["--authority", "Portfolio Direction Group"]


def propose(run: Cli, key: str, category: str = "Corporate") -> None:
    result = run("item", "propose", key, "--kind", "project", "--title", f"Item {key}",
                 "--owner", "Ann", "--sponsor", "CFO", "--category", category,
                 "--currency", "GBP", "-m", "New", "--effective-date", "2026-01-01")  # fmt: skip
    assert result.exit_code == 0, result.output


def rank(run: Cli, key: str, new: int, effective: str, why: str) -> int:
    result = run("item", "reprioritise", key, "--rank", str(new), *AUTHORITY, "-m", why,
                 "--effective-date", effective, "--json")  # fmt: skip
    assert result.exit_code == 0, result.output
    return int(json.loads(result.output)["position"])


def ranking(run: Cli, *args: str) -> dict[str, dict[str, Any]]:
    result = run("portfolio", "ranking", *args, "--json")
    assert result.exit_code == 0, result.output
    return {entry["key"]: entry for entry in json.loads(result.output)}


def four_items(run: Cli) -> int:
    """A-1 ranked 1, B-2 and C-3 tied at 2, D-4 unranked; then A-1 moved to 4: its position."""
    for key in ("A-1", "B-2", "C-3", "D-4"):
        propose(run, key)
    rank(run, "A-1", 1, "2026-02-01", "First review")
    rank(run, "B-2", 2, "2026-02-01", "First review")
    rank(run, "C-3", 2, "2026-02-01", "First review")
    return rank(run, "A-1", 4, "2026-03-01", "Funding cut")


def test_ranks_and_why_after_a_reprioritisation(run: Cli) -> None:
    position = four_items(run)

    found = ranking(run)

    assert list(found) == ["B-2", "C-3", "A-1", "D-4"]  # by rank, unranked last
    assert [(e["rank"], e["tied"]) for e in found.values()] == [
        (2, True), (2, True), (4, False), (None, False),
    ]  # fmt: skip
    moved = found["A-1"]
    assert moved["previous_rank"] == 1
    decision = moved["set_by"]
    assert decision["position"] == position
    assert decision["event"] == "reprioritised"
    assert decision["effective_date"] == "2026-03-01"
    assert (decision["actor"], decision["role"]) == ("Sam Patel", "PMO")
    assert decision["authority"] == "Portfolio Direction Group"
    assert decision["rationale"] == "Funding cut"
    assert decision["corrected_by"] == []
    assert found["B-2"]["previous_rank"] is None
    assert found["D-4"]["set_by"] is None
    assert found["D-4"]["previous_rank"] is None
    shown = run("portfolio", "ranking")
    assert shown.exit_code == 0, shown.output
    assert "2=" in shown.output
    assert "Funding cut" in shown.output
    csv = run("portfolio", "ranking", "--format", "csv", "--limit", "1", "--offset", "2")
    lines = csv.output.splitlines()
    assert lines[0].startswith("Rank,Tied,Key,Title")
    assert len(lines) == 2
    assert ",A-1," in lines[1]
    assert "Funding cut" in lines[1]


def test_as_of_a_moment_before_the_reprioritisation(run: Cli) -> None:
    for key in ("A-1", "B-2"):
        propose(run, key)
    rank(run, "A-1", 1, "2026-02-01", "First review")
    before = datetime.now(UTC).isoformat()
    rank(run, "A-1", 4, "2026-03-01", "Funding cut")

    then = ranking(run, "--as-of", before)["A-1"]

    assert then["rank"] == 1
    assert then["previous_rank"] is None
    assert then["set_by"]["rationale"] == "First review"
    assert ranking(run, "--effective-on", "2026-02-15")["A-1"]["rank"] == 1
    assert ranking(run, "--effective-on", "2026-01-15")["A-1"]["set_by"] is None


def test_the_effective_clock_places_a_reprioritisation_recorded_late(run: Cli) -> None:
    propose(run, "B-2")
    rank(run, "B-2", 2, "2026-03-01", "Quarterly review")
    late = rank(run, "B-2", 5, "2026-02-01", "February minutes, typed in late")

    now = ranking(run)["B-2"]
    in_february = ranking(run, "--effective-on", "2026-02-15")["B-2"]

    assert (now["rank"], now["previous_rank"]) == (2, 5)
    assert now["set_by"]["rationale"] == "Quarterly review"
    assert (in_february["rank"], in_february["previous_rank"]) == (5, None)
    assert in_february["set_by"]["position"] == late
    assert in_february["set_by"]["effective_date"] == "2026-02-01"


def test_a_correction_of_the_rank_decision_shows_as_corrected(run: Cli) -> None:
    propose(run, "A-1")
    rank(run, "A-1", 1, "2026-02-01", "First review")
    position = rank(run, "A-1", 4, "2026-03-01", "Funding cut")
    before = datetime.now(UTC).isoformat()
    for change, why in (("rationale=Funding cut by a third", "Minutes say a third"),
                        ("rank=3", "Minutes say 3")):  # fmt: skip
        result = run("decision", "correct", str(position), "--set", change,
                     "--authority", "PMO record-keeping procedure", "-m", why)  # fmt: skip
        assert result.exit_code == 0, result.output

    now = ranking(run)["A-1"]
    then = ranking(run, "--as-of", before)["A-1"]

    assert (now["rank"], now["previous_rank"]) == (3, 1)
    assert now["set_by"]["position"] == position
    corrections = now["set_by"]["corrected_by"]
    assert [c["rationale"] for c in corrections] == ["Minutes say a third", "Minutes say 3"]
    assert "Funding cut by a third" in corrections[0]["summary"]
    assert all(c["authority"] == "PMO record-keeping procedure" for c in corrections)
    assert (then["rank"], then["set_by"]["corrected_by"]) == (4, [])
    shown = run("portfolio", "ranking")
    assert "Minutes say 3" in shown.output


def test_unranked_and_closed_items(run: Cli) -> None:
    propose(run, "D-4")

    found = ranking(run)

    assert found["D-4"]["rank"] is None
    assert found["D-4"]["set_by"] is None
    assert list(ranking(run, "--stage", "closed")) == []
    assert "unranked" in run("portfolio", "ranking").output


def test_only_items_that_left_says_how_to_ask_for_them(run: Cli) -> None:
    propose(run, "A-1")
    rank(run, "A-1", 1, "2026-02-01", "First review")
    left = run("item", "leave", "A-1", "--reason", "stopped", *AUTHORITY, "-m", "Stopped",
               "--effective-date", "2026-03-01")  # fmt: skip
    assert left.exit_code == 0, left.output

    shown = run("portfolio", "ranking")

    assert shown.exit_code == 0
    assert "No pipeline or catalogue item matches" in shown.output
    assert "--stage left" in shown.output
    assert list(ranking(run)) == []
    assert ranking(run, "--stage", "left")["A-1"]["set_by"]["rationale"] == "First review"
    before = run("portfolio", "ranking", "--effective-on", "2026-02-15").output
    assert before.startswith("Priority ranking: 1 ranked, 0 unranked (pipeline and catalogue)")


def three_items(run: Cli) -> None:
    """A-1 (Corporate) ranked 1; B-2 (Corporate) and C-3 (Digital) tied at 2."""
    for key, category in (("A-1", "Corporate"), ("B-2", "Corporate"), ("C-3", "Digital")):
        propose(run, key, category)
    rank(run, "A-1", 1, "2026-02-01", "First review")
    rank(run, "B-2", 2, "2026-02-01", "First review")
    rank(run, "C-3", 2, "2026-02-01", "First review")


def test_a_tie_is_the_portfolios_whatever_the_filter_or_the_page(run: Cli) -> None:
    three_items(run)
    before = datetime.now(UTC).isoformat()
    rank(run, "C-3", 3, "2026-03-01", "Second review")

    corporate_then = ranking(run, "--category", "Corporate", "--as-of", before)
    in_february = ranking(run, "--category", "Corporate", "--effective-on", "2026-02-15")
    corporate_now = ranking(run, "--category", "Corporate")

    # B-2 shared rank 2 with C-3, an item of another category, until C-3 moved to 3.
    assert [(e["rank"], e["tied"]) for e in corporate_then.values()] == [(1, False), (2, True)]
    assert in_february["B-2"]["tied"] is True
    assert corporate_now["B-2"]["tied"] is False
    shown = run("portfolio", "ranking", "--category", "Corporate", "--as-of", before)
    assert "2=    B-2" in shown.output
    pages = [
        run("portfolio", "ranking", "--as-of", before, "--format", "csv", "--limit", "1",
            "--offset", str(offset)).output.splitlines()[1]
        for offset in (1, 2)
    ]  # fmt: skip
    assert [line.split(",")[:3] for line in pages] == [["2", "yes", "B-2"], ["2", "yes", "C-3"]]
    digital = run("portfolio", "ranking", "--category", "Digital", "--as-of", before,
                  "--format", "csv")  # fmt: skip
    assert digital.output.splitlines()[1].startswith("2,yes,C-3,")


def test_an_item_no_longer_open_shares_its_rank_with_none(run: Cli) -> None:
    for key in ("A-1", "B-2"):
        propose(run, key)
    rank(run, "A-1", 2, "2026-02-01", "First review")
    left = run("item", "leave", "A-1", "--reason", "stopped", *AUTHORITY, "-m", "Stopped",
               "--effective-date", "2026-03-01")  # fmt: skip
    assert left.exit_code == 0, left.output
    rank(run, "B-2", 2, "2026-03-02", "Takes A-1's place")

    both = ranking(run, "--stage", "pipeline", "--stage", "left")

    # A-1 keeps the rank it last had, but an item that left has no priority.
    assert [(key, e["rank"], e["tied"]) for key, e in both.items()] == [
        ("A-1", 2, False), ("B-2", 2, False),
    ]  # fmt: skip
    assert ranking(run)["B-2"]["tied"] is False


def test_the_previous_rank_as_now_known_and_as_the_decision_recorded_it(run: Cli) -> None:
    propose(run, "A-1")
    first = rank(run, "A-1", 1, "2026-02-01", "First review")
    rank(run, "A-1", 4, "2026-03-01", "Funding cut")
    before = datetime.now(UTC).isoformat()
    result = run("decision", "correct", str(first), "--set", "rank=3",
                 "--authority", "PMO record-keeping procedure", "-m", "Minutes say 3")  # fmt: skip
    assert result.exit_code == 0, result.output
    propose(run, "B-2")
    rank(run, "B-2", 2, "2026-03-01", "Quarterly review")
    rank(run, "B-2", 5, "2026-02-01", "February minutes, typed in late")

    now = ranking(run)
    then = ranking(run, "--as-of", before)["A-1"]

    assert (now["A-1"]["previous_rank"], now["A-1"]["recorded_previous_rank"]) == (3, 1)
    assert (now["B-2"]["previous_rank"], now["B-2"]["recorded_previous_rank"]) == (5, None)
    assert (then["previous_rank"], then["recorded_previous_rank"]) == (1, 1)
    shown = run("portfolio", "ranking").output
    assert "3 (as recorded: 1)" in shown
    assert "5 (as recorded: unranked)" in shown
    assert "(as recorded" not in run("portfolio", "ranking", "--as-of", before).output
    csv = run("portfolio", "ranking", "--format", "csv").output.splitlines()
    header = csv[0].split(",")
    rows = {
        line.split(",")[2]: dict(zip(header, line.split(","), strict=False)) for line in csv[1:]
    }
    assert (rows["A-1"]["Previous rank"], rows["A-1"]["Recorded previous rank"]) == ("3", "1")
    assert (rows["B-2"]["Previous rank"], rows["B-2"]["Recorded previous rank"]) == ("5", "")


def test_json_csv_and_xlsx_give_the_same_rows(run: Cli, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    three_items(run)
    position = rank(run, "A-1", 4, "2026-03-01", "Funding cut")
    result = run("decision", "correct", str(position), "--set", "rationale=Cut by a third",
                 "--authority", "PMO record-keeping procedure", "-m", "Minutes")  # fmt: skip
    assert result.exit_code == 0, result.output
    chosen = ("--category", "Corporate", "--limit", "2")
    out = tmp_path / "ranking.xlsx"

    found = list(ranking(run, *chosen).values())
    csv = run("portfolio", "ranking", *chosen, "--format", "csv").output.splitlines()
    assert run("portfolio", "ranking", *chosen, "--out", str(out)).exit_code == 0
    sheet = load_workbook(out).active
    assert sheet is not None
    book = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]

    from_json = [
        [str(e["rank"]), "yes" if e["tied"] else "no", e["key"],
         "" if e["previous_rank"] is None else str(e["previous_rank"]),
         str(e["set_by"]["position"]), e["set_by"]["effective_date"]]
        for e in found
    ]  # fmt: skip
    tied = str(found[0]["set_by"]["position"])
    assert from_json == [
        ["2", "yes", "B-2", "", tied, "2026-02-01"],
        ["4", "no", "A-1", "1", str(position), "2026-03-01"],
    ]  # fmt: skip
    wanted = ("Rank", "Tied", "Key", "Previous rank", "Position", "Effective")
    for lines in (book, [line.split(",") for line in csv]):
        at = [lines[0].index(name) for name in wanted]
        assert [[line[i][:10] if name == "Effective" else line[i] for i, name in
                 zip(at, wanted, strict=True)] for line in lines[1:]] == from_json  # fmt: skip
    corrected = found[1]["set_by"]["corrected_by"]
    assert [c["rationale"] for c in corrected] == ["Minutes"]
    assert book[2][book[0].index("Corrected")].endswith("(Minutes)")


def test_a_correction_of_an_annulled_rank_decision_is_not_listed(run: Cli) -> None:
    propose(run, "A-1")
    first = rank(run, "A-1", 1, "2026-02-01", "First review")
    moved = rank(run, "A-1", 4, "2026-03-01", "Funding cut")
    procedure = ["--authority", "PMO record-keeping procedure"]
    corrected = run("decision", "correct", str(moved), "--set", "rank=3", *procedure,
                    "-m", "Minutes say 3", "--json")  # fmt: skip
    assert corrected.exit_code == 0, corrected.output
    correction = int(json.loads(corrected.output)["position"])
    before = datetime.now(UTC).isoformat()
    refused = run("decision", "annul", str(correction), *procedure, "-m", "Wrong")
    annulled = run("decision", "annul", str(moved), *procedure, "-m", "Never decided")

    now = ranking(run)["A-1"]
    then = ranking(run, "--as-of", before)["A-1"]

    # A correction is never itself annulled; the decision it corrected is, and then the
    # decision that stands is the one before, with no correction of its own.
    assert refused.exit_code == 1
    assert "never itself corrected or annulled" in refused.output
    assert annulled.exit_code == 0, annulled.output
    assert (now["rank"], now["previous_rank"], now["set_by"]["position"]) == (1, None, first)
    assert now["set_by"]["corrected_by"] == []
    assert (then["rank"], then["set_by"]["position"]) == (3, moved)
    assert [c["position"] for c in then["set_by"]["corrected_by"]] == [correction]
