"""A name written right to left keeps its figures after it in the chart captions.

A caption reads *ORG: 1 green*. After an organisation named in Hebrew or Arabic, the
colon and the count took the name's direction: Chromium and the PDF showed
*1 :משרד האוצר green*, the count before the name it counts, where a board reads it as
the previous organisation's. Read in Chromium (where each character is drawn) and in
the PDF (``pdftotext -bbox``: where each word is drawn).
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from portfolio_ledger.domain.clock import utc_today
from tests.behaviour.board_pack.tools import chromium, needs
from tests.conftest import Cli

HEBREW = "\u05de\u05e9\u05e8\u05d3 \u05d4\u05d0\u05d5\u05e6\u05e8"  # Ministry of Finance
RIGHT_TO_LEFT = "[\u0590-\u05ff\u0600-\u06ff]"
ARABIC = "\u0648\u0632\u0627\u0631\u0629 \u0627\u0644\u0645\u0627\u0644\u064a\u0629"

PLACES = """<script>addEventListener("load", () => {
  const caption = document.querySelector("#chart-rag").closest("figure")
    .querySelector("figcaption");
  const node = caption.firstChild, text = node.textContent, found = {};
  const box = (from, to) => { const r = document.createRange();
    r.setStart(node, from); r.setEnd(node, to);
    return Array.from(r.getClientRects()).map(b => [b.left, b.right, b.top]); };
  for (const name of NAMES) {
    const at = text.indexOf(name), count = text.indexOf(": ", at + name.length) + 2;
    found[name] = {name: box(at, at + name.length), count: box(count, count + 1)};
  }
  const p = document.createElement("pre"); p.id = "places";
  p.textContent = JSON.stringify(found); document.body.appendChild(p);
});</script>"""


def _onboarded(run: Cli, key: str, organisation: str, rag: str) -> None:
    result = run("item", "onboard", key, "--title", key, "--organisation", organisation,
                 "--category", "Digital", "--rag", rag, "--authority", "Baseline",
                 "-m", "Onboarded")  # fmt: skip
    assert result.exit_code == 0, result.output


def _pack(run: Cli, tmp_path: Path) -> tuple[str, Path]:
    _onboarded(run, "HE-1", HEBREW, "green")
    _onboarded(run, "AR-1", ARABIC, "amber")
    _onboarded(run, "EN-1", "Home Office", "red")
    for name in ("pack.html", "pack.pdf"):
        result = run("report", "board-pack", "--as-at", utc_today().isoformat(),
                     "--reproducible", "--out", str(tmp_path / name))  # fmt: skip
        assert result.exit_code == 0, result.output
    return (tmp_path / "pack.html").read_text(encoding="utf-8"), tmp_path / "pack.pdf"


def test_in_chromium_each_count_is_drawn_after_the_name_it_counts(run: Cli, tmp_path: Path) -> None:
    html, _ = _pack(run, tmp_path)
    probe = PLACES.replace("NAMES", json.dumps([HEBREW, ARABIC]))
    copy = tmp_path / "probed.html"
    copy.write_text(html.replace("<head>", "<head>" + probe, 1), encoding="utf-8")

    dom = chromium("--virtual-time-budget=5000", "--dump-dom", copy.as_uri()).stdout

    found = re.search(r'<pre id="places">(.*?)</pre>', dom, re.DOTALL)
    assert found is not None, dom[-500:]
    places = json.loads(found.group(1).replace("&quot;", '"'))
    for name, drawn in places.items():
        (count,) = drawn["count"]
        last = [b for b in drawn["name"] if abs(b[2] - count[2]) < 1]  # on the count's line
        assert last, (name, drawn)
        assert count[0] >= max(b[1] for b in last) - 0.5, (name, drawn)


def test_in_the_pdf_each_count_is_drawn_after_the_name_it_counts(run: Cli, tmp_path: Path) -> None:
    _, pdf = _pack(run, tmp_path)

    bbox = subprocess.run([needs("pdftotext"), "-bbox", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip

    words = re.findall(r"<word [^>]*>([^<]*)</word>", bbox)  # in the order they are drawn
    at = words.index("organisation.", words.index("RAG"))  # the caption's first sentence
    caption = words[at : words.index("Budget", at)]
    named = [i for i, w in enumerate(caption) if ":" in w and re.search(RIGHT_TO_LEFT, w)]
    assert len(named) == 2, caption  # the last word drawn of each name, with its colon
    for i in named:
        # drawn left to right: the name, its colon, then its count; not the count first
        assert caption[i].endswith(":"), caption[i - 1 : i + 3]
        assert caption[i + 1] == "1", caption[i - 1 : i + 3]
