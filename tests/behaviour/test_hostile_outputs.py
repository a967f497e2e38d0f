"""An --out that names a device, a named pipe or a socket (or a link to one, as /dev/stdout
is): refused, the device left in its place. A file is written beside its place and renamed
over it, so '--out /dev/null --overwrite', run as root, put a file where /dev/null was.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from portfolio_ledger.domain.clock import utc_today
from tests.behaviour.test_cli import PROPOSE
from tests.conftest import Cli

WRITERS = {
    "portfolio export": ["portfolio", "export", "--overwrite", "--out"],
    "audit export": ["audit", "export", "--overwrite", "--out"],
    "items list": ["items", "list", "--out"],
    "board pack": ["report", "board-pack", "--as-at", utc_today().isoformat(), "--out"],
    "audit keygen": ["audit", "keygen", "--name", "ledger.example.org/p", "--force", "--out"],
}
SUFFIX = {"board pack": ".html", "audit keygen": ".key"}


@pytest.fixture
def run(sqlite_url: str) -> Cli:
    return Cli(sqlite_url)


@pytest.mark.parametrize("linked", [False, True], ids=["pipe", "link to a pipe"])
@pytest.mark.parametrize("writer", WRITERS, ids=WRITERS.keys())
def test_an_out_that_is_a_pipe_is_refused_and_left_in_its_place(
    run: Cli, tmp_path: Path, writer: str, linked: bool
) -> None:
    assert run(*PROPOSE).exit_code == 0
    folder = tmp_path / "out"
    folder.mkdir()
    pipe = folder / f"out{SUFFIX.get(writer, '.csv')}"
    os.mkfifo(pipe)
    out = pipe
    if linked:  # as /dev/stdout is a link to what standard output is
        out = folder / f"stdout{pipe.suffix}"
        out.symlink_to(pipe)

    result = run(*WRITERS[writer], str(out))

    assert result.exit_code == 1, result.output
    assert (
        f"cannot write {out}: it is a named pipe (FIFO), not a file, and a file written there "
        "would take its place; nothing was written. Choose another --out."
    ) in result.output
    assert stat.S_ISFIFO(out.stat().st_mode)
    assert out.is_symlink() == linked
    assert sorted(p.name for p in folder.iterdir()) == sorted({pipe.name, out.name})
