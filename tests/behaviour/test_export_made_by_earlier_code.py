"""An export made by the code of an earlier version verifies with this one.

The strongest proof that ``domain.change_words`` keeps each earlier version's
words as they were: the source of the commit before each change of words
(``git archive`` of this repository) records a ledger holding every kind of
decision whose summary changed, with values none and empty, and exports it;
this version's ``audit verify-export`` takes the export against the same
ledger. Skipped, saying why, where git or those commits are not at hand (a
source archive, a shallow clone).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from tests.conftest import Cli

REPOSITORY = Path(__file__).resolve().parents[2]

BEFORE = {2: "ac5cf9f^", 3: "594e89d^", 4: "203d0e3", 5: "ed68e75a", 6: "96167db8"}
"""The last commit in each earlier version's words: version 2 before ac5cf9f, 3 before 594e89d,
4 at 203d0e3 (the last before an onboarding said its forecast date), 5 at ed68e75a (the last
before a corrected list's values were separated by ', '), 6 at 96167db8 (the last before every
list's values were told apart, a value holding a comma quoted)."""

VOTE = ("--board", "X1", "--actor", "ann", "--present", "ann", "--vote", "ann=for")
PMO = ("--authority", "PMO", "-m", "Put right")

HISTORY: list[tuple[str, ...]] = [
    ("init",),
    ("person", "add", "ann", "--name", "Ann", "--authority", "Articles", "-m", "R"),
    ("board", "create", "X1", "--name", "X", "--terms", "t", "--quorum", "1", "--unlimited",
     "--authority", "Articles", "-m", "C"),
    ("board", "appoint", "X1", "ann", "--as", "chair", "--authority", "Articles", "-m", "A"),
    ("item", "onboard", "PRJ-X", "--title", "Estates", "--category", "Corporate",
     "--authority", "Baseline", "-m", "On"),
    ("item", "onboard", "PRJ-Y", "--title", "Estates2", "--category", "C", "--budget", "GBP 5",
     "--objective", "Net zero", "--owner", "Ann", "--organisation", "OPS",
     "--authority", "Baseline", "-m", "On"),
    ("item", "transfer", "PRJ-X", "--to", "CORP", "-m", "Moved"),
    ("item", "amend", "PRJ-X", "--sponsor", "Dana Okafor", "--owner", "Bob",
     "--objective", "A, B", "--objective", "C", "--description", "D", "-m", "Named"),
    ("item", "fund", "PRJ-X", "--budget", "GBP 5", *VOTE, "-m", "F"),
    ("board", "set-limit", "X1", "--limit", "GBP 5000", "--authority", "Articles", "-m", "L"),
    ("board", "set-limit", "X1", "--unlimited", "--authority", "Articles", "-m", "L"),
    ("decision", "correct", "4", "--set", "sponsor=Carl", "--set", "organisation=FIN", *PMO),
    ("decision", "correct", "5", "--set", "owner=", *PMO),
    ("decision", "correct", "5", "--set", "objectives=", *PMO),
    ("item", "onboard", "PRJ-Z", "--title", "Z", "--category", "C", "--budget", "withheld",
     "--authority", "Baseline", "-m", "On"),
    ("item", "fund", "PRJ-Z", "--budget", "GBP 6", *VOTE, "-m", "F"),
    ("decision", "correct", "2", "--set", "limit=GBP 1000", "--authority", "Articles", "-m", "c"),
    ("decision", "correct", "2", "--set", "limit=", "--authority", "Articles", "-m", "c"),
    ("item", "onboard", "PRJ-W", "--title", "W", "--category", "C", "--stage", "in-delivery",
     "--forecast-date", "2030-03-31", "--authority", "Baseline", "-m", "On"),
    ("decision", "correct", "5", "--set", "objectives=A", "--set", "objectives=B", *PMO),
    ("person", "add", "bob", "--name", "Bob", "--holds", "Head, North", "--holds", "CFO",
     "--authority", "Articles", "-m", "R"),
    ("authority", "delegate", "D-1", "--board", "X1", "--to", "bob", "--limit", "GBP 5",
     "--category", "Transport, roads", "--category", "Health", *VOTE, "-m", "D"),
    ("item", "propose", "PRJ-V", "--kind", "project", "--title", "V", "--owner", "O",
     "--sponsor", "S", "--category", "C", "-m", "Need"),
    ("item", "appraise", "PRJ-V", "--estimated-cost", "5", "--expected-benefits", "9",
     "--risk-rating", "low", "--alignment-score", "50", "-m", "Case"),
    ("item", "approve", "PRJ-V", "--budget", "5", *VOTE, "--condition", "Report; escalate",
     "--condition", "Gate review, Q3", "-m", "Approved"),
]  # fmt: skip
"""Every kind of decision whose words changed (a transfer, an amendment, a funding change,
a correction, a board's constitution and limit), each from or to a value none or empty; and
an onboarding with a forecast date; and a list corrected to two values; and every list a
summary says holding a value with a comma (an amendment's objectives, above, a person's roles,
a delegation's categories, an approval's conditions)."""

DRIVER = """
import json, sys
from click.testing import CliRunner
from portfolio_ledger.cli import cli
runner = CliRunner()
for args in json.load(sys.stdin):
    result = runner.invoke(cli, args, catch_exceptions=False)
    if result.exit_code != 0:
        sys.exit(f"{args}: {result.output}")
"""
"""Runs commands with the earlier code, in a process of its own (its modules, not these)."""


def earlier_source(commit: str, into: Path) -> Path:
    """The ``src`` folder of ``commit`` of this repository, or a skip saying why not."""
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed: the earlier code cannot be taken from the repository")
    found = subprocess.run(
        [git, "-C", str(REPOSITORY), "rev-parse", "--verify", "--quiet", f"{commit}^{{commit}}"],
        capture_output=True,
        check=False,
    )
    if found.returncode != 0:
        pytest.skip(f"{commit} is not in {REPOSITORY} (not a git clone, or a shallow one)")
    archive = subprocess.run(
        [git, "-C", str(REPOSITORY), "archive", "--format=tar", commit, "src"],
        capture_output=True,
        check=True,
    )
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def with_earlier_code(source: Path, url: str, commands: list[tuple[str, ...]]) -> None:
    """Run ``commands`` on the ledger at ``url`` with the code in ``source``."""
    environment = {
        **os.environ,
        "PYTHONPATH": str(source),
        "PORTFOLIO_LEDGER_DB": url,
        "PORTFOLIO_LEDGER_ACTOR": "pmo",
        "PORTFOLIO_LEDGER_ROLE": "PMO",
    }
    done = subprocess.run(
        [sys.executable, "-c", DRIVER],
        input=json.dumps(commands),
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(
    ("version", "differing", "of_prj_x"),
    [(2, 15, (4, 2)), (3, 8, (1, 6)), (4, 6, (1, 6)), (5, 5, (1, 6)), (6, 4, (1, 6))],
)
def test_an_export_made_by_the_code_of_an_earlier_version_verifies(
    run: Cli, tmp_path: Path, version: int, differing: int, of_prj_x: tuple[int, int]
) -> None:
    """``of_prj_x``: PRJ-X's rows in earlier words, and the version they are said in.

    That is the newest version that words them all: from version 3 on, PRJ-X's one row
    in earlier words is the amendment, whose objectives ``A, B`` and ``C`` versions 3 to 6
    all said ``A, B, C``."""
    source = earlier_source(BEFORE[version], tmp_path / "earlier")
    out = tmp_path / "trail"
    exports = [
        ("audit", "export", "--format", "jsonl", "--out", f"{out}.jsonl"),
        ("audit", "export", "--format", "csv", "--out", f"{out}.csv"),
        ("audit", "export", "--format", "csv", "--item", "PRJ-X", "--out", f"{out}.x.csv"),
    ]
    with_earlier_code(source, run.url, [*HISTORY, *exports])
    lines = Path(f"{out}.jsonl").read_text(encoding="utf-8").splitlines()
    earlier = [json.loads(line)["summary"] for line in lines]
    trail = run("audit", "trail", "--json")
    assert trail.exit_code == 0, trail.output
    today = [row["summary"] for row in json.loads(trail.stdout)]
    assert sum(a != b for a, b in zip(earlier, today, strict=True)) == differing

    files = (
        (f"{out}.jsonl", differing, version),
        (f"{out}.csv", differing, version),
        (f"{out}.x.csv", *of_prj_x),
    )
    for name, rows, words in files:
        checked = run("audit", "verify-export", name)

        assert checked.exit_code == 0, checked.output
        assert checked.output.count("Words:") == min(rows, 1), checked.output  # one version's
        if rows:
            counted = "1 row's summary is" if rows == 1 else f"{rows} rows' summaries are"
            said = f"Words: {counted} in the words of version {words} ("
            assert said in checked.output, checked.output
