"""Figures the README and docs/*.md quote are what the commands beside them print today.

Each test reads a figure from its page (a count, a size, a day, a file named) with the
command the page gives for it, runs that command (on a demo made on the day the page names,
where the demo's dates matter) and compares. The Quick start's counts by organisation, the
tour's clock hint, tables.md's group headings, verification.md's export sizes and run day,
events.md's put-right refusals, reliability.md's and receipt-verifier.md's counts of the
code, and returns.md's GMPP commands: none was checked before, and some had drifted.
"""

from __future__ import annotations

import re
import shlex
from datetime import date
from pathlib import Path

import pytest

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


def test_the_export_sizes_verification_md_shows_are_a_run_s_of_today(
    run: Cli, tmp_path: Path
) -> None:
    """docs/verification.md's run exports its 316 rows as CSV and JSON Lines: its console shows
    121,261 and 214,672 bytes, as that run wrote, and the page says a run of today writes 4 more
    each, since a held role with a comma is quoted in a registration's summary (holds "Chair,
    Investment Committee"): those are checked. An export's size is the same on any day the
    demo is run: its times are of a fixed width."""
    from tests.test_docs_verifier import the_run

    assert run("demo").exit_code == 0
    commands, _ = the_run()
    for line in commands:
        argv = shlex.split(line, comments=True)
        if argv[:3] == ["portfolio-ledger", "item", "propose"]:
            assert run(*argv[1:], actor=None, role=None).exit_code == 0, line
    page = (ROOT / "docs" / "verification.md").read_text(encoding="utf-8")
    today = re.search(r"a run today exports ([\d,]+) and\s+([\d,]+),", page)
    assert today, "the page's sizes of a run of today"
    for form, size in zip(("csv", "jsonl"), today.groups(), strict=True):
        shown = re.search(rf"\$ portfolio-ledger audit export --format {form} --out (\S+)\n"
                          r"(Exported .*? \()[\d,]+ bytes, sha256", page)  # fmt: skip
        assert shown, f"the page's {form} export"
        out = tmp_path / shown[1]

        result = run("audit", "export", "--format", form, "--out", str(out))

        assert result.exit_code == 0, result.output
        expected = shown[2].replace(shown[1], str(out)) + f"{size} bytes"
        assert result.output.startswith(expected), result.output


def test_verification_md_names_the_day_of_its_run_and_the_dates_that_follow(run: Cli) -> None:
    """The receipt's recorded state shows PRJ-007 effective 2025-12-25, a date the demo counts
    back from the day it is run: the page said a run of your own gives other times alone."""
    import json

    from portfolio_ledger.bootstrap import open_ledger
    from portfolio_ledger.demo.story import record_demo

    prose = _prose("docs/verification.md")
    said = re.search(r"the run above was on (\d{4}-\d\d-\d\d), so the receipt's (\S+) took "
                     r"effect on (\d{4}-\d\d-\d\d)", prose)  # fmt: skip
    assert said, "the page names its run's day and what the receipt's date follows from"
    assert f"recorded={said[1]}T" in prose
    assert f'"key":"{said[2]}"' in prose
    assert f'"effective_date":{{"_type_":"date_iso","_data_":"{said[3]}"}}' in prose
    ledger, _ = open_ledger(run.url)
    try:
        record_demo(ledger, today=date.fromisoformat(said[1]))
    finally:
        ledger.close()

    trail = run("audit", "trail", "--item", said[2], "--type", "proposed", "--json")

    assert trail.exit_code == 0, trail.output
    assert [row["effective_date"] for row in json.loads(trail.stdout)] == [said[3]]


