"""Output piped into a reader that leaves early (``| head -1``, ``| grep -q``), as a script does.

What concepts.md's *In scripts* promises: the rest of the output is dropped
without a word (no traceback, no *Broken pipe*), the command runs to its
end and exits with its own status (a script with ``set -o pipefail`` sees
0 for a read that succeeded, not 141 or 120), and a decision whose reader
left is recorded all the same.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import Cli


@pytest.fixture
def demo(run: Cli) -> Cli:
    """A demo ledger of the test's own: one test records a decision in it."""
    made = run("demo")
    assert made.exit_code == 0, made.output
    return run


def read_one_line(url: str, *args: str) -> tuple[int, str, bytes]:
    """The command's status, its stderr, and the one line read before the reader left."""
    command = [sys.executable, "-m", "portfolio_ledger", "--db", url, *args]
    env = {**os.environ, "PORTFOLIO_LEDGER_ACTOR": "cron", "PORTFOLIO_LEDGER_ROLE": "PMO"}
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        line = process.stdout.readline()
        process.stdout.close()  # the reader leaves, as head -1 does
        said = process.stderr.read().decode()
    return process.returncode, said, line


@pytest.mark.parametrize(
    "args",
    [
        ("audit", "trail", "--json"),
        ("audit", "trail", "--format", "csv"),
        ("audit", "trail"),
        ("item", "history", "PRJ-001"),
    ],
)
def test_a_read_whose_reader_leaves_ends_with_its_own_status_and_says_nothing(
    demo: Cli, args: tuple[str, ...]
) -> None:
    status, said, line = read_one_line(demo.url, *args)

    assert line
    assert status == 0
    assert said == ""


def test_a_decision_whose_reader_leaves_is_recorded(demo: Cli) -> None:
    status, said, line = read_one_line(
        demo.url, "item", "reprioritise", "PRJ-001", "--rank", "40",
        "--authority", "Portfolio Board", "-m", "Reordered by the nightly job",
    )  # fmt: skip

    assert status == 0, said
    assert line.startswith(b"Recorded PRJ-001")
    history = demo("item", "history", "PRJ-001", "--json")
    assert "Reordered by the nightly job" in history.output
