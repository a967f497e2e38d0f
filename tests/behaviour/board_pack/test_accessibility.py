"""The demo's board pack as an accessibility auditor reads it (WCAG 2.2 AA), in Chromium.

What the pack does for accessibility, and what it does not, is in docs/reports.md
("Accessibility").
"""

from __future__ import annotations

from pathlib import Path

from portfolio_ledger.domain.clock import utc_today
from tests.behaviour.board_pack.tools import Pack, probed
from tests.conftest import Cli

TARGETS = """<script>addEventListener("load", () => {
  const p = document.createElement("pre"); p.id = "probe";
  p.textContent = JSON.stringify([...document.querySelectorAll("nav a")].map(a => {
    const r = a.getBoundingClientRect(); return [a.textContent, r.width, r.height]; }));
  document.body.appendChild(p); });</script>"""


def test_each_link_of_the_contents_is_a_target_at_least_24_px_high(pack: Pack) -> None:
    """WCAG 2.2's target size (2.5.8): the contents' links were 15 px high, 19 px apart.

    A link a pointer or a finger can miss: each is as high as the 24 px the criterion asks
    (so none is nearer another than that), for a reader who cannot point finely.
    """
    links = probed(pack.html, pack.folder, TARGETS)
    assert len(links) == 6
    assert [name for name, _, height in links if height < 24] == []


NARROW = """<script>if (window === top) addEventListener("load", () => {
  // Chromium's headless window is 500 px at the least: the page is shown again in a frame
  // WIDTH CSS px wide (320: a 1280 px screen zoomed to 400%), and read there.
  const frame = document.createElement("iframe");
  frame.style.width = "WIDTHpx"; frame.style.height = "2000px"; frame.style.border = "0";
  frame.srcdoc = "<!DOCTYPE html>" + document.documentElement.outerHTML;
  frame.onload = () => {
    const doc = frame.contentDocument, cut = [];
    for (const cell of doc.querySelectorAll("CELLS")) {
      const walk = doc.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walk.nextNode(); node; node = walk.nextNode()) {
        for (const word of node.data.matchAll(/[^\\s-]+/g)) {
          const range = doc.createRange();
          range.setStart(node, word.index);
          range.setEnd(node, word.index + word[0].length);
          const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
          if (lines.size > 1) cut.push(word[0]);
        }
      }
    }
    const p = document.createElement("pre"); p.id = "probe";
    const why = [...doc.querySelectorAll("tr.why td")].map(cell => {
      const range = doc.createRange(); range.selectNodeContents(cell);
      return Math.ceil(range.getBoundingClientRect().right); });
    p.textContent = JSON.stringify({width: frame.contentWindow.innerWidth, cut: cut,
      scroll: doc.documentElement.scrollWidth, why: Math.max(0, ...why)});
    document.body.appendChild(p); };
  document.body.appendChild(frame); });</script>"""


def narrow(width: int, cells: str = "td.num, th.num, thead th") -> str:
    """The probe reading the page in a frame ``width`` CSS px wide: words of ``cells`` cut."""
    return NARROW.replace("WIDTH", str(width)).replace("CELLS", cells)


def test_on_a_phone_the_page_is_the_screens_width_and_no_word_of_a_table_is_cut(
    pack: Pack,
) -> None:
    """On a phone (375 CSS px) or at 320, the page is no wider than the screen.

    The money tables made the page 447 px wide, so a phone showed the whole pack shrunk to
    fit, its text too (to 84%, 70% at 320 px); and a decision's position read ``3`` over
    ``1`` over ``0``, *Why* as ``W / h / y``, a rule as ``persi`` over ``stent-red``, the
    contents' *Recommendati* over *ons*. A wide table now scrolls sideways in its own box,
    and the demo's words (the longest, *Transformation*, fourteen letters) are whole; a
    decision's rationale, across the scrolled table, still wraps within the screen.
    """
    for width in (320, 375):
        seen = probed(pack.html, pack.folder, narrow(width, "td, th, caption, nav a"))
        assert (seen["width"], seen["scroll"]) == (width, width)
        assert seen["cut"] == []
        assert 0 < seen["why"] <= width


def test_at_320_css_px_no_figure_count_or_column_heading_is_cut(pack: Pack) -> None:
    """Reflow (1.4.10): zoomed to 400%, a figure was cut across lines, so misread.

    The money tables' counts and figures were read ``It / e / m / s`` over ``1 / 0`` and
    ``GBP 1,900,0`` over ``00``; each is now on one line, the table scrolled sideways. A
    word is read between spaces and hyphens: ``Whole-life`` may break at its hyphen.
    """
    seen = probed(pack.html, pack.folder, narrow(320))
    assert seen["width"] == 320
    assert seen["cut"] == []


def test_at_200_percent_one_long_word_of_the_ledger_does_not_widen_the_page(
    run: Cli, tmp_path: Path
) -> None:
    """At 640 CSS px (200%) the page fits: a name or text still wraps anywhere in its cell.

    Figures and headings kept whole (above), a one-word issue of 190 letters kept whole too
    made the page 1,620 px wide.
    """
    word = "Investmentcommittee" * 10
    for args in (
        ("item", "onboard", "PRJ-1", "--title", "Payroll", "--category", "Corporate",
         "--authority", "Baseline", "-m", "Onboarded"),
        ("item", "escalate", "PRJ-1", "--issue", word, "--severity", "high", "--to", "Board",
         "--authority", "Board", "-m", "Supplier"),
    ):  # fmt: skip
        assert run(*args).exit_code == 0
    out = tmp_path / "pack.html"
    result = run("report", "board-pack", "--as-at", utc_today().isoformat(), "--out", str(out))
    assert result.exit_code == 0, result.output
    seen = probed(out.read_text(encoding="utf-8"), tmp_path, narrow(640))
    assert seen["width"] == 640
    assert seen["scroll"] <= 640
    assert seen["cut"] == []
