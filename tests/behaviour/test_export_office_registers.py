"""``portfolio export`` in an office's own register, read back with the same mapping.

What a portfolio office tries with its own mapping: ratings G/A/R, a 5-point
delivery confidence scale read onto 3 ratings, stages written ``Build`` and ``Live``,
figure statuses (``n/k``), a ``[where]`` on the stage column given in the office's
words, CSV with a decimal comma and ``;``, and a workbook. Each value the mapping
spells one way comes out in that spelling, one spelt several ways in the ledger's
word, text as held; read back with the same mapping and ``--as-at`` the same day,
the export records nothing and notes no difference.

And where the ledger's word is itself the office's spelling of another value (an
office whose ``Live`` means a project in delivery, ``In service`` and ``BAU`` a live
service), the export writes a spelling of the value, not the word that would read
back as the other one (before, a live item was written ``live``, read back as in
delivery; a rating ``amber`` spelt ``Yellow`` and ``Amber/Green``, under ``"Amber" =
"red"``, was written ``amber`` and read back recorded red). A value the mapping
cannot write at all (its word spelt as another, and no spelling of its own) refuses
the export naming the item, as a value a ``[where]`` leaves out does.
"""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import Cli

REGISTER = """
source = "Office return"
units = "thousands"
ignore = ["Notes"]

[columns]
key = "Ref"
title = "Project"
organisation = "Directorate"
kind = "Type"
stage = "Stage"
whole_life_cost = "WLC (GBP k)"
forecast_cost = "Forecast (GBP k)"
rag = "DCA"

[blank]
whole_life_cost = "not known"
rag = "not assessed"

[spellings.rag]
"Green" = "green"
"Amber/Green" = "amber"
"Amber" = "amber"
"Amber/Red" = "red"
"Red" = "red"
"Not published" = "withheld"

[spellings.kind]
"Prog" = "programme"
"Proj" = "project"

[spellings.stage]
"Build" = "in delivery"
"Live" = "live"

[spellings.forecast_cost]
"n/k" = "not known"

[defaults]
category = "Digital"
"""
ROWS = [
    ["Ref", "Project", "Directorate", "Type", "Stage", "WLC (GBP k)", "Forecast (GBP k)", "DCA",
     "Notes"],
    ["P-1", "Alpha; phase 2", "HO", "Proj", "Build", "120", "n/k", "Green", ""],
    ["P-2", "Beta", "HO", "Prog", "Build", "", "", "Amber/Green", "x"],
    ["P-3", "Gamma", "DFE", "Proj", "Live", "3.5", "4", "Amber/Red", ""],
    ["P-4", "Delta", "DFE", "Proj", "Build", "10", "10", "", ""],
    ["P-5", "Eps", "DFE", "Proj", "approved", "1234.5", "10", "Not published", ""],
]  # fmt: skip
AS_AT = "2026-09-30"


def _csv(path: Path, rows: list[list[str]], separator: str = ",") -> Path:
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file, delimiter=separator).writerows(rows)
    return path.resolve()


def _import(run: Cli, path: Path, mapping: str, *options: str) -> str:
    result = run("returns", "import", str(path), "--mapping", mapping, "--as-at", AS_AT,
                 "--authority", "PMO", *options)  # fmt: skip
    assert result.exit_code == 0, result.output
    return result.output


def _export(run: Cli, out: str, mapping: str, *options: str) -> Path:
    path = Path(out).resolve()
    result = run("portfolio", "export", "--out", str(path), "--mapping", mapping,
                 "--effective-on", AS_AT, *options)  # fmt: skip
    assert result.exit_code == 0, result.output
    return path


def _read_back_records_nothing(run: Cli, path: Path, mapping: str) -> None:
    events = run.events()
    said = _import(run, path, mapping, "--dry-run")
    assert "0 new, 0 changed" in said, said
    assert "0 refused" in said, said
    assert "Differences a return does not record" not in said, said
    _import(run, path, mapping)
    assert run.events() == events


