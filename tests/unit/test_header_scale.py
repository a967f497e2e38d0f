"""What a money column's header says its scale is (returns/scale.header_units).

'O&M Cost' (operations and maintenance), 'M&E Budget', 'T&M Cost' and 'K-12 Capital Cost'
were read as headed in millions or thousands, for the letter 'm' or 'k' in an abbreviation,
and such a return refused under every mapping.
"""

from __future__ import annotations

import pytest

from portfolio_ledger.returns.scale import header_currency, header_units


@pytest.mark.parametrize(
    "header",
    [
        *("O&M Cost", "M&E Budget", "T&M Cost", "R&M spend", "K-12 Capital Cost", "KPI Budget"),
        *("KKR fees", "Mkroner", "Miles driven cost"),
    ],
)
def test_an_abbreviation_holding_m_or_k_names_no_units(header: str) -> None:
    assert header_units(header) is None


@pytest.mark.parametrize(
    "header",
    [
        "Miles (km)",
        "(miles)",
        "Coste (miles)",
        "Mileage cost (miles)",
        "Cost (Cr)",
        "Dr/Cr amount",
        "Custo (R$ mil)",
        *("Mill Road depot cost", "Paper mill cost", "Milling cost (€)"),
        *("Bin collection cost", "Recycling bin budget"),
    ],
)
def test_english_miles_and_a_credit_s_cr_name_no_units(header: str) -> None:
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
        ("Kosten (TEUR)", "thousands"),
        ("Kosten (T€)", "thousands"),
        ("Budget KEUR", "thousands"),
        ("Kosten (MEUR)", "millions"),
        ("Kosten (in Tausend Euro)", "thousands"),
        ("Kosten (in duizenden euro)", "thousands"),
        ("Coût (en milliers d'euros)", "thousands"),
        ("Kosten (in miljoenen euro)", "millions"),
        ("Kosten x1000", "thousands"),
        ("Kosten (x € 1.000)", "thousands"),
        ("Kosten (x 1000 €)", "thousands"),
        ("Kosten (\u00d7 1 000 \u20ac)", "thousands"),
        ("Whole life cost (GBPm)", "millions"),
        ("WLC GBPm", "millions"),
        ("Cost (USDm)", "millions"),
        ("Budget (EURk)", "thousands"),
        ("Cost (GBP000)", "thousands"),
        ("Cost (GBP000s)", "thousands"),
        ("Cost (GBPbn)", "billions"),
        ("Cost (£ms)", "millions"),
        ("Cost (A$m)", "millions"),
        # Nordic finance's headers, read in units before: every figure 1,000 or 1,000,000
        # times too small, unsaid
        ("Budget (MSEK)", "millions"),
        ("Budget (TSEK)", "thousands"),
        ("Kostnad (kSEK)", "thousands"),
        ("Budsjett (MNOK)", "millions"),
        ("Budget (TDKK)", "thousands"),
        ("Kostnad (tkr)", "thousands"),
        ("Kostnad (mnkr)", "millions"),
        ("Kostnad (Mkr)", "millions"),
        ("Kostnad (tusen kronor)", "thousands"),
        ("Kostnad (miljoner kronor)", "millions"),
        ("Cost (MAUD)", "millions"),
        # Spanish, Italian, Portuguese, Polish and Finnish finance's, read in units before
        ("Presupuesto (miles de €)", "thousands"),
        ("Monto (en miles)", "thousands"),
        ("Coste (millones de euros)", "millions"),
        ("Costo (MXN millones)", "millions"),
        ("Coste (mil millones de euros)", "billions"),
        ("Costo (migliaia di euro)", "thousands"),
        ("Costo (milioni di euro)", "millions"),
        ("Costo (miliardi di euro)", "billions"),
        ("Orçamento (R$ milhões)", "millions"),
        ("Orçamento (R$ bilhões)", "billions"),
        ("Budżet (tys. zł)", "thousands"),
        ("Kustannus (milj. €)", "millions"),
        # lac(s), as a cell's '12 lac' is read, Portuguese milhares and Nordic miljarder:
        # read in units before, every figure 100,000, 1,000 or 10**9 times too small, unsaid
        ("Cost (Rs. in lacs)", "lakhs"),
        ("Outlay (lac)", "lakhs"),
        ("Orçamento (em milhares de reais)", "thousands"),
        ("Orçamento (R$ milhares)", "thousands"),
        ("Budget (miljarder kronor)", "billions"),
        ("Budsjett (milliarder kroner)", "billions"),
        # 'Cr' beside the rupee, and Brazil's 'mi' and 'bi' after R$: read in units before
        ("Budget (₹ Cr)", "crores"),
        ("Cost (Rs. in Cr.)", "crores"),
        ("Cost (INR Cr)", "crores"),
        ("Orçamento (R$ mi)", "millions"),
        ("Orçamento (R$ bi)", "billions"),
        # German and Spanish 'Mill.', millions: read in the mapping's units before
        ("Kosten (Mill. €)", "millions"),
        ("Kosten in Mill. EUR", "millions"),
        ("Coste (mill. €)", "millions"),
        # Czech, Hungarian, Romanian, Bulgarian, Turkish and Indonesian units, in the return
        # of their currency's sign: read in the mapping's units before
        ("Cost (tis. Kč)", "thousands"),
        ("Cost (ezer Ft)", "thousands"),
        ("Cost (millió Ft)", "millions"),
        ("Cost (mii lei)", "thousands"),
        ("Cost (хил. лв.)", "thousands"),
        ("Cost (млн. лв.)", "millions"),
        ("Cost (bin TL)", "thousands"),
        ("Cost (milyon TL)", "millions"),
        ("Cost (Rp juta)", "millions"),
        ("Cost (Rp miliar)", "billions"),
        # right already: a Swedish 'm kr', German 'Tsd. EUR', unaccented 'bilhoes'
        ("Budget (m kr)", "millions"),
        ("Tsd. EUR", "thousands"),
        ("Orçamento (R$ bilhoes)", "billions"),
    ],
)
def test_a_header_naming_its_scale_names_its_units(header: str, units: str) -> None:
    assert header_units(header) == units


