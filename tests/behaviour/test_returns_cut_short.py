"""A CSV return cut short part way through its last row is refused, not read as empty cells.

A PPM tool's weekly export that failed part way ended in the middle of a row
(`PRJ0012509,...,3012290.95,1254`, no line break after it). Its missing cells were read
as empty: the item's forecast recorded as withheld and its rating as not assessed,
exit 0. Found feeding a year of weekly exports through `returns import`.
"""

from __future__ import annotations

from pathlib import Path

from tests.behaviour.test_returns_refusals import refused
from tests.conftest import Cli

MAPPING = """
currency = "USD"
ignore = ["Actual cost"]
[columns]
key = "Number"
title = "Short description"
forecast_cost = "Estimate at completion"
rag = "Overall health"
[spellings.rag]
"yellow" = "amber"
[defaults]
kind = "project"
category = "IT"
stage = "in delivery"
"""
HEADER = "Number,Short description,Actual cost,Estimate at completion,Overall health\n"
WHOLE = "PRJ0012001,Payroll,100.00,3643767.07,green\nPRJ0012002,CRM,5.00,900.00,yellow\n"


def test_a_return_cut_short_is_refused(run: Cli) -> None:
    Path("m.toml").write_text(MAPPING, encoding="utf-8")
    Path("w1.csv").write_text(HEADER + WHOLE, encoding="utf-8")
    first = run("returns", "import", "w1.csv", "--mapping", "m.toml", "--as-at", "2026-06-19",
                "--authority", "PMO")  # fmt: skip
    assert first.exit_code == 0, first.output
    cut = Path("w2.csv").resolve()
    cut.write_text(HEADER + "PRJ0012001,Payroll,100.00,3643767.07,green\nPRJ0012002,CRM,5.0",
                   encoding="utf-8")  # fmt: skip

    message = " ".join(refused(run, cut, "--mapping", "m.toml", as_at="2026-06-26").split())

    assert "w2.csv ends part way through row 3: the row has 3 of the header's 5 columns" in message
    assert "its last cell C3 ('5.0')" in message
    assert "Export the return again, whole" in message


def test_a_last_row_whole_or_ended_is_read(run: Cli) -> None:
    Path("m.toml").write_text(MAPPING, encoding="utf-8")
    for name, text in (("a.csv", HEADER + WHOLE.rstrip("\n")),
                       ("b.csv", HEADER + WHOLE + "PRJ0012003,Old,1.00\n")):  # fmt: skip
        Path(name).write_text(text, encoding="utf-8")
        result = run("returns", "import", name, "--mapping", "m.toml", "--as-at", "2026-06-19",
                     "--authority", "PMO", "--dry-run")  # fmt: skip
        assert result.exit_code == 0, result.output
