"""A row that repeats the header (a report pasted twice, a page's header) is refused as that.

Read as a row, a register of names and details joined the header as an item (key ``REF``,
called ``Project``, of the organisation ``Dept``); one with figures was refused cell by cell,
``'WLC' is not an amount``, as if the column's name were a value to correct.
"""

from __future__ import annotations

from pathlib import Path

from tests.behaviour.returns_mappings import BY_DEPARTMENT
from tests.behaviour.test_returns_refusals import refused, write
from tests.conftest import Cli

DETAILS = BY_DEPARTMENT
FIGURES = DETAILS.replace('"Dept"\n', '"Dept"\nwhole_life_cost = "WLC"\nrag = "RAG"\n')


def test_a_header_repeated_in_a_register_of_details_is_refused_not_onboarded(run: Cli) -> None:
    Path("m.toml").write_text(DETAILS, encoding="utf-8")
    path = write("q3.csv", "Ref,Project,Dept", "P-1,Alpha,HO", "Ref,Project, Dept ", "P-2,Beta,HO")

    message = " ".join(refused(run, path, "--mapping", "m.toml", as_at="2026-09-30").split())

    assert (
        "row 3: it repeats the header ('Ref', 'Project', 'Dept'), as a report pasted twice or "
        "a page's header repeated does: delete the row from the return"
    ) in message
    assert "REF" not in message


def test_a_report_pasted_twice_names_its_header_once_not_each_cell(run: Cli) -> None:
    Path("m.toml").write_text(FIGURES, encoding="utf-8")
    rows = ["P-1,Alpha,HO,1000,Green", "P-2,Beta,HO,2000,Amber"]
    path = write("q3.csv", "Ref,Project,Dept,WLC,RAG", *rows, "Ref,Project,Dept,WLC,RAG", *rows)

    message = " ".join(refused(run, path, "--mapping", "m.toml", as_at="2026-09-30").split())

    assert "row 4: it repeats the header ('Ref', 'Project', 'Dept', 'WLC', 'RAG')" in message
    assert "is not an amount" not in message
    assert "row 5: its id, 'P-1', is also on row 2" in message


def test_two_csv_files_joined_name_the_second_header_as_the_header(run: Cli) -> None:
    # 'cat q2.csv q3.csv': the second file's byte-order mark starts its header, which was
    # refused as the id '\ufeffRef', not a key.
    Path("m.toml").write_text(DETAILS, encoding="utf-8")
    path = Path("joined.csv").resolve()
    one = "\ufeffRef,Project,Dept\nP-1,Alpha,HO\n"
    path.write_bytes((one + one.replace("P-1,Alpha", "P-2,Beta")).encode())

    message = " ".join(refused(run, path, "--mapping", "m.toml", as_at="2026-09-30").split())

    assert "row 3: it repeats the header ('Ref', 'Project', 'Dept')" in message
    assert "not a valid item key" not in message


def test_a_row_naming_some_columns_as_the_header_does_is_read_as_an_item(run: Cli) -> None:
    Path("m.toml").write_text(DETAILS, encoding="utf-8")
    path = write("q3.csv", "Ref,Project,Dept", "P-1,Project,HO")

    result = run("returns", "import", str(path), "--mapping", "m.toml",
                 "--as-at", "2026-09-30", "--authority", "PMO")  # fmt: skip

    assert result.exit_code == 0, result.output
    assert run.events() == 1
