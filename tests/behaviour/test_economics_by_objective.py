"""Economics by strategic objective, on both clocks, from the read model and after a rebuild.

``economics --by`` offered organisation, category, stage, view, kind and RAG, but
not the objectives an item serves (DOMAIN.md: "by category, objective and stage"):
the read models did not hold them. An item serving several objectives counts under
each; one serving none is in the "no objective" row. The figures here are worked
out from the items' objectives and budgets in the test, not by the ledger.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from portfolio_ledger.storage.urls import normalise_url
from tests.conftest import Cli

DAY, AMENDED_ON = "2026-01-05", "2026-02-01"
BEFORE, AFTER = "2026-01-20", "2026-03-01"
"""The items took effect on DAY; N-1's objectives changed with effect from AMENDED_ON."""
BUDGETS = {"N-0": Decimal("100.00"), "N-1": Decimal("200.50"), "N-2": Decimal("300.25")}
FIRST = {"N-0": (), "N-1": ("Net zero",), "N-2": ("Net zero", "Digital")}
THEN = FIRST | {"N-1": ("Digital", "Skills")}
"""Each item's objectives before the amendment and after it."""


def expected(objectives: dict[str, tuple[str, ...]]) -> dict[str | None, tuple[int, Decimal]]:
    """Per objective (None: no objective), how many items serve it and their budgets added."""
    rows: dict[str | None, tuple[int, Decimal]] = {}
    for key, names in objectives.items():
        for name in names or (None,):
            items, budget = rows.get(name, (0, Decimal(0)))
            rows[name] = (items + 1, budget + BUDGETS[key])
    return rows


def record(run: Cli) -> datetime:
    """Three items under 0, 1 and 2 objectives; then N-1's changed, back-dated. When between."""
    for key, objectives in FIRST.items():
        given = [arg for name in objectives for arg in ("--objective", name)]
        result = run("item", "onboard", key, "--title", f"Item {key}", "--category", "Digital",
                     "--budget", str(BUDGETS[key]), *given, "--authority", "PMO",
                     "-m", "baseline", "--effective-date", DAY)  # fmt: skip
        assert result.exit_code == 0, result.output
    between = datetime.now(UTC)
    result = run("item", "amend", "N-1", "--objective", "Digital", "--objective", "Skills",
                 "-m", "realigned", "--effective-date", AMENDED_ON)  # fmt: skip
    assert result.exit_code == 0, result.output
    return between


def by_objective(run: Cli, *moment: str) -> dict[str | None, tuple[int, Decimal]]:
    """``economics --by objective --json``'s rows: items and budget, by objective."""
    answer = as_json(run, *moment)
    assert {row["dimension"] for row in answer["totals"]} == {"objective"}
    return {
        row["value"]: (row["items"], Decimal(row["authorised_budget"])) for row in answer["totals"]
    }


def as_json(run: Cli, *args: str) -> dict[str, Any]:
    result = run("economics", "--by", "objective", "--json", *args)
    assert result.exit_code == 0, result.output
    answer: dict[str, Any] = json.loads(result.output)
    return answer


def test_an_item_counts_under_each_objective_it_serves_on_both_clocks(run: Cli) -> None:
    between = record(run).isoformat()
    moments = {
        "now": ((), THEN),
        "as recorded before the amendment": (("--as-of", between), FIRST),
        "in effect before it": (("--effective-on", BEFORE), FIRST),
        "in effect after it": (("--effective-on", AFTER), THEN),
        "both clocks": (("--as-of", between, "--effective-on", AFTER), FIRST),
        "of some items (in SQL)": (("--kind", "project"), THEN),
    }
    for name, (moment, objectives) in moments.items():
        assert by_objective(run, *moment) == expected(objectives), name
    # Net zero 2 items, Digital 1, none 1 before; the objective rows add up to more.
    assert expected(FIRST) == {
        "Net zero": (2, Decimal("500.75")),
        "Digital": (1, Decimal("300.25")),
        None: (1, Decimal("100.00")),
    }


def test_the_rows_say_they_can_add_up_to_more_than_the_portfolio(run: Cli) -> None:
    record(run)

    answer = as_json(run)
    table = run("economics", "--by", "objective").output
    every = json.loads(run("economics", "--json").output)

    assert "more than the portfolio" in answer["notes"]["objective"]
    assert "counted under each of them" in table
    assert "no objective" in table
    # Plain economics has the objective rows too, and the other breakdowns add up.
    views = [row for row in every["totals"] if row["dimension"] == "view"]
    objectives = [row for row in every["totals"] if row["dimension"] == "objective"]
    assert sum(row["items"] for row in views) == 3
    assert sum(row["items"] for row in objectives) == 5
    assert "objective" in every["notes"]
    assert "notes" not in json.loads(run("economics", "--by", "view", "--json").output)


def test_the_csv_has_a_row_per_objective(run: Cli) -> None:
    record(run)

    result = run("economics", "--by", "objective", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.output.lstrip("\ufeff"))))

    found = {(row[0], row[1], row[2]) for row in rows[1:]}
    assert found == {
        ("objective", "Digital", "2"),
        ("objective", "Skills", "1"),
        ("objective", "Net zero", "1"),
        ("objective", "no objective", "1"),
    }


