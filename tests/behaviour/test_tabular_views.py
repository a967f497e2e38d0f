"""The tabular views in every format: table, JSON, CSV and xlsx; pages of rows; refusals."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from portfolio_ledger.audit.export import restore
from portfolio_ledger.cli.tables import DIFF, ECONOMICS, PORTFOLIO, TRAIL
from portfolio_ledger.domain.clock import utc_today
from portfolio_ledger.reports.tabular import Column, display_width
from tests.conftest import Cli

INJECTED = '=HYPERLINK("http://example.invalid","click")'
SIXTY_DAYS_AGO = (utc_today() - timedelta(days=60)).isoformat()
DIFF_ARGS = ("portfolio", "diff", "2000-01-01", "2100-01-01", "--effective")
VIEWS: dict[str, tuple[tuple[str, ...], tuple[Column, ...], Callable[[Any], int]]] = {
    "portfolio": (("portfolio",), PORTFOLIO, len),
    "items list": (("items", "list"), PORTFOLIO, len),
    "economics": (("economics",), ECONOMICS, lambda data: len(data["totals"])),
    "portfolio diff": (DIFF_ARGS, DIFF, len),
    "audit trail": (("audit", "trail"), TRAIL, len),
}
LISTINGS = ["portfolio", "items list", "portfolio diff", "audit trail"]


@pytest.fixture(scope="module")
def ledger(module_db_url: str) -> Cli:
    """The demo, and an item whose title a spreadsheet would run as a formula."""
    run = Cli(module_db_url)
    assert run("demo").exit_code == 0
    proposed = run(
        "item", "propose", "PRJ-900", "--kind", "project", "--title", INJECTED,
        "--owner", "Dana Okafor", "--sponsor", "Chief Finance Officer",
        "--category", "Corporate systems", "-m", "A formula in a title",
        "--effective-date", SIXTY_DAYS_AGO,
    )  # fmt: skip
    assert proposed.exit_code == 0, proposed.output
    return run


def as_json(run: Cli, *args: str) -> Any:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def data_headers(columns: tuple[Column, ...]) -> list[str]:
    return [c.header for c in columns if c.shown != "screen"]


@pytest.mark.parametrize("view", list(VIEWS))
@pytest.mark.parametrize("fmt", ["table", "json", "csv", "xlsx"])
def test_each_view_writes_each_format(ledger: Cli, tmp_path: Path, view: str, fmt: str) -> None:
    args, columns, count = VIEWS[view]
    rows = count(as_json(ledger, *args))
    out = tmp_path / f"view.{'txt' if fmt == 'table' else fmt}"

    result = ledger(*args, "--format", fmt, "--out", str(out))

    assert result.exit_code == 0, result.output
    what = {"table": "table", "json": "JSON", "csv": "CSV", "xlsx": "workbook"}[fmt]
    assert f"Wrote {rows:,} row{'s' if rows != 1 else ''} to {out} ({what})." in result.output
    if fmt == "json":
        assert json.loads(out.read_text(encoding="utf-8")) == as_json(ledger, *args)
    elif fmt == "csv":
        lines = list(csv.reader(out.open(encoding="utf-8-sig", newline="")))
        assert lines[0] == data_headers(columns)
        assert len(lines) == rows + 1
    elif fmt == "xlsx":
        sheet = load_workbook(out).active
        assert sheet is not None
        assert [c.value for c in sheet[1]] == data_headers(columns)
        assert sheet.freeze_panes == "A2"
        assert sheet.max_row == rows + 1
    else:  # what a pipe gets: economics' tables and envelope, a listing's notes, not a flat table
        assert out.read_text(encoding="utf-8") == ledger(*args).stdout


def test_the_format_follows_the_out_files_extension(ledger: Cli, tmp_path: Path) -> None:
    out = tmp_path / "portfolio.CSV"

    result = ledger("portfolio", "--out", str(out))

    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8-sig").startswith("Rank,Key,Title,")


def test_the_workbook_has_number_formats_dates_and_a_neutralised_formula(
    ledger: Cli, tmp_path: Path
) -> None:
    out = tmp_path / "portfolio.xlsx"
    assert ledger("portfolio", "--out", str(out)).exit_code == 0
    sheet = load_workbook(out).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    rows = {row[1].value: row for row in sheet.iter_rows(min_row=2)}
    items = {item["key"]: item for item in as_json(ledger, "portfolio")}

    funded = next(key for key, item in items.items() if item["authorised_budget"])
    budget = rows[funded][header.index("Budget")]
    assert budget.number_format == "#,##0.00"
    assert Decimal(str(budget.value)) == Decimal(items[funded]["authorised_budget"])
    reported = next(key for key, item in items.items() if item["last_status_date"])
    last_status = rows[reported][header.index("Last status")]
    assert last_status.number_format == "yyyy-mm-dd"
    assert isinstance(last_status.value, datetime)
    assert last_status.value.date().isoformat() == items[reported]["last_status_date"]
    title = rows["PRJ-900"][header.index("Title")]
    assert title.value == "'" + INJECTED
    assert title.data_type == "s"


def test_the_trails_workbook_holds_times_and_days_as_dates(ledger: Cli, tmp_path: Path) -> None:
    out = tmp_path / "trail.xlsx"
    assert ledger("audit", "trail", "--out", str(out)).exit_code == 0
    sheet = load_workbook(out).active
    assert sheet is not None
    first = as_json(ledger, "audit", "trail")[0]

    position, recorded, effective = (cell for cell in sheet[2][:3])

    assert position.value == first["position"]
    assert recorded.number_format == "yyyy-mm-dd hh:mm:ss"
    assert isinstance(recorded.value, datetime)
    # A workbook keeps times to the millisecond, in UTC without a zone.
    expected = datetime.fromisoformat(first["recorded_at"]).replace(tzinfo=None)
    assert abs(recorded.value - expected) < timedelta(milliseconds=1)
    assert effective.number_format == "yyyy-mm-dd"
    assert isinstance(effective.value, datetime)
    assert effective.value.date().isoformat() == first["effective_date"]


def test_csv_reads_back_as_the_json_says(ledger: Cli) -> None:
    result = ledger("portfolio", "--format", "csv")
    assert result.exit_code == 0, result.output
    lines = list(csv.DictReader(result.output.splitlines()))
    items = as_json(ledger, "portfolio")

    assert [row["Key"] for row in lines] == [item["key"] for item in items]
    for row, item in zip(lines, items, strict=True):
        assert restore(row["Title"]) == item["title"]
        budget = item["authorised_budget"] or item["authorised_budget_status"] or ""
        assert row["Budget"] == budget
        assert row["Last status"] == (item["last_status_date"] or "")
    assert next(r for r in lines if r["Key"] == "PRJ-900")["Title"] == "'" + INJECTED


@pytest.mark.parametrize("view", LISTINGS)
def test_limit_and_offset_choose_a_page_of_rows(ledger: Cli, view: str) -> None:
    args, _, _ = VIEWS[view]
    everything = as_json(ledger, *args)

    page = as_json(ledger, *args, "--limit", "5", "--offset", "3")
    table = ledger(*args, "--limit", "5", "--offset", "3")
    csv_page = ledger(*args, "--limit", "5", "--offset", "3", "--format", "csv")

    assert page == everything[3:8]
    assert f"rows 4-8 of {len(everything):,}" in table.output.splitlines()[0]
    assert len(table.output.splitlines()) == 5 + 3
    assert len(csv_page.output.splitlines()) == 5 + 1


RAG_ORDER = ["red", "amber", "green", "withheld", "not assessed"]


def grouped_order(items: list[dict[str, Any]], by: str) -> list[dict[str, Any]]:
    """The items as the table grouped ``by`` shows them, group by group, each in rank order.

    Organisations by name (any case), RAGs red to green; the items with none last.
    """
    groups: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        groups.setdefault(item[by] or "", []).append(item)

    def order(value: str) -> tuple[bool, int, str]:
        rank = RAG_ORDER.index(value) if by == "rag" and value in RAG_ORDER else 0
        return (not value, rank, value.casefold())

    return [item for value in sorted(groups, key=order) for item in groups[value]]


def heading(item: dict[str, Any], by: str) -> str:
    """An item's group heading: ``organisation CORP``, or none named as economics names it."""
    return (
        f"{by} {item[by]}"
        if item[by]
        else {"organisation": "no organisation"}.get(by, f"{by} not reported")
    )


