"""Economics: an estimate no item in a row has is none on record, not an estimate of zero.

``economics --json`` said ``null`` for a total of no known whole-life cost, budget
or forecast, but ``"0.00"`` for ``estimated_cost`` where no item had been appraised:
the read model kept no count of the items with an estimate, so an estimate of nothing
and none on record were one. It counts them now (``estimated_cost_known``); a ledger
whose read model was made before that is rebuilt when first opened.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect, text

from portfolio_ledger.application.selection import Moment
from portfolio_ledger.bootstrap import open_ledger
from portfolio_ledger.domain.clock import utc_today
from portfolio_ledger.projections.read_side import ReadSide
from portfolio_ledger.storage.urls import normalise_url
from tests.conftest import Cli

DAY = "2026-01-05"
MOMENTS = [
    (),
    ("--effective-on", "2026-02-01"),
    ("--as-of", "today"),  # the day as the test runs (not as collected: midnight passes)
    ("--kind", "project"),
]
"""Now (the read model's rows), on a date, by a recorded time, and of some items."""


def record(run: Cli) -> None:
    """A-1 appraised at an estimate of zero (Digital); B-1 proposed, never appraised (Estates)."""
    for args in (
        ["item", "propose", "A-1", "--kind", "project", "--title", "Alpha", "--owner", "O",
         "--sponsor", "S", "--category", "Digital", "-m", "x", "--effective-date", DAY],
        ["item", "appraise", "A-1", "--estimated-cost", "0", "--expected-benefits", "10",
         "--risk-rating", "low", "--alignment-score", "50", "-m", "y", "--effective-date", DAY],
        ["item", "propose", "B-1", "--kind", "project", "--title", "Beta", "--owner", "O",
         "--sponsor", "S", "--category", "Estates", "-m", "x", "--effective-date", DAY],
    ):  # fmt: skip
        result = run(*args)
        assert result.exit_code == 0, result.output


def estimates(totals: list[dict[str, Any]]) -> dict[tuple[str, str | None], tuple[Any, int]]:
    """Each row's estimate and how many items in it have one, by (dimension, value)."""
    return {
        (r["dimension"], r["value"]): (r["estimated_cost"], r["estimated_cost_known"])
        for r in totals
    }


EXPECTED = {
    ("category", "Digital"): ("0.00", 1),  # a known zero: on record
    ("category", "Estates"): (None, 0),  # none on record
    ("view", "pipeline"): ("0.00", 1),
    ("kind", "project"): ("0.00", 1),
    ("organisation", None): ("0.00", 1),
    ("rag", None): ("0.00", 1),
}


@pytest.mark.parametrize("moment", MOMENTS, ids=["now", "effective-on", "as-of", "filtered"])
def test_an_estimate_none_on_record_is_null_and_an_estimate_of_zero_is_zero(
    run: Cli, moment: tuple[str, ...]
) -> None:
    record(run)
    moment = tuple(utc_today().isoformat() if part == "today" else part for part in moment)

    result = run("economics", "--json", *moment)
    by_category = run("economics", "--by", "category", "--json", *moment)
    as_csv = run("economics", "--format", "csv", *moment)

    assert (result.exit_code, by_category.exit_code, as_csv.exit_code) == (0, 0, 0)
    totals = json.loads(result.output)["totals"]
    got = estimates(totals)
    assert {at: got[at] for at in EXPECTED} == EXPECTED
    for row in totals:  # every breakdown: null exactly where no item has an estimate
        assert (row["estimated_cost"] is None) == (row["estimated_cost_known"] == 0), row
    assert estimates(json.loads(by_category.output)["totals"]) == {
        at: want for at, want in EXPECTED.items() if at[0] == "category"
    }


def test_the_python_api_says_none_on_record_as_the_json_does(run: Cli) -> None:
    record(run)
    ledger, models = open_ledger(run.url)
    try:
        now = ReadSide(ledger, models).economics(Moment())
        then = ReadSide(ledger, models).economics(Moment(effective_on=date.fromisoformat(DAY)))
    finally:
        ledger.close()

    for answer in (now, then):
        got = estimates(answer["totals"])
        assert got["category", "Estates"] == (None, 0)
        assert got["category", "Digital"] == (Decimal("0.00"), 1)


def as_made_before_the_estimate_was_counted(url: str) -> None:
    """Make the economics read model as version 4 left it: no count of estimates, tracked @v4."""
    engine = create_engine(normalise_url(url))
    try:
        with engine.begin() as connection:
            columns = {column["name"] for column in inspect(connection).get_columns("economics")}
            if "estimated_cost_known" in columns:  # made by this version: take it away
                connection.execute(text("ALTER TABLE economics DROP COLUMN estimated_cost_known"))
            connection.execute(
                text(
                    "UPDATE portfolio_ledger_tracking SET application_name = 'economics@v4' "
                    "WHERE application_name LIKE 'economics@v%'"
                )
            )
    finally:
        engine.dispose()


def tracked(url: str) -> set[str]:
    """The tracking table's read-model names."""
    engine = create_engine(normalise_url(url))
    try:
        with engine.connect() as connection:
            query = text("SELECT application_name FROM portfolio_ledger_tracking")
            return {row[0] for row in connection.execute(query)}
    finally:
        engine.dispose()


def test_a_ledger_made_before_the_estimate_was_counted_is_rebuilt_and_says_none_on_record(
    run: Cli,
) -> None:
    record(run)
    as_made_before_the_estimate_was_counted(run.url)

    opened = run("economics", "--json")
    again = run("economics", "--json", "--effective-on", "2026-02-01")
    check = run("audit", "verify", "--read-models")

    assert opened.exit_code == 0, opened.output
    assert "read model economics was made by an earlier version" in opened.stderr
    assert again.stderr == ""
    for result in (opened, again):
        got = estimates(json.loads(result.stdout)["totals"])
        assert {at: got[at] for at in EXPECTED} == EXPECTED
    assert check.exit_code == 0, check.output
    assert "economics@v4" not in tracked(run.url)
