"""Columns of one name under different group headings are named by heading and name.

A template heads ``Baseline`` and ``Forecast`` over a ``Cost`` and an ``End date`` each,
or ``Agency`` and ``Bureau`` over a ``Code`` and a ``Name`` each. With header_rows = 2
each column was named by its lowest name alone, so each was 'the column 'Name' more than
once ...; rename one', and no mapping could read either without editing the register.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.behaviour.test_returns_refusals import refused, write
from tests.conftest import Cli

MAPPING = """
units = "millions"
currency = "USD"
header_rows = 2
dates = "MM/DD/YYYY"
ignore = ["Code"]
[columns]
key = "UII"
title = "Title"
organisation = "{organisation}"
authorised_budget = "Baseline ($M) Cost"
forecast_cost = "Forecast ($M) Cost"
forecast_date = "Forecast ($M) End date"
[defaults]
kind = "project"
stage = "in delivery"
category = "IT"
"""

LINES = (
    "Agency,,Bureau,,Investment,,Baseline ($M),,Forecast ($M),",
    "Code,Name,Code,Name,UII,Title,Cost,End date,Cost,End date",
    (
        "005,Department of Agriculture,03,Forest Service,005-000004301,Fire Systems,21.9,"
        "09/30/2026,23.41,03/31/2027"
    ),
)


def test_each_column_is_read_by_its_heading_and_name(run: Cli) -> None:
    Path("m.toml").write_text(MAPPING.format(organisation="Agency Name"), encoding="utf-8")
    path = write("itdash.csv", *LINES)

    result = run("returns", "import", str(path), "--mapping", "m.toml", "--as-at",
                 "2025-09-30", "--authority", "OMB")  # fmt: skip

    assert result.exit_code == 0, result.output
    assert "Columns not read: Bureau Name, Baseline ($M) End date (not in" in result.output
    (item,) = json.loads(run("portfolio", "--json").output)
    assert item["organisation"] == "Department of Agriculture"
    assert item["forecast_date"] == "2027-03-31"
    shown = json.loads(run("item", "show", "005-000004301", "--json").output)
    assert shown["authorised_budget"]["amount"] == "21900000.00"
    assert shown["forecast_cost"]["amount"] == "23410000.00"


def test_a_name_under_several_headings_is_refused_naming_each_way_to_say_it(run: Cli) -> None:
    Path("m.toml").write_text(MAPPING.format(organisation="Name"), encoding="utf-8")
    path = write("itdash.csv", *LINES)

    message = " ".join(refused(run, path, "--mapping", "m.toml", as_at="2025-09-30").split())

    assert (
        "'Name' names more than one column, each under its own group heading: name the one "
        "to read by its heading and name together, 'Agency Name' or 'Bureau Name'"
    ) in message


def test_a_column_already_named_as_heading_and_name_is_read_as_before(run: Cli) -> None:
    """'Baseline ($M) Cost' heads a column of its own beside the group's Cost: named by
    heading and name, the group's was a second 'Baseline ($M) Cost', and a mapping that read
    the first, as it had before, was refused as naming a column twice."""
    lines = (
        "Agency,,Bureau,,Investment,,,Baseline ($M),,Forecast ($M),",
        "Code,Name,Code,Name,UII,Title,Baseline ($M) Cost,Cost,End date,Cost,End date",
        (
            "005,Department of Agriculture,03,Forest Service,005-000004301,Fire Systems,21.9,"
            "20.1,09/30/2026,23.41,03/31/2027"
        ),
    )
    mapping = MAPPING.format(organisation="Investment").replace('organisation = "Investment"\n', "")
    mapping = "\n".join(line for line in mapping.splitlines() if "Forecast" not in line)
    Path("m.toml").write_text(mapping.replace("[defaults]", '[defaults]\norganisation = "USDA"'),
                              encoding="utf-8")  # fmt: skip

    result = run("returns", "import", str(write("itdash.csv", *lines)), "--mapping", "m.toml",
                 "--as-at", "2025-09-30", "--authority", "OMB")  # fmt: skip

    assert result.exit_code == 0, result.output
    shown = json.loads(run("item", "show", "005-000004301", "--json").output)
    assert shown["authorised_budget"]["amount"] == "21900000.00"
    # each group's Cost is as before, a name a mapping cannot read (the columns are two)
    cost = mapping.replace('"Baseline ($M) Cost"', '"Cost"')
    Path("m.toml").write_text(cost.replace("[defaults]", '[defaults]\norganisation = "USDA"'),
                              encoding="utf-8")  # fmt: skip
    again = " ".join(refused(run, write("itdash.csv", *lines), "--mapping", "m.toml",
                             as_at="2025-09-30").split())  # fmt: skip
    assert "has the column 'Cost' more than once (columns H, J)" in again
