"""A return's amounts finer than the penny are rounded to it where its mapping says so, and said.

A PPM tool's export computes costs (Project Online's OData feed gives ``1234567.512345``,
rate times hours): every such cell was refused, so a 500-row export was refused on hundreds
of cells, to be rounded by hand in a spreadsheet first. By default it still is, and the
refusal now names the mapping's ``round_amounts`` as the other fix; with it, each amount is
rounded exactly (half-up or half-even, as it says), the report and ``--json`` (the dry run's
too) say how many were and the largest difference, and each decision recording a rounded
figure references it as given.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from tests.behaviour.test_returns_more_portfolios import PO_HEADER, PO_IDS, PO_MAPPING, write_csv
from tests.behaviour.test_returns_office_portfolios import OFFICE, money, show
from tests.conftest import Cli

PO_COMPUTED = [  # Project Online's costs as its feed computes them: to six places
    [PO_IDS[0], "Payroll replacement", "Ann Lee", "Finance", "Enterprise Project",
     "2025-07-01T08:00:00", "2027-03-31T17:00:00", "1200000.000000", "1234567.512345",
     "45", "🟢"],
    [PO_IDS[1], "CRM consolidation", "Bo Chen", "Sales", "Enterprise Project",
     "2025-10-01T08:00:00", "2026-12-31T17:00:00", "850000.004999", "910250.265000",
     "10", "🟡"],
    [PO_IDS[2], "Data platform", "Cy Dee", "Digital", "Agile Project",
     "2026-01-05T08:00:00", "", "500000.000000", "0.000000", "0", "⚪"],
]  # fmt: skip
IMPORTING = ("returns", "import", "po.csv", "--mapping", "po.toml", "--as-at", "2026-03-31")


def _mapping(rounding: str | None) -> None:
    said = "" if rounding is None else f"round_amounts = {rounding}\n"
    Path("po.toml").write_text(said + PO_MAPPING, encoding="utf-8")
    write_csv("po.csv", [PO_HEADER, *PO_COMPUTED])


def test_by_default_a_fraction_of_a_penny_is_refused_naming_round_amounts(run: Cli) -> None:
    _mapping(None)

    result = run(*IMPORTING, *OFFICE)

    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert (
        "cell I2: '1234567.512345', read in USD, is USD 1,234,567.512345, a fraction of a penny "
        "(more than 2 decimal places): give it to the penny (1234567.51), or, to have each such "
        "amount rounded to the penny as it is read, say in the mapping round_amounts = "
        '"half-up" (a half penny up, as accountants and a spreadsheet\'s ROUND round) or '
        '"half-even" (a half penny to the even penny, as banks round)'
    ) in said
    assert "cell H3: '850000.004999'" in said
    # The figure it offers is rounded as a spreadsheet's ROUND rounds, a half penny up.
    assert "cell I3: '910250.265000', read in USD, is USD 910,250.265, a fraction" in said
    assert "give it to the penny (910250.27)" in said
    assert run.events() == 0


def test_half_up_rounds_each_amount_and_says_so_in_the_dry_run_and_json(run: Cli) -> None:
    _mapping('"half-up"')

    dry = run(*IMPORTING, *OFFICE, "--dry-run")
    data = json.loads(run(*IMPORTING, *OFFICE, "--dry-run", "--json").output)

    assert dry.exit_code == 0, dry.output
    assert (
        "Amounts rounded to the penny (half-up, the mapping's round_amounts): 3; the largest "
        "difference USD 0.005 (row 3, forecast: USD 910,250.265 rounded to the penny: USD "
        "910,250.27)."
    ) in " ".join(dry.output.split())
    assert data["rounded_amounts"] == {
        "rounding": "half-up",
        "count": 3,
        "largest_difference": "0.005",
        "largest": {"row": 3, "field": "forecast_cost", "given": "910250.265",
                    "recorded": "910250.27"},
    }  # fmt: skip
    assert run.events() == 0


def test_half_up_records_each_figure_rounded_and_references_it_as_given(run: Cli) -> None:
    _mapping('"half-up"')

    result = run(*IMPORTING, *OFFICE)

    assert result.exit_code == 0, result.output
    assert "Amounts rounded to the penny (half-up, the mapping's round_amounts): 3;" in (
        " ".join(result.output.split())
    )
    payroll, crm = show(run, PO_IDS[0].upper()), show(run, PO_IDS[1].upper())
    assert money(payroll["forecast_cost"]) == Decimal("1234567.51")
    assert money(crm["forecast_cost"]) == Decimal("910250.27")
    assert money(crm["authorised_budget"]) == Decimal(850000)
    history = json.loads(run("item", "history", PO_IDS[1].upper(), "--json").output)
    assert history[0]["references"][1:] == [
        "budget USD 850,000.004999 rounded to the penny: USD 850,000.00",
        "forecast USD 910,250.265 rounded to the penny: USD 910,250.27",
    ]
    untouched = json.loads(run("item", "history", PO_IDS[2].upper(), "--json").output)
    assert len(untouched[0]["references"]) == 1  # the return's row alone: nothing rounded


def test_half_even_rounds_a_half_penny_to_the_even_penny(run: Cli) -> None:
    _mapping('"Half_Even"')  # in any case, an underscore for the hyphen

    result = run(*IMPORTING, *OFFICE, "--json")

    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["rounded_amounts"]["rounding"] == "half-even"
    assert money(show(run, PO_IDS[1].upper())["forecast_cost"]) == Decimal("910250.26")


def test_without_round_amounts_the_json_says_none_were_rounded(run: Cli) -> None:
    Path("po.toml").write_text(PO_MAPPING, encoding="utf-8")
    write_csv("po.csv", [PO_HEADER, [*PO_COMPUTED[2]]])

    result = run(*IMPORTING, *OFFICE, "--json")

    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["rounded_amounts"] is None
    assert "rounded" not in run(*IMPORTING, *OFFICE, "--dry-run").output


@pytest.mark.parametrize(("cell", "said"), [
    ("-12.345678", "cell I2: '-12.345678' is negative"),
    ("9999999999999.123", "is USD 9,999,999,999,999.123, more than 12 digits allow"),
    ("999999999999.995", "'999999999999.995', read in USD, is USD 1,000,000,000,000, more"),
])  # fmt: skip
def test_an_amount_refused_for_another_reason_is_still_refused(
    run: Cli, cell: str, said: str
) -> None:
    _mapping('"half-up"')
    write_csv("po.csv", [PO_HEADER, [*PO_COMPUTED[0][:8], cell, *PO_COMPUTED[0][9:]]])

    result = run(*IMPORTING, *OFFICE)

    assert result.exit_code == 2, result.output
    assert said in " ".join(result.output.split())
    assert run.events() == 0


@pytest.mark.parametrize("written", ['"bankers"', "true", '"up"', "2"])
def test_a_round_amounts_that_is_no_way_to_round_is_refused_naming_the_choices(
    run: Cli, written: str
) -> None:
    _mapping(written)

    result = run(*IMPORTING, *OFFICE)

    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    shown = written.replace('"', "'")  # as TOML wrote it: 'bankers', true, 2
    assert f"the mapping po.toml: round_amounts {shown} is not" in said
    assert 'is not a way to round; say round_amounts = "half-up"' in said
    assert '"half-even" (a half penny to the even penny, as banks round), or leave it out' in said
    assert run.events() == 0


@pytest.mark.parametrize(("currency", "given", "recorded"), [
    ("JPY", "1234.567", "1234.57"),  # no minor unit: the ledger keeps two places all the same
    ("KWD", "12.345", "12.35"),  # three (fils): the ledger keeps two, so to the ten fils
])  # fmt: skip
def test_every_currency_is_rounded_to_the_ledger_s_two_places(
    run: Cli, currency: str, given: str, recorded: str
) -> None:
    Path("po.toml").write_text(
        'round_amounts = "half-up"\n' + PO_MAPPING.replace('"USD"', f'"{currency}"'),
        encoding="utf-8",
    )
    write_csv("po.csv", [PO_HEADER, [*PO_COMPUTED[0][:8], given, *PO_COMPUTED[0][9:]]])

    result = run(*IMPORTING, *OFFICE)

    assert result.exit_code == 0, result.output
    item = show(run, PO_IDS[0].upper())
    assert item["currency"] == currency
    assert money(item["forecast_cost"]) == Decimal(recorded)
