"""A PDF that draws a name's letters as empty boxes says so, naming them and the fix.

WeasyPrint sets the PDF with the machine's fonts; where none has a character (Japanese
on a machine with DejaVu alone, an emoji), it draws an empty box and tells only its own
logger. ``report board-pack --out pack.pdf`` wrote a pack whose organisation read as
four boxes, exit 0, not a word said. Linear B (U+10000) stands here for such a script:
the fonts a machine has for reports (DejaVu, Liberation, Noto's common sets) have none.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from portfolio_ledger.domain.clock import utc_today
from tests.conftest import Cli

LINEAR_B = "\U00010000\U00010001"


def _no_font_has_linear_b() -> None:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return  # fontconfig's tools are not installed: nor, then, a font for Linear B
    found = subprocess.run([fc_list, ":charset=10000"], capture_output=True, text=True, check=False)
    if found.stdout.strip():
        pytest.skip(f"a font on this machine has Linear B: {found.stdout.splitlines()[0]}")


def test_a_pdf_with_characters_no_font_has_warns_naming_them(run: Cli, tmp_path: Path) -> None:
    _no_font_has_linear_b()
    assert run("item", "onboard", "LB-1", "--title", f"Knossos {LINEAR_B} tablets",
               "--category", "Digital", "--authority", "Baseline",
               "-m", "Onboarded").exit_code == 0  # fmt: skip
    today = utc_today().isoformat()

    pdf = run("report", "board-pack", "--as-at", today, "--out", str(tmp_path / "pack.pdf"))
    html = run("report", "board-pack", "--as-at", today, "--out", str(tmp_path / "pack.html"))

    assert pdf.exit_code == 0, pdf.output
    said = " ".join(pdf.stderr.split())
    assert said.startswith(
        "Warning: the PDF draws 2 characters as empty boxes, as no font on this machine has "
        f"them: {LINEAR_B[0]} (U+10000) {LINEAR_B[1]} (U+10001). Install a font that has "
        "them for the whole machine"
    ), said
    assert (tmp_path / "pack.pdf").stat().st_size > 0  # written all the same: a warning
    assert html.exit_code == 0, html.output
    assert "Warning" not in html.stderr  # the HTML is drawn with its reader's fonts


def test_a_pdf_every_character_of_which_a_font_has_says_nothing_of_it(
    run: Cli, tmp_path: Path
) -> None:
    assert run("item", "onboard", "LB-1", "--title", "Knossos tablets", "--category",
               "Digital", "--authority", "Baseline", "-m", "Onboarded").exit_code == 0  # fmt: skip

    result = run("report", "board-pack", "--as-at", utc_today().isoformat(), "--out",
                 str(tmp_path / "pack.pdf"))  # fmt: skip

    assert result.exit_code == 0, result.output
    assert "Warning" not in result.stderr