@pytest.mark.parametrize(
    "header", ["CAD licences", "CAD licences cost", "Cost (CAD licences)", "ZAR programme"]
)
def test_a_header_that_only_begins_with_a_currency_code_names_no_currency(header: str) -> None:
    # 'CAD licences' (computer-aided design) was read as a column in Canadian dollars, and a
    # return mapping it refused under any mapping not in CAD.
    assert header_currency(header) is None


@pytest.mark.parametrize(
    "text",
    [
        "Euro 2028 programme",
        "UEFA EURO 2028 stadiums",
        "Spending in Euro 2028 host cities",
        "Pound Lane depot",
        "Dollar Bay works",
        "Sterling Council programme",
    ],
)
def test_a_currency_name_in_a_proper_noun_names_no_currency(text: str) -> None:
    assert header_currency(text) is None


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Figures in euros", ("euros", ("EUR",))),
        ("(€ millions)", ("€", ("EUR",))),
        ("£m", ("£", ("GBP",))),
        ("EUR m", ("EUR", ("EUR",))),
        ("Total Cost (Euros)", ("euros", ("EUR",))),
        ("Euro amounts", ("euro", ("EUR",))),
        ("In millions of pounds", ("pounds", ("GBP",))),
        ("Co\u00fbt (en milliers d'euros)", ("euros", ("EUR",))),
        ("Euro 2028 programme (\u00a3m)", ("\u00a3", ("GBP",))),
    ],
)
def test_a_currency_standing_as_one_names_its_currency(
    text: str, named: tuple[str, tuple[str, ...]]
) -> None:
    assert header_currency(text) == named


@pytest.mark.parametrize(
    ("header", "code"),
    [
        ("Total Cost (AUD)", "AUD"),
        ("Total Cost AUD", "AUD"),
        ("whole_life_cost_usd", "USD"),
        ("whole_life_cost_gbp_m", "GBP"),
        ("WLC (GBP k)", "GBP"),
        ("Cost (INR crore)", "INR"),
        ("Cost in EUR", "EUR"),
        ("EUR cost", "EUR"),
        ("CAD Total", "CAD"),
        ("Budget (GBP million, real terms)", "GBP"),
    ],
)
def test_a_currency_code_qualifying_the_amount_names_its_currency(header: str, code: str) -> None:
    assert header_currency(header) == (code, (code,))


