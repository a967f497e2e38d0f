"""Lists of names on screen and in refusals tell their values apart, as the audit trail does.

A person's roles (``person list``), an approval's conditions (``item show``) and a
delegation's categories (``authority list``) were joined unquoted on screen
(conditions by ``; ``), so one value holding a comma read as two, and the list
read otherwise than the trail's summary of the same decision. So did the
categories a refusal, a finding of ``audit authority`` and a widening names. Each
is now in ``domain.change_words.names_in_words``: ``, `` between values, one
holding a comma (or beginning with a double quote) in double quotes.
"""

from __future__ import annotations

import json
from typing import Any

from tests.behaviour.test_delegation_widened import correct
from tests.behaviour.test_governance import IC_MEETING, approve, day, delegate, gov, propose
from tests.conftest import Cli

__all__ = ["gov"]  # the fixture, used by name

ROADS = "Transport, roads"
"""A category holding a comma: one category, not two."""


def said(result: Any) -> str:
    """What a command printed, its lines joined and its spaces run together."""
    return " ".join(result.output.split())


def test_person_list_quotes_a_role_holding_a_comma(gov: Cli) -> None:
    added = gov("person", "add", "jdoe", "--name", "Jo Doe", "--holds", "Head, North",
                "--holds", "CFO", "-m", "Registered", "--effective-date", day(0))  # fmt: skip
    assert added.exit_code == 0, added.output

    result = gov("person", "list")

    assert result.exit_code == 0, result.output
    (row,) = [line for line in result.output.splitlines() if line.startswith("jdoe ")]
    # Before: 'Head, North, CFO', three roles as it reads.
    assert '"Head, North", CFO' in row
    listed = json.loads(gov("person", "list", "--json").stdout)
    assert [p["roles"] for p in listed if p["key"] == "jdoe"] == [["Head, North", "CFO"]]


def test_item_show_tells_conditions_apart_as_the_approvals_summary_does(gov: Cli) -> None:
    propose(gov)
    conditions = ["--condition", "Report monthly; escalate overruns", "--condition", "Gate, Q3"]
    assert approve(gov, "GBP 900,000", *IC_MEETING, *conditions).exit_code == 0

    result = gov("item", "show", "PRJ-042")

    assert result.exit_code == 0, result.output
    # Before: 'Report monthly; escalate overruns; Gate, Q3', three conditions as it reads.
    words = 'Report monthly; escalate overruns, "Gate, Q3"'
    assert f"Conditions {words} " in said(result)
    trail = json.loads(gov("audit", "trail", "--item", "PRJ-042", "--json").stdout)
    assert any(row["summary"].endswith(f"conditions: {words}") for row in trail)


def test_authority_list_quotes_a_category_holding_a_comma(gov: Cli) -> None:
    delegate(gov, "--category", ROADS, "--category", "Health")

    result = gov("authority", "list", "--effective-on", day(1))

    assert result.exit_code == 0, result.output
    # Before: 'Transport, roads, Health', three categories as it reads.
    assert '"Transport, roads", Health' in said(result)


def test_a_refusal_names_the_delegations_categories_told_apart(gov: Cli) -> None:
    delegate(gov, "--category", ROADS, "--category", "Health")
    propose(gov, category="Roads")

    result = approve(gov, "GBP 500,000", "--delegation", "DEL-001", "--actor", "mlee")

    assert result.exit_code == 1
    # Before: 'covers Transport, roads, Health only'.
    assert 'delegation DEL-001 covers "Transport, roads", Health only; PRJ-042 is in Roads' in (
        said(result)
    )


def test_a_finding_names_the_delegations_categories_told_apart(gov: Cli) -> None:
    delegate(gov, "--category", ROADS, "--category", "Health")
    propose(gov)
    amended = gov("item", "amend", "PRJ-042", "--category", "Health", "-m", "Amended",
                  "--effective-date", day(1), actor="Marcus Lee")  # fmt: skip
    assert amended.exit_code == 0, amended.output
    approved = approve(gov, "GBP 500,000", "--delegation", "DEL-001", "--actor", "mlee", on=2)
    assert approved.exit_code == 0, approved.output

    rows = json.loads(gov("audit", "authority", "PRJ-042", "--json").stdout)

    (finding,) = [f for row in rows for f in row["findings"]]
    # Before: 'delegation DEL-001 (Transport, roads, Health)'.
    assert finding["reason"].startswith(
        'PRJ-042 came within delegation DEL-001 ("Transport, roads", Health) by the amendment'
    )


def test_a_widening_names_the_categories_added_told_apart(gov: Cli) -> None:
    delegate(gov, "--category", "Health")
    position = before = gov.events()

    result = correct(gov, position, "categories=Health", f"categories={ROADS}", "categories=Data")

    assert result.exit_code == 1
    assert gov.events() == before
    # Before: 'categories Transport, roads, Data added'.
    assert 'delegated (categories "Transport, roads", Data added)' in said(result)


def test_a_widening_to_any_category_names_those_it_had_told_apart(gov: Cli) -> None:
    delegate(gov, "--category", ROADS)
    position = before = gov.events()

    result = correct(gov, position, "categories=")

    assert result.exit_code == 1
    assert gov.events() == before
    # Before: 'categories Transport, roads -> any category', two as it reads.
    assert 'delegated (categories "Transport, roads" -> any category)' in said(result)
