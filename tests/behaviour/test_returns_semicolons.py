"""A register saved as "CSV" by Excel where a decimal comma is written: separated by semicolons.

The mapping's ``separator = ";"`` reads it as the same register separated by
commas; without it, or with a file separated otherwise than the mapping says,
the return is refused naming the setting, writing nothing.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.behaviour.test_returns_comma_decimal import put_right
from tests.behaviour.test_returns_refusals import refused, write
from tests.behaviour.test_returns_registers import DATA
from tests.conftest import Cli

OPTIONS = ("--as-at", "2025-06-30", "--authority", "Portfolio office")


def semicolons(path: Path) -> Path:
    """The CSV at ``path`` as Excel (Dutch locale) saves it: separated by semicolons."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    saved = path.with_name(f"{path.stem}_semicolons.csv")
    saved.write_text(out.getvalue(), encoding="utf-8-sig", newline="")
    return saved


def mapping(separator: str) -> Path:
    """rijks.toml, with the separator given."""
    path = Path("rijks_separated.toml").resolve()
    text = (DATA / "rijks.toml").read_text(encoding="utf-8")
    path.write_text(f'separator = "{separator}"\n{text}', encoding="utf-8")
    return path


def test_a_register_separated_by_semicolons_reads_as_the_one_separated_by_commas(
    run: Cli,
) -> None:
    commas = put_right()
    saved = semicolons(commas)
    assert ";" in saved.read_text(encoding="utf-8-sig").splitlines()[0]

    result = run("returns", "import", str(saved), "--mapping", str(mapping(";")), *OPTIONS)

    assert result.exit_code == 0, result.output
    items = {row["key"]: row for row in json.loads(run("portfolio", "--json").output)}
    again = run("returns", "import", str(commas), "--mapping", str(DATA / "rijks.toml"),
                *OPTIONS, "--json")  # fmt: skip
    assert len(items) == 9
    assert items["GRENSVERLEGGENDE-IT-GRIT"]["whole_life_cost"] == "2500000000.00"
    assert items["HERBOUW-WW-SYSTEMEN-UWV"]["whole_life_cost"] == "1050750000.00"
    reconciled = json.loads(again.output)  # the same register, separated by commas
    assert (reconciled["new"], reconciled["changed"]) == ([], [])
    assert len(reconciled["unchanged"]) == 9


def test_without_the_setting_a_semicolon_register_is_refused_naming_it(run: Cli) -> None:
    message = refused(run, semicolons(put_right()), "--mapping", str(DATA / "rijks.toml"))

    assert "Its header is separated by semicolons, not commas" in message
    assert 'give the mapping separator = ";"' in message


def test_a_mapping_saying_semicolons_refuses_a_file_separated_by_commas(run: Cli) -> None:
    message = refused(run, put_right(), "--mapping", str(mapping(";")))

    assert "Its header is separated by commas, not semicolons" in message
    assert 'give the mapping separator = ","' in message
    assert "Comma delimited" not in message  # saving it with commas is what it did


@pytest.mark.parametrize("separator", ["\\t", "tab"])
def test_a_register_separated_by_tabs_reads_with_the_setting(run: Cli, separator: str) -> None:
    path = write("t.csv", "ID\tName\tArea\tBudget", "R-1\tItem\tDigital\t1.234,5")
    Path("m.toml").write_text(
        f'separator = "{separator}"\ndecimal = ","\ncurrency = "EUR"\n[columns]\nkey = "ID"\n'
        'title = "Name"\ncategory = "Area"\nauthorised_budget = "Budget"\n',
        encoding="utf-8",
    )

    result = run("returns", "import", str(path), "--mapping", "m.toml", *OPTIONS)

    assert result.exit_code == 0, result.output
    (row,) = json.loads(run("portfolio", "--json").output)
    assert row["authorised_budget"] == "1234.50"


def test_a_separator_off_its_choices_is_refused(run: Cli) -> None:
    path = write("r.csv", "ID,Name,Area", "R-1,Item,Digital")
    Path("m.toml").write_text(
        'separator = "|"\n[columns]\nkey = "ID"\ntitle = "Name"\ncategory = "Area"\n',
        encoding="utf-8",
    )

    message = refused(run, path, "--mapping", "m.toml")

    assert """separator '|' is not "," (the default), ";" or "\\t" (tab)""" in message


def test_an_export_by_a_semicolon_mapping_is_separated_so_and_reads_back_as_no_change(
    run: Cli,
) -> None:
    separated = mapping(";")
    saved = semicolons(put_right())
    assert (
        run("returns", "import", str(saved), "--mapping", str(separated), *OPTIONS).exit_code == 0
    )
    events = run.events()

    written = run("portfolio", "export", "--out", "back.csv", "--mapping", str(separated))
    back = run("returns", "import", "back.csv", "--mapping", str(separated), *OPTIONS, "--json")

    assert written.exit_code == 0, written.output
    header, *rows = Path("back.csv").read_text(encoding="utf-8-sig").splitlines()
    assert header.count(";") >= 4
    assert "," not in header
    assert any(";1234,5;" in row for row in rows)  # not quoted: no cell holds a semicolon
    assert back.exit_code == 0, back.output
    assert len(json.loads(back.output)["unchanged"]) == 9
    assert run.events() == events


POINT_MAPPING = (
    'separator = ";"\ndecimal = "."\n[columns]\nkey = "ID"\ntitle = "Name"\n'
    'category = "Area"\nauthorised_budget = "Budget"\n'
)


def test_quoted_semicolons_and_line_breaks_a_bom_and_a_decimal_point_read_as_written(
    run: Cli,
) -> None:
    path = Path("q.csv").resolve()
    path.write_text(
        'ID;Name;Area;Budget\r\nR-1;"Roads; bridges\nand tunnels";Digital;1,234.5\r\n',
        encoding="utf-8-sig",  # a byte-order mark first, as Excel's CSV UTF-8
        newline="",
    )
    Path("m.toml").write_text(POINT_MAPPING, encoding="utf-8")

    result = run("returns", "import", str(path), "--mapping", "m.toml", *OPTIONS)

    assert result.exit_code == 0, result.output
    (row,) = json.loads(run("portfolio", "--json").output)
    assert row["title"] == "Roads; bridges and tunnels"  # its line break one space in a name
    assert row["authorised_budget"] == "1234.50"


def test_a_row_split_by_an_unquoted_semicolon_is_refused_naming_semicolons(run: Cli) -> None:
    path = write("s.csv", "ID;Name;Area;Budget", "R-1;Roads; bridges;Digital;12.5")
    Path("m.toml").write_text(POINT_MAPPING, encoding="utf-8")

    message = " ".join(refused(run, path, "--mapping", "m.toml").split())

    # It said "a cell holding a comma that is not quoted", of a file read by semicolons.
    assert "a cell holding a semicolon that is not quoted is split in two" in message
    assert '("Roads; bridges and tunnels")' in message
    assert "a cell holding a comma" not in message
