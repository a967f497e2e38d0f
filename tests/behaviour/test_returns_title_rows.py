"""A title row that states the return's currency is held against the mapping's.

A template says once, above its header, what its money is in (``All figures in AUD
millions``), where no money column's header says it. Its units were held against
the mapping's; its currency was not, so a return of Australian dollars read by a
mapping of pounds was recorded in pounds, every figure in the wrong money.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.behaviour.test_returns_refusals import write
from tests.conftest import Cli


def imported(
    run: Cli, title: str, currency: str, units: str, first: str = "Digital portfolio register"
) -> tuple[int, str]:
    Path("register.toml").write_text(
        f'header_row = 3\ncurrency = "{currency}"\nunits = "{units}"\n[columns]\n'
        'key = "Ref"\ntitle = "Project"\ncategory = "Portfolio"\nwhole_life_cost = "Cost"\n',
        encoding="utf-8",
    )
    path = write("register.csv", f"{first},,,", f'"{title}",,,',
                 "Ref,Project,Portfolio,Cost", "K-1,Roads,Digital,100")  # fmt: skip
    result = run("returns", "import", str(path), "--mapping", "register.toml", "--as-at",
                 "2026-09-30", "--authority", "PMO")  # fmt: skip
    return result.exit_code, " ".join(result.output.split())


@pytest.mark.parametrize(
    ("title", "named", "read_as"),
    [
        ("All figures in AUD millions", "AUD", "GBP"),
        ("Figures: A$m", "AUD", "GBP"),
        ("All amounts in euros (millions)", "EUR", "GBP"),
        ("EUR m", "EUR", "GBP"),
        ("Programme costs (€ millions)", "EUR", "GBP"),
        ("Figures in euros (millions)", "EUR", "GBP"),
        ("Euro 2028 programme: figures in euro millions", "EUR", "GBP"),
        ("£m", "GBP", "EUR"),
        ("Euro 2028 host cities (£m)", "GBP", "EUR"),
    ],
)
def test_a_title_row_naming_another_currency_refuses_the_return(
    run: Cli, title: str, named: str, read_as: str
) -> None:
    code, message = imported(run, title, read_as, "millions")

    assert code == 2, message
    assert (
        f"register.csv: row 2, above the header, says {title!r}: its money is in {named}, and "
        f"the register.toml mapping reads it as {read_as}, so every figure would be recorded "
        f'in {read_as}. Add currency = "{named}" to the mapping'
    ) in message
    assert run.events() == 0


@pytest.mark.parametrize(
    "title",
    [
        "Euro 2028 programme",
        "UEFA EURO 2028 host city works",
        "Spending in Euro 2028 host cities",
        "Pound Lane depot and Dollar Bay works",
        "Sterling Council capital programme",
    ],
)
def test_a_title_row_naming_a_currency_only_in_a_proper_noun_is_read(run: Cli, title: str) -> None:
    # 'Euro 2028' (a programme's name) was read as a title row saying the money is in
    # euros: a return in pounds was refused, its mapping told to read it in EUR.
    code, message = imported(run, title, "GBP", "millions")

    assert code == 0, message
    shown = json.loads(run("item", "show", "K-1", "--json").output)
    assert shown["whole_life_cost"] == {"amount": "100000000.00", "currency": "GBP"}


def test_a_title_row_naming_other_units_still_refuses_the_return(run: Cli) -> None:
    code, message = imported(run, "All figures in AUD millions", "AUD", "thousands")

    assert code == 2, message
    assert "its money is in millions, and the register.toml mapping reads it in thousands" in (
        message
    )
    assert run.events() == 0


def test_a_title_row_naming_the_mappings_currency_and_units_is_read(run: Cli) -> None:
    code, message = imported(run, "All figures in AUD millions", "AUD", "millions")

    assert code == 0, message
    shown = json.loads(run("item", "show", "K-1", "--json").output)
    assert shown["whole_life_cost"] == {"amount": "100000000.00", "currency": "AUD"}


@pytest.mark.parametrize(
    ("title", "currency"),
    [
        ("Capital schemes over £10 million", "GBP"),
        ("Schemes over £1,000,000 - quarter 2", "GBP"),
        ("Projects over $10 million / Projets de plus de 10 millions de dollars", "CAD"),
        ("Schemes of £250,000 and over", "GBP"),
        ("All figures rounded to the nearest £1,000", "GBP"),
        ("Projects with budgets of $1,000,000 or more", "CAD"),
        ("Total investment £1,000,000,000", "GBP"),
        ("Contract values £250,000 and above", "GBP"),
    ],
)
def test_a_title_row_writing_an_amount_says_nothing_of_the_units(
    run: Cli, title: str, currency: str
) -> None:
    # 'over £10 million' is what the table holds, not what its figures are counted in: it
    # refused a return of pounds, telling the mapping to read it in millions, which would
    # have recorded every figure 1,000,000 times too large ('£250,000', its '000', and
    # 'the nearest £1,000', thousands; '$1,000,000', millions).
    code, message = imported(run, title, currency, "units", first="Capital programme")

    assert code == 0, message
    shown = json.loads(run("item", "show", "K-1", "--json").output)
    assert shown["whole_life_cost"] == {"amount": "100.00", "currency": currency}


def test_a_title_row_of_units_beside_one_writing_an_amount_still_refuses(run: Cli) -> None:
    # A Canadian departmental plan's table: 'Projects over $10 million' above '(in thousands
    # of dollars)'. The two rows were taken as naming two scales, not guessed from, and the
    # figures read in units: CAD 82,500 for 82.5 million, nothing said.
    code, message = imported(
        run, "(in thousands of dollars) / (en milliers de dollars)", "CAD", "units",
        first="Departmental Plan 2024-25 - Projects over $10 million",
    )  # fmt: skip

    assert code == 2, message
    assert (
        "row 2, above the header, says '(in thousands of dollars) / (en milliers de dollars)': "
        "its money is in thousands, and the register.toml mapping reads it in units"
    ) in message
    assert run.events() == 0


@pytest.mark.parametrize(
    ("title", "units"),
    [
        ("Units: £1,000", "thousands"),
        ("All figures £1,000", "thousands"),
        ("Amounts: 1,000 GBP", "thousands"),
        ("Figures are £1,000,000", "millions"),
    ],
)
def test_a_title_row_saying_the_figures_are_in_a_one_and_zeros_still_refuses(
    run: Cli, title: str, units: str
) -> None:
    # Since amounts in a title row name no scale, 'Units: £1,000' said nothing either: a
    # return in thousands read in units was recorded 1,000 times too small, nothing said.
    code, message = imported(run, title, "GBP", "units")

    assert code == 2, message
    assert (
        f"row 2, above the header, says {title!r}: its money is in {units}, and the "
        "register.toml mapping reads it in units"
    ) in message
    assert run.events() == 0
