"""Currency signs in a return's money: a sign of one currency is named by its code."""

from __future__ import annotations

import json
from pathlib import Path

from tests.behaviour.test_returns_refusals import GOOD, HEADER, refused, write
from tests.conftest import Cli


def test_a_euro_sign_in_a_return_of_pounds_is_refused_as_in_eur(run: Cli) -> None:
    # Was "'€12' is in a currency written € (EUR)" after $ came to stand for several.
    path = write("eur.csv", HEADER, *GOOD, "HO_0003,Borders,HO,Infrastructure,2024-25,€12,,RED")

    message = refused(run, path)

    assert "cell F4: '€12' is in EUR; this return's money is GBP" in message


def test_a_country_dollar_in_small_letters_and_the_cordoba_are_read_as_written(run: Cli) -> None:
    # 'us$' is 'US$' in any case; 'C$' is the sign of the Nicaraguan córdoba as much as of
    # the Canadian dollar: a return of córdobas writing its money so is read, not refused
    # as "in CAD" (and one of another currency names both).
    Path("ni.toml").write_text(
        'currency = "NIO"\n[columns]\nkey = "ID"\ntitle = "Name"\n'
        'category = "Portfolio"\nwhole_life_cost = "Budget"\n',
        encoding="utf-8",
    )
    path = write("ni.csv", "ID,Name,Portfolio,Budget", 'NI-1,Roads,Transport,"C$1,250"')
    result = run("returns", "import", str(path), "--mapping", "ni.toml",
                 "--as-at", "2026-09-30", "--authority", "PMO")  # fmt: skip
    assert result.exit_code == 0, result.output
    shown = json.loads(run("item", "show", "NI-1", "--json").output)
    assert shown["whole_life_cost"] == {"amount": "1250.00", "currency": "NIO"}

    Path("us.toml").write_text(
        Path("ni.toml").read_text(encoding="utf-8").replace("NIO", "USD"), encoding="utf-8"
    )
    path = write("us.csv", "ID,Name,Portfolio,Budget", "US-1,Rail,Transport,us$12",
                 "US-2,Ports,Transport,Us$7")  # fmt: skip
    result = run("returns", "import", str(path), "--mapping", "us.toml",
                 "--as-at", "2026-09-30", "--authority", "PMO")  # fmt: skip
    assert result.exit_code == 0, result.output
    shown = json.loads(run("item", "show", "US-2", "--json").output)
    assert shown["whole_life_cost"] == {"amount": "7.00", "currency": "USD"}
    path = write("c.csv", "ID,Name,Portfolio,Budget", "US-3,Air,Transport,C$5")
    result = run("returns", "import", str(path), "--mapping", "us.toml",
                 "--as-at", "2026-09-30", "--authority", "PMO")  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "'C$5' is in a currency written C$ (CAD, NIO)" in " ".join(result.output.split())


def test_a_return_of_reais_headed_and_written_with_r_dollar_is_read_as_brl(run: Cli) -> None:
    # 'Custo total (R$)' was taken for a dollar's header: a return of Brazilian reais, its
    # mapping's currency BRL, was refused as 'in a currency written $ (USD, AUD, ...)', and
    # its cells 'R$1,250' as no amount.
    Path("br.toml").write_text(
        'currency = "BRL"\n[columns]\nkey = "ID"\ntitle = "Name"\n'
        'category = "Portfolio"\nwhole_life_cost = "Custo total (R$)"\n',
        encoding="utf-8",
    )
    path = write(
        "br.csv", "ID,Name,Portfolio,Custo total (R$)", 'BR-1,Rodovias,Transporte,"R$1,250"'
    )
    result = run("returns", "import", str(path), "--mapping", "br.toml",
                 "--as-at", "2026-09-30", "--authority", "PMO")  # fmt: skip
    assert result.exit_code == 0, result.output
    shown = json.loads(run("item", "show", "BR-1", "--json").output)
    assert shown["whole_life_cost"] == {"amount": "1250.00", "currency": "BRL"}

    Path("gb.toml").write_text(
        Path("br.toml").read_text(encoding="utf-8").replace('currency = "BRL"\n', ""),
        encoding="utf-8",
    )
    message = refused(run, path, "--mapping", "gb.toml")
    assert "says its money is in BRL, and the gb.toml mapping reads it as GBP" in message
