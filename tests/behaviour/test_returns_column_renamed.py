"""A column renamed in the tool is named in the refusal, with the fix.

A PPM tool's administrator renamed `Overall health` `Overall Health Status` between two
weekly exports. The refusal listed the 29 headers and left the office to spot which was
the column it read, and said nothing of what to do. Found feeding a year of weekly
exports through `returns import`.
"""

from __future__ import annotations

from pathlib import Path

from tests.behaviour.test_returns_refusals import refused
from tests.conftest import Cli

MAPPING = """
currency = "USD"
ignore = ["Cost health"]
[columns]
key = "Number"
title = "Short description"
rag = "Overall health"
[defaults]
kind = "project"
category = "IT"
stage = "in delivery"
"""


def test_a_renamed_column_is_named_with_the_fix(run: Cli) -> None:
    Path("m.toml").write_text(MAPPING, encoding="utf-8")
    path = Path("w40.csv").resolve()
    path.write_text(
        "Number,Short description,Overall Health Status,Cost health\nPRJ1,Payroll,green,red\n",
        encoding="utf-8",
    )

    message = " ".join(refused(run, path, "--mapping", "m.toml", as_at="2026-09-04").split())

    assert "w40.csv has no column 'Overall health' (read as rag by the m.toml mapping)" in message
    assert (
        "The column 'Overall Health Status', which the mapping does not read, holds its name: "
        "if it is the column renamed, name it 'Overall Health Status' in the mapping, where "
        "it names 'Overall health'"
    ) in message


def test_no_column_is_named_where_none_or_two_hold_the_name(run: Cli) -> None:
    Path("m.toml").write_text(MAPPING.replace('ignore = ["Cost health"]', ""), encoding="utf-8")
    for name, header in (("a.csv", "Health"), ("b.csv", "Overall health 1,Overall health 2")):
        path = Path(name).resolve()
        path.write_text(f"Number,Short description,{header}\nPRJ1,Payroll,green\n", "utf-8")
        message = " ".join(refused(run, path, "--mapping", "m.toml", as_at="2026-09-04").split())
        assert "has no column 'Overall health'" in message
        assert "holds its name" not in message
