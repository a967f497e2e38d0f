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


def test_a_plain_amount_dated_back_is_in_the_currency_of_the_envelope_it_changes(
    run: Cli,
) -> None:
    """Minutes of March typed in after the envelope moved to GBP: March's envelope was in euros."""
    for amount, day in (("EUR 250,000,000", "2026-01-05"), ("GBP 200,000,000", "2026-06-01")):
        result = run("portfolio", "envelope", amount, "--authority", "Investment Committee",
                     "-m", "Plan", "--effective-date", day)  # fmt: skip
        assert result.exit_code == 0, result.output

    late = run("portfolio", "envelope", "260,000,000", "--authority", "Investment Committee",
               "-m", "Plan", "--effective-date", "2026-03-02")  # fmt: skip

    assert late.exit_code == 0, late.output
    assert "EUR 250,000,000 -> EUR 260,000,000" in late.output
    march = json.loads(run("economics", "--effective-on", "2026-03-31", "--json").stdout)
    assert march["envelope"] == {"amount": "260000000.00", "currency": "EUR"}
