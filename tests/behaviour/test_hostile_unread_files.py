"""Files named to be read that the system will not read: refused naming them.

A file whose read the system refuses part way (EIO: a failing disk, ``/proc/self/mem``)
named to ``import`` or ``returns import`` was an internal error, exit 70. The file is
read before the database is opened, so this runs on SQLite alone.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.behaviour.test_cli import PROPOSE
from tests.conftest import Cli


@pytest.fixture
def run(sqlite_url: str) -> Cli:
    return Cli(sqlite_url)


UNREADABLE = {
    "import": ["import", "/proc/self/mem"],
    "returns import": [
        "returns", "import", "/proc/self/mem", "--as-at", "2026-01-05", "--authority", "PMO",
    ],
}  # fmt: skip


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="no /proc/self/mem here")
@pytest.mark.parametrize("args", UNREADABLE.values(), ids=UNREADABLE.keys())
def test_a_file_the_system_cannot_read_is_said_not_an_internal_error(
    run: Cli, args: list[str]
) -> None:
    """Reading /proc/self/mem from its start is refused with EIO, as a failing disk's is."""
    assert run(*PROPOSE).exit_code == 0

    result = run(*args)

    said = " ".join(result.output.split())
    assert result.exit_code == 2, result.output
    assert "cannot read the " in said
    assert "/proc/self/mem: Input/output error" in said
    assert "nothing was written" in said
    assert "Check that it can be read" in said
    assert run.events() == 1
