"""Edge cases that once answered differently on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from portfolio_ledger.domain.clock import utc_today
from tests.conftest import Cli

LARGEST = "999999999999.99"
"""The largest amount the ledger takes: 12 digits and the cents."""


def propose(run: Cli, key: str, *options: str, category: str = "Cat") -> None:
    result = run(
        "item",
        "propose",
        key,
        "--kind",
        "project",
        "--title",
        key,
        "--owner",
        "O",
        "--sponsor",
        "S",
        "--category",
        category,
        "-m",
        "proposed",
        *options,
    )
    assert result.exit_code == 0, result.output


def appraise(run: Cli, key: str, cost: str) -> str:
    result = run(
        "item",
        "appraise",
        key,
        "--estimated-cost",
        cost,
        "--expected-benefits",
        cost,
        "--risk-rating",
        "low",
        "--alignment-score",
        "50",
        "-m",
        "appraised",
    )
    assert result.exit_code == 0, result.output
    return result.output


def test_totals_beyond_any_one_amount_are_kept_exactly(run: Cli) -> None:
    # Each amount fits NUMERIC(14, 2); their sum did not, and PostgreSQL
    # refused to store the economics total (SQLite stored it).
    for key, cost in (("A1", LARGEST), ("A2", LARGEST), ("A3", "0.10")):
        propose(run, key)
        assert "could not catch up" not in appraise(run, key, cost)
    now = run("economics", "--json")
    assert now.exit_code == 0, now.output
    then = run("economics", "--as-of", "2999-01-01", "--json")
    for answer in (now, run("economics", "--effective-on", "2999-01-01", "--json")):
        assert answer.exit_code == 0, answer.output
        pipeline = next(
            row
            for row in json.loads(answer.stdout)["totals"]
            if (row["dimension"], row["value"]) == ("view", "pipeline")
        )
        assert pipeline["estimated_cost"] == "2000000000000.08"
        assert pipeline["items"] == 3
    assert then.exit_code == 2  # a moment after now is refused, as documented


def test_values_differing_only_in_case_are_listed_in_one_order(run: Cli) -> None:
    # Sorted by str.casefold alone, 'énergie' and 'Énergie' tied, and kept the order
    # the database returned them in: SQLite's and PostgreSQL's differed.
    spellings = ("énergie", "Énergie", "ÉNERGIE", "Zinc", "apple")
    for number, category in enumerate(spellings):
        propose(run, f"E-{number}", category=category)  # given twice it is refused
    # In any case by code point (accented letters after z), then the spellings by code point.
    ordered = ["apple", "Zinc", "ÉNERGIE", "Énergie", "énergie"]
    refused = run("audit", "trail", "--category", "nothing-like-it")
    assert refused.exit_code == 1
    assert f"categories in the ledger: {', '.join(ordered)}." in refused.output
    refused = run("portfolio", "--category", "nothing-like-it")
    assert f"categories in the ledger: {', '.join(ordered)}" in refused.output, refused.output
    economics = run("economics", "--json")
    totals = json.loads(economics.stdout)["totals"]
    # Economics counts the spellings of one name as one row, under the first recorded.
    rows = [row for row in totals if row["dimension"] == "category"]
    assert [row["value"] for row in rows] == ["apple", "Zinc", "énergie"]
    assert rows[2]["spellings"] == ["énergie", "ÉNERGIE", "Énergie"]


def test_a_name_sorts_in_one_place_however_its_accents_were_typed(run: Cli) -> None:
    # Sorted by str.casefold, 'Écoles' typed as a Mac types it (E and U+0301) came among
    # the E's, and 'Énergie' typed as one character after 'Zeta': one office's names in
    # two places, as each person's keyboard wrote them.
    for number, name in enumerate(("Zeta", "\u00c9nergie", "E\u0301coles", "Eagle")):
        propose(run, f"E-{number}", "--organisation", name, category=name)
    ordered = ["Eagle", "Zeta", "E\u0301coles", "\u00c9nergie"]

    refused = run("portfolio", "--organisation", "nothing-like-it")
    grouped = run("portfolio", "--by", "organisation").output.splitlines()

    assert f"organisations in the ledger: {', '.join(ordered)}" in refused.output
    headings = [line.split(":")[0] for line in grouped if line.startswith("organisation ")]
    assert headings == [f"organisation {name}" for name in ordered]
    economics = json.loads(run("economics", "--by", "category", "--json").stdout)["totals"]
    assert [row["value"] for row in economics] == ordered


BEYOND = ("9223372036854775808", "99999999999999999999")
"""Positions and versions beyond any either database can store (a 64-bit integer)."""


def test_a_position_or_version_beyond_any_stored_is_refused_as_one_not_held(run: Cli) -> None:
    # SQLite's driver raised OverflowError (an internal error, exit 70) and PostgreSQL
    # answered 'bigint out of range' as a database failure: both are 'no such decision'.
    propose(run, "P-1")
    for number in BEYOND:
        for command in (
            ("decision", "correct", number, "--set", "rag=amber"),
            ("decision", "annul", number),
        ):
            refused = run(*command, "--authority", "PMO procedure", "-m", "Put right")
            assert refused.exit_code == 1, refused.output
            assert f"the ledger has no decision at position {int(number):,}" in refused.output
        proof = run("audit", "prove", "P-1", number)
        assert proof.exit_code == 1, proof.output
        assert f"no event made version {number} of 'P-1'" in proof.output
    line = json.dumps(
        {"command": "decision annul", "position": int(BEYOND[1]), "authority": "PMO"}
        | {"rationale": "Put right"}
    )
    Path("annul.jsonl").write_text(line + "\n", encoding="utf-8")  # in the test's own folder
    imported = run("import", "annul.jsonl")
    assert imported.exit_code == 1, imported.output
    assert "no decision at position" in imported.output


def test_economics_by_a_dimension_gives_only_that_breakdown_in_every_format(run: Cli) -> None:
    # The table and the files kept to --by, but --json gave every breakdown.
    propose(run, "B-1")
    table = run("economics", "--by", "kind", "--by", "view", "--format", "csv")
    assert table.exit_code == 0, table.output
    dimensions = [line.split(",")[0] for line in table.stdout.lstrip("\ufeff").splitlines()[1:]]
    assert dimensions == ["view", "kind"]
    answer = run("economics", "--by", "kind", "--by", "view", "--json")
    assert answer.exit_code == 0, answer.output
    assert [row["dimension"] for row in json.loads(answer.stdout)["totals"]] == ["view", "kind"]


def test_totals_at_a_moment_are_exact_to_the_cent_on_both_databases(run: Cli) -> None:
    # SQLite's sum() of its stored doubles drifted by cents over a few hundred large
    # amounts (PostgreSQL sums numerics exactly), so economics and commitments at a
    # moment differed between the databases, and from economics now on SQLite.
    costs = [Decimal("29685239365.02")] * 300  # the same in any order of adding up
    drifted = 0.0
    for cost in costs:
        drifted += float(cost)
    assert Decimal(repr(drifted)).quantize(Decimal("0.01")) != sum(costs)  # the case in point
    lines: list[dict[str, object]] = []
    for number, cost in enumerate(costs):
        key = f"S-{number}"
        lines.append({"command": "item propose", "key": key, "kind": "project", "title": key})
        lines[-1] |= {"owner": "O", "sponsor": "S", "category": "Cat", "rationale": "Proposed"}
        lines.append({"command": "item appraise", "key": key, "estimated_cost": str(cost)})
        lines[-1] |= {"expected_benefits": "1", "risk_rating": "low", "alignment_score": 50}
        lines[-1] |= {"rationale": "Appraised"}
    Path("costs.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines))
    imported = run("import", "costs.jsonl")
    assert imported.exit_code == 0, imported.output
    for moment in ((), ("--effective-on", "2999-01-01"), ("--as-of", utc_today().isoformat())):
        answer = run("economics", "--json", *moment)
        assert answer.exit_code == 0, answer.output
        pipeline = next(
            row
            for row in json.loads(answer.stdout)["totals"]
            if (row["dimension"], row["value"]) == ("view", "pipeline")
        )
        assert pipeline["estimated_cost"] == str(sum(costs)), moment


def test_a_board_pack_at_the_ends_of_the_calendar_is_made(run: Cli) -> None:
    # The ledger answers the effective clock for any day from year 1 (a ledger written
    # before decisions were held to 1900 on may hold one of year 1); the pack's default
    # period (90 days back), its envelope over time (quarters back) and its horizon
    # for expiring delegations (60 days on) ran off the calendar: an internal error
    # (exit 70) on both.
    propose(run, "Y-1", "--effective-date", "1900-01-01")  # the earliest a decision may take
    first = run("report", "board-pack", "--as-at", "0001-01-01", "--json")
    assert first.exit_code == 2, first.output  # typed wrong, as --since not before --as-at
    assert "the calendar's first day" in first.output  # no day before it to report since
    for options in (
        ("--as-at", "0001-01-02"),
        ("--as-at", "0001-03-01"),
        ("--as-at", "0001-01-10", "--since", "0001-01-01"),
        ("--as-at", "9999-12-31"),
    ):
        pack = run("report", "board-pack", *options, "--reproducible", "--json")
        assert pack.exit_code == 0, (options, pack.output)
        assert json.loads(pack.stdout)["as_at"] == options[1]
