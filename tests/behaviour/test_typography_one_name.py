"""A name typed with a typographic apostrophe or dash is the name typed with the plain one.

A return compares ``Children\u2019s`` (as a spreadsheet's autocorrect writes it) with
``Children's`` as the same organisation: no transfer is recorded. But an item that
joined under one spelling and another under the other were two organisations to
every filter and to ``economics``: ``--organisation "Children's"`` (as a keyboard
types it) missed the items recorded with ``\u2019``, refusing the filter while listing
``Children\u2019s`` as the name to give, and the totals were split between two rows
that read alike. Typography now folds as case does: one name.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from tests.behaviour.test_economics_one_spelling import imported
from tests.conftest import Cli

CURLY, PLAIN = "Children\u2019s", "Children's"


def listed(run: Cli, *args: str) -> list[Any]:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    found: list[Any] = json.loads(result.output)
    return found


def test_an_organisation_typed_with_a_plain_apostrophe_finds_the_typographic_one(
    run: Cli,
) -> None:
    imported(run, f'P-1,Alpha,Digital,"{CURLY}",100', 'P-2,Beta,Digital\u2013IT,"Children\'s",200')

    for asked in (PLAIN, CURLY, "CHILDREN'S"):
        keys = [row["key"] for row in listed(run, "portfolio", "--organisation", asked)]
        assert keys == ["P-1", "P-2"], asked
        trail = listed(run, "audit", "trail", "--organisation", asked)
        assert [row["subject"] for row in trail] == ["P-1", "P-2"], asked
    keys = [row["key"] for row in listed(run, "portfolio", "--category", "Digital-IT")]
    assert keys == ["P-2"]


def test_economics_adds_up_names_spelt_differently_only_in_typography_in_one_row(
    run: Cli,
) -> None:
    imported(run, f'P-1,Alpha,Digital,"{CURLY}",100', f'P-2,Beta,Digital,"{PLAIN}",200')

    result = run("economics", "--by", "organisation", "--json")
    assert result.exit_code == 0, result.output
    rows = {row["value"]: row for row in json.loads(result.output)["totals"]}

    assert set(rows) == {CURLY}
    assert (rows[CURLY]["items"], Decimal(rows[CURLY]["whole_life_cost"])) == (2, Decimal(300))
    assert rows[CURLY]["spellings"] == [CURLY, PLAIN]
    table = run("economics", "--by", "organisation").output
    assert f"counts the items recorded as {PLAIN!r} too" in table


def test_an_organisation_on_the_list_is_found_by_its_name_typed_with_typography(
    run: Cli,
) -> None:
    # The list's 'Children's Services' refused a return's 'Children\u2019s Services', naming
    # 'Children's Services' as the one to give: the two read alike.
    added = run("organisation", "add", "CHILD", "--name", "Children's Services", "-m", "Listed")
    assert added.exit_code == 0, added.output

    imported(run, "P-1,Alpha,Digital,Children\u2019s Services\u200b,100")

    shown = json.loads(run("item", "show", "P-1", "--json").output)
    assert shown["organisation"] == "CHILD"
