"""The pack of the real GMPP returns says what ``portfolio``, ``economics`` and ``audit trail`` say.

Both years of tests/data/gmpp_2024_2026.csv are loaded as returns; the pack
as at the second return's date (2025-09-30) must count the same items, the
same money by organisation and category, the same RAGs, and list exactly the
decisions ``audit trail`` lists for its period.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

from tests.behaviour.test_returns_gmpp import AS_AT, Loaded, as_json, gmpp  # noqa: F401 - fixture

ON = AS_AT["2025-26"]
FIGURES = (
    "items",
    "whole_life_cost",
    "authorised_budget",
    "forecast_cost",
    "whole_life_cost_withheld",
    "whole_life_cost_not_known",
    "authorised_budget_withheld",
    "forecast_cost_withheld",
)


def pack_of(loaded: Loaded) -> dict[str, Any]:
    pack: dict[str, Any] = as_json(loaded.run, "report", "board-pack", "--as-at", ON)
    return pack


def test_the_pack_counts_the_items_portfolio_lists(gmpp: Loaded) -> None:  # noqa: F811
    pack = pack_of(gmpp)
    portfolio = as_json(gmpp.run, "portfolio", "--effective-on", ON)
    assert pack["summary"]["items"] == len(portfolio) == 232
    views = {row["label"]: row["items"] for row in pack["summary"]["by_view"]}
    assert views == Counter(item["view"] for item in portfolio)
    open_items = [i for i in portfolio if i["view"] in {"pipeline", "catalogue"}]
    rags = {row["label"]: row["items"] for row in pack["summary"]["rag"] if row["items"]}
    assert rags == Counter(i["rag"] or "not reported" for i in open_items)


def test_the_pack_s_money_is_economics(gmpp: Loaded) -> None:  # noqa: F811
    pack = pack_of(gmpp)
    economics = as_json(gmpp.run, "economics", "--effective-on", ON)
    for dimension in ("organisation", "category"):
        expected = {
            row["value"]: [row[figure] for figure in FIGURES]
            for row in economics["totals"]
            if row["dimension"] == dimension
        }
        shown = {
            row["label"]: [row[figure] for figure in FIGURES]
            for row in pack["summary"][f"by_{dimension}"]
        }
        assert shown == expected, dimension
    assert pack["summary"]["envelope"] is None  # GMPP sets none
    assert economics["envelope"] is None


def test_the_pack_lists_the_decisions_audit_trail_lists_for_its_period(
    gmpp: Loaded,  # noqa: F811
) -> None:
    pack = pack_of(gmpp)
    since = date.fromisoformat(pack["since"])
    trail = as_json(gmpp.run, "audit", "trail", "--clock", "effective",
                    "--from", (since + timedelta(days=1)).isoformat(), "--to", ON)  # fmt: skip
    assert [d["position"] for d in pack["decisions"]] == [t["position"] for t in trail]
    assert len(trail) == 270  # the second return: every change, joiner and leaver
    by_position = {t["position"]: t for t in trail}
    for decision in pack["decisions"]:
        entry = by_position[decision["position"]]
        assert (decision["subject"], decision["summary"]) == (entry["subject"], entry["summary"])
