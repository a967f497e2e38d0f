"""The HTML pack printed from the browser, as a board member prints the copy emailed to them.

Chromium prints the page with its own stylesheet's ``@page`` (A4, page numbers); the
pack's own PDF is WeasyPrint's (``test_pdf.py``).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from tests.behaviour.board_pack.tools import Pack, chromium, needs


def heads(html: str) -> set[str]:
    """Each table's header row, its words as ``pdftotext`` reads them, one space apart."""
    found = re.findall(r"<thead>(.*?)</thead>", html, re.DOTALL)
    return {" ".join(re.sub(r"<[^>]+>", " ", head).split()) for head in found}


def page_ends(pdf: Path) -> list[str]:
    """The last three lines of each page's text, one space apart, its page number left out."""
    info = subprocess.run([needs("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True)
    found = re.search(r"Pages:\s+(\d+)", info.stdout)
    assert found is not None, info.stdout
    pages = int(found.group(1))
    ends = []
    for page in range(1, pages + 1):
        text = subprocess.run(
            [needs("pdftotext"), "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        lines = [line for line in text.splitlines() if line.strip()]
        lines = [line for line in lines if not re.fullmatch(r"\s*Page \d+ of \d+\s*", line)]
        ends.append(" ".join(" ".join(lines[-3:]).split()))
    return ends


def test_printed_from_chromium_no_page_ends_with_a_tables_header(pack: Pack) -> None:
    """A table's header row is printed with its first rows, not alone at a page's foot.

    Chromium printed the demo's page 1 ending with *Items and money by category* and its
    header row, every row of it on page 2 under the header repeated (the GMPP's, filtered
    to DHSC and MOD, likewise its *Changes*); WeasyPrint's PDF kept them together.
    """
    printed = pack.folder / "printed.pdf"
    chromium(
        "--no-pdf-header-footer", f"--print-to-pdf={printed}", (pack.folder / "pack.html").as_uri()
    )
    ends = page_ends(printed)
    assert len(ends) > 1
    assert [(page, end) for page, end in enumerate(ends, 1) for head in heads(pack.html)
            if end.endswith(head)] == []  # fmt: skip
