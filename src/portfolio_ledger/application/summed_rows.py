"""A row with no id that adds up others, whatever it is called: a total, not an item.

A register's total row is refused by its label (``Total``, ``Grand total``), but an office
labels its own as it likes: ``All projects``, ``Portfolio (12 projects)``, ``Contoso
Group``, or a group's name over (or under) its projects' rows, their sums beside it, as a
PPM tool rolls a programme's costs up. With no id, such a row joined the portfolio under a
key made from its label, and every figure of ``economics`` and the board pack was counted
twice. A row with no id, each of whose amounts is the sum of the same figure over two rows
or more, is refused as the total it is: over the rows with ids next to it, above or below
(a group's), or, heading or ending the table, over every other row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal

from portfolio_ledger.application.returns import FIGURES, ReturnRow

_WORDS = {
    "whole_life_cost": "whole-life cost",
    "forecast_cost": "forecast",
    "authorised_budget": "budget",
}


def summing_rows(
    rows: Sequence[ReturnRow], is_total: Callable[[ReturnRow], bool]
) -> dict[int, str]:
    """Why each row with no id that adds up others is refused, by its row number.

    ``is_total``: whether a row is refused as a total by its label already; those are
    neither added in nor judged here (a register's subtotals, then its grand total).
    """
    items = [row for row in rows if not (row.key_refused or row.heading) and not is_total(row)]
    found: dict[int, str] = {}
    for at, row in enumerate(items):
        if row.key is not None:
            continue
        below = (items[i] for i in range(at + 1, len(items)))
        above = (items[i] for i in range(at - 1, -1, -1))
        for run, where in ((below, "below"), (above, "above")):
            if why := _group(row, run, where):
                found[row.number] = why
                break
    rest = [row for row in items if row.number not in found]
    if len(rest) < 3:  # a total of one row is that row: nothing tells them apart
        return found
    for at, where in ((0, "below"), (len(rest) - 1, "above")):
        row, others = rest[at], rest[:at] + rest[at + 1 :]
        if row.key is None and (sums := _sums(row, others)):
            found[row.number] = _why(row, sums, len(others), where)
    return found


def _group(row: ReturnRow, run: Iterable[ReturnRow], where: str) -> str | None:
    """Why ``row`` is refused if it adds up the rows with ids next to it; else None.

    Amounts are zero or more, so the rows are added up only until their sum passes the row's.
    """
    amounts = {n: a for n in FIGURES if isinstance(a := row.values.get(n), Decimal) and a > 0}
    running = dict.fromkeys(amounts, Decimal(0))
    keyed: list[ReturnRow] = []
    for other in run:
        if not amounts or other.key is None:
            return None  # the next group's row, or a row with no id: the group ends
        keyed.append(other)
        for name in amounts:
            if isinstance(value := other.values.get(name), Decimal):
                running[name] += value
        off = [(running[name] - amount) * 1000 / amount for name, amount in amounts.items()]
        if any(by > 1 for by in off):
            return None  # past the row's amount: no more rows make it
        if len(keyed) >= 2 and all(by >= -1 for by in off) and (sums := _sums(row, keyed)):
            return _why(row, sums, len(keyed), where)
    return None


def _sums(row: ReturnRow, others: Sequence[ReturnRow]) -> list[tuple[str, Decimal, Decimal]]:
    """Each amount of ``row`` that is its figure's sum over ``others``, with the sum; or [].

    To within rounding (a thousandth of it): a total shown to fewer places than its rows,
    as a register saved as CSV writes each cell as it is shown (``4,731`` over ``1,250.4``).
    """
    sums = []
    for name in FIGURES:
        amount = row.values.get(name)
        if not isinstance(amount, Decimal):
            continue
        given = [value for other in others if isinstance(value := other.values.get(name), Decimal)]
        total = sum(given, Decimal(0))
        if amount == 0 or len(given) < 2 or abs(total - amount) * 1000 > amount:
            return []
        sums.append((name, amount, total))
    return sums


def _why(row: ReturnRow, sums: list[tuple[str, Decimal, Decimal]], count: int, where: str) -> str:
    """The refusal of a row that adds up others, naming each figure it adds up."""
    name = row.values.get("title")
    named = "no id and no name" if name is None else f"{name!r}, with no id"
    figures = " and ".join(
        f"{_WORDS[field]} {amount:,f}" + ("" if amount == total else f" (their sum: {total:,f})")
        for field, amount, total in sums
    )
    exact = all(amount == total for _, amount, total in sums)
    return (
        f"it looks like a total, not an item ({named}): its {figures} "
        f"{'is' if len(sums) == 1 else 'are'} the sum of the {count} rows {where} it"
        f"{'' if exact else ', rounded'}; "
        "delete the row from the return (the ledger adds its items up itself: "
        "'portfolio-ledger economics'), or, if it is an item, give the row its id"
    )
