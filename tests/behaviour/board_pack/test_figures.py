"""The board pack's figures are those economics and portfolio give, to the cent.

The envelope, the commitments (each currency apart, nothing converted) and the
headroom, with what a withheld budget leaves out said as economics says it.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from portfolio_ledger.domain.clock import utc_today
from tests.behaviour.board_pack import geometry as g
from tests.behaviour.board_pack.tools import Pack, Page, money
from tests.conftest import Cli


def onboarded(
    key: str, title: str, budget: str | None, currency: str | None = None
) -> tuple[str, ...]:
    """The command onboarding ``key`` in the Corporate category, with its budget if any."""
    currency_given = ("--currency", currency) if currency else ()
    given = ("--budget", budget) if budget else ()
    return ("item", "onboard", key, "--title", title, "--category", "Corporate", *currency_given,
            *given, "--authority", "Baseline", "-m", "Onboarded")  # fmt: skip


def test_the_figures_are_those_of_economics_and_portfolio(pack: Pack) -> None:
    economics = pack.json("economics")
    portfolio = pack.json("portfolio")
    page = Page(pack.html)
    assert f"<p>{len(portfolio)} items (" in pack.html  # and each view's, test_page.py
    for dimension, table in (("view", "by-view"), ("stage", "by-stage")):
        expected = {r["value"]: str(r["items"]) for r in economics["totals"]
                    if r["dimension"] == dimension}  # fmt: skip
        assert {k: v[0] for k, v in page.rows(table).items()} == expected
    open_items = [i for i in portfolio if i["view"] in {"pipeline", "catalogue"}]
    rags = Counter(i["rag"] or "not reported" for i in open_items)
    shown = {k: int(v[0]) for k, v in page.rows("by-rag").items() if v[0] != "0"}
    assert shown == rags
    for r in (r for r in economics["totals"] if r["dimension"] == "organisation"):
        row = page.rows("by-organisation")[r["value"]]
        assert row[:4] == [
            str(r["items"]),
            money(r["whole_life_cost"]) if r["whole_life_cost_known"] else "-",
            money(r["authorised_budget"]),
            money(r["forecast_cost"]),
        ]
    envelope = page.rows("envelope")
    assert envelope["Envelope"] == [money(economics["envelope"]["amount"])]
    assert envelope["Committed (open items)"] == [money(economics["committed"]["GBP"])]
    headroom = Decimal(economics["envelope"]["amount"]) - Decimal(economics["committed"]["GBP"])
    assert envelope["Headroom"] == [money(headroom)]


def test_the_rag_table_counts_open_items_so_a_closed_one_is_never_not_reported(
    pack: Pack,
) -> None:
    """A rejected or cancelled item that never reported has nothing missing (docs/reports.md)."""
    portfolio = pack.json("portfolio")
    unreported = Counter(i["view"] for i in portfolio if i["rag"] is None)
    assert unreported["closed"] > 0  # the demo has some: the case this is about
    page = Page(pack.html)

    assert page.rows("by-rag")["not reported"] == [
        str(unreported["pipeline"] + unreported["catalogue"])
    ]
    assert "<caption>Open items by RAG</caption>" in pack.html


def test_json_is_the_same_content_as_the_page(pack: Pack) -> None:
    content = pack.json("report", "board-pack", "--as-at", pack.today.isoformat(), "--reproducible")
    assert content["as_at"] == pack.today.isoformat()
    assert content["since"] == (pack.today - timedelta(days=90)).isoformat()
    assert content["generated_at"] is None
    assert len(content["recommendations"]) == len(content["exceptions"]) > 0
    for advice in content["recommendations"]:
        assert re.fullmatch(r"R[1-6] [a-z-]+", advice["rule"])
        assert f"{advice['rule']}</span> " in pack.html
    digest = pack.json("audit", "digest")["line"]
    assert content["digest"] == digest
    assert f"<code>{digest}</code>" in pack.html


MONEY_FIELDS = {"authorised_budget", "budget", "committed", "envelope", "forecast_cost", "headroom"}


def _money_texts(value: Any, key: str = "") -> list[str]:
    """Every amount in the pack's JSON: a money field's text, or its texts by currency."""
    if isinstance(value, dict):
        if key in MONEY_FIELDS and all(re.fullmatch("[A-Z]{3}", k) for k in value):
            return [v for v in value.values() if isinstance(v, str)]  # by currency
        return [t for k, v in value.items() for t in _money_texts(v, k)]
    if isinstance(value, list):
        return [t for v in value for t in _money_texts(v, key)]
    return [value] if key in MONEY_FIELDS and isinstance(value, str) else []


def test_every_amount_in_the_pack_s_json_is_written_to_the_cent(pack: Pack) -> None:
    # A day with nothing committed was written "0", every other amount "1200000.00": a pack
    # as at the first decision's day charts the year before it, when nothing was committed.
    first = min(row["effective_date"] for row in pack.json("audit", "trail"))
    for as_at in (first, pack.today.isoformat()):
        content = pack.json("report", "board-pack", "--as-at", as_at, "--reproducible")
        texts = _money_texts(content)
        assert texts
        assert [t for t in texts if not re.fullmatch(r"\d+\.\d\d", t)] == []


def test_the_envelope_over_time_is_economics_at_each_day(pack: Pack) -> None:
    content = pack.json("report", "board-pack", "--as-at", pack.today.isoformat(), "--reproducible")
    points = content["charts"]["envelope_over_time"]
    assert len(points) == 5
    for point in points:
        then = pack.json("economics", "--effective-on", point["on"])
        assert Decimal(point["committed"]) == Decimal(then["committed"].get("GBP", 0))
        envelope = then["envelope"]
        assert point["envelope"] == (None if envelope is None else envelope["amount"])


def test_a_commitment_in_another_currency_is_shown_beside_the_envelope(
    run: Cli, tmp_path: Path
) -> None:
    # As economics shows it: on its own line, not in the headroom, nothing converted.
    for args in (
        ("portfolio", "envelope", "GBP 10,000,000", "--authority", "Board", "-m", "Plan"),
        onboarded("PRJ-1", "Payroll", "GBP 3,000,000"),
        onboarded("EUR-1", "Dublin office", "EUR 5,000,000", currency="EUR"),
    ):  # fmt: skip
        assert run(*args).exit_code == 0
    today = utc_today().isoformat()  # the day the decisions above take effect (UTC)
    out = tmp_path / "pack.html"
    result = run("report", "board-pack", "--as-at", today, "--json", "--out", str(out))
    assert result.exit_code == 0, result.output
    envelope = json.loads(result.stdout)["summary"]["envelope"]
    assert (envelope["committed"], envelope["headroom"]) == ("3000000.00", "7000000.00")
    assert envelope["committed_elsewhere"] == {"EUR": "5000000.00"}
    said = " ".join(re.sub(r"<[^>]+>", " ", out.read_text(encoding="utf-8")).split())
    assert "Committed in EUR EUR 5,000,000" in said
    assert "Commitments in EUR are not in the headroom: the envelope is in GBP" in said


def test_every_currency_economics_shows_beside_the_envelope_the_pack_shows_too(
    run: Cli, tmp_path: Path
) -> None:
    # EUR items whose budgets are not known yet: economics shows 'Committed in EUR  EUR 0'.
    for args in (
        ("portfolio", "envelope", "GBP 10,000,000", "--authority", "Board", "-m", "Plan"),
        onboarded("EUR-1", "Dublin office", None, currency="EUR"),
    ):  # fmt: skip
        assert run(*args).exit_code == 0
    economics = run("economics", "--json")
    assert economics.exit_code == 0, economics.output
    shown = json.loads(economics.stdout)["committed"]
    result = run("report", "board-pack", "--as-at", utc_today().isoformat(), "--json")
    assert result.exit_code == 0, result.output
    envelope = json.loads(result.stdout)["summary"]["envelope"]
    elsewhere = {c: Decimal(a) for c, a in shown.items() if c != envelope["currency"]}
    assert elsewhere == {"EUR": 0}
    assert {c: Decimal(a) for c, a in envelope["committed_elsewhere"].items()} == elsewhere


def test_without_an_envelope_the_pack_still_shows_what_open_items_commit(
    run: Cli, tmp_path: Path
) -> None:
    # economics shows the commitments with no envelope set; the pack showed nothing but
    # "No portfolio envelope is set.", and never said a withheld budget was left out.
    for args in (
        onboarded("GBP-1", "Payroll", "GBP 2,500,000"),
        onboarded("EUR-1", "Dublin office", "EUR 400,000", currency="EUR"),
        onboarded("GBP-2", "Secret", "withheld"),
    ):  # fmt: skip
        assert run(*args).exit_code == 0
    today = utc_today().isoformat()
    made = run("report", "board-pack", "--as-at", today, "--out", str(tmp_path / "p.html"))
    assert made.exit_code == 0, made.output
    html = (tmp_path / "p.html").read_text(encoding="utf-8")
    pack = json.loads(run("report", "board-pack", "--as-at", today, "--json").stdout)

    said = f'No portfolio envelope stood on <span class="date">{today}</span> (in effect that day).'
    assert said in html
    assert (
        'data-field="committed-GBP">GBP 2,500,000 (known budgets only; not counted: 1 withheld)<'
        in html
    )
    assert 'data-field="committed-EUR">EUR 400,000<' in html
    assert pack["summary"]["envelope"] is None
    assert {c: Decimal(a) for c, a in pack["summary"]["committed"].items()} == {
        "EUR": Decimal(400_000), "GBP": Decimal(2_500_000)}  # fmt: skip
    assert pack["summary"]["budgets_uncounted"] == {"GBP": {"withheld": 1}}
    enveloped = run("portfolio", "envelope", "GBP 10,000,000", "--authority", "Board", "-m", "Plan")
    assert enveloped.exit_code == 0, enveloped.output
    again = run("report", "board-pack", "--as-at", today, "--out", str(tmp_path / "q.html"))
    assert again.exit_code == 0, again.output
    assert 'data-field="headroom">at most GBP 7,500,000<' in (tmp_path / "q.html").read_text(
        encoding="utf-8"
    )


def test_an_overrun_with_a_budget_left_out_is_over_by_at_least(run: Cli, tmp_path: Path) -> None:
    # economics says 'over by at least'; the pack said 'over by', as if the overrun were exact.
    for args in (
        onboarded("GBP-1", "Payroll", "GBP 2,500,000"),
        onboarded("GBP-2", "Secret", "withheld"),
        ("portfolio", "envelope", "GBP 1,000,000", "--authority", "Board", "-m", "Plan"),
    ):  # fmt: skip
        assert run(*args).exit_code == 0
    out = tmp_path / "p.html"
    made = run("report", "board-pack", "--as-at", utc_today().isoformat(), "--out", str(out))
    assert made.exit_code == 0, made.output
    economics = run("economics").output

    assert "over by at least GBP 1,500,000" in economics
    assert 'data-field="headroom">over by at least GBP 1,500,000<' in out.read_text("utf-8")


def test_a_budget_left_out_in_another_currency_leaves_the_headroom_exact(
    run: Cli, tmp_path: Path
) -> None:
    # A withheld EUR budget made the GBP commitment 'known budgets only' and the GBP
    # headroom 'at most', and left 'EUR 0' with nothing said, in economics and the pack.
    for args in (
        onboarded("GBP-1", "Payroll", "GBP 2,500,000"),
        onboarded("EUR-1", "Dublin office", "withheld", currency="EUR"),
        ("portfolio", "envelope", "GBP 10,000,000", "--authority", "Board", "-m", "Plan"),
    ):  # fmt: skip
        assert run(*args).exit_code == 0
    out = tmp_path / "p.html"
    made = run("report", "board-pack", "--as-at", utc_today().isoformat(), "--out", str(out))
    assert made.exit_code == 0, made.output
    html = out.read_text("utf-8")
    economics = run("economics").output
    pack = json.loads(
        run("report", "board-pack", "--as-at", utc_today().isoformat(), "--json").stdout
    )

    assert 'data-field="committed">GBP 2,500,000<' in html
    assert 'data-field="headroom">GBP 7,500,000<' in html
    assert 'data-field="committed-EUR">EUR 0 (known budgets only; not counted: 1 withheld)<' in html
    assert pack["summary"]["budgets_uncounted"] == {"EUR": {"withheld": 1}}
    assert re.search(r"Committed \(open items\) +GBP 2,500,000\n", economics), economics
    assert re.search(r"Headroom +GBP 7,500,000\n", economics), economics
    assert "EUR 0 (known budgets only; not counted: 1 withheld): not in the headroom" in economics


def test_an_item_forecast_over_a_budget_of_0_is_named_not_left_off_unsaid(
    run: Cli, tmp_path: Path
) -> None:
    """A forecast of GBP 100,000 over no budget has no percentage, so no place on the cost
    chart: the chart drew the other item alone, and its caption said *1 open item with a
    budget and forecast*, as if Z-1, the one most over its budget, had neither."""
    for key, budget, forecast in (("Z-1", "0", "100,000"), ("Z-3", "1,000,000", "900,000")):
        onboarded = run("item", "onboard", key, "--title", key, "--category", "Corporate",
                        "--budget", f"GBP {budget}", "--forecast-cost", f"GBP {forecast}",
                        "--rag", "red", "--authority", "Baseline", "-m", "Onboarded")  # fmt: skip
        assert onboarded.exit_code == 0, onboarded.output
    today, out = utc_today().isoformat(), tmp_path / "pack.html"
    made = run("report", "board-pack", "--as-at", today, "--out", str(out))
    assert made.exit_code == 0, made.output
    content = json.loads(run("report", "board-pack", "--as-at", today, "--json").stdout)

    chart = g.charts(out.read_text(encoding="utf-8"))["chart-cost"]
    assert len(g.points(chart)) == 1  # Z-3's
    said = chart.findtext(f"{g.SVG}title") or ""
    assert "1 open item with a budget and forecast; 0 forecast over budget;" in said
    assert said.endswith(
        "; not drawn: 1 open item with a forecast and an authorised budget of 0, which no "
        "percentage over budget can measure (Z-1)"
    )
    assert content["charts"]["cost_unbudgeted"] == ["Z-1"]
