"""A decision's rationale, however long, reads in full in the pack: a paragraph, not a column.

A board's rationales run to a paragraph or more (300 to 2,000 characters), some with a
long unbroken word: a link, a document's id. The pack's Why column, an eighth of the
table, set 1,290 characters in a column some 15 characters wide: a row 1,440 pixels tall
in Chromium, and a decision over two pages of the PDF (docs/reports.md).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from tests.behaviour.board_pack.tools import needs, paused_and_packed, probed
from tests.conftest import Cli

URL = (
    "https://www.gov.uk/government/publications/major-projects-portfolio-data-2025/"
    "annex-b-integration-assurance-review-q3-2025-final.pdf"
)
REVIEW = "IAR-2025-Q3-PRJ-1-b7f9c2e4a1d84f6e9a0c3b5d7e9f1a2b4c6d8e0f2a4b6c8d0e2f4a6b8c0d2e4"
WHY = (
    f"Per review {REVIEW}. The committee reviewed the updated business case, the "
    "independent assurance review and the sponsor's recovery plan before agreeing this "
    "change. Delivery confidence has moved from amber to amber-red over two quarters "
    "because the supplier's integration milestones slipped twice and the data migration "
    "rehearsal found defects in the payroll interfaces. The committee noted the dependency "
    "on the shared identity platform, the finance team's concern about the phasing of "
    "spend across the two financial years, and the risk that the legacy contract expires "
    "before cutover. It agreed that the item be paused so that the scarce integration "
    "specialists are assigned to the recovery first, on condition that the sponsor reports "
    "progress against the revised plan at every meeting until go-live, and that the "
    "portfolio office reviews the benefits profile again at the next gate. Members asked "
    "that the lessons from the rehearsal be written up and shared with the programmes that "
    f"depend on the same platform. The review's annex is at {URL} in full."
)

MEASURE = """<script>addEventListener("load", () => {
const cell = [...document.querySelectorAll("table.decisions td")]
  .find(c => c.textContent.includes("The committee reviewed"));
const range = document.createRange(); range.selectNodeContents(cell);
const lines = new Set([...range.getClientRects()].map(r => Math.round(r.bottom))).size;
const table = cell.closest("table"); const page = document.documentElement;
const p = document.createElement("pre"); p.id = "probe";
p.textContent = JSON.stringify({lines, chars: cell.textContent.trim().length,
  table: [table.scrollWidth, table.clientWidth], page: [page.scrollWidth, page.clientWidth]});
document.body.appendChild(p); });</script>"""


def _letters(text: str) -> str:
    """The text's letters and digits alone: what a line's end, a page or a hyphen may split."""
    return re.sub(r"[\W_]", "", text)


def test_a_long_rationale_reads_as_a_paragraph_in_the_page_and_the_pdf(
    run: Cli, tmp_path: Path
) -> None:
    assert len(WHY) > 1_200  # a board's rationale
    assert len(URL) > 110  # a link in it, one word
    paused_and_packed(run, WHY, tmp_path)

    seen = probed((tmp_path / "pack.html").read_text(encoding="utf-8"), tmp_path, MEASURE)
    assert seen["page"] == [1280, 1280]  # the link widens neither the page
    assert seen["table"][0] <= seen["table"][1]  # nor the table
    # At least 60 characters a line (it was 13): near the table's width, not a column's.
    assert seen["chars"] >= len(WHY)
    assert seen["chars"] / seen["lines"] >= 60, seen

    text = subprocess.run([needs("pdftotext"), str(tmp_path / "pack.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    # Every word, in order, on one page: none hidden, no page break or header inside it.
    assert any(_letters(WHY) in _letters(page) for page in text.split("\f")), text
