"""The board pack's items by stage and by view: in the lifecycle's order, whatever the currency.

The pack adds each stage's items over currencies, from economics' rows, which
come a currency at a time: a stage only an item in a second currency is at
(``approved`` below, USD) was listed after every stage of the first, after
``left``, in the HTML, the PDF, the workbook and ``--json``.
"""

from __future__ import annotations

import json

from tests.conftest import Cli

BASELINE = ("--authority", "Baseline", "-m", "Onboarded", "--effective-date", "2026-01-05")
WHO = ("--actor", "Priya Raman", "--role", "Portfolio office")


def test_stages_are_in_the_lifecycles_order_across_currencies(db_url: str) -> None:
    run = Cli(db_url)
    for key, stage, money in (
        ("PRJ-1", "live", ("--budget", "GBP 1,000")),
        ("PRJ-2", "approved", ("--currency", "USD", "--budget", "USD 2,000")),
        ("PRJ-3", "in-delivery", ("--budget", "GBP 3,000")),
    ):
        result = run(
            "item", "onboard", key, "--title", f"Project {key}", "--category", "Digital",
            "--organisation", "CORP", "--stage", stage, *money, *BASELINE, *WHO,
        )  # fmt: skip
        assert result.exit_code == 0, result.output

    result = run("report", "board-pack", "--as-at", "2026-03-31", "--json")

    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)["summary"]
    assert [(c["label"], c["items"]) for c in summary["by_stage"]] == [
        ("approved", 1),
        ("in delivery", 1),
        ("live", 1),
    ]
    assert [(c["label"], c["items"]) for c in summary["by_view"]] == [
        ("pipeline", 2),
        ("catalogue", 1),
    ]
