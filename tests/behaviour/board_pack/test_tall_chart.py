"""A chart taller than an A4 page is shrunk to fit one in the PDF, not cut at its foot.

The RAG chart grows a bar per organisation. With 40 organisations it was some 14 inches
tall, and the PDF drew it from the top of a page down past the page's foot: the last
organisations' bars and the axis under them were lost, the caption alone going on (an
SVG is not split across pages). Read back with ``pdftotext -bbox``.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from tests.behaviour.board_pack.tools import needs
from tests.conftest import Cli

ORGANISATIONS = [f"ORG{n:02d}" for n in range(40)]


def test_a_chart_of_many_organisations_is_drawn_whole_on_its_page(run: Cli, tmp_path: Path) -> None:
    lines = [
        {"command": "item onboard", "key": f"K-{org}", "title": f"Item of {org}",
         "organisation": org, "category": "Digital", "rag": "amber",
         "authority": "Baseline", "actor": "Sam Patel", "role": "PMO",
         "rationale": "Onboarded", "effective_date": "2026-01-15"}
        for org in ORGANISATIONS
    ]  # fmt: skip
    source = tmp_path / "items.jsonl"
    source.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    assert run("import", str(source)).exit_code == 0
    pdf = tmp_path / "pack.pdf"
    result = run("report", "board-pack", "--as-at", "2026-11-30", "--reproducible",
                 "--out", str(pdf))  # fmt: skip
    assert result.exit_code == 0, result.output

    bbox = subprocess.run([needs("pdftotext"), "-bbox", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', bbox, re.DOTALL)
    drawn: list[str] = []
    for width, height, words in pages:
        for x_max, y_max, word in re.findall(
            r'<word xMin="[\d.-]+" yMin="[\d.-]+" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)</word>',
            words,
        ):
            assert float(x_max) <= float(width), word
            assert float(y_max) <= float(height), word
            drawn.append(word)
    heading = [n for n, word in enumerate(drawn) if word == "Charts"][-1]  # not the contents'
    chart = drawn[heading:]  # the chart's title, its bars' labels, its axes, its caption
    assert "(count)" in chart[: chart.index("RAG", chart.index("Organisation"))]  # its x axis
    labels = chart[: chart.index("(count)")]  # before the caption, which names them again
    assert [word for word in labels if word in ORGANISATIONS] == ORGANISATIONS
