"""A year of monthly exports proven complete, as docs/verification.md says, on both databases.

The page said how to check one export, against its manifest, the ledger and a digest,
but not how a compliance officer who exports each month proves a year later that the
twelve together hold every decision of the year, each once: on the effective clock they
do not (a decision recorded late into a month already exported is in none). The page's
*A year of monthly exports, proven complete* block is run here as written, over a year
recorded month by month (the ledger's clock set to each moment, as
``test_whole_second_times`` sets it): a decision at 23:59:59.999 on each month's last
day and one at 00:00:00.000 on the next, one recorded in March with effect from January,
and a correction in April of a February decision. Its series check is then given an
export left out, one taken before its month ended, and one by organisation.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import eventsourcing.domain
import pytest

from tests.conftest import Cli

PAGE = Path(__file__).parents[2] / "docs" / "verification.md"
PROPOSE = ("--kind", "project", "--title", "T", "--owner", "O", "--sponsor", "S", "--category", "C")


def _block(marker: str, language: str) -> str:
    text = PAGE.read_text(encoding="utf-8")
    found = re.search(rf"<!-- {marker} -->\n```{language}\n(.*?)```", text, re.DOTALL)
    assert found is not None, f"docs/verification.md lost its {marker} block"
    return found.group(1)


class Year:
    """A ledger recorded month by month through 2025, each month exported after it ended."""

    def __init__(self, run: Cli, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.run, self.folder, self.now = run, folder, datetime(2025, 1, 2, 9, tzinfo=UTC)
        self.env = {"PORTFOLIO_LEDGER_SIGNING_KEY": str(folder / "signing.key")}
        self.keys = 0
        monkeypatch.setattr(eventsourcing.domain, "datetime_now_with_tzinfo", lambda: self.now)

    def cli(self, *args: str) -> str:
        result = self.run(*args, env=self.env)
        assert result.exit_code == 0, result.output
        return result.stdout

    def propose(self, at: datetime, effective: str | None = None) -> int:
        self.now, self.keys = at, self.keys + 1
        day = effective or at.date().isoformat()
        said = self.cli("item", "propose", f"PRJ-{self.keys}", *PROPOSE, "--organisation", "CORP",
                        "-m", "Needed", "--effective-date", day)  # fmt: skip
        return int(re.search(r"ledger position (\d+)", said).group(1))  # type: ignore[union-attr]

    def record(self) -> dict[str, int]:
        """Record and export the year; the positions the checks look for, by name."""
        self.cli("organisation", "add", "CORP", "--name", "Corporate", "-m", "Listed",
                 "--effective-date", "2025-01-02")  # fmt: skip
        (self.folder / "ledger.pub").write_text(self.cli("audit", "keygen", "--name", "l.example"))
        marks: dict[str, int] = {}
        for month in range(1, 13):
            start = datetime(2025, month, 1, tzinfo=UTC)
            end = datetime(2025 + month // 12, month % 12 + 1, 1, tzinfo=UTC)
            marks[f"mid-{month}"] = self.propose(start + timedelta(days=9, hours=10))
            if month == 3:
                marks["late"] = self.propose(start + timedelta(days=13), effective="2025-01-20")
            if month == 4:
                self.now += timedelta(seconds=1)
                correct = ("decision", "correct", str(marks["mid-2"]), "--set", "rationale=Minuted")
                self.cli(*correct, "--authority", "PMO", "-m", "Minutes",
                         "--effective-date", "2025-04-10")  # fmt: skip
                marks["correction"] = marks["mid-4"] + 1
            marks[f"last-{month}"] = self.propose(end - timedelta(milliseconds=1))
            if month == 12:  # taken before the month ended: the series check names it
                self.export("early-2025-12.csv", "--from", "2025-12-01", "--to", "2025-12-31")
            marks[f"first-{month + 1}"] = self.propose(end)
            self.now = end + timedelta(hours=9)
            self.month(f"2025-{month:02d}", (end - timedelta(days=1)).date().isoformat())
        return marks

    def month(self, month: str, last_day: str) -> None:
        """The page's monthly commands: digest, checkpoint, export."""
        (self.folder / f"digest-{month}.txt").write_text(self.cli("audit", "digest"))
        (self.folder / f"checkpoint-{month}.txt").write_text(self.cli("audit", "checkpoint"))
        self.export(f"trail-{month}.csv", "--from", f"{month}-01", "--to", last_day)
        self.export(f"trail-{month}.jsonl", "--from", f"{month}-01", "--to", last_day)
        self.export(f"effective-{month}.jsonl", "--from", f"{month}-01", "--to", last_day,
                    "--clock", "effective")  # fmt: skip
        self.export(f"corp-{month}.csv", "--from", f"{month}-01", "--to", last_day,
                    "--organisation", "CORP")  # fmt: skip

    def export(self, name: str, *filters: str) -> None:
        self.cli("audit", "export", *filters, "--out", str(self.folder / name))

    def positions(self, name: str) -> list[int]:
        lines = (self.folder / name).read_text(encoding="utf-8").splitlines()
        return [json.loads(line)["position"] for line in lines]


def test_a_year_of_monthly_exports_is_proven_complete_as_the_page_says(
    run: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    year = Year(run, tmp_path, monkeypatch)
    marks = year.record()
    assert marks["last-1"] in year.positions("trail-2025-01.jsonl")  # 23:59:59.999
    assert marks["first-2"] in year.positions("trail-2025-02.jsonl")  # 00:00:00.000
    assert marks["late"] in year.positions("trail-2025-03.jsonl")
    assert marks["correction"] in year.positions("trail-2025-04.jsonl")
    (tmp_path / "verify_series.py").write_text(_block("series-verifier", "python"))

    cli = f'portfolio-ledger() {{ "{sys.executable}" -m portfolio_ledger "$@"; }}\n'
    done = subprocess.run(
        ["bash", "-c", cli + _block("monthly-series", "sh")],
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "PORTFOLIO_LEDGER_DB": run.url},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    said = done.stdout.splitlines()
    assert said[-1] == "exit status 0", done.stdout + done.stderr
    last = marks["first-13"] - 1
    assert said[-2] == (
        f"OK 2025-01 to 2025-12: positions 1 to {last}, {last} rows, each in one export"
    )
    # On the effective clock the decision recorded late into January is in no month's export.
    effective = [year.positions(f"effective-2025-{m:02d}.jsonl") for m in range(1, 13)]
    assert not any(marks["late"] in held for held in effective)
    _the_series_check_names_an_export_missing_early_or_filtered(tmp_path)


def _the_series_check_names_an_export_missing_early_or_filtered(tmp_path: Path) -> None:
    namespace: dict[str, object] = {"__name__": "series"}
    exec(compile(_block("series-verifier", "python"), str(PAGE), "exec"), namespace)  # noqa: S102
    verify = namespace["verify"]
    assert callable(verify)
    months = [str(tmp_path / f"trail-2025-{m:02d}.jsonl") for m in range(1, 13)]
    assert verify(months).startswith("OK 2025-01 to 2025-12: positions 1 to ")

    without_march = verify(months[:2] + months[3:])
    assert without_march.endswith("is of 2025-04, but the month after 2025-02 is 2025-03")
    early = verify([*months[:11], str(tmp_path / "early-2025-12.csv")])
    assert early.startswith("FAILED: "), early
    assert early.endswith("before 2025-12 ended"), early
    by_organisation = verify([*months[:5], str(tmp_path / "corp-2025-06.csv"), *months[6:]])
    assert by_organisation.endswith(
        "corp-2025-06.csv is not one month's export of every row on the recorded clock"
    )
