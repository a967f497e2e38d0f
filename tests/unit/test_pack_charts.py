"""The pack's charts show every name readably, however long, and say it whole in words."""

from __future__ import annotations

import re
import warnings
from decimal import Decimal
from types import SimpleNamespace
from typing import Any, cast

from portfolio_ledger.reports.charts import budget_by_category, rag_by_organisation
from portfolio_ledger.reports.model import BoardPack, BudgetByCategory, RagByOrganisation

LONG = "Supercalifragilistic" * 9  # 180 characters, one word: a category may be 200


def pack(**charts: Any) -> BoardPack:
    return cast(BoardPack, SimpleNamespace(charts=SimpleNamespace(**charts)))


def texts(svg: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", text) for text in re.findall(r"<text\b.*?</text>", svg, re.DOTALL)
    ]


def test_a_long_category_is_cut_beside_the_axis_and_named_whole_in_the_alt_text() -> None:
    data = BudgetByCategory(
        currency="GBP",
        categories=[LONG, LONG + "X", "Data"],
        budget=[Decimal(2_000_000), Decimal(1_000_000), Decimal(500_000)],
        forecast=[Decimal(1_500_000), Decimal(3_000_000), Decimal(600_000)],
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns when the labels squeeze the plot away
        chart = budget_by_category(pack(budget_by_category=data))
    shown = [text.strip() for text in texts(chart.svg)]
    assert shown.count(LONG[:29] + "\u2026") == 2
    assert "Data" in shown
    assert f"{LONG}: budget 2.0, forecast 1.5" in chart.alt


def test_a_long_organisation_is_cut_and_two_alike_stay_two_bars() -> None:
    first, second = "A" * 60 + "-ONE", "A" * 60 + "-TWO"
    data = RagByOrganisation(organisations=[first, second], counts={"red": [1, 2], "amber": [3, 0]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        chart = rag_by_organisation(pack(rag_by_organisation=data))
    shown = [text.strip() for text in texts(chart.svg)]
    assert shown.count("A" * 29 + "\u2026") == 2
    assert f"{first}: 1 red, 3 amber; {second}: 2 red" in chart.alt
