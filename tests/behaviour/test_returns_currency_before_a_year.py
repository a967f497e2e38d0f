"""A currency named in the plural before a year is money: ``in euros 2026/27``.

072d34c read a currency's name before a year as a proper noun's (``Euro 2028``, a
programme), never as money; but a register's ``Cost in euros 2026/27`` or title
``All figures in euros 2026-27`` names the money of a financial year, and a return so
headed, read by a mapping of pounds, was recorded in pounds: every figure in the wrong
money, where before it was refused. A proper noun takes the singular (``Euro 2028``,
``UEFA EURO 2028``); the plural before a year still names the currency.
"""

from __future__ import annotations

import pytest

from portfolio_ledger.returns.scale import header_currency
from tests.behaviour.test_returns_title_rows import imported
from tests.conftest import Cli


@pytest.mark.parametrize(
    ("text", "word", "code"),
    [
        ("Cost in euros 2026/27", "euros", "EUR"),
        ("Budget (euros 2026-27)", "euros", "EUR"),
        ("Budget in pounds 2026-27", "pounds", "GBP"),
        ("Total cost, dollars 2027", "dollars", "USD"),
    ],
)
def test_a_plural_currency_before_a_year_names_it(text: str, word: str, code: str) -> None:
    found = header_currency(text)

    assert found is not None, text
    assert found[0] == word
    assert code in found[1]


def test_a_title_row_of_figures_in_euros_of_a_year_refuses_a_return_read_in_pounds(
    run: Cli,
) -> None:
    title = "All figures in euros 2026-27 (millions)"

    code, message = imported(run, title, "GBP", "millions")

    assert code == 2, message
    assert f"says {title!r}: its money is in EUR" in message
    assert run.events() == 0
