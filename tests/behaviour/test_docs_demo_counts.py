"""The demo's counts the README and docs/tables.md quote are what the commands print.

The Quick start gives `portfolio --by organisation`'s group counts, the tour the count of
events `audit trail --from 2026-06-01 --to 2026-06-30` finds on the other clock on a demo run
on 2026-12-05, and docs/tables.md two group headings: none was checked, so a change to the
demo's story would have left them stale unsaid.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from tests.conftest import Cli

ROOT = Path(__file__).parents[2]


def _prose(page: str) -> str:
    return " ".join((ROOT / page).read_text(encoding="utf-8").split())


def test_the_quick_start_s_organisation_counts_are_the_groups_headings(
    shared_demo: Cli,
) -> None:
    said = re.search(r"heads each group with its count: ([^)]*)\)", _prose("README.md"))
    assert said, "the Quick start's counts by organisation"
    quoted = dict(re.findall(r"([A-Z]+) (\d+)", said[1]))

    shown = shared_demo("portfolio", "--by", "organisation")

    assert shown.exit_code == 0, shown.output
    assert (
        dict(re.findall(r"^organisation (\S+): (\d+) items?$", shown.output, re.MULTILINE))
        == quoted
    )


def test_the_group_headings_tables_md_quotes_are_the_demo_s(shared_demo: Cli) -> None:
    prose = _prose("docs/tables.md")
    quoted = re.findall(
        r"`((organisation|rag) [^`:]+: \d+ items?)`:? \(?`portfolio --by \2`", prose
    )
    assert len(quoted) == 2, quoted
    for heading, by in quoted:
        shown = shared_demo("portfolio", "--by", by)
        assert shown.exit_code == 0, shown.output
        assert heading in shown.output.splitlines(), (heading, shown.output[:2000])


def test_the_clock_hint_counts_what_a_demo_run_on_2026_12_05_has(run: Cli) -> None:
    from portfolio_ledger.bootstrap import open_ledger
    from portfolio_ledger.demo.story import record_demo

    prose = _prose("README.md")
    said = re.search(r"\*(No event matches on the recorded clock[^*]*)\* \(the demo, `audit "
                     r"trail ([^`]*)`, run on the demo's day, 2026-12-05", prose)  # fmt: skip
    assert said, "the tour's hint of the other clock, with its command and day"
    ledger, _ = open_ledger(run.url)
    try:
        record_demo(ledger, today=date(2026, 12, 5))
    finally:
        ledger.close()

    shown = run("audit", "trail", *said[2].split())

    assert shown.exit_code == 0, shown.output
    assert said[1] in " ".join(shown.stderr.split())
