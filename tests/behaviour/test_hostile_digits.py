"""Amounts written in digits other than 0-9 (Arabic-Indic, full-width).

Python's ``Decimal`` and the regular expression ``\\d`` take any script's digits,
so such an amount was recorded as its value in 0-9 (an appraisal's cost of GBP
3,000 from Arabic-Indic three and three zeros; a return's cell onboarding an item
with it), where a day or a key in those digits is refused. Each path now refuses
it, saying to write 0 to 9, and writes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.behaviour.test_cli import PROPOSE
from tests.conftest import Cli

ARABIC_3000 = "\u0663\u0660\u0660\u0660"
OTHER_DIGITS = [
    ARABIC_3000,
    "\uff11\uff12\uff13",
    "GBP \u0663,\u0660\u0660\u0660",
    "1\u0662",
    "\u06f4k",
]


@pytest.fixture
def run(sqlite_url: str) -> Cli:
    cli = Cli(sqlite_url)
    assert cli(*PROPOSE).exit_code == 0
    return cli


@pytest.mark.parametrize("written", OTHER_DIGITS)
def test_an_option_s_amount_in_other_digits_is_refused(run: Cli, written: str) -> None:
    before = run.events()

    result = run(
        "item", "appraise", "PRJ-042", "--estimated-cost", written, "--expected-benefits", "5",
        "--risk-rating", "low", "--alignment-score", "50", "-m", "Reviewed",
    )  # fmt: skip

    assert result.exit_code == 2, result.output
    assert f"--estimated-cost: {written!r} is not an amount" in result.output
    assert "its digits are not 0 to 9 (ASCII): write them so" in result.output
    assert run.events() == before


def test_an_import_line_s_amount_in_other_digits_is_refused(run: Cli, tmp_path: Path) -> None:
    line = {
        "command": "appraise", "key": "PRJ-042", "estimated_cost": ARABIC_3000,
        "expected_benefits": "5", "risk_rating": "low", "alignment_score": 50,
        "rationale": "Reviewed",
    }  # fmt: skip
    file = tmp_path / "a.jsonl"
    file.write_text(json.dumps(line) + "\n", encoding="utf-8")
    before = run.events()

    result = run("import", str(file))

    assert result.exit_code == 2, result.output
    assert f"line 1: estimated_cost: '{ARABIC_3000}' is not an amount" in result.output
    assert run.events() == before


def test_a_return_s_cell_in_other_digits_is_refused(run: Cli, tmp_path: Path) -> None:
    ret = tmp_path / "r.csv"
    ret.write_text(
        "key,title,kind,organisation,category,owner,sponsor,stage,whole_life_cost,"
        f"forecast_cost,rag\nRX-1,Payroll,project,,Digital,,,in delivery,{ARABIC_3000},100,green\n",
        encoding="utf-8",
    )
    before = run.events()

    result = run(
        "returns", "import", str(ret), "--as-at", "2026-01-05", "--authority", "PMO",
    )  # fmt: skip

    assert result.exit_code == 2, result.output
    assert f"cell I2: '{ARABIC_3000}' has digits other than 0 to 9" in result.output
    assert "write its digits 0 to 9 (ASCII), as in 1443.7" in result.output
    assert run.events() == before


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (("item", "reprioritise", "PRJ-042", "--rank", "\u0663", "--authority", "IC"), "--rank"),
        (("decision", "annul", "\uff11", "--authority", "IC"), "POSITION"),
        (("items", "list", "--limit", "\u0663"), "--limit"),
        (("audit", "trail", "--offset", "\u06f1"), "--offset"),
        (("item", "appraise", "PRJ-042", "--estimated-cost", "5", "--expected-benefits", "5",
          "--risk-rating", "low", "--alignment-score", "\u0665\u0660"), "--alignment-score"),
    ],
)  # fmt: skip
def test_a_whole_number_in_other_digits_is_refused_naming_its_option(
    run: Cli, args: tuple[str, ...], option: str
) -> None:
    """click's int() read them as 0-9: a rank of 3, the annulment of position 1."""
    before = run.events()

    reads = args[0] in {"items", "audit"}
    result = run(*args) if reads else run(*args, "-m", "Because")

    assert result.exit_code == 2, result.output
    assert f"Invalid value for '{option}'" in result.output
    assert "is not a whole number in digits 0 to 9; write it so" in result.output
    assert run.events() == before


def test_a_return_s_date_in_other_digits_is_refused(run: Cli, tmp_path: Path) -> None:
    """Under dates = "DD/MM/YYYY" 30/06/2027 in Arabic-Indic digits was recorded as 2027-06-30."""
    mapping = tmp_path / "m.toml"
    mapping.write_text(
        'dates = "DD/MM/YYYY"\n[columns]\nkey = "key"\ntitle = "title"\n'
        'forecast_date = "forecast_date"\n[defaults]\ncategory = "Digital"\nkind = "project"\n'
        'stage = "in delivery"\n',
        encoding="utf-8",
    )
    day = "\u0663\u0660/\u0660\u0666/\u0662\u0660\u0662\u0667"
    ret = tmp_path / "r.csv"
    ret.write_text(f"key,title,forecast_date\nRX-1,Payroll,{day}\n", encoding="utf-8")
    before = run.events()

    result = run(
        "returns", "import", str(ret), "--mapping", str(mapping), "--as-at", "2026-01-05",
        "--authority", "PMO",
    )  # fmt: skip

    assert result.exit_code == 2, result.output
    assert f"cell C2: '{day}' is not a date: its digits are not 0 to 9 (ASCII)" in result.output
    assert run.events() == before


