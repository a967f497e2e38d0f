"""An amount written with a currency sign (command line, import) is refused naming the code.

A return reads '$' as its mapping's dollar; a command or an import line has no mapping, so
'C$1,300,000' or '$1,234,567.89' (as a Canadian or US file writes money) is refused. The
refusal said only to write 'e.g. 1200000, GBP 1,200,000', not that the sign was the trouble.
"""

from __future__ import annotations

import pytest

from portfolio_ledger.domain.money import MoneyError, parse_amount


@pytest.mark.parametrize("text", ["C$1,300,000", "$1,234,567.89", "£12", "€ 5", "1,000 $"])
def test_an_amount_with_a_currency_sign_is_refused_saying_to_write_its_code(text: str) -> None:
    with pytest.raises(MoneyError) as refused:
        parse_amount(text)

    assert f"{text!r} is not an amount" in str(refused.value)
    assert "a currency sign is not read here: write the currency's ISO code" in str(refused.value)


def test_an_amount_with_no_sign_is_refused_as_before() -> None:
    with pytest.raises(MoneyError) as refused:
        parse_amount("about 12m")

    assert "currency sign" not in str(refused.value)


@pytest.mark.parametrize(
    ("text", "named"),
    [("£1,200", "(£ is GBP)"), ("€ 5", "(€ is EUR)"), ("C$1,300,000", "($ is USD, CAD, AUD")],
)
def test_an_amount_with_a_currency_sign_is_told_the_code_of_its_sign(text: str, named: str) -> None:
    # '£1,200' was told only 'as in USD 1,200,000 or CAD 1,200,000': a UK user was given
    # two dollars for a pound, not GBP.
    with pytest.raises(MoneyError) as refused:
        parse_amount(text)

    assert f"write the currency's ISO code {named}" in str(refused.value)
