"""A point before three digits in a return separated by semicolons is not read as a decimal.

``tests/data/bund_it_register.csv`` is a register as Excel set up for Germany saves CSV:
semicolons between cells, a decimal comma, and points grouping thousands (``12.500``,
``850.000``). Its mapping, ``bund_it.toml``, says ``decimal = ","``. A mapping that gave
``separator = ";"`` and left ``decimal`` out read ``12.500`` as 12.50 and ``850.000`` as
850, a thousand times too small, and recorded them with nothing said.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.behaviour.test_returns_refusals import refused
from tests.behaviour.test_returns_registers import DATA
from tests.conftest import Cli

OPTIONS = ("--as-at", "2026-09-30", "--authority", "Portfolio office")


def test_the_register_is_read_in_thousands_of_euros_with_its_decimal_comma(run: Cli) -> None:
    register, mapping = DATA / "bund_it_register.csv", DATA / "bund_it.toml"

    result = run("returns", "import", str(register), "--mapping", str(mapping), *OPTIONS)

    assert result.exit_code == 0, result.output
    items = {row["key"]: row for row in json.loads(run("portfolio", "--json").output)}
    assert items["BIT-001"]["whole_life_cost"] == "12500000.00"
    assert items["BIT-001"]["forecast_cost"] == "13750500.00"
    assert items["BIT-002"]["whole_life_cost"] == "850000000.00"
    assert items["BIT-004"]["whole_life_cost"] == "1234500.00"


def test_a_point_before_three_digits_is_refused_where_the_mapping_gives_no_decimal(
    run: Cli,
) -> None:
    text = (DATA / "bund_it.toml").read_text(encoding="utf-8")
    mapping = Path("no_decimal.toml").resolve()
    mapping.write_text(text.replace('decimal = ","', ""), encoding="utf-8")

    message = " ".join(
        refused(run, DATA / "bund_it_register.csv", "--mapping", str(mapping), *OPTIONS).split()
    )

    assert (
        "cell D2: '12.500' has a point before three digits (12.500), in a return separated by "
        "semicolons"
    ) in message
    assert (
        "(12.500 is 12,500); the mapping reads a point as the decimal point (12.500 is 12.5)"
        in (message)
    )
    assert 'say decimal = "," in the mapping' in message
    assert "cell D3: '850.000'" in message
    assert "cell E3: '912.000'" in message


def test_a_point_before_two_digits_is_a_decimal_point_where_the_mapping_says_so(
    run: Cli,
) -> None:
    mapping = Path("points.toml").resolve()
    mapping.write_text(
        'separator = ";"\n[columns]\nkey = "ID"\ntitle = "Name"\nwhole_life_cost = "Cost"\n'
        '[defaults]\nkind = "project"\nstage = "in delivery"\ncategory = "IT"\n',
        encoding="utf-8",
    )
    register = Path("points.csv").resolve()
    register.write_text("ID;Name;Cost\nP-1;Alpha;1234.50\nP-2;Beta;0.5\n", encoding="utf-8")

    result = run("returns", "import", str(register), "--mapping", str(mapping), *OPTIONS)

    assert result.exit_code == 0, result.output
    items = {row["key"]: row for row in json.loads(run("portfolio", "--json").output)}
    assert items["P-1"]["whole_life_cost"] == "1234.50"