# int() takes an underscore anywhere between digits: '3_00' was position 300, '5_0' an
# alignment of 50. As in an amount, an underscore may only group digits in thousands.
@pytest.mark.parametrize(
    "args",
    [
        ["decision", "annul", "1_0", "--authority", "PMO", "-m", "Typed wrongly"],
        ["item", "reprioritise", "PRJ-042", "--rank", "1_2", "--authority", "IC", "-m", "Up"],
        ["item", "appraise", "PRJ-042", "--estimated-cost", "5", "--expected-benefits", "5",
         "--risk-rating", "low", "--alignment-score", "5_0", "-m", "Reviewed"],
    ],
    ids=["position", "rank", "alignment"],
)  # fmt: skip
def test_a_whole_number_with_an_underscore_not_grouping_thousands_is_refused(
    run: Cli, args: list[str]
) -> None:
    before = run.events()

    result = run(*args)

    written = next(arg for arg in args if "_" in arg)
    assert result.exit_code == 2, result.output
    assert f"{written!r} is not a whole number: an underscore groups digits in thousands" in (
        result.output
    )
    assert run.events() == before


def test_a_whole_number_grouped_in_thousands_by_underscores_is_read() -> None:
    from portfolio_ledger.cli.options import WholeNumber

    assert WholeNumber().convert("1_000", None, None) == 1000
    assert WholeNumber().convert("12_345_678", None, None) == 12345678


@pytest.mark.parametrize(
    ("given", "problem"),
    [
        ("\u0665\u0660", "is not a whole number in digits 0 to 9; write it so"),
        ("5_0", "is not a whole number: an underscore groups digits in thousands"),
    ],
    ids=["arabic-indic", "underscore"],
)
def test_a_corrected_whole_number_is_read_as_an_option_s(
    run: Cli, given: str, problem: str
) -> None:
    """alignment_score=50 in Arabic-Indic digits (or 5_0) was corrected to 50."""
    appraised = run(
        "item", "appraise", "PRJ-042", "--estimated-cost", "1", "--expected-benefits", "2",
        "--risk-rating", "low", "--alignment-score", "40", "-m", "Reviewed",
    )  # fmt: skip
    assert appraised.exit_code == 0, appraised.output

    result = run(
        "decision", "correct", "2", "--set", f"alignment_score={given}", "--authority", "PMO",
        "-m", "Minutes say 50",
    )  # fmt: skip

    assert result.exit_code == 2, result.output
    assert f"the corrected alignment_score {given!r} is not valid: {given!r} {problem}" in (
        result.output
    )
    assert run.events() == 2


def test_an_import_line_s_whole_number_with_a_stray_underscore_is_refused(
    run: Cli, tmp_path: Path
) -> None:
    line = {
        "command": "appraise", "key": "PRJ-042", "estimated_cost": "5",
        "expected_benefits": "5", "risk_rating": "low", "alignment_score": "5_0",
        "rationale": "Reviewed",
    }  # fmt: skip
    file = tmp_path / "a.jsonl"
    file.write_text(json.dumps(line) + "\n", encoding="utf-8")

    result = run("import", str(file))

    assert result.exit_code == 2, result.output
    assert "line 1: alignment_score: '5_0' is not a whole number: an underscore groups" in (
        result.output
    )
    assert run.events() == 1


@pytest.mark.parametrize("written", ["1." + "9" * 30, "GBP 2." + "0" * 27 + "1", "1." + "9" * 5000])
def test_an_amount_of_more_decimal_places_than_28_digits_hold_is_refused(
    run: Cli, written: str
) -> None:
    """Python's decimals round to 28 digits: 1.99...9 (30 nines) was read as 2, a whole
    number, and so recorded, all 30 places of it (5,000 places too)."""
    before = run.events()

    result = run(
        "item", "appraise", "PRJ-042", "--estimated-cost", written, "--expected-benefits", "5",
        "--risk-rating", "low", "--alignment-score", "50", "-m", "Reviewed",
    )  # fmt: skip

    said = " ".join(result.output.split())
    assert result.exit_code == 2, said
    assert "has more than 2 decimal places" in said, said
    assert len(said) < 1000
    assert run.events() == before


@pytest.mark.parametrize("written", ["1." + "9" * 30, "1." + "9" * 5000])
def test_a_return_s_cell_of_more_decimal_places_than_28_digits_hold_is_refused(
    run: Cli, tmp_path: Path, written: str
) -> None:
    """Its value was multiplied by its units at 28 digits, 2, and the item onboarded at GBP 2."""
    ret = tmp_path / "r.csv"
    ret.write_text(
        "key,title,kind,organisation,category,owner,sponsor,stage,whole_life_cost,"
        f"forecast_cost,rag\nRX-1,Payroll,project,,Digital,,,in delivery,{written},100,green\n",
        encoding="utf-8",
    )
    before = run.events()

    result = run(
        "returns", "import", str(ret), "--as-at", "2026-01-05", "--authority", "PMO",
    )  # fmt: skip

    said = " ".join(result.output.split())
    assert result.exit_code == 2, said
    assert f"cell I2: '{written[:40]}" in said, said
    assert "a fraction of a penny (more than 2 decimal places): give it to the penny (2)" in said
    assert len(said) < 2000
    assert run.events() == before
