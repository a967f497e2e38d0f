"""A negative number typed as an argument is refused by the rule it breaks, not as an option.

'portfolio envelope -5' was refused by click as "No such option: -5" (and 'board
set-quorum IC -1', 'decision annul -3' alike), where '--limit -5' and 'item appraise
--estimated-cost -5' say "-5 is negative; amounts of money are zero or more". And
'portfolio envelope -- -5' named the amount '--envelope', an option the command lacks:
it is AMOUNT. The demo, on SQLite and PostgreSQL; nothing is written.
"""

from __future__ import annotations

import pytest

from portfolio_ledger.cli.negative_arguments import arguments_last
from tests.conftest import Cli

AS = ("--authority", "Executive Board", "-m", "Lower")
NEGATIVE = "AMOUNT: -5 is negative; amounts of money are zero or more"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("portfolio", "envelope", "-5", *AS), NEGATIVE),
        (("portfolio", "envelope", *AS, "-5"), NEGATIVE),
        (("portfolio", "envelope", "--authority", "Executive Board", "-5", "-m", "x"), NEGATIVE),
        (("portfolio", "envelope", *AS, "--", "-5"), NEGATIVE),
        (("portfolio", "envelope", "GBP -5", *AS), NEGATIVE),
        (("portfolio", "envelope", "-1.5m", *AS), "AMOUNT: '-1.5m' is -1500000, which is negative"),
        (("board", "set-quorum", "IC", "-1", *AS), "QUORUM: must be at least 1, not the number -1"),
        (("decision", "annul", "-3", *AS), "'POSITION': must be at least 1, not the number -3"),
    ],
)
def test_a_negative_number_as_an_argument_is_refused_by_its_rule(
    shared_demo: Cli, args: tuple[str, ...], said: str
) -> None:
    before = shared_demo.events()

    result = shared_demo(*args)

    assert result.exit_code == 2, result.output
    assert said in result.output
    assert "No such option" not in result.output
    assert shared_demo.events() == before


@pytest.mark.parametrize(
    ("args", "said"),
    [
        # an option's value, whatever it looks like: here the rationale, and no amount
        (("portfolio", "envelope", "--authority", "IC", "-m", "-5"), "Missing argument"),
        (("portfolio", "envelope", "5", "--bogus", *AS), "No such option '--bogus'"),
        (("portfolio", "envelope", "5", "-x", *AS), "No such option '-x'"),
    ],
)
def test_options_are_read_as_before(shared_demo: Cli, args: tuple[str, ...], said: str) -> None:
    result = shared_demo(*args)

    assert result.exit_code == 2, result.output
    assert said in result.output


def test_only_a_negative_number_moves_the_arguments_and_in_their_order() -> None:
    import click

    params: list[click.Parameter] = [
        click.Option(["-m", "--rationale"]),
        click.Option(["--json"], is_flag=True),
        click.Argument(["key"]),
        click.Argument(["quorum"]),
    ]
    plain = ["IC", "-m", "-5", "--json", "3"]
    assert arguments_last(plain, params) == plain
    assert arguments_last(["IC", "--json", "-1", "-m", "why"], params) == [
        "--json", "-m", "why", "--", "IC", "-1",
    ]  # fmt: skip
    assert arguments_last(["-1", "--rationale=x", "IC"], params) == [
        "--rationale=x", "--", "-1", "IC",
    ]  # fmt: skip
