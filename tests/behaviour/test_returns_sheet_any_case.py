"""A workbook's sheet named in another case or spacing is that sheet, as a spreadsheet reads it.

``--sheet projects`` of a workbook whose sheet is ``Projects`` was refused, *has no
sheet 'projects'; its sheets are: Cover, Projects*: a spreadsheet program tells no two
sheets apart by case, and a return's cells are matched in any case.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook, load_workbook

from tests.conftest import Cli

AS_AT = ("--as-at", "2026-06-30", "--authority", "PMO")


def _workbook(path: Path) -> Path:
    book = Workbook()
    cover = book.active
    assert cover is not None
    cover.title = "Cover"
    cover.append(["Quarterly return"])
    projects = book.create_sheet("Projects")
    header = ["key", "title", "kind", "organisation", "category", "owner", "sponsor", "stage"]
    projects.append([*header, "whole_life_cost", "forecast_cost", "rag"])
    projects.append(["PRJ-1", "Payroll", "project", None, "Corporate systems", "Dana", "CFO"])
    projects.cell(row=2, column=8, value="in delivery")
    projects.cell(row=2, column=11, value="amber")
    book.save(path)
    return path


def test_a_sheet_named_in_another_case_or_spacing_is_read(run: Cli, tmp_path: Path) -> None:
    book = _workbook(tmp_path / "q2.xlsx")

    result = run("returns", "import", str(book), "--sheet", " PROJECTS ", *AS_AT)

    assert result.exit_code == 0, result.output
    assert "sheet 'Projects'" in result.output
    assert "1 new" in result.output
    assert run("item", "show", "PRJ-1").exit_code == 0


def test_a_sheet_the_workbook_has_not_is_refused_naming_its_sheets(
    run: Cli, tmp_path: Path
) -> None:
    book = _workbook(tmp_path / "q2.xlsx")

    result = run("returns", "import", str(book), "--sheet", "Projets", *AS_AT)

    assert result.exit_code == 2, result.output
    assert "has no sheet 'Projets'; its sheets are: Cover, Projects" in result.output
    assert run.events() == 0


def test_a_name_two_sheets_answer_to_is_refused_naming_both(run: Cli, tmp_path: Path) -> None:
    """'Projects' and 'Projects ' are two sheets to a spreadsheet program: neither is guessed."""
    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "Projects"
    book.create_sheet("Projects ")
    path = tmp_path / "two.xlsx"
    book.save(path)

    result = run("returns", "import", str(path), "--sheet", "projects", *AS_AT)

    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert "has no sheet 'projects', and 2 sheets named so in another case or spacing" in said
    assert "('Projects', 'Projects ')" in said
    assert run.events() == 0


def test_a_name_written_exactly_as_one_of_two_such_sheets_reads_that_sheet(
    run: Cli, tmp_path: Path
) -> None:
    """docs/returns.md: the refusal's own fix, the name exactly as the sheet writes it."""
    path = _workbook(tmp_path / "two.xlsx")
    book = load_workbook(path)
    book.create_sheet("projects ")
    book.save(path)

    result = run("returns", "import", str(path), "--sheet", "Projects", "--dry-run", *AS_AT)

    assert result.exit_code == 0, result.output
    assert "sheet 'Projects'" in result.output
    assert "1 new" in result.output


def test_the_sheets_named_in_a_refusal_are_told_apart(run: Cli, tmp_path: Path) -> None:
    # 'its sheets are: Cover, Projects, Q1, 2026' read as four sheets where three are.
    path = _workbook(tmp_path / "q2.xlsx")
    book = load_workbook(path)
    book.create_sheet("Q1, 2026")
    book.save(path)

    result = run("returns", "import", str(path), "--sheet", "Projets", *AS_AT)

    assert result.exit_code == 2, result.output
    assert "has no sheet 'Projets'; its sheets are: Cover, Projects, \"Q1, 2026\"" in (
        result.output
    )
    assert run.events() == 0


def test_the_values_a_filter_found_are_told_apart(run: Cli, tmp_path: Path) -> None:
    # 'the values it holds are category: Corporate, shared' read as two categories.
    path = _workbook(tmp_path / "q2.xlsx")
    book = load_workbook(path)
    book["Projects"]["E2"] = "Corporate, shared"
    book.save(path)

    result = run("returns", "import", str(path), "--sheet", "Projects",
                 "--where", "category=Estates", *AS_AT)  # fmt: skip

    assert result.exit_code == 2, result.output
    assert 'the values it holds are category: "Corporate, shared"' in " ".join(
        result.output.split()
    )
    assert run.events() == 0


def test_the_sheets_of_cells_named_beside_a_chart_are_told_apart(run: Cli, tmp_path: Path) -> None:
    # 'its sheets of cells are: Cover, Projects, Q1, 2026' read as four where three are.
    from openpyxl.chart import BarChart, Reference

    path = _workbook(tmp_path / "q2.xlsx")
    book = load_workbook(path)
    book.create_sheet("Q1, 2026")
    chart = BarChart()
    chart.add_data(Reference(book["Projects"], min_col=9, min_row=1, max_row=2))
    book.create_chartsheet("Chart").add_chart(chart)
    book.save(path)

    result = run("returns", "import", str(path), "--sheet", "Chart", *AS_AT)

    assert result.exit_code == 2, result.output
    assert 'its sheets of cells are: Cover, Projects, "Q1, 2026"' in " ".join(result.output.split())
