"""The board pack's PDF: the same bytes for the same ledger, every heading, a picture.

Tagged (headings, tables and figures marked as such) in the page's language, and a
date in running text never cut across lines. Read back with poppler (``pdftotext``,
``pdftoppm``, ``pdfinfo``).
"""

from __future__ import annotations

import contextlib
import json
import re
import subprocess
import zlib
from collections import Counter
from pathlib import Path

from tests.behaviour.board_pack.tools import HEADINGS, Pack, needs, paused_and_packed
from tests.conftest import Cli


def test_the_same_ledger_and_options_give_the_same_bytes(pack: Pack) -> None:
    for name in ("again.html", "again.pdf"):
        out = pack.folder / name
        as_at = pack.today.isoformat()
        result = pack.run("report", "board-pack", "--as-at", as_at, "--reproducible",
                          "--out", str(out))  # fmt: skip
        assert result.exit_code == 0, result.output
    assert (pack.folder / "again.html").read_text(encoding="utf-8") == pack.html
    assert (pack.folder / "again.pdf").read_bytes() == pack.pdf.read_bytes()
    stamped = pack.run("report", "board-pack", "--as-at", pack.today.isoformat(), "--json")
    assert json.loads(stamped.output)["generated_at"] is not None


def test_the_pdf_has_every_heading_and_the_digest_line(pack: Pack) -> None:
    text = subprocess.run(
        [needs("pdftotext"), "-layout", str(pack.pdf), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    for heading in HEADINGS:
        assert heading in text
    digest = pack.json("audit", "digest")["line"]
    assert "".join(digest.split()) in "".join(text.split())  # the line may wrap on the page


def test_the_first_page_makes_a_picture(pack: Pack) -> None:
    """As docs/board-pack.png was made (docs/reports.md gives the command)."""
    subprocess.run(
        [needs("pdftoppm"), "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",
         str(pack.pdf), str(pack.folder / "board-pack")],
        check=True,
    )  # fmt: skip
    picture = pack.folder / "board-pack.png"
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_demo_pdf_has_the_pages_and_parts_reports_md_shows(pack: Pack) -> None:
    """docs/reports.md's console block, run on the demo's pack: it said 7 pages after R7
    and R8 were listed among the rules applied, which moved the digest to an eighth."""
    page = (Path(__file__).parents[3] / "docs" / "reports.md").read_text(encoding="utf-8")
    shown = re.search(r"grep -E 'Tagged\|Pages'\n(.*?)\n\$ pdfinfo -struct .*?\n(\d+)\n",
                      page, re.DOTALL)  # fmt: skip
    assert shown is not None
    said = " ".join(page[: shown.start()].rsplit("```", 1)[0].split()[-40:])
    assert "the demo's own pack, the picture's" in said, said  # not the five rationales' above
    info = subprocess.run([needs("pdfinfo"), str(pack.pdf)],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert [line for line in info.splitlines() if re.match("Tagged|Pages", line)] == (
        shown.group(1).splitlines()
    )
    structure = subprocess.run([needs("pdfinfo"), "-struct", str(pack.pdf)],
                               capture_output=True, text=True, check=True).stdout  # fmt: skip
    parts = re.findall(r"^ *(?:H2|Table|Figure)\b", structure, re.MULTILINE)
    assert len(parts) == int(shown.group(2))


def test_no_heading_or_caption_is_left_at_the_foot_of_a_page(pack: Pack) -> None:
    """The demo's first page ended on 'Items and money by category', its table on the
    next (docs/board-pack.png showed it so): a caption or heading keeps with what follows."""
    text = subprocess.run([needs("pdftotext"), "-layout", str(pack.pdf), "-"],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    titles = re.compile(r"^ *(\d\. [A-Z]|Items (and money )?by |Open items by |Changes since "
                        r"|Economics against|Committed by)")  # fmt: skip
    for number, page in enumerate(text.split("\f")[:-1], start=1):
        lines = [line for line in page.splitlines() if line.strip()]
        last = [line for line in lines if not re.search(r"Page \d+ of \d+$", line)][-1]
        assert not titles.match(last), (number, last)


def _streams(pdf: bytes) -> bytes:
    """The PDF's bytes with each compressed stream inflated: its catalogue is in one."""
    inflated = [pdf]
    for found in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.DOTALL):
        with contextlib.suppress(zlib.error):
            inflated.append(zlib.decompressobj().decompress(found[1]))
    return b"\n".join(inflated)


def test_the_pdf_is_tagged_in_the_language_of_the_page(pack: Pack) -> None:
    # Untagged, a screen reader read the PDF as one run of text: no heading, no table.
    info = subprocess.run([needs("pdfinfo"), str(pack.pdf)],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert re.search(r"^Tagged: +yes$", info, re.MULTILINE), info
    structure = subprocess.run([needs("pdfinfo"), "-struct", str(pack.pdf)],
                               capture_output=True, text=True, check=True).stdout  # fmt: skip
    kinds = Counter(re.findall(r"^ *(\w+)", structure, re.MULTILINE))  # 'TH <387-0-0>', 'TD:'
    assert kinds["H1"] == 1
    assert kinds["H2"] == 6  # the five sections and the digest
    assert kinds["Table"] >= 7
    assert kinds["TH"] > 0
    assert kinds["Figure"] == 4  # the charts
    assert '<html lang="en">' in pack.html
    assert b"/Lang (en)" in _streams(pack.pdf.read_bytes())


def test_a_date_in_running_text_is_never_cut_across_lines(run: Cli, tmp_path: Path) -> None:
    # Two dates with no space between them are one word, wider than the pack's 'Why'
    # column was (a rationale has a row of its own now): the word was cut where the line
    # ran out, '2027-04-30/20' over '27-09-30', and a date cut at its hyphen was extracted
    # without it ('202607-08'). Each is kept whole.
    why = "Re-baselined to 2027-04-30/2027-09-30 (gate:2027-01-15)."
    paused_and_packed(run, why, tmp_path)

    text = subprocess.run([needs("pdftotext"), str(tmp_path / "pack.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    lines = text.splitlines()
    for day in ("2027-04-30", "2027-09-30", "2027-01-15"):  # read with its plain hyphens
        assert any(day in line for line in lines), (day, text[text.find("Re-baselined") :][:200])
    html = (tmp_path / "pack.html").read_text(encoding="utf-8")
    assert (
        'Re-baselined to <span class="date">2027-04-30</span>/<span class="date">2027-09-30'
        '</span> (gate:<span class="date">2027-01-15</span>).'
    ) in html
