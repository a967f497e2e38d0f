"""An envelope changed with an amount that names no currency stays in the envelope's currency."""

from __future__ import annotations

import json

from tests.conftest import Cli


def envelope(run: Cli, amount: str) -> None:
    result = run(
        "portfolio", "envelope", amount, "--authority", "Investment Committee", "-m", "Plan"
    )
    assert result.exit_code == 0, result.output


def test_a_plain_amount_changes_a_euro_envelope_in_euros(run: Cli) -> None:
    envelope(run, "EUR 250,000,000")
    envelope(run, "300,000,000")

    economics = json.loads(run("economics", "--json").stdout)

    assert economics["envelope"] == {"amount": "300000000.00", "currency": "EUR"}


def test_the_first_envelope_with_no_currency_is_in_gbp(run: Cli) -> None:
    envelope(run, "250,000,000")

    economics = json.loads(run("economics", "--json").stdout)

    assert economics["envelope"]["currency"] == "GBP"