@pytest.mark.parametrize("by", ["organisation", "rag"])
def test_a_grouped_page_is_a_slice_of_the_grouped_table_in_every_format(
    ledger: Cli, tmp_path: Path, by: str
) -> None:
    whole = grouped_order(as_json(ledger, "portfolio"), by)
    page = ("--by", by, "--limit", "5", "--offset", "6")
    keys = [item["key"] for item in whole[6:11]]
    workbook = tmp_path / "page.xlsx"

    grouped_json = as_json(ledger, "portfolio", "--by", by)
    json_page = as_json(ledger, "portfolio", *page)
    table = ledger("portfolio", *page).output.splitlines()
    csv_text = ledger("portfolio", *page, "--format", "csv").output
    csv_page = list(csv.DictReader(csv_text.splitlines()))
    assert ledger("portfolio", *page, "--out", str(workbook)).exit_code == 0

    assert grouped_json == whole
    assert json_page == whole[6:11]
    assert f"rows 7-11 of {len(whole):,}" in table[0]
    assert [line.split()[1] for line in table if line.split()[1:2] in [[k] for k in keys]] == keys
    assert [row["Key"] for row in csv_page] == keys
    sheet = load_workbook(workbook).active
    assert sheet is not None
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == keys
    headings = {heading(item, by) for item in whole}
    said_of = [line.split(": ") for line in table if line.split(": ")[0] in headings]
    assert len(said_of) == len({heading(item, by) for item in whole[6:11]})
    for name, said in said_of:
        members = sum(1 for item in whole if heading(item, by) == name)
        on_page = sum(1 for item in whole[6:11] if heading(item, by) == name)
        expected = f"{members} item{'s' if members != 1 else ''}"
        assert said == expected + ("" if on_page == members else f", {on_page} on this page")


