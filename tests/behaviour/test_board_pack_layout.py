"""The board pack as a reader sees it: nothing drawn over anything else, no word cut in two.

Made for the real GMPP returns (tests/data, two years: long titles, figures
in the hundreds of billions, charts with nothing to draw) and for the demo
with one item more whose names are long and whose figures are near a
trillion. The HTML is laid out by headless Chromium, which a probe asks
where each cell's content, each chart's text and each word fell; the PDF
(WeasyPrint's) is read back with poppler's ``pdftotext -bbox``, which gives
where each word is on its page. Layout does not depend on the database, so
this runs on an SQLite file only.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from decimal import Decimal
from html import unescape
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from portfolio_ledger.domain.clock import utc_today
from portfolio_ledger.reports.render import money
from tests.behaviour.board_pack.tools import chromium, needs
from tests.behaviour.test_returns_gmpp import DATA, load
from tests.conftest import Cli

PROBE = """<script>addEventListener("load", () => {
const inside = (a, b) => a.left >= b.left - 1 && a.right <= b.right + 1;
const meet = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5
  && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;
const said = e => (e.closest("table") || e).id + ": " + e.textContent.trim().slice(0, 60);
const found = {cells: [], texts: [], words: [], charts: 0};
for (const cell of document.querySelectorAll("td, th")) {
  const range = document.createRange(); range.selectNodeContents(cell);
  const content = range.getBoundingClientRect();
  if (content.width && !inside(content, cell.getBoundingClientRect())
      || cell.scrollWidth > cell.clientWidth + 1) found.cells.push(said(cell));
}
for (const svg of document.querySelectorAll("svg")) {
  found.charts += 1;
  const boxes = [...svg.querySelectorAll("text")].filter(t => t.textContent.trim())
    .map(t => [t.textContent.trim(), t.getBoundingClientRect()]);
  boxes.forEach(([a, r], i) => boxes.slice(i + 1).forEach(([b, s]) => {
    if (meet(r, s)) found.texts.push(svg.id + ": " + a + " / " + b); }));
}
for (const element of document.querySelectorAll("h1, h2, caption, thead th, .key, .date")) {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode());) {
    for (const word of node.data.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(node, word.index); range.setEnd(node, word.index + word[0].length);
      const rects = [...range.getClientRects()];
      const lines = new Set(rects.map(r => Math.round(r.top)));
      const style = getComputedStyle(element);
      const room = element.clientWidth - parseFloat(style.paddingLeft)
        - parseFloat(style.paddingRight);
      const wide = rects.reduce((sum, r) => sum + r.width, 0);
      // a word wider than its column must be cut somewhere; one that fits, never
      if (lines.size > 1 && wide <= room) found.words.push(said(element) + " [" + word[0] + "]");
    }
  }
}
const p = document.createElement("pre"); p.id = "probe";
p.textContent = JSON.stringify(found); document.body.appendChild(p);
});</script>"""


@dataclass
class Made:
    name: str
    html: Path
    pdf: Path
    content: dict[str, Any]


def _pack(name: str, run: Cli, folder: Path, as_at: str) -> Made:
    # every row listed (GMPP's 270 decisions are more than a page lists by default), so
    # each one's key and date is laid out and checked
    for file in ("pack.html", "pack.pdf"):
        result = run("report", "board-pack", "--as-at", as_at, "--reproducible",
                     "--exceptions", "all", "--decisions", "all",
                     "--out", str(folder / file))  # fmt: skip
        assert result.exit_code == 0, result.output
    content = run("report", "board-pack", "--as-at", as_at, "--reproducible", "--json")
    assert content.exit_code == 0, content.output
    return Made(name, folder / "pack.html", folder / "pack.pdf", json.loads(content.stdout))


LONG_TITLE = "Replacement of the Integrated Regional Flood Defence Telemetry and Warning Estate"
HUGE = "Department for Environment, Food and Rural Affairs and its Arm's-Length Bodies"


@pytest.fixture(scope="module", params=["gmpp", "demo"])
def made(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Made:
    folder = tmp_path_factory.mktemp(request.param)
    run = Cli(f"sqlite:///{folder / 'ledger.db'}")
    if request.param == "gmpp":
        load(run, DATA)
        return _pack("gmpp", run, folder, "2025-09-30")
    assert run("demo").exit_code == 0
    added = run("organisation", "add", "DEFRA", "--name", HUGE, "--authority", "Articles",
                "-m", "Machinery of government")  # fmt: skip
    assert added.exit_code == 0, added.output
    onboarded = run(
        "item", "onboard", "DEFRA_0008_2021-Q1", "--title", LONG_TITLE, "--organisation", "DEFRA",
        "--category", "Government Transformation and Service Delivery", "--stage", "in-delivery",
        "--whole-life-cost", "GBP 999,999,999,999.99", "--budget", "GBP 999,999,999,999.98",
        "--forecast-cost", "GBP 999,999,999,999.99", "--rag", "red",
        "--authority", "Portfolio office baseline", "-m", "Onboarded",
    )  # fmt: skip
    assert onboarded.exit_code == 0, onboarded.output
    return _pack("demo", run, folder, utc_today().isoformat())


def probe(made: Made) -> dict[str, Any]:
    copy = made.html.with_name("probed.html")
    html = made.html.read_text(encoding="utf-8")
    copy.write_text(html.replace("</body>", PROBE + "</body>", 1), encoding="utf-8")
    dom = chromium("--virtual-time-budget=10000", "--dump-dom", copy.as_uri()).stdout
    found = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.DOTALL)
    assert found is not None, dom[-500:]
    seen: dict[str, Any] = json.loads(unescape(found.group(1)))
    return seen


def test_in_chromium_no_cell_overflows_no_chart_text_overlaps_no_word_is_cut(made: Made) -> None:
    seen = probe(made)
    assert seen["charts"] == 4
    assert seen["cells"] == []
    assert seen["texts"] == []
    assert seen["words"] == []


Word = tuple[str, float, float, float, float]


def pdf_words(pdf: Path) -> list[list[Word]]:
    """Each page's words with their boxes, as poppler finds them."""
    text = subprocess.run([needs("pdftotext"), "-bbox", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    pages = text.split("<page ")[1:]
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
    return [
        [
            (unescape(w), float(a), float(b), float(c), float(d))
            for a, b, c, d, w in re.findall(pattern, page)
        ]
        for page in pages
    ]


def _meet(a: Word, b: Word) -> bool:
    across = min(a[3], b[3]) - max(a[1], b[1])
    down = min(a[4], b[4]) - max(a[2], b[2])
    return across > 0.5 and down > 0.5


def test_in_the_pdf_no_word_is_drawn_over_another(made: Made) -> None:
    overlapping = [
        (number, a[0], b[0])
        for number, words in enumerate(pdf_words(made.pdf), start=1)
        for a, b in combinations(words, 2)
        if _meet(a, b)
    ]
    assert overlapping == []


def test_in_the_pdf_every_key_date_and_figure_is_on_one_line(made: Made) -> None:
    lines = subprocess.run([needs("pdftotext"), "-layout", str(made.pdf), "-"],
                           capture_output=True, text=True, check=True).stdout  # fmt: skip
    text = re.sub(r" {2,}", "  ", lines)  # columns apart; a key cut in two is on two lines
    summary = made.content["summary"]
    keys = {e["key"] for e in made.content["exceptions"]}
    keys |= {d["subject"] for d in made.content["decisions"]} | {
        c["key"] for c in summary["changes"]
    }
    dates = {d["effective_date"] for d in made.content["decisions"]}
    assert keys
    # a key may be too long for any column (GMPP's CHILDREN-S-HOMES-CAPITAL-PROGRAMME): cut
    missing = [k for k in sorted(keys | dates) if k not in text and len(k) <= KEY_FITS]
    assert missing == []
    for row in summary["by_organisation"] + summary["by_category"]:
        for field in ("whole_life_cost", "authorised_budget", "forecast_cost"):
            if row[field] is not None:
                # the widest (GBP 999,999,999,999.99) may wrap at its space, its number never
                figure = money(Decimal(row[field]), row["currency"]).split(" ", 1)[1]
                assert figure in text, (row["label"], field)


KEY_FITS = 20
"""The longest key the pack's key columns hold on one line (GMPP's are up to 18 characters)."""

EMPTY = (
    "No authorised budget or forecast on record in any category",
    "No envelope stood and no open item's budget was on record on any of these days",
    "No open item has both an authorised budget and a forecast on record",
)


def test_the_pdf_says_which_charts_are_empty(made: Made) -> None:
    # GMPP's returns give whole-life costs only: no budget, forecast or envelope to draw.
    text = subprocess.run([needs("pdftotext"), str(made.pdf), "-"],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    flat = " ".join(text.split())
    said = [empty in flat for empty in EMPTY]
    assert said == [made.name == "gmpp"] * len(EMPTY)


def test_an_empty_pack_says_each_table_and_chart_is_empty(run: Cli, tmp_path: Path) -> None:
    # A ledger with no item drew its tables by view, stage, organisation and category as a
    # heading row over nothing, and its charts as empty boxes on an axis of 0 to 1.
    assert run("init").exit_code == 0
    out = tmp_path / "empty.html"
    result = run("report", "board-pack", "--as-at", utc_today().isoformat(), "--out", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    for table in ("by-view", "by-stage", "by-organisation", "by-category"):
        body = re.search(rf'<table [^>]*id="{table}">.*?<tbody>(.*?)</tbody>', html, re.DOTALL)
        assert body is not None, table
        assert re.sub(r"<[^>]+>", "", body.group(1)).strip() == "No items.", table
    assert "No open items: no RAG to show" in html
    for empty in EMPTY:
        assert empty in html.replace("&#39;", "'")
