"""The page lists at most --exceptions, --decisions and --changes rows; the rest counted.

The demo finds 15 exceptions (R3 4, R4 11) and has 4 decisions and 5 changes in its
period: a low cap cuts each as a large portfolio's default of 100 does. The workbook
and --json hold every one, whatever the page lists.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from html import unescape
from pathlib import Path
from typing import Any

import pytest

from portfolio_ledger.domain.clock import utc_today
from tests.behaviour.board_pack.tools import Pack, Page, needs, probed
from tests.conftest import Cli


def _capped(pack: Pack, out: Path, *cap: str) -> tuple[str, dict[str, Any]]:
    """The page (or the PDF's path) and the pack's data of one run with ``cap``."""
    result = pack.run("report", "board-pack", "--as-at", pack.today.isoformat(),
                      "--reproducible", *cap, "--out", str(out), "--json")  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    return (out.read_text(encoding="utf-8") if out.suffix == ".html" else str(out)), data


Capped = tuple[str, dict[str, Any]]


@pytest.fixture(scope="module")
def _pages() -> dict[tuple[str, ...], Capped]:
    """The capped pages made so far, by database and cap: several tests read the same one."""
    return {}


@pytest.fixture
def page(
    pack: Pack, _pages: dict[tuple[str, ...], Capped], tmp_path: Path
) -> Callable[..., Capped]:
    """The HTML page and the pack's data with a cap, made once per database and cap."""

    def made(*cap: str) -> Capped:
        key = (pack.run.url, *cap)
        if key not in _pages:
            _pages[key] = _capped(pack, tmp_path / "pack.html", *cap)
        return _pages[key]

    return made


def _rows(html: str, section: str) -> list[list[str]]:
    """The rows of the section's table (the exceptions', the decisions')."""
    start = html.index(f'<section id="{section}">')
    part = html[start : html.index("</section>", start)]
    return [row for row in Page(part).tables["table-0"] if row]


def _said(html: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}">(.*?)</p>', html, re.DOTALL)
    assert found is not None, element_id
    return " ".join(unescape(re.sub(r"<[^>]+>", "", found[1])).split())


def test_a_capped_page_lists_each_rule_s_most_pressing_and_counts_them_all(
    page: Callable[..., Capped],
) -> None:
    html, data = page("--exceptions", "5")
    assert len(data["exceptions"]) == len(data["recommendations"]) == 15  # --json: every one
    rows = _rows(html, "exceptions")
    # 5 shared evenly: R3 and R4 2 each, the one left to the first rule
    assert [row[0] for row in rows] == ["R3 persistent-red"] * 3 + ["R4 stale-status"] * 2
    stale = sorted(
        (e for e in data["exceptions"] if e["rule"] == "R4 stale-status"),
        key=lambda e: -e["age_days"],
    )
    assert [row[1] for row in rows[3:]] == [e["key"] for e in stale[:2]]  # the oldest first
    assert [row[6] for row in rows[3:]] == [str(e["age_days"]) for e in stale[:2]]
    assert _said(html, "exceptions-listed").startswith(
        "15 exceptions in all (R3 persistent-red 4, R4 stale-status 11); listed here: 5, "
        "rule by rule, each rule's most pressing first"
    )
    assert "sheet Exceptions) and in --json; --exceptions all lists them all" in _said(
        html, "exceptions-listed"
    )


def test_a_cut_rule_has_one_recommendation_with_its_count_and_who_should_act(
    page: Callable[..., Capped],
) -> None:
    html, data = page("--exceptions", "5")
    items = re.findall(r"<li class=\"by-rule\">(.*?)</li>", html, re.DOTALL)
    said = [" ".join(unescape(re.sub(r"<[^>]+>", "", item)).split()) for item in items]
    oldest = max(
        (e for e in data["exceptions"] if e["rule"] == "R4 stale-status"),
        key=lambda e: e["age_days"],
    )
    worded = next(
        r["text"]
        for r in data["recommendations"]
        if r["key"] == oldest["key"] and r["rule"] == "R4 stale-status"
    )
    assert said[0].startswith("R3 persistent-red 4 exceptions; the 3 most pressing listed in")
    assert said[1].startswith("R4 stale-status 11 exceptions; the 2 most pressing listed in")
    assert said[1].endswith(f"For the first listed: {worded}")
    assert " To act: " in said[1]
    assert html.count('<span class="rule">') == 2  # no recommendation per exception
    assert "The workbook (sheet Recommendations) and --json hold one for every exception" in (
        _said(html, "recommendations-listed")
    )


def test_a_rule_left_no_room_is_counted_with_its_most_pressing_recommendation(
    pack: Pack, tmp_path: Path
) -> None:
    # --exceptions 1, two rules: R3 has the one row, R4 none. Its 11 were still counted
    # above the table, but its recommendation took the first listed one's (none):
    # "Internal error: UndefinedError: list object has no element 0", nothing written.
    html, data = _capped(pack, tmp_path / "pack.html", "--exceptions", "1")
    assert [row[0] for row in _rows(html, "exceptions")] == ["R3 persistent-red"]
    items = re.findall(r"<li class=\"by-rule\">(.*?)</li>", html, re.DOTALL)
    said = [" ".join(unescape(re.sub(r"<[^>]+>", "", item)).split()) for item in items]
    oldest = max(
        (e for e in data["exceptions"] if e["rule"] == "R4 stale-status"),
        key=lambda e: e["age_days"],
    )
    worded = next(r["text"] for r in data["recommendations"] if r["key"] == oldest["key"])
    assert said[0].startswith("R3 persistent-red 4 exceptions; the most pressing one listed in")
    assert said[1].startswith("R4 stale-status 11 exceptions; none listed in Exceptions (no ")
    assert said[1].endswith(f"For the most pressing: {worded}")


def test_a_capped_period_lists_its_latest_decisions_and_counts_them_all(
    pack: Pack, tmp_path: Path
) -> None:
    html, data = _capped(pack, tmp_path / "pack.html", "--decisions", "2")
    positions = [d["position"] for d in data["decisions"]]
    assert len(positions) == 4  # --json: every one
    rows = _rows(html, "decisions")  # each decision's row, then its rationale's ("Why")
    assert [int(row[0]) for row in rows[::2]] == positions[-2:]  # none flagged: the latest
    assert [row[0] for row in rows[1::2]] == ["Why", "Why"]
    said = _said(html, "decisions-listed")
    assert said.startswith("4 decisions in the period (retired 3, paused 1); listed here: 2")
    assert "--decisions all lists them all here" in said
    assert "exceptions-listed" not in html  # 15 exceptions: within the default 100


def test_flagged_decisions_beyond_the_cap_are_said_to_be_left_out(run: Cli, tmp_path: Path) -> None:
    # Annulling the period's last decision (a retirement, #314) flags two: it (annulled
    # by #315) and #315 (annuls #314); --decisions 1 lists one of them. The page said
    # "the flagged ones (2 in all ...) as far as there is room, then the latest": not
    # that one flagged was left out, and "then the latest" when none was listed.
    assert run("demo").exit_code == 0
    today = utc_today().isoformat()
    made = run("report", "board-pack", "--as-at", today, "--json")
    last = str(json.loads(made.stdout)["decisions"][-1]["position"])
    annulled = run("decision", "annul", last, "--actor", "Priya Raman", "--role", "PMO",
                   "--authority", "PMO record-keeping procedure",
                   "-m", "Recorded in error")  # fmt: skip
    assert annulled.exit_code == 0, annulled.output
    said = {}
    for cap in ("1", "2", "3"):
        out = tmp_path / f"pack-{cap}.html"
        result = run("report", "board-pack", "--as-at", today, "--reproducible",
                     "--decisions", cap, "--out", str(out))  # fmt: skip
        assert result.exit_code == 0, result.output
        said[cap] = _said(out.read_text(encoding="utf-8"), "decisions-listed")
    why = (
        "corrections, annulments, decisions put right, recorded late or flagged by audit authority"
    )
    assert "listed here: 1, in ledger order: 1 of the 2 flagged (" + why in said["1"]
    assert "the earliest; no room for the other 1. Every decision is in" in said["1"]
    assert "listed here: 2, in ledger order: every flagged one (2: " + why in said["2"]
    assert "the board was told). Every decision is in" in said["2"]
    assert "listed here: 3, in ledger order: every flagged one (2: " in said["3"]
    assert "the board was told), then the latest. Every decision" in said["3"]


def test_a_capped_period_lists_each_kind_of_change_and_counts_them_all(
    pack: Pack, tmp_path: Path
) -> None:
    html, data = _capped(pack, tmp_path / "pack.html", "--changes", "2")
    changes = data["summary"]["changes"]
    assert len(changes) == 5  # --json: every one
    firsts = [next(c for c in changes if c["change"] == kind) for kind in ("stage", "joined")]
    assert [row[0] for row in Page(html).tables["changes"] if row] == [c["key"] for c in firsts]
    said = _said(html, "changes-listed")
    assert said.startswith("5 changes in the period (stage 4, joined 1); listed here: 2, kind")
    assert "sheet Changes) and in --json; --changes all lists them all here" in said


def test_all_lists_every_one_as_the_default_does_for_a_small_pack(
    pack: Pack, tmp_path: Path
) -> None:
    html, _ = _capped(pack, tmp_path / "all.html", "--exceptions", "all", "--decisions", "ALL",
                      "--changes", "all")  # fmt: skip
    assert html == pack.html  # the demo's pack, made with the defaults: nothing cut
    assert 'class="listed"' not in html


def test_the_workbook_holds_every_row_whatever_the_page_lists(pack: Pack, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "pack.xlsx"
    _capped(pack, out, "--exceptions", "1", "--decisions", "1", "--changes", "1")
    book = load_workbook(out)
    assert book["Changes"].max_row == 1 + 5
    assert book["Exceptions"].max_row == 1 + 15
    assert book["Recommendations"].max_row == 1 + 15
    assert book["Decisions"].max_row == 1 + 4


def test_a_capped_pdf_says_so_and_is_the_same_bytes_each_time(pack: Pack, tmp_path: Path) -> None:
    first, _ = _capped(pack, tmp_path / "a.pdf", "--exceptions", "5", "--decisions", "2")
    again, _ = _capped(pack, tmp_path / "b.pdf", "--exceptions", "5", "--decisions", "2")
    assert Path(first).read_bytes() == Path(again).read_bytes()
    text = subprocess.run([needs("pdftotext"), first, "-"],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    flat = " ".join(text.split())
    assert "15 exceptions in all (R3 persistent-red 4, R4 stale-status 11); listed here: 5" in flat
    assert "4 decisions in the period (retired 3, paused 1); listed here: 2" in flat
    assert "R4 stale-status 11 exceptions; the 2 most pressing listed in Exceptions" in flat
    digest = re.search(r'<p class="digest"><code>(.*?)</code>', pack.html)
    assert digest is not None
    assert " ".join(unescape(digest[1]).split()) in flat  # the record the board saw


def test_chromium_shows_a_capped_page_without_errors_or_horizontal_scroll(
    pack: Pack, tmp_path: Path
) -> None:
    html, _ = _capped(pack, tmp_path / "pack.html", "--exceptions", "5", "--decisions", "2")
    probe = probed(html, tmp_path)
    assert probe["errors"] == []
    assert probe["scroll"] <= probe["client"] == 1280
