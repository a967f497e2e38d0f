"""A money column headed in a French Canadian's k$ or M$, or in yen or won (Cost (¥m)).

A Quebec office heads its columns ``Budget (k$)`` and ``Coût total (M$)``: thousands and
millions of dollars, the scale's letter written before the sign. The scale was read from
such a header, the currency not (``k$`` was taken for a dollar of a country not listed, as
``J$`` is), so read with a mapping of pounds every figure was recorded in pounds, unsaid;
nor was ``¥``, ``₹`` or ``₩`` read from a header (``Cost (¥m)``). Now each names its currency,
held against the mapping's as ``Cost ($M)`` is.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.behaviour.test_returns_refusals import refused
from tests.conftest import Cli


def _return(header: str, units: str, currency: str | None = None) -> Path:
    Path("r.csv").write_text(f"Ref,Projet,{header}\nP-1,Alpha,1250\n", encoding="utf-8")
    given = f'currency = "{currency}"\n' if currency else ""
    Path("m.toml").write_text(
        f'units = "{units}"\n{given}[columns]\nkey = "Ref"\ntitle = "Projet"\n'
        f'authorised_budget = "{header}"\n[defaults]\ncategory = "TI"\n',
        encoding="utf-8",
    )
    return Path("r.csv").resolve()


@pytest.mark.parametrize(
    ("header", "units", "named"),
    [
        ("Budget (k$)", "thousands", "a currency written $ (USD, AUD, CAD"),
        ("Coût total (M$)", "millions", "a currency written $ (USD, AUD, CAD"),
        ("Cost (¥m)", "millions", "a currency written ¥ (JPY, CNY)"),
        ("Budget (₩)", "units", "KRW"),
    ],
)
def test_a_header_in_another_currency_than_the_mapping_s_is_refused(
    run: Cli, header: str, units: str, named: str
) -> None:
    message = " ".join(refused(run, _return(header, units), "--mapping", "m.toml").split())

    assert f"the column '{header}' (authorised_budget) says its money is in {named}" in message
    assert "the m.toml mapping reads it as GBP" in message


def test_a_header_in_k_dollars_is_read_in_a_mapping_of_canadian_dollars(run: Cli) -> None:
    result = run("returns", "import", str(_return("Budget (k$)", "thousands", "CAD")),
                 "--mapping", "m.toml", "--as-at", "2026-03-31", "--authority", "PMO",
                 "--dry-run")  # fmt: skip

    assert result.exit_code == 0, result.output
    assert "budget CAD 1,250,000" in result.output
