"""A header writing its scale onto its currency code ('(GBPm)', 'USDm', '(GBP000)') names both.

A UK finance sheet heads its money 'Whole life cost (GBPm)'; neither the millions nor
the currency were read from it, so the column was read in the mapping's units
(GBP 12 for GBP 12m), and 'Cost (USDm)' in a return of pounds was recorded as pounds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.behaviour.test_returns_refusals import refused, returns_import, write
from tests.conftest import Cli

MAPPING = """
{units}
[columns]
key = "Ref"
title = "Project"
whole_life_cost = "{header}"
[defaults]
kind = "project"
stage = "in delivery"
category = "Digital"
"""


TOO_SMALL = (
    "says its money is in millions, and the m.toml mapping reads it in units, so every figure "
    "would be read 1,000,000 times too small"
)
IN_POUNDS = (
    "says its money is in USD, and the m.toml mapping reads it as GBP, so every figure would "
    "be recorded in GBP"
)


@pytest.mark.parametrize(
    ("header", "units", "said"),
    [
        ("Whole life cost (GBPm)", "", TOO_SMALL),
        ("Cost (GBP000)", "", "says its money is in thousands"),
        ("Cost (USDm)", 'units = "millions"', IN_POUNDS),
        # read as GBP 12,000 before: the kronor's letters were no currency named
        (
            "Budget (tkr)",
            'units = "thousands"',
            "says its money is in a currency written kr (SEK, NOK, DKK, ISK)",
        ),
    ],
)
def test_a_scale_written_onto_its_currency_is_held_against_the_mapping(
    run: Cli, header: str, units: str, said: str
) -> None:
    Path("m.toml").write_text(MAPPING.format(units=units, header=header), encoding="utf-8")
    path = write("q3.csv", f"Ref,Project,{header}", "P-1,Roads,12")

    message = " ".join(refused(run, path, "--mapping", "m.toml", "--authority", "PMO").split())

    assert f"q3.csv: the column '{header}' (whole_life_cost) {said}" in message


def test_read_in_the_units_it_names(run: Cli) -> None:
    header = "Whole life cost (GBPm)"
    Path("m.toml").write_text(
        MAPPING.format(units='units = "millions"', header=header), encoding="utf-8"
    )
    path = write("q3.csv", f"Ref,Project,{header}", "P-1,Roads,12")

    result = returns_import(run, path, "--mapping", "m.toml", "--authority", "PMO")

    assert result.exit_code == 0, result.output
    assert "Whole-life cost     GBP 12,000,000" in run("item", "show", "P-1").output


@pytest.mark.parametrize("header", ["Cost (£ mil)", "Cost £mil", "Cost (Mil. GBP)"])
def test_a_header_in_mil_is_refused_where_the_mapping_reads_units(run: Cli, header: str) -> None:
    # A cell's 'mil' is refused as a million or a thousand; a header's was passed over, and
    # its column read in units: GBP 12 for GBP 12m.
    Path("m.toml").write_text(MAPPING.format(units="", header=header), encoding="utf-8")
    path = write("q3.csv", f'Ref,Project,"{header}"', "P-1,Roads,12")

    message = " ".join(refused(run, path, "--mapping", "m.toml", "--authority", "PMO").split())

    assert (
        f"q3.csv: the column '{header}' (whole_life_cost) says its money is in 'mil': a "
        "million in American and British usage, a thousand in Spanish and Portuguese"
    ) in message
    assert 'Say which in the mapping, units = "millions" (or "thousands")' in message


def test_a_title_row_in_mil_is_refused_where_the_mapping_reads_units(run: Cli) -> None:
    # A template says its scale once, above its header: 'All figures in £ mil' was passed
    # over where '£m' there is held against the mapping, and the costs read in units.
    Path("m.toml").write_text(
        "header_row = 2\n" + MAPPING.format(units="", header="Whole life cost"), encoding="utf-8"
    )
    path = write("q3.csv", "All figures in £ mil,,", "Ref,Project,Whole life cost", "P-1,Roads,12")

    message = " ".join(refused(run, path, "--mapping", "m.toml", "--authority", "PMO").split())

    assert (
        "q3.csv: row 1, above the header, 'All figures in £ mil', says its money is in 'mil'"
    ) in message
    assert "give --units units" in message
