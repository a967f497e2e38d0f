"""A programme's row and its projects' rows in one return, each project naming its programme.

An office's spreadsheet holds a programme's row, with its own id, and its projects' rows
beneath it, each naming the programme in a column (``Programme``). Where the programme's
row held its projects' sums, it joined as an item beside them and economics counted that
money twice; the column could not be mapped, so a programme misspelt went unseen. Mapped
as ``[columns] parent``, a parent row holding its rows' sums is refused, one with figures
of its own joins, and a parent no row and no item is, is refused naming the near ones.
Run on SQLite and PostgreSQL: whether a parent is an item is read from the ledger.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl

from tests.behaviour.test_returns_refusals import refused, returns_import, write
from tests.conftest import Cli

HEADER = "Ref,Name,Type,Programme,Status,Budget,Forecast"
DIGITAL = (
    "P-11,Patient app,project,PRG-1,Open,1200000,1250000",
    "P-12,Online booking,project,PRG-1,Open,1800000.50,1850000",
)


def _mapping() -> list[str]:
    Path("pmo.toml").write_text(
        '[columns]\nkey = "Ref"\ntitle = "Name"\nkind = "Type"\nparent = "Programme"\n'
        'authorised_budget = "Budget"\nforecast_cost = "Forecast"\n[where]\nStatus = ["Open"]\n'
        '[blank]\nauthorised_budget = "not known"\nforecast_cost = "not known"\n'
        '[defaults]\nstage = "in delivery"\ncategory = "Change"\norganisation = "Digital"\n',
        encoding="utf-8",
    )
    return ["--mapping", "pmo.toml", "--authority", "PMO"]


def _budget(run: Cli) -> Decimal:
    result = run("economics", "--json")
    assert result.exit_code == 0, result.output
    return Decimal(json.loads(result.output)["committed"]["GBP"])


def test_a_programme_row_holding_its_projects_sums_is_refused_naming_them(run: Cli) -> None:
    options = _mapping()
    path = write("q1.csv", HEADER, "PRG-1,Digital Front Door,programme,,Open,3000000.50,", *DIGITAL)

    message = " ".join(refused(run, path, *options).split())

    assert (
        "row 2, column Budget: it is a parent row, with rows 3, 4 naming it in the column "
        "'Programme', and its budget 3,000,000.5 is the sum of theirs: read as an item "
        "beside them, that money would be counted twice; give the row its own figures alone"
    ) in message
    assert "delete the row from the return or leave it out with [where]" in message


def test_a_project_closed_and_left_out_is_still_in_its_programmes_sum(run: Cli) -> None:
    options = _mapping()
    closed = "P-13,Kiosks,project,PRG-1,Closed,500000,"
    row = "PRG-1,Digital Front Door,programme,,Open,3500000.50,"
    path = write("q1.csv", HEADER, row, *DIGITAL, closed)

    message = " ".join(refused(run, path, *options).split())

    assert "row 2, column Budget: it is a parent row, with rows 3, 4, 5 naming it" in message


def test_a_programme_with_its_own_figures_joins_and_each_pound_counts_once(run: Cli) -> None:
    options = _mapping()
    own = "PRG-1,Digital Front Door,programme,,Open,250000,260000"
    named = "P-13,Kiosks,project,Digital Front Door,Open,100000,"  # by name
    path = write("q1.csv", HEADER, own, *DIGITAL, named, "PRG-2,Estates,programme,,Open,,")

    result = returns_import(run, path, *options)

    assert result.exit_code == 0, result.output
    assert _budget(run) == Decimal("3350000.50")  # 250,000 + 1,200,000 + 1,800,000.50 + 100,000


def test_a_misspelt_programme_is_refused_naming_those_the_return_has(run: Cli) -> None:
    options = _mapping()
    own = "PRG-1,Digital Front Door,programme,,Open,,"
    path = write("q1.csv", HEADER, own, *DIGITAL, "P-31,Wifi upgrade,project,PRG-l,Open,1,")

    message = " ".join(refused(run, path, *options).split())

    assert (
        "row 5, column Programme: its parent, 'PRG-l', is no row of the return, by id or "
        "name (parents it has: PRG-1), and no item in the ledger"
    ) in message
    assert "correct the cell to the parent's id or name" in message


def test_a_programme_the_ledger_holds_is_a_parent_without_a_row(run: Cli) -> None:
    options = _mapping()
    first = write("q1.csv", HEADER, "PRG-1,Digital Front Door,programme,,Open,,", *DIGITAL)
    assert returns_import(run, first, *options, as_at="2024-06-30").exit_code == 0
    later = write("q2.csv", HEADER, *DIGITAL, "P-14,Chatbot,project,PRG-1,Open,70000,")

    result = returns_import(run, later, *options, as_at="2024-09-30")

    assert result.exit_code == 0, result.output
    assert _budget(run) == Decimal("3070000.50")


def test_a_row_naming_itself_as_its_programme_is_refused(run: Cli) -> None:
    options = _mapping()
    path = write("q1.csv", HEADER, "PRG-1,Digital Front Door,programme,PRG-1,Open,1,")

    message = " ".join(refused(run, path, *options).split())

    assert "row 2, column Programme: it names itself, 'PRG-1', as its parent" in message


def test_a_programme_left_out_by_the_filter_is_its_open_projects_parent(run: Cli) -> None:
    options = _mapping()
    closed = "PRG-1,Digital Front Door,programme,,Closed,,"
    path = write("q1.csv", HEADER, closed, *DIGITAL)

    result = returns_import(run, path, *options)

    assert result.exit_code == 0, result.output
    assert _budget(run) == Decimal("3000000.50")


def test_an_export_in_the_mapping_reads_back_recording_nothing(run: Cli) -> None:
    options = _mapping()
    own = "PRG-1,Digital Front Door,programme,,Open,250000,"
    assert returns_import(run, write("q1.csv", HEADER, own, *DIGITAL), *options).exit_code == 0
    exported = run("portfolio", "export", "--mapping", "pmo.toml", "--out", "back.csv")
    assert exported.exit_code == 0, exported.output
    before = run.events()

    result = returns_import(run, Path("back.csv"), *options, "--as-at", "2024-12-31")

    assert result.exit_code == 0, result.output
    assert "0 new, 0 changed, 3 unchanged" in result.output
    assert "Programme" in Path("back.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert run.events() == before


def test_a_programme_grouped_over_its_projects_and_named_by_them_is_refused_once(
    run: Cli,
) -> None:
    options = _mapping()
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER.split(","))
    for line in ("PRG-1,Digital Front Door,programme,,Open,3000000.5,", *DIGITAL):
        sheet.append([float(cell) if cell[:1].isdigit() else cell or None
                      for cell in line.split(",")])  # fmt: skip
    for number in (3, 4):
        sheet.row_dimensions[number].outline_level = 1
    book.save("q1.xlsx")

    message = refused(run, Path("q1.xlsx").resolve(), *options)

    assert message.count("it is a parent row") == 1
    assert "it is a parent row, with rows 3, 4 naming it in the column 'Programme'" in message


def test_a_programme_the_ledger_holds_by_a_made_key_is_a_parent_without_a_row(run: Cli) -> None:
    options = _mapping()
    Path("pmo.toml").write_text(
        "make_keys = true\n" + Path("pmo.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    first = write("q1.csv", HEADER, "PRG/1,Digital Front Door,programme,,Open,,")
    assert returns_import(run, first, *options, as_at="2024-06-30").exit_code == 0
    later = write("q2.csv", HEADER, "P/14,Chatbot,project,PRG/1,Open,70000,")

    result = returns_import(run, later, *options, as_at="2024-09-30")

    assert result.exit_code == 0, result.output
    assert _budget(run) == 70000


def test_a_programme_column_not_read_is_said_with_how_to_read_it(run: Cli) -> None:
    options = _mapping()
    mapping = Path("pmo.toml").read_text(encoding="utf-8")
    Path("pmo.toml").write_text(mapping.replace('parent = "Programme"\n', ""), encoding="utf-8")
    header = HEADER + ",Programme Manager"
    path = write("q1.csv", header, *(line + ",Ann Lee" for line in DIGITAL))

    result = returns_import(run, path, *options, "--dry-run")

    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert (
        "Columns not read: Programme, Programme Manager (not in the mapping); 'Programme' may "
        "name each row's programme: mapped as [columns] parent = \"Programme\", a programme's "
        "row holding its projects' sums is refused"
    ) in said
    assert "'Programme Manager' may" not in said


def test_programme_rows_left_out_by_the_filter_are_still_their_projects_parents(
    run: Cli,
) -> None:
    options = _mapping()
    mapping = Path("pmo.toml").read_text(encoding="utf-8")
    Path("pmo.toml").write_text(
        mapping.replace('Status = ["Open"]', 'Type = ["project"]'), encoding="utf-8"
    )
    summed = "PRG-1,Digital Front Door,programme,,Open,3000000.50,3100000"
    path = write("q1.csv", HEADER, summed, *DIGITAL)

    result = returns_import(run, path, *options)

    assert result.exit_code == 0, result.output
    assert _budget(run) == Decimal("3000000.50")


def test_a_programme_whose_budget_alone_is_its_one_projects_is_read_as_its_own(
    run: Cli,
) -> None:
    options = _mapping()
    own = "PRG-1,Digital Front Door,programme,,Open,1200000,90000"  # its own: forecast not P-11's
    path = write("q1.csv", HEADER, own, DIGITAL[0])

    result = returns_import(run, path, *options)

    assert result.exit_code == 0, result.output
    assert _budget(run) == 2400000
