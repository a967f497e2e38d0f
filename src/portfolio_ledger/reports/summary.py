"""The pack's summary and chart data, from the ``economics``, ``portfolio`` and ``diff`` answers.

Nothing is recounted that the queries give: item counts, money and the
envelope are the economics query's totals; the changes are ``portfolio
diff``'s. Only the cross of organisation by RAG (for the stacked bars) and
each item's forecast variance are taken from the portfolio's rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from portfolio_ledger.application.selection import (
    NO_MONEY,
    NOT_REPORTED,
    ORDERS,
    ItemFilter,
    committed,
    group_label,
    group_order,
    uncounted,
)
from portfolio_ledger.domain.caseless import fold
from portfolio_ledger.domain.lifecycle import OPEN_VIEWS
from portfolio_ledger.reports.model import (
    BudgetByCategory,
    Change,
    CostPoint,
    Count,
    EnvelopeSummary,
    MoneyRow,
    RagByOrganisation,
)

RAG_LABELS = (*ORDERS["rag"], NOT_REPORTED)
"""Every RAG a pack counts, in the order of every grouping; ``not reported``: none yet."""
NO_ORGANISATION = group_label("organisation", None)
SHOWN = ("whole_life_cost", "authorised_budget", "forecast_cost")
"""The figures the pack's money rows show (and count, where withheld or not known)."""
UNCOUNTED = ("withheld", "not_known")


def rows_of(totals: Sequence[Mapping[str, Any]], dimension: str) -> list[Mapping[str, Any]]:
    """The economics totals of one dimension, in the query's order."""
    return [row for row in totals if row["dimension"] == dimension]


def counts(totals: Sequence[Mapping[str, Any]], dimension: str) -> list[Count]:
    """Items per value of a dimension (currencies added together), in the order of every grouping.

    The query gives each currency's rows in turn: a stage only an item in a second
    currency is at would otherwise come after every stage of the first (``left``).
    """
    found: dict[str, int] = {}
    for row in rows_of(totals, dimension):
        label = group_label(dimension, row["value"])
        found[label] = found.get(label, 0) + row["items"]
    ordered = sorted(found, key=lambda label: group_order(dimension, label))
    return [Count(label=label, items=found[label]) for label in ordered]


def rag_counts(states: Sequence[Mapping[str, Any]]) -> list[Count]:
    """Open items per RAG, every RAG shown (withheld and not assessed as such), zeros included.

    Open items only (pipeline and catalogue), as the RAG chart counts them: an
    item closed, retired or gone from the portfolio reports no status any more,
    so one that never reported is not *not reported*, and the RAG one last
    reported is not its health now.
    """
    found = dict.fromkeys(RAG_LABELS, 0)
    for state in states:
        if state["view"] in OPEN_VIEWS:
            label = state["rag"] or NOT_REPORTED
            found[label] = found.get(label, 0) + 1
    return [Count(label=label, items=items) for label, items in found.items()]


def money_rows(totals: Sequence[Mapping[str, Any]], dimension: str) -> list[MoneyRow]:
    """Items and their whole-life cost, budget and forecast per value of a dimension, currency."""
    return [
        MoneyRow(
            label=group_label(dimension, row["value"]),  # economics' '' is none: named so
            items=row["items"],
            currency=row["currency"],
            whole_life_cost=row["whole_life_cost"] if row["whole_life_cost_known"] else None,
            authorised_budget=row["authorised_budget"] if row["authorised_budget_known"] else None,
            forecast_cost=row["forecast_cost"] if row["forecast_cost_known"] else None,
            withheld=sum(row[f"{name}_withheld"] for name in SHOWN),
            not_known=sum(row[f"{name}_not_known"] for name in SHOWN),
            **{f"{name}_{what}": row[f"{name}_{what}"] for name in SHOWN for what in UNCOUNTED},
            forecast_cost_earlier=row["forecast_cost_earlier"],
            whole_life_cost_earlier=row["whole_life_cost_earlier"],
            spellings=row.get("spellings", []),
        )
        for row in rows_of(totals, dimension)
    ]


def envelope_summary(
    economics: Mapping[str, Any], every: Sequence[Mapping[str, Any]] | None = None
) -> EnvelopeSummary | None:
    """The envelope against open items' commitments; None where no envelope is set.

    ``every``: every item's economics rows, where ``economics`` is of some items (a pack of
    some organisations, say): the envelope is the portfolio's, and so is its headroom, what
    every open item leaves of it. What the pack's items commit is the summary's ``committed``.
    """
    envelope = economics["envelope"]
    if envelope is None:
        return None
    totals = economics["totals"] if every is None else every
    by_currency = committed(totals)
    used = by_currency.get(envelope["currency"], NO_MONEY)
    return EnvelopeSummary(
        currency=envelope["currency"],
        envelope=envelope["amount"],
        committed=used,
        headroom=envelope["amount"] - used,
        committed_elsewhere={
            currency: amount
            for currency, amount in sorted(by_currency.items())
            if currency != envelope["currency"]  # 0 too: items whose budgets are not known
        },
        budgets_uncounted=uncounted(totals),
        committed_by_these=(
            None
            if every is None
            else committed(economics["totals"]).get(envelope["currency"], NO_MONEY)
        ),
    )


