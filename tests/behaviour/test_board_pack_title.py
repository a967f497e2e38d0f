"""The pack's page, PDF and workbook carry one title, and the PDF the time the pack was made.

The workbook was titled *Portfolio board pack* where the page and the PDF
said *Portfolio board pack for IC as at 2026-11-30 (CORP)*: a copy filed by
its title could not be told from another board's or day's. And the PDF
carried no creation time at all, even when the pack says when it was
generated; with ``--reproducible`` it still carries none, so its bytes
depend on the ledger alone.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from portfolio_ledger.domain.clock import utc_today
from tests.behaviour.board_pack.tools import needs
from tests.conftest import Cli


def _made(run: Cli, folder: Path, *options: str) -> dict[str, Path]:
    steps = (
        ("board", "create", "IC", "--name", "Investment Committee", "--terms", "t",
         "--unlimited", "--quorum", "1", "--authority", "Articles", "-m", "Constituted"),
        ("item", "onboard", "PRJ-1", "--title", "Payroll", "--organisation", "CORP",
         "--category", "Corporate", "--authority", "Baseline", "-m", "Onboarded"),
    )  # fmt: skip
    for step in steps:
        done = run(*step)
        assert done.exit_code == 0, done.output
    made = {}
    for kind in ("html", "pdf", "xlsx"):
        made[kind] = folder / f"pack.{kind}"
        result = run("report", "board-pack", "--as-at", utc_today().isoformat(), "--board", "IC",
                     "--organisation", "CORP", *options, "--out", str(made[kind]))  # fmt: skip
        assert result.exit_code == 0, result.output
    return made


def pdf_info(pdf: Path) -> dict[str, str]:
    shown = subprocess.run([needs("pdfinfo"), "-isodates", str(pdf)],
                           capture_output=True, text=True, check=True).stdout  # fmt: skip
    return dict(line.split(":", 1) for line in shown.splitlines() if ":" in line)


def test_the_page_the_pdf_and_the_workbook_have_one_title(run: Cli, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    made = _made(run, tmp_path, "--reproducible")
    title = f"Portfolio board pack for Investment Committee (IC) as at {utc_today()} (CORP)"
    html = made["html"].read_text(encoding="utf-8")
    assert f"<title>{title}</title>" in html
    assert pdf_info(made["pdf"])["Title"].strip() == title
    book = load_workbook(made["xlsx"])
    assert book.properties.title == title
    assert next(book["Pack"].iter_rows(values_only=True, min_row=2)) == ("Title", title)


def test_the_pdf_is_dated_when_the_pack_was_made_and_not_when_reproducible(
    run: Cli, tmp_path: Path
) -> None:
    made = _made(run, tmp_path)
    text = subprocess.run([needs("pdftotext"), str(made["pdf"]), "-"],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    generated = re.search(r"Generated at (\S+Z)", text)  # the line the PDF itself says
    assert generated is not None
    info = pdf_info(made["pdf"])
    assert info["CreationDate"].strip() == generated.group(1)  # pdfinfo -isodates: ...Z
    assert info["ModDate"].strip() == generated.group(1)

    again = tmp_path / "again"
    again.mkdir()
    reproducible = run("report", "board-pack", "--as-at", utc_today().isoformat(), "--board",
                       "IC", "--reproducible", "--out", str(again / "pack.pdf"))  # fmt: skip
    assert reproducible.exit_code == 0, reproducible.output
    info = pdf_info(again / "pack.pdf")
    assert "CreationDate" not in info
    assert "ModDate" not in info
    assert b"/CreationDate" not in (again / "pack.pdf").read_bytes()
