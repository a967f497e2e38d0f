"""What a money column's header says its scale is (returns/scale.header_units).

'O&M Cost' (operations and maintenance), 'M&E Budget', 'T&M Cost' and 'K-12 Capital Cost'
were read as headed in millions or thousands, for the letter 'm' or 'k' in an abbreviation,
and such a return refused under every mapping.
"""

from __future__ import annotations

import pytest

from portfolio_ledger.returns.scale import header_units


@pytest.mark.parametrize(
    "header", ["O&M Cost", "M&E Budget", "T&M Cost", "R&M spend", "K-12 Capital Cost", "KPI Budget"]
)
def test_an_abbreviation_holding_m_or_k_names_no_units(header: str) -> None:
    assert header_units(header) is None


@pytest.mark.parametrize(
    ("header", "units"),
    [
        ("Lifecycle Cost ($M)", "millions"),
        ("whole-life-cost-gbp-m", "millions"),
        ("Cost (£k) - K-12 schools", "thousands"),
        ("O&M Spending ($M)", "millions"),
        ("whole_life_cost_gbp_m", "millions"),
        ("Cost (£m) - real terms", "millions"),
        ("Forecast ($K)", "thousands"),
        ("WLC (GBP k)", "thousands"),
        ("Cost (£'000)", "thousands"),
        ("Whole-life cost (£bn)", "billions"),
        ("Total cost (GBP billion)", "billions"),
        ("Cost (INR crore)", "crores"),
        ("Outlay (Rs. lakhs)", "lakhs"),
    ],
)
def test_a_header_naming_its_scale_names_its_units(header: str, units: str) -> None:
    assert header_units(header) == units