def main_currency(economics: Mapping[str, Any]) -> str:
    """The envelope's currency, else the one most open items are in, else most items, else GBP.

    Open items first: the envelope and cost charts draw only them, and a currency only
    closed items are in would leave both charts empty beside an open item in another.
    """
    if economics["envelope"] is not None:
        return str(economics["envelope"]["currency"])
    views = rows_of(economics["totals"], "view")
    for rows in ([r for r in views if r["value"] in OPEN_VIEWS], views):
        items: dict[str, int] = {}
        for row in rows:
            items[row["currency"]] = items.get(row["currency"], 0) + row["items"]
        if items:
            return max(sorted(items), key=lambda c: items[c])
    return "GBP"


def changes(diff: Sequence[Mapping[str, Any]], organisations: Sequence[str]) -> list[Change]:
    """``portfolio diff``'s changes, only of the organisations asked for (if any).

    An item that moved out of one of them is a change of theirs too, as it is of
    the organisation it moved to.
    """
    wanted = wanted_organisations(organisations)
    return [
        Change(
            key=c["key"],
            title=c["title"],
            organisation=c["organisation"],
            currency=c["currency"],
            change=c["change"],
            before=None if c["before"] is None else str(c["before"]),
            after=None if c["after"] is None else str(c["after"]),
        )
        for c in diff
        if not wanted or wanted & _organisations_of(c)
    ]


def wanted_organisations(organisations: Sequence[str]) -> set[str]:
    """The organisations asked for, as every spelling held of them folds (none: all)."""
    asked = ItemFilter(organisations=tuple(organisations)).alternatives("organisation")
    return {fold(o) for o in asked}


def _organisations_of(change: Mapping[str, Any]) -> set[str]:
    """The organisations a change is about: the item's, and the one it moved out of."""
    names = {change["organisation"] or ""}
    if change["change"] == "organisation":
        names.add(change["before"] or "")
    return {fold(name) for name in names}


def rag_by_organisation(
    states: Sequence[Mapping[str, Any]], totals: Sequence[Mapping[str, Any]] = ()
) -> RagByOrganisation:
    """Open items per organisation and RAG.

    An organisation spelt differently only in case, spaces or typography is one column, named as
    economics' ``totals`` name it (their ``spellings``: ``projections/one_spelling.py``).
    """
    shown = {
        spelling: row["value"]
        for row in rows_of(totals, "organisation")
        for spelling in row.get("spellings", ())
    }

    def organisation(state: Mapping[str, Any]) -> str:
        name = state["organisation"] or NO_ORGANISATION
        return str(shown.get(name, name))

    open_items = [s for s in states if s["view"] in OPEN_VIEWS]
    # In economics' order: items with no organisation last
    names = sorted({organisation(s) for s in open_items}, key=_in_order)
    table = {label: [0] * len(names) for label in RAG_LABELS}
    for state in open_items:
        table[state["rag"] or NOT_REPORTED][names.index(organisation(state))] += 1
    return RagByOrganisation(organisations=names, counts=table)


def _in_order(name: str) -> tuple[int, int, tuple[str, str]]:
    return group_order("organisation", name)  # NO_ORGANISATION too: group_order knows it


def budget_by_category(totals: Sequence[Mapping[str, Any]], currency: str) -> BudgetByCategory:
    """Authorised budget and forecast per category, in one currency (known figures only)."""
    rows = [r for r in rows_of(totals, "category") if r["currency"] == currency]
    others: dict[str, int] = {}
    for row in rows_of(totals, "category"):
        if row["currency"] != currency:
            others[row["currency"]] = others.get(row["currency"], 0) + row["items"]
    return BudgetByCategory(
        currency=currency,
        categories=[group_label("category", r["value"]) for r in rows],
        budget=[_known(r, "authorised_budget") for r in rows],
        forecast=[_known(r, "forecast_cost") for r in rows],
        other_currencies=dict(sorted(others.items())),
    )


def _known(row: Mapping[str, Any], figure: str) -> Decimal | None:
    """A total of known figures, or None where none is known (as the summary's ``-``)."""
    return Decimal(row[figure]) if row[f"{figure}_known"] else None


def other_currencies(states: Sequence[Mapping[str, Any]], currency: str) -> dict[str, int]:
    """Open items in each currency but ``currency``, which the money charts leave out."""
    counts: dict[str, int] = {}
    for s in states:
        if s["view"] in OPEN_VIEWS and s["currency"] != currency:
            counts[s["currency"]] = counts.get(s["currency"], 0) + 1
    return dict(sorted(counts.items()))


def cost_points(states: Sequence[Mapping[str, Any]], currency: str) -> list[CostPoint]:
    """Open items with a known budget and forecast: budget, and forecast over budget in %."""
    points = []
    for s in states:
        budget, forecast = s["authorised_budget"], s["forecast_cost"]
        if s["view"] not in OPEN_VIEWS or s["currency"] != currency or not budget:
            continue
        if forecast is None:
            continue
        variance = ((forecast - budget) * 100 / budget).quantize(Decimal("0.1"))
        points.append(
            CostPoint(
                key=s["key"],
                budget=budget,
                variance_percent=variance,
                rag=s["rag"] or NOT_REPORTED,
            )
        )
    return points


def unbudgeted(states: Sequence[Mapping[str, Any]], currency: str) -> list[str]:
    """Open items with a forecast and an authorised budget of 0: no percentage over it.

    ``cost_points`` cannot place them, and the cost chart's caption names them: left out
    unsaid, an item forecast to spend GBP 100,000 of no budget was missing from the chart
    of cost risk, the one most over it.
    """
    return [
        s["key"]
        for s in states
        if s["view"] in OPEN_VIEWS and s["currency"] == currency
        and s["authorised_budget"] == 0 and s["forecast_cost"] is not None
    ]  # fmt: skip
