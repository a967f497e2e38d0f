"""A PPM export of several currencies in one table, a Currency column beside its figures.

A PPM tool (Planview, ServiceNow SPM) exports a portfolio whose projects are budgeted in their
own currencies as one table: ``Currency`` says ``USD``, ``EUR`` or ``GBP`` row by row, and the
figures are plain numbers. A mapping reads all its money in its one currency, so before, read
with a mapping of USD, a row's 3,400 euros were recorded as USD 3,400, unsaid (the column was
at most listed as not read, or not even that where it was in ``ignore``). Now such a row is
refused at its currency cell, saying to import each currency's rows with a mapping of its
own; rows of the mapping's currency, or figures whose headers name their currency, are read.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.behaviour.test_returns_refusals import refused
from tests.conftest import Cli

MAPPING = """
currency = "USD"
{ignore}
[columns]
key = "Project ID"
title = "Project Name"
authorised_budget = "{budget}"
[defaults]
category = "Enterprise IT"
{where}
"""


def _export(budget: str = "Approved Budget") -> Path:
    Path("export.csv").write_text(
        f"Project ID,Project Name,Currency,{budget}\n"
        "10234,ERP Finance Consolidation,USD,12500000\n"
        "10235,Customer Portal Rebuild,EUR,3400000\n",
        encoding="utf-8",
    )
    return Path("export.csv").resolve()


def _mapping(budget: str = "Approved Budget", ignore: str = "", where: str = "") -> None:
    text = MAPPING.format(budget=budget, ignore=ignore, where=where)
    Path("mapping.toml").write_text(text, encoding="utf-8")


@pytest.mark.parametrize("ignore", ["", 'ignore = ["Currency"]'])
def test_a_row_in_another_currency_than_the_mapping_s_is_refused(run: Cli, ignore: str) -> None:
    _mapping(ignore=ignore)

    message = " ".join(refused(run, _export(), "--mapping", "mapping.toml").split())

    assert (
        "row 3, column Currency: cell C3 says the row's money is EUR, and the mapping reads its "
        "figures ('Approved Budget') as USD, its currency, so they would be recorded in USD"
    ) in message
    assert 'a copy of it with currency = "EUR" and [where] "Currency" = ["EUR"]' in message
    assert "row 2" not in message


def test_each_currency_s_rows_are_read_with_a_mapping_of_their_own(run: Cli) -> None:
    _mapping(where='[where]\n"Currency" = ["USD"]')
    dollars = run("returns", "import", str(_export()), "--mapping", "mapping.toml",
                  "--as-at", "2026-03-31", "--authority", "PMO")  # fmt: skip
    Path("mapping.toml").write_text(
        Path("mapping.toml").read_text(encoding="utf-8").replace("USD", "EUR"), encoding="utf-8"
    )
    euros = run("returns", "import", str(_export()), "--mapping", "mapping.toml",
                "--as-at", "2026-03-31", "--authority", "PMO")  # fmt: skip

    assert dollars.exit_code == 0, dollars.output
    assert euros.exit_code == 0, euros.output
    assert "budget USD 12,500,000" in dollars.output
    assert "budget EUR 3,400,000" in euros.output


def test_figures_whose_header_names_their_currency_are_read_as_it_says(run: Cli) -> None:
    # Converted to the reporting currency beside the row's own: the header says what they are.
    _mapping(budget="Approved Budget (USD)", ignore='ignore = ["Currency"]')

    export = str(_export("Approved Budget (USD)"))
    result = run("returns", "import", export, "--mapping", "mapping.toml",
                 "--as-at", "2026-03-31", "--authority", "PMO", "--dry-run")  # fmt: skip

    assert result.exit_code == 0, result.output
    assert "budget USD 3,400,000" in result.output


def test_a_currency_named_in_words_is_held_against_the_mapping_s_too(run: Cli) -> None:
    _mapping()
    Path("export.csv").write_text(
        "Project ID,Project Name,Currency,Approved Budget\n"
        "10234,ERP Finance Consolidation,US Dollar,12500000\n"
        "10235,Customer Portal Rebuild,Euro,3400000\n",
        encoding="utf-8",
    )

    message = " ".join(
        refused(run, Path("export.csv").resolve(), "--mapping", "mapping.toml").split()
    )

    assert "cell C3 says the row's money is Euro" in message
    assert 'a copy of it with currency = "EUR" and [where] "Currency" = ["Euro"]' in message
    assert "row 2" not in message
