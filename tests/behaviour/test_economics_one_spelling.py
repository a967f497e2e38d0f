"""Economics by category and organisation: names spelt differently only in case are one row.

A register writing ``Digital`` on one row, ``digital `` on another and ``DIGITAL`` on a
third gave three rows in ``economics --by category``, while ``--category digital``
found all three items. They are one row, under the spelling recorded first, naming
the others; the items keep the spelling each was recorded with.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.behaviour.test_returns_refusals import write
from tests.conftest import Cli

MAPPING = (
    '[columns]\nkey = "Ref"\ntitle = "Project"\ncategory = "Area"\n'
    'organisation = "Dept"\nwhole_life_cost = "Cost"\n'
)


def imported(run: Cli, *rows: str, as_at: str = "2026-03-31") -> None:
    path = write(f"r{as_at}.csv", "Ref,Project,Area,Dept,Cost", *rows)
    Path("m.toml").write_text(MAPPING, encoding="utf-8")
    result = run("returns", "import", str(path), "--mapping", "m.toml", "--as-at", as_at,
                 "--authority", "PMO", "--missing", "report")  # fmt: skip
    assert result.exit_code == 0, result.output


def totals(run: Cli, dimension: str, *moment: str) -> dict[str, dict[str, Any]]:
    result = run("economics", "--by", dimension, "--json", *moment)
    assert result.exit_code == 0, result.output
    return {row["value"]: row for row in json.loads(result.output)["totals"]}


@pytest.mark.parametrize("moment", [(), ("--effective-on", "2026-03-31")], ids=["now", "then"])
def test_categories_spelt_differently_only_in_case_or_spaces_are_one_row(
    run: Cli, moment: tuple[str, ...]
) -> None:
    imported(run, "P-1,Alpha,digital,HO,100.10", "P-2,Beta,Digital ,HO,200.20",
             "P-3,Gamma,DIGITAL,ho,300.30", "P-4,Delta,Estates,HO,400")  # fmt: skip

    by_category = totals(run, "category", *moment)
    by_organisation = totals(run, "organisation", *moment)

    # 'digital' was recorded first (row 2): it is the row's name, though it sorts last.
    assert set(by_category) == {"digital", "Estates"}
    digital = by_category["digital"]
    assert (digital["items"], Decimal(digital["whole_life_cost"])) == (3, Decimal("600.60"))
    assert digital["whole_life_cost_known"] == 3
    assert digital["spellings"] == ["digital", "DIGITAL", "Digital"]
    assert "spellings" not in by_category["Estates"]
    assert set(by_organisation) == {"HO"}
    assert by_organisation["HO"]["items"] == 4
    # Each item keeps its spelling as recorded.
    shown = json.loads(run("item", "show", "P-2", "--json").output)
    assert shown["category"] == "Digital"


def test_the_table_says_which_spellings_a_row_counts(run: Cli) -> None:
    imported(run, "P-1,Alpha,Digital,HO,1", "P-2,Beta,digital,HO,2")

    output = run("economics", "--by", "category").output

    assert "Digital       2" in output
    assert (
        "Category 'Digital' counts the items recorded as 'digital' too: spelt differently "
        "only in case, spaces, typography (\u2019 for ', \u2013 for -) or how its accents were "
        "typed, it is one name, shown as first recorded." in output
    )


def in_two_currencies(run: Cli) -> None:
    """Digital and DIGITAL in pounds (10, 20), digital in dollars (30), by a return of its own."""
    imported(run, "P-1,Alpha,Digital,HO,10", "P-2,Beta,DIGITAL,HO,20")
    usd = write("usd.csv", "Ref,Project,Area,Dept,Cost", "U-1,Gamma,digital,HO,30")
    Path("usd.toml").write_text('currency = "USD"\n' + MAPPING, encoding="utf-8")
    result = run("returns", "import", str(usd), "--mapping", "usd.toml", "--as-at",
                 "2026-03-31", "--authority", "PMO")  # fmt: skip
    assert result.exit_code == 0, result.output


def test_a_name_in_two_currencies_is_one_row_per_currency_under_one_spelling(run: Cli) -> None:
    in_two_currencies(run)

    rows = json.loads(run("economics", "--by", "category", "--json").output)["totals"]

    assert [(r["value"], r["currency"], r["items"], r["whole_life_cost"]) for r in rows] == [
        ("Digital", "GBP", 2, "30.00"),
        ("Digital", "USD", 1, "30.00"),
    ]


def test_the_portfolio_grouped_by_category_or_organisation_has_one_group_per_name(
    run: Cli,
) -> None:
    # 'portfolio --by category' listed 'DIGITAL', 'Digital' and 'digital' as three groups
    # of one item each, where economics counts them as one.
    imported(run, "P-1,Alpha,Digital,HO,1", "P-2,Beta,DIGITAL,ho,2", "P-3,Gamma,Estates,HO,3")

    by_category = run("portfolio", "--by", "category").output
    by_organisation = run("portfolio", "--by", "organisation").output

    assert "category Digital: 2 items" in by_category
    assert "category DIGITAL" not in by_category
    assert "category Estates: 1 item" in by_category
    assert "organisation HO: 3 items" in by_organisation
    keys = [row["key"] for row in json.loads(run("portfolio", "--by", "category", "--json").output)]
    assert keys == ["P-1", "P-2", "P-3"]


def test_the_board_pack_counts_an_organisation_spelt_two_ways_as_one(run: Cli) -> None:
    # Its money by organisation (economics') had one row 'HO', while its RAG by
    # organisation chart had two columns, 'HO' and 'ho'.
    imported(run, "P-1,Alpha,Digital,HO,1", "P-2,Beta,Digital,ho,2")

    made = run("report", "board-pack", "--as-at", "2026-03-31", "--json")

    assert made.exit_code == 0, made.output
    pack = json.loads(made.stdout)
    chart = pack["charts"]["rag_by_organisation"]
    assert chart["organisations"] == ["HO"]
    assert sum(sum(counts) for counts in chart["counts"].values()) == 2
    assert [row["label"] for row in pack["summary"]["by_organisation"]] == ["HO"]


def test_the_board_pack_names_the_spellings_a_row_counts(run: Cli, tmp_path: Path) -> None:
    # economics says which spellings a row adds up; the pack's money tables (HTML, JSON,
    # workbook) showed 'digital' with three items and no word of 'DIGITAL' or 'Digital'.
    from tests.behaviour.test_board_pack_xlsx import sheets

    imported(run, "P-1,Alpha,digital,HO,1", "P-2,Beta,Digital,HO,2", "P-3,Gamma,DIGITAL,HO,3")
    args = ("report", "board-pack", "--as-at", "2026-03-31")
    html, book = tmp_path / "pack.html", tmp_path / "pack.xlsx"

    made = run(*args, "--json")
    written = [run(*args, "--out", str(path)) for path in (html, book)]

    assert made.exit_code == 0, made.output
    assert all(result.exit_code == 0 for result in written), [r.output for r in written]
    (row,) = json.loads(made.stdout)["summary"]["by_category"]
    assert (row["label"], row["spellings"]) == ("digital", ["digital", "DIGITAL", "Digital"])
    assert 'digital <span class="spellings">(also recorded as DIGITAL, Digital)</span>' in (
        html.read_text(encoding="utf-8")
    )
    header, *rows = sheets(book)["By category"]
    assert dict(zip(header, rows[0], strict=True))["Also recorded as"] == "DIGITAL, Digital"
    (organisation,) = json.loads(made.stdout)["summary"]["by_organisation"]
    assert organisation["spellings"] == []


def test_the_board_pack_tells_spellings_holding_a_comma_apart(run: Cli, tmp_path: Path) -> None:
    # The HTML joined them unquoted: 'also recorded as TRANSPORT, ROADS, transport, roads',
    # two spellings that read as four. Now as the audit trail says a list (names_in_words).
    imported(run, 'P-1,Alpha,"Transport, roads",HO,1', 'P-2,Beta,"transport, roads",HO,2',
             'P-3,Gamma,"TRANSPORT, ROADS",HO,3')  # fmt: skip
    html = tmp_path / "pack.html"

    made = run("report", "board-pack", "--as-at", "2026-03-31", "--out", str(html))

    assert made.exit_code == 0, made.output
    quoted = "&#34;TRANSPORT, ROADS&#34;, &#34;transport, roads&#34;"
    assert f'Transport, roads <span class="spellings">(also recorded as {quoted})</span>' in (
        html.read_text(encoding="utf-8")
    )


def test_each_currencys_row_names_only_the_spellings_it_counts(run: Cli) -> None:
    # Every row of a name listed every spelling in any currency: the USD row, one item
    # recorded 'digital', said it counted 'DIGITAL' too, which only GBP items hold.
    in_two_currencies(run)

    rows = json.loads(run("economics", "--by", "category", "--json").output)["totals"]
    table = run("economics", "--by", "category").output

    assert {r["currency"]: r["spellings"] for r in rows} == {
        "GBP": ["Digital", "DIGITAL"],
        "USD": ["Digital", "digital"],
    }
    assert "Category 'Digital' counts the items recorded as 'DIGITAL', 'digital' too" in table


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_csv_and_the_workbook_name_the_spellings_a_row_counts(
    run: Cli, tmp_path: Path, fmt: str
) -> None:
    # The JSON's 'spellings' and the table's sentence said them; the CSV and xlsx had no
    # column for them, so a row adding up 'Digital' and 'DIGITAL' read as one spelling.
    import csv

    from openpyxl import load_workbook

    imported(run, "P-1,Alpha,digital,HO,1", "P-2,Beta,Digital,HO,2",
             "P-3,Gamma,DIGITAL,HO,3", "P-4,Delta,Estates,HO,4")  # fmt: skip
    out = tmp_path / f"economics.{fmt}"

    result = run("economics", "--by", "category", "--out", str(out))

    assert result.exit_code == 0, result.output
    if fmt == "csv":
        lines = list(csv.reader(out.open(encoding="utf-8-sig", newline="")))
    else:
        sheet = load_workbook(out).active
        assert sheet is not None
        lines = [[str(c.value or "") for c in row] for row in sheet.iter_rows()]
    rows = {line[1]: dict(zip(lines[0], line, strict=True)) for line in lines[1:]}
    assert rows["digital"]["Also recorded as"] == "DIGITAL, Digital"
    assert rows["Estates"]["Also recorded as"] == ""
    spelt = totals(run, "category")["digital"]["spellings"]
    assert rows["digital"]["Also recorded as"] == ", ".join(spelt[1:])


@pytest.mark.parametrize("out", ["economics.csv", "economics.xlsx", "pack.xlsx"])
def test_the_also_recorded_as_column_tells_spellings_holding_a_comma_apart(
    run: Cli, tmp_path: Path, out: str
) -> None:
    # The column joined them unquoted, 'TRANSPORT, ROADS, transport, roads': two spellings
    # that read as four, where the pack's HTML, the audit trail and the screen quote them.
    import csv

    from tests.behaviour.test_board_pack_xlsx import sheets

    imported(run, 'P-1,Alpha,"Transport, roads",HO,1', 'P-2,Beta,"transport, roads",HO,2',
             'P-3,Gamma,"TRANSPORT, ROADS",HO,3')  # fmt: skip
    path = tmp_path / out
    args = ("economics", "--by", "category") if out.startswith("economics") else (
        "report", "board-pack", "--as-at", "2026-03-31")  # fmt: skip

    result = run(*args, "--out", str(path))

    assert result.exit_code == 0, result.output
    lines: list[Sequence[Any]] = (
        list(csv.reader(path.open(encoding="utf-8-sig", newline="")))
        if path.suffix == ".csv"
        else list(sheets(path)["By category" if out == "pack.xlsx" else "Economics"])
    )
    header, *rows = lines
    (row,) = (dict(zip(header, r, strict=True)) for r in rows if "Transport, roads" in r)
    assert row["Also recorded as"] == '"TRANSPORT, ROADS", "transport, roads"'


def test_a_name_whose_accents_were_typed_apart_is_said_so_not_as_itself(
    run: Cli, tmp_path: Path
) -> None:
    """'Défense' composed and as a Mac types it (e and U+0301) are one row; economics said it
    counted the items recorded as 'Défense' too, its CSV and the pack *also recorded as
    Défense*: the other spelling read as the very name it was told apart from."""
    for key, category in (("P-1", "D\u00e9fense"), ("P-2", "De\u0301fense")):
        proposed = run("item", "propose", key, "--kind", "project", "--title", "T",
                       "--owner", "O", "--sponsor", "S", "--category", category,
                       "-m", "x", "--effective-date", "2026-03-02")  # fmt: skip
        assert proposed.exit_code == 0, proposed.output

    output = run("economics", "--by", "category").output
    in_csv = run("economics", "--by", "category", "--format", "csv").output
    html = tmp_path / "pack.html"
    made = run("report", "board-pack", "--as-at", "2026-03-31", "--out", str(html))

    assert (
        "Category 'D\u00e9fense' counts the items recorded as 'De\u0301fense' typed with "
        "separate accent marks too: " in output
    )
    assert ",De\u0301fense typed with separate accent marks" in in_csv  # Also recorded as
    assert made.exit_code == 0, made.output
    assert "(also recorded as De\u0301fense typed with separate accent marks)" in (
        html.read_text(encoding="utf-8")
    )
