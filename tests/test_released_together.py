"""Processes raced by ``released_together`` (tests/conftest.py) never outlive a failed race.

A race that failed (a process not done in time, or one that died before it was ready)
left the others running: still writing into the test's PostgreSQL schema once the pool
(``pg_schemas``) had handed it to the next test, which then failed at its set-up
(CI on a loaded machine: *deadlock detected ... while deleting tuple ... portfolio_items*
in ``test_a_stale_claim_is_refused``, after the catch-up race before it ran out of time),
or waiting for ever for a start file no one would make.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import released_together

WAITS_FOR_EVER = """
import os, signal, sys
from pathlib import Path
start = Path(sys.argv[1])
start.with_name(f"ready-{os.getpid()}").touch()
signal.pause()
"""
DIES_AT_ONCE = "import sys; sys.exit(3)"


def _started(script: str, start: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script, str(start)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_processes_still_running_when_the_race_fails_are_ended(tmp_path: Path) -> None:
    start = tmp_path / "go"
    processes = [_started(WAITS_FOR_EVER, start) for _ in range(2)]

    with pytest.raises(subprocess.TimeoutExpired):
        released_together(processes, tmp_path, start, timeout=0.1)  # they never end

    assert [process.poll() is None for process in processes] == [False, False]


def test_one_that_dies_before_it_is_ready_ends_the_others(tmp_path: Path) -> None:
    start = tmp_path / "go"
    processes = [_started(WAITS_FOR_EVER, start), _started(DIES_AT_ONCE, start)]

    with pytest.raises(AssertionError):
        released_together(processes, tmp_path, start, timeout=0.1)

    assert [process.poll() is None for process in processes] == [False, False]
    assert not start.exists()  # never let go: the one left was ended where it waited
