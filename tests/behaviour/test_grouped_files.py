"""A grouped listing written as a file holds its group as a column, whatever the group."""

from __future__ import annotations

import csv
import io

import pytest

from tests.conftest import Cli


def propose(run: Cli, key: str, kind: str) -> None:
    result = run(
        "item", "propose", key, "--kind", kind, "--title", f"{kind} {key}", "--owner", "Dana",
        "--sponsor", "CFO", "--category", "Corporate", "-m", "Proposed",
    )  # fmt: skip
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(("by", "header"), [("kind", "Kind"), ("view", "View")])
def test_grouped_by_a_field_the_columns_lack_the_csv_holds_it(
    run: Cli, by: str, header: str
) -> None:
    propose(run, "PRJ-1", "project")
    propose(run, "SVC-1", "service")
    rejected = run("item", "reject", "SVC-1", "--authority", "Investment Committee", "-m", "No")
    assert rejected.exit_code == 0, rejected.output

    written = run("portfolio", "--by", by, "--format", "csv")

    assert written.exit_code == 0, written.output
    rows = list(csv.DictReader(io.StringIO(written.stdout)))
    expected = {"kind": {"PRJ-1": "project", "SVC-1": "service"},
                "view": {"PRJ-1": "pipeline", "SVC-1": "closed"}}[by]  # fmt: skip
    assert {row["Key"]: row[header] for row in rows} == expected
