"""A breakdown's rows of one name in two currencies say which currency each is.

The pack's *Items and money by organisation* (and ``economics`` on screen) has a row per
name and currency, nothing converted. With one item in EUR whose budget is not yet on
record beside eleven in GBP, both rows read *no organisation*: the EUR row's figures
are all dashes, so nothing on it said its currency, and a board read one group twice.
"""

from __future__ import annotations

import re
from pathlib import Path

from portfolio_ledger.domain.clock import utc_today
from tests.conftest import Cli


def proposed(key: str, currency: str) -> tuple[str, ...]:
    return ("item", "propose", key, "--kind", "project", "--title", key, "--category",
            "Estates", "--currency", currency, "--owner", "Chris Fox", "--sponsor", "COO",
            "-m", "Bid")  # fmt: skip


def test_two_rows_of_one_name_say_their_currencies(run: Cli, tmp_path: Path) -> None:
    assert run(*proposed("EU-1", "EUR")).exit_code == 0
    assert run(*proposed("UK-1", "GBP")).exit_code == 0
    assert run("item", "onboard", "UK-2", "--title", "Roof", "--category", "Estates",
               "--stage", "in-delivery", "--budget", "GBP 500,000", "--authority",
               "Baseline", "-m", "Onboarded").exit_code == 0  # fmt: skip
    out = tmp_path / "pack.html"

    result = run("report", "board-pack", "--as-at", utc_today().isoformat(), "--out", str(out))

    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    for table in ("by-organisation", "by-category"):
        body = html.split(f'id="{table}"', 1)[1].split("</table>", 1)[0]
        cells = re.findall(r'<tr data-label="[^"]*"><td>([^<]*)</td>', body)
        name = "no organisation" if table == "by-organisation" else "Estates"
        assert cells == [f"{name} (EUR)", f"{name} (GBP)"], cells
    screen = run("economics", "--by", "organisation")
    assert screen.exit_code == 0, screen.output
    assert "no organisation (EUR)      1" in screen.stdout
    assert "no organisation (GBP)      2" in screen.stdout


def test_a_name_in_one_currency_is_written_as_it_is(run: Cli, tmp_path: Path) -> None:
    assert run(*proposed("UK-1", "GBP")).exit_code == 0
    out = tmp_path / "pack.html"

    result = run("report", "board-pack", "--as-at", utc_today().isoformat(), "--out", str(out))

    assert result.exit_code == 0, result.output
    assert '<tr data-label="Estates"><td>Estates</td>' in out.read_text(encoding="utf-8")
    assert "(GBP)" not in run("economics", "--by", "category").stdout