@pytest.mark.parametrize("moment", [(), ("--effective-on", BEFORE)], ids=["now", "then"])
def test_a_rebuild_gives_the_same_rows(run: Cli, moment: tuple[str, ...]) -> None:
    record(run)
    before = as_json(run, *moment)

    result = run("projections", "rebuild")
    assert result.exit_code == 0, result.output

    assert as_json(run, *moment) == before
    assert by_objective(run, *moment) == expected(THEN if not moment else FIRST)


def test_portfolio_json_lists_each_items_objectives(run: Cli) -> None:
    record(run)

    now = json.loads(run("portfolio", "--json").output)
    then = json.loads(run("portfolio", "--json", "--effective-on", BEFORE).output)

    assert {item["key"]: tuple(item["objectives"]) for item in now} == THEN
    assert {item["key"]: tuple(item["objectives"]) for item in then} == FIRST


def test_objectives_spelt_differently_only_in_case_are_one_row(run: Cli) -> None:
    record(run)
    result = run("item", "onboard", "N-3", "--title", "Item N-3", "--category", "Digital",
                 "--budget", "1", "--objective", "net ZERO ", "--objective", "Net zero",
                 "--authority", "PMO", "-m", "baseline", "--effective-date", DAY)  # fmt: skip
    assert result.exit_code == 0, result.output

    for moment in ((), ("--effective-on", AFTER)):
        rows = {row["value"]: row for row in as_json(run, *moment)["totals"]}
        # N-2 and N-3 (which serves it once, given twice); as first recorded, 'Net zero'.
        assert (rows["Net zero"]["items"], rows["Net zero"]["authorised_budget"]) == (2, "301.25")
        assert rows["Net zero"]["spellings"] == ["Net zero", "net ZERO "]
    shown = json.loads(run("portfolio", "--json", "--kind", "project").output)
    assert [item["objectives"] for item in shown if item["key"] == "N-3"] == [["net ZERO "]]
    assert (
        "Objective 'Net zero' counts the items recorded as 'net ZERO ' too"
        in run("economics", "--by", "objective").output
    )


def test_diff_lists_a_change_of_objectives_in_words(run: Cli) -> None:
    record(run)

    result = run("portfolio", "diff", "--effective", BEFORE, AFTER, "--json")
    assert result.exit_code == 0, result.output

    assert [
        (change["key"], change["change"], change["before"], change["after"])
        for change in json.loads(result.output)
    ] == [("N-1", "objectives", "Net zero", "Digital, Skills")]


EARLIER = {"portfolio_items": 8, "item_timeline": 5, "economics": 6}
"""The read models' versions before items' states held their objectives."""


def as_made_before_objectives_were_held(url: str) -> None:
    """The read models as the version before left them: no objectives, tracked as it tracked."""
    engine = create_engine(normalise_url(url))
    try:
        with engine.begin() as connection:
            for table in ("portfolio_items", "item_timeline"):
                connection.execute(text(f"ALTER TABLE {table} DROP COLUMN objectives"))
            connection.execute(text("DELETE FROM economics WHERE dimension = 'objective'"))
            for name, version in EARLIER.items():
                connection.execute(
                    text(
                        "UPDATE portfolio_ledger_tracking SET application_name = :old "
                        "WHERE application_name LIKE :name"
                    ),
                    {"old": f"{name}@v{version}", "name": f"{name}@v%"},
                )
    finally:
        engine.dispose()


def test_a_ledger_made_before_is_rebuilt_when_opened_and_counts_by_objective(run: Cli) -> None:
    record(run)
    as_made_before_objectives_were_held(run.url)

    opened = run("economics", "--by", "objective", "--json")
    then = by_objective(run, "--effective-on", BEFORE)
    check = run("audit", "verify", "--read-models")

    assert opened.exit_code == 0, opened.output
    for name in EARLIER:
        assert f"read model {name} was made by an earlier version" in opened.stderr
    now = json.loads(opened.stdout)["totals"]
    assert {r["value"]: (r["items"], Decimal(r["authorised_budget"])) for r in now} == expected(
        THEN
    )
    assert then == expected(FIRST)
    assert check.exit_code == 0, check.output


def test_diff_tells_one_objective_holding_a_comma_from_two(run: Cli) -> None:
    for args in (
        ("item", "onboard", "C-1", "--title", "Item C-1", "--category", "Digital",
         "--objective", "A, B", "--authority", "PMO", "-m", "baseline", "--effective-date", DAY),
        ("item", "amend", "C-1", "--objective", "A", "--objective", "B", "-m", "split",
         "--effective-date", AMENDED_ON),
    ):  # fmt: skip
        result = run(*args)
        assert result.exit_code == 0, result.output

    result = run("portfolio", "diff", "--effective", BEFORE, AFTER, "--json")
    assert result.exit_code == 0, result.output

    # Before, 'A, B' to 'A, B': a change that read as none.
    assert [(c["change"], c["before"], c["after"]) for c in json.loads(result.output)] == [
        ("objectives", '"A, B"', "A, B")
    ]
