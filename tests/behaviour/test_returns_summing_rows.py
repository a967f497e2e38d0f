"""A row with no id that adds up the others is refused as a total, whatever its label.

A corporate PMO's register ends with its own total row, labelled as the office likes
('All projects', 'Portfolio Total (3 projects)'): neither is a total's label, nor begins
or ends with the word, so with no id each joined the portfolio under a key made from its
label, and every figure of economics and the board pack was counted twice.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.behaviour.test_returns_refusals import refused, returns_import, write
from tests.conftest import Cli

HEADER = "ID,Name,Unit,Budget (£k),Forecast (£k)"
ITEMS = ("CP-001,Finance ERP,Finance,1250,1300", "CP-002,HR self-service,People,480.5,500")


def _mapping() -> Path:
    path = Path("corp.toml")
    path.write_text(
        'units = "thousands"\n[columns]\nkey = "ID"\ntitle = "Name"\norganisation = "Unit"\n'
        'authorised_budget = "Budget (£k)"\nforecast_cost = "Forecast (£k)"\n'
        '[defaults]\nkind = "project"\nstage = "in delivery"\ncategory = "Corporate"\n',
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("label", ["All projects", "Portfolio Total (2 projects)"])
def test_a_row_with_no_id_adding_up_the_rows_above_is_refused_as_a_total(
    run: Cli, label: str
) -> None:
    _mapping()
    path = write("corp.csv", HEADER, *ITEMS, f",{label},,1730.5,1800")

    message = " ".join(refused(run, path, "--mapping", "corp.toml").split())

    assert f"row 4: it looks like a total, not an item ({label!r}" in message
    assert "delete the row from the return" in message


def test_a_total_row_on_top_is_refused_naming_the_figures_it_adds_up(run: Cli) -> None:
    _mapping()
    path = write("corp.csv", HEADER, ",Contoso Group,,1730.5,1800", *ITEMS)

    message = " ".join(refused(run, path, "--mapping", "corp.toml").split())

    assert (
        "row 2: it looks like a total, not an item ('Contoso Group', with no id): its forecast "
        "1,800,000 and budget 1,730,500 are the sum of the 2 rows below it"
    ) in message


def test_a_last_row_with_no_id_that_adds_up_nothing_joins(run: Cli) -> None:
    _mapping()
    path = write("corp.csv", HEADER, *ITEMS, ",Cyber uplift,Technology,900,990")

    result = returns_import(run, path, "--mapping", "corp.toml")

    assert result.exit_code == 0, result.output
    assert "CYBER-UPLIFT" in result.output


def test_a_group_s_row_with_no_id_over_its_projects_rows_with_their_sums_is_refused(
    run: Cli,
) -> None:
    _mapping()
    path = write(
        "corp.csv",
        HEADER,
        ",Finance,,1730.5,1800",
        *ITEMS,
        ",Technology,,3000,3040",
        "CP-003,Data centre exit,Technology,2100,2050",
        "CP-005,Cyber uplift,Technology,900,990",
    )

    message = " ".join(refused(run, path, "--mapping", "corp.toml").split())

    assert "row 2: it looks like a total, not an item ('Finance', with no id)" in message
    assert (
        "row 5: it looks like a total, not an item ('Technology', with no id): its forecast "
        "3,040,000 and budget 3,000,000 are the sum of the 2 rows below it"
    ) in message
    assert "row 3:" not in message


def test_a_total_row_with_no_label_at_all_is_refused_as_a_total(run: Cli) -> None:
    _mapping()
    path = write("corp.csv", HEADER, *ITEMS, ",,,1730.5,1800")

    message = " ".join(refused(run, path, "--mapping", "corp.toml").split())

    assert (
        "row 4: it looks like a total, not an item (no id and no name): its forecast "
        "1,800,000 and budget 1,730,500 are the sum of the 2 rows above it"
    ) in message


def test_a_total_shown_rounded_is_refused_naming_the_rows_sum(run: Cli) -> None:
    _mapping()
    path = write(
        "corp.csv",
        HEADER,
        'CP-001,Finance ERP,Finance,"1,250.4",1300',
        "CP-002,HR self-service,People,480.5,500",
        'CP-003,Cyber uplift,Technology,"3,000.3",3040',
        ',All projects,,"4,731","4,840"',
    )

    message = " ".join(refused(run, path, "--mapping", "corp.toml").split())

    assert (
        "row 5: it looks like a total, not an item ('All projects', with no id): its forecast "
        "4,840,000 and budget 4,731,000 (their sum: 4,731,200) are the sum of the 3 rows above "
        "it, rounded"
    ) in message
