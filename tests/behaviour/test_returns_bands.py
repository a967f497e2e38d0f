"""A cost published as a band, and a completion as a year, as Ireland's tracker publishes them.

``€100m - €250m`` or ``Over €250m`` in a money column was refused as a typing error
('not an amount; write a number (e.g. 1443.7, ...)'), and ``2025`` in a date column as
'a number, not a date'; neither said what it is, nor what a mapping can do with it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.behaviour.test_returns_refusals import refused, write
from tests.behaviour.test_returns_registers import DATA
from tests.conftest import Cli


def test_the_tracker_s_bands_years_and_stages_unspelt_are_refused_saying_how_to_read_them(
    run: Cli,
) -> None:
    # A band was 'not an amount; write a number (e.g. 1443.7, ...)', a year 'a number, not
    # a date', as if the register had a typing error; neither said what the mapping can do.
    mapping = (DATA / "ie.toml").read_text(encoding="utf-8")
    start = mapping.index("[spellings.whole_life_cost]")
    mapping = mapping[:start] + mapping[mapping.index("\n\n", start) + 2 :]
    mapping = mapping.replace('years = "last"', "")
    mapping = mapping.replace('"Implementation" = "in delivery"\n', "")
    Path("ie.toml").write_text(mapping, encoding="utf-8")

    message = refused(run, DATA / "ie_pi2040_tracker.csv", "--mapping", "ie.toml",
                      as_at="2024-12-31")  # fmt: skip

    assert "cell F2 (and F3): 'Over €250m' is a range of amounts (a cost band" in message
    assert "cell F6 (and F7): '€100m - €250m' is a range of amounts" in message
    assert "map no figure to a column of bands (list it in the mapping's ignore)" in message
    assert '([spellings.whole_life_cost] "€20m - €50m" = "withheld")' in message
    assert "cell H2: '2025' is a year, not a day" in message
    assert 'years = "last" in the mapping (here 2035-12-31) or years = "first"' in message
    assert "cell G5: 'Implementation' is not a stage (write one of: " in message
    assert "or spell it in the mapping's [spellings.stage])" in message
    assert "row 4" not in message  # Completed: not kept by [where]


@pytest.mark.parametrize(
    "band",
    ["€20m - €50m", "$10m to $25m", "Between 5 and 10", "Over €250m", "< £1m", "$100m+",
     "€20m \u2013 €50m", "up to 500k"],
)  # fmt: skip
def test_a_band_in_any_usual_writing_is_refused_as_a_band(run: Cli, band: str) -> None:
    path = write("r.csv", "Ref,Name,Area,Cost", f'R-1,Payroll,Corporate,"{band}"')
    Path("m.toml").write_text(
        '[columns]\nkey = "Ref"\ntitle = "Name"\ncategory = "Area"\nwhole_life_cost = "Cost"\n',
        encoding="utf-8",
    )

    message = refused(run, path, "--mapping", "m.toml", as_at="2026-03-31")

    assert f"cell D2: '{band}' is a range of amounts" in message


@pytest.mark.parametrize("cell", ["1,234.5", "-", "12 3", "about 12m"])
def test_what_is_no_band_is_not_called_one(run: Cli, cell: str) -> None:
    path = write("r.csv", "Ref,Name,Area,Cost", f'R-1,Payroll,Corporate,"{cell}"')
    Path("m.toml").write_text(
        '[columns]\nkey = "Ref"\ntitle = "Name"\ncategory = "Area"\nwhole_life_cost = "Cost"\n'
        '[spellings.whole_life_cost]\n"1,234.5" = "1234.5"\n',
        encoding="utf-8",
    )

    result = run("returns", "import", str(path), "--mapping", "m.toml", "--as-at",
                 "2026-03-31", "--authority", "PMO", "--dry-run")  # fmt: skip

    assert "range of amounts" not in result.output


@pytest.mark.parametrize(("years", "day"), [("last", "2027-12-31"), ("first", "2027-01-01")])
def test_a_year_alone_is_the_day_the_mapping_s_years_says(run: Cli, years: str, day: str) -> None:
    path = write("r.csv", "Ref,Name,Area,Finish", "R-1,Payroll,Corporate,2027")
    Path("m.toml").write_text(
        f'years = "{years}"\n[columns]\nkey = "Ref"\ntitle = "Name"\ncategory = "Area"\n'
        'forecast_date = "Finish"\n',
        encoding="utf-8",
    )

    result = run("returns", "import", str(path), "--mapping", "m.toml", "--as-at",
                 "2026-03-31", "--authority", "PMO")  # fmt: skip

    assert result.exit_code == 0, result.output
    assert json.loads(run("item", "show", "R-1", "--json").output)["forecast_date"] == day


def test_a_mapping_s_years_other_than_first_or_last_is_refused(run: Cli) -> None:
    path = write("r.csv", "Ref,Name,Area,Finish", "R-1,Payroll,Corporate,2027")
    Path("m.toml").write_text(
        'years = "middle"\n[columns]\nkey = "Ref"\ntitle = "Name"\ncategory = "Area"\n'
        'forecast_date = "Finish"\n',
        encoding="utf-8",
    )

    message = refused(run, path, "--mapping", "m.toml", as_at="2026-03-31")

    assert "the mapping m.toml: years 'middle' is not one of 'first', 'last'" in message
