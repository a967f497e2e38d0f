"""A mapping's ``[where]`` takes a whole number for a column of numbers, and refuses none.

A register's ``Fiscal Year`` or ``Period`` column holds numbers (``2025``), and TOML writes a
number without quotes: ``"Fiscal Year" = [2025]`` was refused, *must be text or a list of
texts*, where the command line's ``--where "Fiscal Year=2025"`` read it. And an empty list,
``Status = []``, was taken, to be refused after the file was read as *no row ... has Status
=  (...)*, naming no value.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.behaviour.test_returns_refusals import write
from tests.conftest import Cli

MAPPING = """
[columns]
key = "UII"
title = "Investment Title"
[defaults]
kind = "project"
stage = "in delivery"
category = "Major IT"
[where]
"""


def returns_import(run: Cli, where: str) -> tuple[int, str]:
    Path("m.toml").write_text(MAPPING + where + "\n", encoding="utf-8")
    path = write("fy.csv", "UII,Investment Title,Fiscal Year", "005-1,Farm loans,2025",
                 "005-2,Conservation,2024", "007-3,Cloud,2025")  # fmt: skip
    result = run("returns", "import", str(path), "--mapping", "m.toml", "--as-at", "2025-09-30",
                 "--authority", "PMO", "--json", "--dry-run")  # fmt: skip
    return result.exit_code, result.output


@pytest.mark.parametrize("where", ['"Fiscal Year" = [2025]', '"Fiscal Year" = 2025'])
def test_a_where_of_whole_numbers_keeps_the_rows_that_hold_them(run: Cli, where: str) -> None:
    exit_code, output = returns_import(run, where)

    assert exit_code == 0, output
    assert [row["key"] for row in json.loads(output)["new"]] == ["005-1", "007-3"]


@pytest.mark.parametrize(
    ("where", "said"),
    [
        ('"Fiscal Year" = []', "where.Fiscal Year lists no value, so no row would be read"),
        ('"Fiscal Year" = [2025.0]', "where.Fiscal Year must be text, a whole number (2025)"),
        ('"Fiscal Year" = [true]', "where.Fiscal Year must be text, a whole number (2025)"),
    ],
)
def test_a_where_of_no_value_or_another_kind_of_value_refuses_the_mapping(
    run: Cli, where: str, said: str
) -> None:
    exit_code, output = returns_import(run, where)

    assert exit_code == 2
    assert said in output