def _rows(path: Path, separator: str = ",") -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return {row["Ref"]: row for row in csv.DictReader(file, delimiter=separator)}


@pytest.fixture
def office(run: Cli) -> Cli:
    """The ledger, onboarded from the office's register."""
    Path("office.toml").write_text(REGISTER, encoding="utf-8")
    _import(run, _csv(Path("q3.csv"), ROWS), "office.toml")
    return run


def test_a_csv_export_is_in_the_office_s_words_and_reads_back_as_nothing(office: Cli) -> None:
    out = _export(office, "back.csv", "office.toml")

    rows = _rows(out)
    assert [rows[k]["DCA"] for k in sorted(rows)] == ["Green", "amber", "red", "", "Not published"]
    assert [rows[k]["Type"] for k in sorted(rows)] == ["Proj", "Prog", "Proj", "Proj", "Proj"]
    assert [rows[k]["Stage"] for k in sorted(rows)] == ["Build", "Build", "Live", "Build",
                                                        "approved"]  # fmt: skip
    assert rows["P-1"]["Forecast (GBP k)"] == "n/k"
    assert rows["P-2"]["WLC (GBP k)"] == rows["P-2"]["Forecast (GBP k)"] == ""
    assert rows["P-1"]["Project"] == "Alpha; phase 2"
    assert "Notes" not in rows["P-1"]
    _read_back_records_nothing(office, out, "office.toml")


def test_a_workbook_export_is_in_the_office_s_words_and_reads_back_as_nothing(
    office: Cli,
) -> None:
    out = _export(office, "back.xlsx", "office.toml")

    sheet = openpyxl.load_workbook(out, read_only=True).active
    assert sheet is not None
    cells = list(sheet.iter_rows(values_only=True))
    assert cells[1] == ("P-1", "Alpha; phase 2", "HO", "Proj", "Build", 120, "n/k", "Green")
    assert cells[5][4:] == ("approved", 1234.5, 10, "Not published")
    _read_back_records_nothing(office, out, "office.toml")


def test_a_decimal_comma_and_semicolons_read_back_as_nothing(office: Cli) -> None:
    comma = REGISTER.replace('units = "thousands"', 'units = "thousands"\ndecimal = ","\n'
                             'separator = ";"')  # fmt: skip
    Path("comma.toml").write_text(comma, encoding="utf-8")

    out = _export(office, "comma.csv", "comma.toml")

    rows = _rows(out, ";")
    assert rows["P-3"]["WLC (GBP k)"] == "3,5"
    assert rows["P-5"]["WLC (GBP k)"] == "1234,5"
    assert rows["P-1"]["Project"] == "Alpha; phase 2"
    _read_back_records_nothing(office, out, "comma.toml")


def test_a_where_on_the_stage_column_in_the_office_s_words(office: Cli) -> None:
    kept = REGISTER + '\n[where]\n"Stage" = ["BUILD", "Live"]\n"Round" = ["Q3"]\n'
    Path("kept.toml").write_text(kept, encoding="utf-8")
    before = office.events()

    refused = office("portfolio", "export", "--out", "all.csv", "--mapping", "kept.toml")

    assert refused.exit_code == 2, refused.output
    assert "P-5's stage, 'approved', is none of them" in " ".join(refused.output.split())
    assert not Path("all.csv").exists()
    out = _export(office, "kept.csv", "kept.toml", "--stage", "in-delivery,live")
    rows = _rows(out)
    assert sorted(rows) == ["P-1", "P-2", "P-3", "P-4"]
    assert {row["Round"] for row in rows.values()} == {"Q3"}
    assert [rows[k]["Stage"] for k in sorted(rows)] == ["BUILD", "BUILD", "Live", "BUILD"]
    assert office.events() == before
    _read_back_records_nothing(office, out, "kept.toml")


