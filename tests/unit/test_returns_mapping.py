"""Mappings are checked when read; keys made from names; figures survive the way out and back."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portfolio_ledger.application.errors import InvalidInput
from portfolio_ledger.application.made_keys import key_from_id, key_from_name
from portfolio_ledger.domain.keys import normalise_key
from portfolio_ledger.returns.exporting import cell
from portfolio_ledger.returns.mapping import load_mapping
from portfolio_ledger.returns.mapping_bytes import builtin_mappings
from portfolio_ledger.returns.rows import _Reader
from portfolio_ledger.returns.sheets import Cell


def mapping_file(*lines: str) -> str:
    path = Path("m.toml").resolve()
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_the_gmpp_mapping_ships_with_the_package() -> None:
    gmpp = load_mapping("gmpp")

    assert "gmpp" in builtin_mappings()
    assert (gmpp.source, gmpp.units, gmpp.currency) == ("GMPP", "millions", "GBP")
    assert gmpp.columns["key"] == "gmpp_id"
    assert gmpp.blank_meaning("whole_life_cost") == gmpp.blank_meaning("rag") == "withheld"
    assert gmpp.ignore == ("report_year", "cost_variance_pct")


def test_no_mapping_named_is_the_standard_layout() -> None:
    assert load_mapping(None).columns["whole_life_cost"] == "whole_life_cost"


@pytest.mark.parametrize(
    ("lines", "problem"),
    [
        (["[columns]", 'name = "Project"'], "[columns] names name, which is not an item field"),
        # A key of the mapping's own written after a table is the table's, as TOML reads it:
        # refused as no item field, saying nothing of where it was to be written.
        (
            ["[columns]", 'title = "T"', 'units = "millions"'],
            (
                "units is a key of the mapping itself: write it above the first [table] (in "
                "TOML, every line after [columns] is in that table"
            ),
        ),
        (
            ["[columns]", 'title = "T"', "[defaults]", 'ignore = ["Notes"]'],
            "ignore is a key of the mapping itself: write it above the first [table]",
        ),
        (["[columns]", 'key = "Ref"'], "[columns] must name the column of title"),
        (['units = "billions"', "[columns]", 'title = "T"'], "units 'billions' is not one of"),
        (["[columns]", 'title = "T"', "[blank]", 'rag = "red"'], "blank.rag is 'red'"),
        (["[columns]", 'title = "T"', "[blank]", 'title = "x"'], "[blank] names title"),
        (
            ["[columns]", 'title = "T"', "[defaults]", 'stage = "proposed"'],
            "defaults.stage must be a stage an item under way joins at",
        ),
        (["[columns]", 'title = "T"', "[where]", "year = 2024.5"], "where.year must be text"),
        (["[columns", 'title = "T"'], "is not valid TOML"),
        # Both were refused row by row, every row of the return, as the rows' fault.
        (
            ['currency = "XXXX"', "[columns]", 'title = "T"'],
            "currency 'XXXX' is not an ISO 4217 currency code; write the return's currency",
        ),
        (
            [f'source = "{"S" * 177}"', "[columns]", 'title = "T"'],
            "return's date, at most 200: give it in 176 or fewer",
        ),
        # Found by fuzzing mappings (h3): both were 'source must be text', which '' is.
        (
            ['source = ""', "[columns]", 'title = "T"'],
            "source is blank (''): write it, or leave source out",
        ),
        (
            ['sheet = " "', "[columns]", 'title = "T"'],
            "sheet is blank (' '): write it, or leave sheet out",
        ),
    ],
)
def test_a_bad_mapping_is_refused_saying_what_is_wrong(lines: list[str], problem: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        load_mapping(mapping_file(*lines))

    assert problem in str(refused.value)
    assert "docs/returns.md" in str(refused.value) or "TOML" in str(refused.value)


def test_an_unknown_mapping_names_the_built_in_ones() -> None:
    with pytest.raises(InvalidInput) as refused:
        load_mapping("gnpp")

    assert "no mapping 'gnpp'" in str(refused.value)
    assert "gmpp, standard" in str(refused.value)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Children's Homes Capital Programme", "CHILDREN-S-HOMES-CAPITAL-PROGRAMME"),
        ("  Équipe -- Rénovation  ", "EQUIPE-RENOVATION"),
        (
            "Flood and Coastal Risk Management (FCRM) Investment Programme 2026-2029",
            "FLOOD-AND-COASTAL-RISK-MANAGEMENT-FCRM-INVESTMENT-PROGR-F70B862D",
        ),
    ],
)
def test_a_key_made_from_a_name(name: str, key: str) -> None:
    assert key_from_name(name) == key


@given(st.text(min_size=1, max_size=300))
def test_every_name_makes_a_valid_key(name: str) -> None:
    key = key_from_name(name)

    assert normalise_key(key) == key


@given(st.decimals(min_value=0, max_value=Decimal("999999999999.99"), places=2))
def test_a_figure_written_in_millions_reads_back_as_itself(amount: Decimal) -> None:
    gmpp = load_mapping("gmpp")
    state = {"whole_life_cost": amount, "whole_life_cost_status": "known"}

    written = cell(gmpp, "whole_life_cost", state)
    assert isinstance(written, Decimal)
    read = _Reader(gmpp, 1_000_000).figure("whole_life_cost", Cell(written, "F2"))

    assert read == amount


@pytest.mark.parametrize("written", ["-0", "-0.00", Decimal("-0.0")])
def test_a_zero_written_with_a_minus_sign_reads_as_zero(written: str | Decimal) -> None:
    """Not the amount '-0', which would be recorded and shown as such."""
    read = _Reader(load_mapping("gmpp"), 1_000_000).figure("whole_life_cost", Cell(written, "F2"))

    assert isinstance(read, Decimal)
    assert str(read) == "0"


def test_ids_that_differ_only_in_letters_no_key_holds_make_different_keys() -> None:
    # make_keys made 'Проект/1' and 'Програма/1' (and 'Проект 1' the name) the key '1':
    # letters that are not ASCII were dropped, so two items, or an item and one keyed '1'
    # already, were read as one.
    made = {key_from_id(written) for written in ("Проект/1", "Програма/1", "项目/1", "1")}

    assert len(made) == 4
    assert all(normalise_key(key) == key for key in made)
    assert key_from_id("P/2024/001") == "P-2024-001"
    assert key_from_id("Café/1") == "CAFE-1"  # an accent is dropped, as in a name


@given(st.text(min_size=1, max_size=100))
def test_every_id_makes_a_valid_key(written: str) -> None:
    key = key_from_id(written)

    assert normalise_key(key) == key


@pytest.mark.parametrize(("value", "written"), [("0", "0"), ("true", "true"), ("5", "5")])
def test_a_spelling_not_written_as_text_is_refused_naming_it(value: str, written: str) -> None:
    # '"TBC" = 0' (a cost spelt as nothing) was refused as '[spellings.whole_life_cost] must
    # be a table of "cell text" = "value"', naming neither the spelling nor the quotes.
    path = mapping_file('[columns]\ntitle = "Name"', "[spellings.whole_life_cost]",
                        f'"TBC" = {value}')  # fmt: skip

    with pytest.raises(InvalidInput) as refused:
        load_mapping(path)

    assert (
        f'[spellings.whole_life_cost] "TBC" = {written}: what a cell stands for is written as '
        f'text, in quotes ("{written}")'
    ) in str(refused.value)