@pytest.mark.parametrize(
    "header",
    [
        "Totale kosten (x € 1.000.000)",
        "Kosten (\u00d7 1 000 000 euro)",
        "Cost (x 1,000,000)",
        "Kosten (in €1000000)",
    ],
)
def test_a_header_multiplying_by_a_million_names_millions_not_thousands(header: str) -> None:
    # '(x € 1.000.000)', as a Dutch register heads its costs in millions, was read as
    # thousands for its '000': the return was refused under a mapping in millions, saying
    # to read it in thousands, which would have recorded every figure 1,000 times too small.
    assert header_units(header) == "millions"


KRONOR = ("SEK", "NOK", "DKK", "ISK")


@pytest.mark.parametrize(
    ("header", "named"),
    [
        ("Budget (tkr)", ("kr", KRONOR)),
        ("Kostnad (Mkr)", ("kr", KRONOR)),
        ("Kostnad (mnkr)", ("kr", KRONOR)),
        ("Budget (m kr)", ("kr", KRONOR)),
        ("Budget (kr)", ("kr", KRONOR)),
        ("Budget i tusen kr", ("kr", KRONOR)),
        ("Kostnad (tusen kronor)", ("kronor", ("SEK",))),
        ("Kostnad (miljoner kronor)", ("kronor", ("SEK",))),
        ("Budsjett (millioner kroner)", ("kroner", ("NOK", "DKK"))),
        ("Budżet (tys. zł)", ("zl", ("PLN",))),
        ("Koszt (mln zł)", ("zl", ("PLN",))),
        ("Cost (tis. Kč)", ("kc", ("CZK",))),
        ("Cost (mii lei)", ("lei", ("RON",))),
        # right already: the code written with its scale
        ("Budget (MSEK)", ("SEK", ("SEK",))),
        ("Budsjett (MNOK)", ("NOK", ("NOK",))),
    ],
)
def test_a_header_in_a_sign_of_letters_names_its_currency(
    header: str, named: tuple[str, tuple[str, ...]]
) -> None:
    # '(tkr)', '(tusen kronor)' and '(tys. zł)' named their scale and no currency: in a
    # return of dollars such a column was read as thousands of dollars, unsaid
    # ('Budget (tkr)', 12, in a USD mapping in thousands: whole-life cost USD 12,000).
    assert header_currency(header) == named


@pytest.mark.parametrize("header", ["KKR fees", "Mkroner", "Kr 2 budget", "Budget (Q3 kr 12)"])
def test_kr_in_another_word_or_before_a_number_names_no_currency(header: str) -> None:
    assert header_currency(header) is None


@pytest.mark.parametrize(
    ("header", "units", "named"),
    [
        ("予算\uff08千円\uff09", "thousands", ("円", ("JPY",))),
        ("Cost (百万円)", "millions", ("円", ("JPY",))),
        ("Cost (千万円)", "ten millions", ("円", ("JPY",))),
        ("Cost (億円)", "hundred millions", ("円", ("JPY",))),
        ("预算\uff08万元\uff09", "ten thousands", ("元", ("CNY",))),
        ("Cost (亿元)", "hundred millions", ("元", ("CNY",))),
        ("元予算\uff08千円\uff09", "thousands", ("円", ("JPY",))),  # 元: 'original', in Japanese
    ],
)
def test_a_header_in_yen_or_yuan_names_its_scale_and_currency(
    header: str, units: str, named: tuple[str, tuple[str, ...]]
) -> None:
    # '予算 (千円)' and '预算 (万元)', as Japanese and Chinese budgets head their money,
    # named neither: a return of dollars so headed was read as dollars, in the mapping's
    # units (USD 12 for ¥12,000), and 万元 (ten thousands, no mapping's units) was read so too.
    assert (header_units(header), header_currency(header)) == (units, named)


def test_japanese_gen_as_a_word_names_no_yuan() -> None:
    assert header_currency("元の予算") is None