LIVE_MEANS_IN_DELIVERY = """
[columns]
key = "Ref"
title = "Project"
stage = "Status"
rag = "RAG"

[defaults]
category = "Digital"
organisation = "HO"
kind = "project"

[spellings.stage]
"Live" = "in delivery"
"In service" = "live"
"BAU" = "live"

[spellings.rag]
"Amber" = "red"
"Green" = "green"
"Yellow" = "amber"
"Amber/Green" = "amber"
"""


def test_a_ledger_word_the_office_spells_as_another_value_is_not_written(run: Cli) -> None:
    Path("office.toml").write_text(LIVE_MEANS_IN_DELIVERY, encoding="utf-8")
    _import(run, _csv(Path("q3.csv"), [
        ["Ref", "Project", "Status", "RAG"],
        ["P-1", "Alpha", "Live", "Green"],
        ["P-2", "Beta", "In service", "Yellow"],
        ["P-3", "Gamma", "BAU", "Amber"],
    ]), "office.toml")  # fmt: skip

    out = _export(run, "back.csv", "office.toml")

    rows = _rows(out)
    assert [rows[k]["Status"] for k in sorted(rows)] == ["Live", "In service", "In service"]
    assert [rows[k]["RAG"] for k in sorted(rows)] == ["Green", "Yellow", "Amber"]
    _read_back_records_nothing(run, out, "office.toml")


def test_a_value_the_mapping_cannot_write_refuses_the_export_naming_the_item(run: Cli) -> None:
    only_live = LIVE_MEANS_IN_DELIVERY.replace('"In service" = "live"\n"BAU" = "live"\n', "")
    Path("office.toml").write_text(only_live, encoding="utf-8")
    rows = [["Ref", "Project", "Status", "RAG"], ["P-1", "Alpha", "Live", "Green"]]
    _import(run, _csv(Path("q3.csv"), rows), "office.toml")
    onboarded = run("item", "onboard", "P-2", "--title", "Beta", "--organisation", "HO",
                    "--category", "Digital", "--stage", "live", "--source", "Register",
                    "--effective-date", AS_AT, "--authority", "PMO", "-m", "Onboarded")  # fmt: skip
    assert onboarded.exit_code == 0, onboarded.output
    before = run.events()

    refused = run("portfolio", "export", "--out", "back.csv", "--mapping", "office.toml")

    said = " ".join(refused.output.split())
    assert refused.exit_code == 2, said
    assert "P-2's stage, 'live', would be written 'live'" in said, said
    assert "reads as 'in delivery'" in said, said
    assert "Spell 'live' in [spellings.stage]" in said, said
    assert "Traceback" not in said
    assert not Path("back.csv").exists()
    assert run.events() == before
    _export(run, "back.csv", "office.toml", "--stage", "in-delivery")


def test_a_text_field_held_as_a_spelling_s_text_reads_back_as_the_spelt_value(run: Cli) -> None:
    # As docs/returns.md says: written as held, read back as the mapping's new name.
    renamed = LIVE_MEANS_IN_DELIVERY.replace('rag = "RAG"', 'rag = "RAG"\ncategory = "Area"')
    renamed = renamed.replace('category = "Digital"\n', "")
    Path("office.toml").write_text(renamed + '\n[spellings.category]\n"ICT" = "Digital"\n', "utf-8")
    onboarded = run("item", "onboard", "P-1", "--title", "Alpha", "--organisation", "HO",
                    "--category", "ICT", "--source", "Register", "--effective-date", AS_AT,
                    "--authority", "PMO", "-m", "Onboarded")  # fmt: skip
    assert onboarded.exit_code == 0, onboarded.output

    out = _export(run, "back.csv", "office.toml")

    assert _rows(out)["P-1"]["Area"] == "ICT"
    said = " ".join(_import(run, out, "office.toml", "--dry-run").split())
    assert "1 changed" in said
    assert "category ICT -> Digital" in said
