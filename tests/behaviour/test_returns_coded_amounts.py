"""A currency field's value as ServiceNow exports it: its code, a semicolon and the amount.

ServiceNow SPM writes a currency field's value as ``USD;1234567.00`` where an export gives
values rather than what a list shows (a report's or a script's CSV). Before, such a cell
was refused as "not an amount", as a word is, naming neither the code nor the form. Now it
is read as ``USD 1234567.00`` is: the amount, its code held against the mapping's currency.
"""

from __future__ import annotations

from pathlib import Path

from tests.behaviour.test_returns_refusals import refused, write
from tests.conftest import Cli

MAPPING = """
currency = "USD"

[columns]
key = "number"
title = "short_description"
category = "portfolio"
whole_life_cost = "cost"
"""


def _export(cost: str) -> Path:
    return write("pm_project.csv", "number,short_description,portfolio,cost",
                 f"PRJ0012345,Cloud Landing Zone,Infrastructure,{cost}")  # fmt: skip


def test_a_coded_amount_is_read_as_the_amount(run: Cli) -> None:
    Path("mapping.toml").write_text(MAPPING, encoding="utf-8")

    result = run("returns", "import", str(_export("USD;1234567.89")), "--mapping",
                 "mapping.toml", "--as-at", "2026-03-31", "--authority", "PMO")  # fmt: skip

    assert result.exit_code == 0, result.output
    shown = run("portfolio", "--json").output
    assert '"whole_life_cost": "1234567.89"' in shown


def test_a_coded_amount_of_another_currency_is_refused_naming_it(run: Cli) -> None:
    Path("mapping.toml").write_text(MAPPING, encoding="utf-8")

    message = " ".join(refused(run, _export("EUR;1234567.89"), "--mapping", "mapping.toml").split())

    assert "cell D2: 'EUR;1234567.89' is in EUR; this return's money is USD" in message