def test_events_md_s_put_right_refusals_are_a_demo_s_of_the_day_it_names(run: Cli) -> None:
    """events.md quoted a correction moving PRJ-002's approval past its correction, and an
    annulment before it, with the correction on 2026-02-03: so on a demo run on 2026-12-04
    alone (on 2026-12-07, 2026-02-06), and the page named neither the day nor the first
    command."""
    from portfolio_ledger.bootstrap import open_ledger
    from portfolio_ledger.demo.story import record_demo

    prose = _prose("docs/events.md")
    day = re.search(r"on a demo run on (\d{4}-\d\d-\d\d), whose dates end", prose)
    assert day, "the day of the demo events.md's refusals come from"
    commands = re.findall(r"`(decision (?:correct|annul) 90 [^`]*)`[^*]*\*([^*]*)\*", prose)
    assert [command.split()[1] for command, _ in commands] == ["correct", "annul"]
    ledger, _ = open_ledger(run.url)
    try:
        record_demo(ledger, today=date.fromisoformat(day[1]))
    finally:
        ledger.close()
    for command, said in commands:
        argv = shlex.split(command)
        if "--authority" not in argv:
            argv += ["--authority", "PMO record-keeping procedure", "-m", "Put right"]

        result = run(*argv)

        assert result.exit_code == 1, (command, result.output)
        shown = " ".join(result.output.split())
        for part in said.split(" ... "):
            assert part in shown, (part, shown)


def test_the_counts_pages_give_of_the_code_are_what_their_commands_count() -> None:
    """reliability.md counts the commands that can be recorded with the command beside it, and
    receipt-verifier.md counts the lines of verification.md's receipt checker: neither was
    checked, so a command or a line added would have left them stale."""
    import subprocess
    import sys

    reliability = _prose("docs/reliability.md")
    said = re.search(r"\((\d+) commands, `python -c \"([^`]+)\"`\)", reliability)
    assert said, "reliability.md's count of commands, with its command"
    counted = subprocess.run([sys.executable, "-c", said[2]], capture_output=True, text=True,
                             check=True).stdout  # fmt: skip
    assert counted.strip() == said[1]

    lines = re.search(r"the (\d+)-line script in \[verification\.md\]",
                      _prose("docs/receipt-verifier.md"))  # fmt: skip
    assert lines, "receipt-verifier.md's count of the script's lines"
    page = (ROOT / "docs" / "verification.md").read_text(encoding="utf-8")
    section = page.split("\n### Checking a receipt without us\n", 1)[1].split("\n## ", 1)[0]
    script = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert script
    assert len(script[1].splitlines()) == int(lines[1])


def test_returns_md_s_gmpp_commands_run_from_the_repository_as_written(
    run: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worked example and *How fast* named gmpp_2024_2026.csv, in no folder a checkout
    has at its root (the text pointed at ../shared/data, outside it): run as written, each
    import was refused, exit 2, *File 'gmpp_2024_2026.csv' does not exist*."""
    page = (ROOT / "docs" / "returns.md").read_text(encoding="utf-8")
    worked = page.split("\n## Worked example: the GMPP\n", 1)[1].split("\n## ", 1)[0]
    fast = page.split("\n## How fast\n", 1)[1].split("\n## ", 1)[0]
    blocks = [re.findall(r"```sh\n(.*?)```", part, re.DOTALL)[0] for part in (worked, fast)]
    argvs = [shlex.split(line, comments=True)[1:]
             for block in blocks for line in block.replace("\\\n", " ").splitlines()]  # fmt: skip
    assert [argv[:2] for argv in argvs] == [["returns", "import"]] * 2 + [["--db", "gmpp.db"]]
    monkeypatch.chdir(ROOT)
    said = []
    for argv in argvs:
        given = [str(tmp_path / a) if a == "gmpp.db" else a for a in argv]
        result = run(*given)
        assert result.exit_code == 0, (argv, result.output[:2000])
        said.append(" ".join(result.output.split()))
    assert "Recorded 213 events" in said[0]
    assert "19 new, 142 changed, 28 unchanged" in said[1]
    assert "Recorded 213 events (positions 1 to 213)" in said[2]
