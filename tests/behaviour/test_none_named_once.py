"""Items with no organisation (or no RAG) are one group, named in one wording everywhere.

``portfolio --by organisation`` headed them ``organisation -``, where ``economics``
and the board pack say ``no organisation``. For a script, none stays none: ``null``
in ``portfolio --json`` (the item's field) and in ``economics --json`` (the row's
``value``: before, ``""``, as the read model holds it; a key column holds no null).

The group of items with none comes last everywhere (``group_order``), as a
spreadsheet's pivot table puts its blanks: before, first in ``portfolio --by``
and in economics' organisations, but last in economics' RAGs.
"""

from __future__ import annotations

import json
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from portfolio_ledger.domain.clock import utc_today
from tests.behaviour.board_pack.tools import Page
from tests.conftest import Cli


@pytest.fixture
def unorganised(run: Cli) -> Cli:
    for args in (
        ("item", "onboard", "PRJ-1", "--title", "Payroll", "--category", "Corporate",
         "--organisation", "CORP", "--budget", "GBP 1,000", "--rag", "green",
         "--authority", "Baseline", "-m", "Onboarded"),
        ("item", "onboard", "PRJ-2", "--title", "Estates", "--category", "Corporate",
         "--budget", "GBP 250", "--authority", "Baseline", "-m", "Onboarded"),
    ):  # fmt: skip
        result = run(*args)
        assert result.exit_code == 0, result.output
    return run


def headings(output: str) -> list[str]:
    """The group headings of a grouped table: the lines that count items."""
    return [line for line in output.splitlines() if line.endswith(("item", "items"))]


def test_portfolio_by_organisation_names_the_group_as_economics_does(unorganised: Cli) -> None:
    grouped = unorganised("portfolio", "--by", "organisation")
    economics = unorganised("economics", "--by", "organisation")

    assert headings(grouped.output) == ["organisation CORP: 1 item", "no organisation: 1 item"]
    assert "organisation -" not in grouped.output
    second_row = economics.output.splitlines()[5]  # title, 'By organisation', header, rule, CORP
    assert second_row.startswith("no organisation ")


def test_portfolio_by_rag_names_the_unreported_as_economics_does(unorganised: Cli) -> None:
    grouped = unorganised("portfolio", "--by", "rag")
    economics = unorganised("economics", "--by", "rag")

    assert headings(grouped.output) == ["rag green: 1 item", "rag not reported: 1 item"]
    assert any(line.startswith("not reported ") for line in economics.output.splitlines())


def test_a_script_gets_none_as_none(unorganised: Cli) -> None:
    items = json.loads(unorganised("portfolio", "--by", "organisation", "--json").output)
    totals = json.loads(unorganised("economics", "--by", "organisation", "--json").output)
    csv = unorganised("portfolio", "--by", "organisation", "--format", "csv").output

    assert [(i["key"], i["organisation"]) for i in items] == [("PRJ-1", "CORP"), ("PRJ-2", None)]
    assert [r["value"] for r in totals["totals"]] == ["CORP", None]
    assert csv.splitlines()[2].split(",")[1:4] == ["PRJ-2", "Estates", ""]


def test_the_board_pack_names_the_group_so_in_html_json_and_xlsx(
    unorganised: Cli, tmp_path: Path
) -> None:
    day = utc_today().isoformat()
    html = unorganised("report", "board-pack", "--as-at", day, "--out", str(tmp_path / "p.html"))
    made = unorganised("report", "board-pack", "--as-at", day, "--json")
    xlsx = unorganised("report", "board-pack", "--as-at", day, "--out", str(tmp_path / "p.xlsx"))
    assert html.exit_code == made.exit_code == xlsx.exit_code == 0, html.output + xlsx.output

    page = Page((tmp_path / "p.html").read_text(encoding="utf-8"))
    pack = json.loads(made.stdout)
    sheet = load_workbook(BytesIO((tmp_path / "p.xlsx").read_bytes()))["By organisation"]
    assert [row[0] for row in page.tables["by-organisation"]] == ["CORP", "no organisation"]
    assert [r["label"] for r in pack["summary"]["by_organisation"]] == ["CORP", "no organisation"]
    assert pack["charts"]["rag_by_organisation"]["organisations"] == ["CORP", "no organisation"]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "CORP",
        "no organisation",
    ]
