"""The demo's board pack as an HTML page: every section, accessible charts, nothing fetched.

The page is opened in headless Chromium: no console error, no horizontal scroll.
"""

from __future__ import annotations

import re
from pathlib import Path

from portfolio_ledger.domain.clock import utc_today
from tests.behaviour.board_pack.tools import HEADINGS, SECTIONS, Pack, Page, chromium, probed
from tests.conftest import Cli


def test_every_section_is_there_with_its_heading(pack: Pack) -> None:
    page = Page(pack.html)
    assert set(SECTIONS) <= page.ids()
    for heading in HEADINGS:
        assert f"<h2>{heading}" in pack.html


def test_the_page_is_self_contained_no_scripts_no_network(pack: Pack) -> None:
    page = Page(pack.html)
    tags = {tag for tag, _ in page.starts}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed"}
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", pack.html)
    assert "@import" not in pack.html
    assert "url(http" not in pack.html


def test_each_chart_is_an_svg_with_a_title_and_alt_text(pack: Pack) -> None:
    page = Page(pack.html)
    charts = [attrs for tag, attrs in page.starts if tag == "svg"]
    assert len(charts) == 4
    for attrs in charts:
        assert attrs["role"] == "img"
        label = attrs["aria-labelledby"]
        assert label is not None
        title = re.search(rf'<title id="{label}">([^<]+)</title>', pack.html)
        assert title is not None
        assert ": " in title.group(1)  # its title, then its alt text
    assert pack.html.count("<figcaption>") == 4


def test_chromium_shows_it_without_console_errors_or_horizontal_scroll(pack: Pack) -> None:
    shot = pack.folder / "screen.png"
    shown = chromium("--enable-logging=stderr", "--v=0", f"--screenshot={shot}",
                     pack.folder.joinpath("pack.html").as_uri())  # fmt: skip
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "CONSOLE" not in shown.stderr, shown.stderr
    probe = probed(pack.html, pack.folder)
    assert probe["errors"] == []
    assert probe["scroll"] <= probe["client"] == 1280


def test_one_long_word_from_the_ledger_does_not_widen_the_page(run: Cli, tmp_path: Path) -> None:
    word = "Investmentcommittee" * 5  # a board's name, an escalation's issue: one word, no spaces
    for args in (
        ("board", "create", "LB", "--name", word, "--terms", "t", "--unlimited", "--quorum", "1",
         "--authority", "Articles", "-m", "Constituted"),
        ("item", "onboard", "PRJ-1", "--title", "Payroll", "--category", "Corporate",
         "--authority", "Baseline", "-m", "Onboarded"),
        ("item", "escalate", "PRJ-1", "--issue", word * 2, "--severity", "high", "--to", word,
         "--authority", "Board", "-m", "Supplier"),
    ):  # fmt: skip
        assert run(*args).exit_code == 0
    out = tmp_path / "pack.html"
    result = run("report", "board-pack", "--as-at", utc_today().isoformat(), "--board", "LB",
                 "--out", str(out))  # fmt: skip
    assert result.exit_code == 0, result.output
    probe = probed(out.read_text(encoding="utf-8"), tmp_path)
    assert probe["scroll"] <= probe["client"] == 1280


def test_an_empty_ledger_makes_an_empty_pack(run: Cli, tmp_path: Path) -> None:
    assert run("init").exit_code == 0  # a pack only reads: it makes no ledger where there is none
    out = tmp_path / "empty.html"
    result = run("report", "board-pack", "--as-at", utc_today().isoformat(), "--out", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "<p>0 items." in html
    assert "No exceptions." in html
    assert "portfolio-ledger/v1 position=0 recorded=-" in html
    assert html.count("<svg") == 4


def test_the_summary_counts_items_in_each_view_where_there_is_more_than_one(pack: Pack) -> None:
    """Items that have left stay in the pack, with their last figures: the count alone read as
    the portfolio's size (the GMPP's 232 items, 43 of them left)."""
    said = re.search(r"<p>([\d,]+) items \(([^)]*)\)\. Since ", pack.html)
    by_view: dict[str, int] = {}
    for row in pack.json("economics")["totals"]:
        if row["dimension"] == "view":
            by_view[row["value"]] = by_view.get(row["value"], 0) + row["items"]

    assert said is not None, pack.html[:2000]
    counted = {
        label: int(count.replace(",", ""))
        for count, label in (part.split(" ", 1) for part in said[2].split(", "))
    }
    assert counted == by_view
    assert sum(counted.values()) == int(said[1].replace(",", ""))
    assert "left" in counted
