"""The board pack's PDF: the same bytes for the same ledger, every heading, a picture.

Read back with poppler (``pdftotext``, ``pdftoppm``).
"""

from __future__ import annotations

import json
import subprocess

from tests.behaviour.board_pack.tools import HEADINGS, Pack, needs


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
    for heading in (*HEADINGS, "Ledger digest"):
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
