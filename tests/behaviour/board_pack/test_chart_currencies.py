"""The pack's money charts say which open items they leave out, being in another currency.

The charts are drawn in one currency (the envelope's, else the one most open items are in), and
nothing is converted. A portfolio loaded from registers in several currencies (an office's
AUD register beside a PPM tool's GBP export) had its other currencies' budgets and forecasts
left out unsaid: with no envelope and most items in AUD, *Budget and forecast by category*
said *no budget or forecast figures* and the cost chart *no open item with a budget and
forecast*, where two GBP items had both.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from portfolio_ledger.domain.clock import utc_today
from tests.conftest import Cli


def onboarded(key: str, currency: str, budget: str, forecast: str) -> tuple[str, ...]:
    return ("item", "onboard", key, "--title", key, "--category", "Digital", "--currency",
            currency, "--budget", budget, "--forecast-cost", forecast, "--authority",
            "Baseline", "-m", "Onboarded")  # fmt: skip


def test_the_money_charts_name_the_open_items_they_leave_out_in_other_currencies(
    run: Cli, tmp_path: Path
) -> None:
    for args in (
        ("item", "onboard", "AU-1", "--title", "Visas", "--category", "Digital", "--currency",
         "AUD", "--authority", "Baseline", "-m", "Onboarded"),
        ("item", "onboard", "AU-2", "--title", "Payments", "--category", "Digital", "--currency",
         "AUD", "--authority", "Baseline", "-m", "Onboarded"),
        ("item", "onboard", "AU-3", "--title", "Registers", "--category", "Digital", "--currency",
         "AUD", "--authority", "Baseline", "-m", "Onboarded"),
        onboarded("UK-1", "GBP", "GBP 1,000,000", "GBP 1,200,000"),
        onboarded("UK-2", "GBP", "GBP 2,000,000", "GBP 1,900,000"),
    ):  # fmt: skip
        assert run(*args).exit_code == 0
    today = utc_today().isoformat()
    out = tmp_path / "pack.html"

    result = run("report", "board-pack", "--as-at", today, "--json", "--out", str(out))

    assert result.exit_code == 0, result.output
    charts = json.loads(result.stdout)["charts"]
    assert charts["currency"] == "AUD"
    assert charts["other_currencies"] == {"GBP": 2}
    html = out.read_text(encoding="utf-8")
    captions = {
        text.split(". ")[0]: text
        for text in (
            " ".join(re.sub(r"<[^>]+>", " ", caption).split())
            for caption in re.findall(r"<figcaption>(.*?)</figcaption>", html, re.DOTALL)
        )
    }
    left_out = (
        "not drawn, as the chart is in AUD: 2 open items in another currency "
        "(2 in GBP), nothing converted"
    )
    every = left_out.replace("open items", "items")  # the budget chart draws every item
    assert every in captions["Budget and forecast by category"]
    for title in (
        "Envelope and commitments over time",
        "Cost against forecast variance (open items)",
    ):
        assert left_out in captions[title], captions[title]
    assert "not drawn" not in captions["RAG of open items by organisation"]  # every currency


def test_the_budget_chart_names_every_item_it_leaves_out_not_only_the_open_ones(
    run: Cli, tmp_path: Path
) -> None:
    """The budget chart draws every item, as ``economics`` adds them, closed ones too.

    A retired EUR item's EUR 5,000,000 was left out of a GBP chart while its caption
    said nothing of it (only open items in other currencies were counted, and there
    were none), so a board read the chart as every category's money.
    """
    for args in (
        onboarded("UK-1", "GBP", "GBP 1,000,000", "GBP 1,200,000"),
        onboarded("UK-2", "GBP", "GBP 2,000,000", "GBP 1,900,000"),
        ("item", "onboard", "EU-1", "--title", "EU-1", "--category", "Digital", "--currency",
         "EUR", "--stage", "live", "--budget", "EUR 5,000,000", "--authority", "Baseline",
         "-m", "Onboarded"),
        ("item", "retire", "EU-1", "--authority", "Board", "-m", "Retired"),
    ):  # fmt: skip
        assert run(*args).exit_code == 0, args
    out = tmp_path / "pack.html"

    result = run("report", "board-pack", "--as-at", utc_today().isoformat(), "--json",
                 "--out", str(out))  # fmt: skip

    assert result.exit_code == 0, result.output
    charts = json.loads(result.stdout)["charts"]
    assert charts["other_currencies"] == {}  # no open item in another currency
    assert charts["budget_by_category"]["other_currencies"] == {"EUR": 1}
    captions = re.findall(r"<figcaption>(.*?)</figcaption>", out.read_text("utf-8"), re.DOTALL)
    budget = next(c for c in captions if c.startswith("Budget and forecast by category"))
    assert "not drawn, as the chart is in GBP: 1 item in another currency (1 in EUR)" in budget
    assert not any("not drawn" in c for c in captions if c is not budget)


def test_with_no_envelope_the_charts_are_in_the_currency_most_open_items_are_in(
    run: Cli, tmp_path: Path
) -> None:
    """Two retired EUR items made the charts EUR, where the one open item is in GBP.

    The envelope and cost charts, of open items, then drew nothing and said the open
    item was left out, being in another currency.
    """
    for key in ("EU-1", "EU-2"):
        assert run("item", "onboard", key, "--title", key, "--category", "Digital",
                   "--currency", "EUR", "--stage", "live", "--budget", "EUR 5,000,000",
                   "--authority", "Baseline", "-m", "Onboarded").exit_code == 0  # fmt: skip
        assert run("item", "retire", key, "--authority", "Board", "-m", "Retired").exit_code == 0
    assert run(*onboarded("UK-1", "GBP", "GBP 1,000,000", "GBP 1,200,000")).exit_code == 0

    result = run("report", "board-pack", "--as-at", utc_today().isoformat(), "--json")

    assert result.exit_code == 0, result.output
    charts = json.loads(result.stdout)["charts"]
    assert charts["currency"] == "GBP"
    assert charts["other_currencies"] == {}
    assert [p["key"] for p in charts["cost_against_variance"]] == ["UK-1"]
    assert charts["budget_by_category"]["other_currencies"] == {"EUR": 2}
