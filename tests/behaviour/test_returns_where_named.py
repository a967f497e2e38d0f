"""A refusal of a filter names where the filter came from: the mapping's [where], or --where.

A column misspelt in the mapping's ``[where]`` was refused as ``read as the --where filter``,
and a filter of the mapping's that kept no row as ``(--where)``: the user looked for the fix
on a command line that held none.
"""

from __future__ import annotations

import pytest

from tests.behaviour.test_returns_refusals import refused, write
from tests.conftest import Cli

MAPPING = """
[columns]
key = "Ref"
title = "Project"
[where]
{column} = ["{value}"]
[defaults]
kind = "project"
stage = "in delivery"
category = "Digital"
"""


@pytest.mark.parametrize(
    ("column", "value", "said"),
    [
        ("Phse", "Active", "has no column 'Phse' (read by the [where] of the m.toml mapping)"),
        ("Phase", "Closed", "has Phase = 'Closed' (the [where] of the m.toml mapping)"),
    ],
    ids=["misspelt-column", "no-row-kept"],
)
def test_a_filter_of_the_mapping_s_is_named_as_the_mapping_s(
    run: Cli, column: str, value: str, said: str
) -> None:
    write("m.toml", MAPPING.format(column=column, value=value))
    path = write("r.csv", "Ref,Project,Phase", "P-1,Alpha,Active")

    message = " ".join(refused(run, path, "--mapping", "m.toml").split())

    assert said in message
    assert "--where" not in message


def test_a_filter_given_by_where_is_named_so(run: Cli) -> None:
    write("m.toml", MAPPING.format(column="Phase", value="Active"))
    path = write("r.csv", "Ref,Project,Phase", "P-1,Alpha,Active")

    message = " ".join(refused(run, path, "--mapping", "m.toml", "--where", "Phse=Active").split())

    assert "has no column 'Phse' (read by --where)" in message