def test_an_offset_past_the_end_shows_no_rows(ledger: Cli) -> None:
    result = ledger("audit", "trail", "--offset", "1000000")

    assert result.exit_code == 0, result.output
    assert "no rows (--offset 1,000,000 of" in result.output


@pytest.mark.parametrize("view", LISTINGS)
@pytest.mark.parametrize("option", ["--limit", "--offset"])
def test_a_page_past_what_sql_can_count_is_refused_naming_the_range(
    ledger: Cli, view: str, option: str
) -> None:
    args, _, _ = VIEWS[view]

    largest = ledger(*args, option, str(2**63 - 1))
    beyond = ledger(*args, option, str(2**63))

    assert largest.exit_code == 0, largest.output
    assert beyond.exit_code == 2, beyond.output
    assert f"'{option}': must be at most {2**63 - 1}, not the number {2**63}" in beyond.output
    assert "Internal error" not in beyond.output


def test_a_piped_table_is_plain_and_aligned(ledger: Cli) -> None:
    items = as_json(ledger, "portfolio")

    lines = ledger("portfolio").output.splitlines()

    title, header, rule, *rows = lines
    # Under the table, the items whose whole-life cost an earlier status report gave (the demo's).
    rows = [row for row in rows if " as reported before the last status report: " not in row]
    assert title.startswith(f"{len(items)} items")
    assert header.split() == ["Rank", "Key", "Title", "Organisation", "Stage", "Owner",
                              "Whole-life", "Budget", "Forecast", "RAG", "Esc"]  # fmt: skip
    assert set(rule) == {"-", " "}
    assert len(rows) == len(items)
    starts = [i for i, c in enumerate(rule) if c == "-" and (i == 0 or rule[i - 1] == " ")]
    key_column = starts[1]
    assert [row[key_column:].split()[0] for row in rows] == [item["key"] for item in items]
    assert not any(ch in "".join(lines) for ch in "━─│")


def test_a_piped_table_aligns_wide_characters_and_tabs(run: Cli) -> None:
    titles = {"CJK-1": "数据平台迁移项目", "TAB-1": "Phase\t2 rollout", "ASC-1": "Plain title"}
    for key, title in titles.items():
        proposed = run("item", "propose", key, "--kind", "project", "--title", title,
                       "--owner", "O", "--sponsor", "S", "--category", "D", "-m", "x")  # fmt: skip
        assert proposed.exit_code == 0, proposed.output

    _, header, _, *rows = run("portfolio").output.splitlines()

    stage = header.index("Stage")
    assert [display_width(row[: row.index("proposed")]) for row in rows] == [stage] * 3
    assert "Phase 2 rollout" in "".join(rows)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xlsx"], "pass --out FILE.xlsx"),
        (["--json", "--format", "csv"], "--json and --format csv disagree"),
        (["--format", "json", "--out", "view.csv"], "is a .csv file name but --format is json"),
        (["--format", "csv", "--out", "view.xlsx"], "is a .xlsx file name but --format is csv"),
        (["--format", "csv", "--out", "view.txt"], "is a .txt file name but --format is csv"),
        (["--out", "view.pdf"], "must end in one of .txt, .json, .csv, .xlsx"),
        (["--limit", "-1"], "'--limit': must be at least 0, not the number -1"),
    ],
)
def test_bad_combinations_are_refused_and_nothing_is_written(
    ledger: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)

    result = ledger("portfolio", *args)

    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_is_named(ledger: Cli, tmp_path: Path) -> None:
    out = tmp_path / "no such folder" / "trail.csv"

    result = ledger("audit", "trail", "--out", str(out))

    assert result.exit_code == 2, result.output
    assert f"the folder {out.parent} does not exist" in result.output
    assert not out.parent.exists()


def test_a_table_file_of_no_rows_is_written_where_a_pipe_is_told_why(
    ledger: Cli, tmp_path: Path
) -> None:
    out = tmp_path / "none.txt"

    written = ledger("portfolio", "--organisation", "ZZZ", "--out", str(out))
    piped = ledger("portfolio", "--organisation", "ZZZ")

    assert written.exit_code == piped.exit_code == 0, written.output + piped.output
    assert "Wrote 0 rows" in written.output
    assert out.read_text(encoding="utf-8").splitlines()[0] == "0 items (organisation ZZZ), now"
    assert piped.stdout.startswith("No items match: no item has organisation ZZZ")
