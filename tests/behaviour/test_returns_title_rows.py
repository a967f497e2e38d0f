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


def imported(run: Cli, title: str, currency: str, units: str) -> tuple[int, str]:
    Path("register.toml").write_text(
        f'header_row = 3\ncurrency = "{currency}"\nunits = "{units}"\n[columns]\n'
        'key = "Ref"\ntitle = "Project"\ncategory = "Portfolio"\nwhole_life_cost = "Cost"\n',
        encoding="utf-8",
    )
    path = write("register.csv", "Digital portfolio register,,,", f"{title},,,",
                 "Ref,Project,Portfolio,Cost", "K-1,Roads,Digital,100")  # fmt: skip
    result = run("returns", "import", str(path), "--mapping", "register.toml", "--as-at",
                 "2026-09-30", "--authority", "PMO")  # fmt: skip
    return result.exit_code, " ".join(result.output.split())


@pytest.mark.parametrize(
    ("title", "named"),
    [
        ("All figures in AUD millions", "AUD"),
        ("Figures: A$m", "AUD"),
        ("All amounts in euros (millions)", "EUR"),
    ],
)
def test_a_title_row_naming_another_currency_refuses_the_return(
    run: Cli, title: str, named: str
) -> None:
    code, message = imported(run, title, "GBP", "millions")

    assert code == 2, message
    assert (
        f"register.csv: row 2, above the header, says {title!r}: its money is in {named}, and "
        "the register.toml mapping reads it as GBP, so every figure would be recorded in GBP. "
        f'Add currency = "{named}" to the mapping'
    ) in message
    assert run.events() == 0


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
