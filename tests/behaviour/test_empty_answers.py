"""An empty answer says why: the moment before anything, or nothing known of what was asked."""

from __future__ import annotations

import pytest

from tests.conftest import Cli


def onboard(run: Cli, key: str, effective: str) -> None:
    result = run(
        "item",
        "onboard",
        key,
        "--title",
        "Alpha",
        "--category",
        "Infra",
        "--stage",
        "in-delivery",
        "--rag",
        "green",
        "--authority",
        "PMO",
        "-m",
        "baseline",
        "--effective-date",
        effective,
    )
    assert result.exit_code == 0, result.output


@pytest.fixture
def one_item(run: Cli) -> Cli:
    onboard(run, "A1", "2026-01-10")
    return run


@pytest.mark.parametrize(
    ("moment", "said"),
    [
        (["--effective-on", "2026-01-09"], "No item had taken effect by 2026-01-09"),
        (["--as-of", "2000-01-01"], "Nothing had been recorded by 2000-01-01T23:59:59.999999"),
    ],
)
def test_economics_before_any_item_says_what_portfolio_says(
    one_item: Cli, moment: list[str], said: str
) -> None:
    economics = one_item("economics", *moment)
    portfolio = one_item("portfolio", *moment)

    assert economics.exit_code == 0, economics.output
    assert said in economics.output
    assert economics.output == portfolio.output
    assert "holds none yet" not in economics.output
